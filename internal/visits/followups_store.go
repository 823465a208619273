package visits

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
)

// Actions of follow-ups in the audit trail, next to audit.Created.
const (
	ActionDone     = "afgerond"
	ActionReopened = "heropend"
)

const followUpColumns = `f.id, f.employer_id, e.name, e.network_id, coalesce(f.visit_id, 0), f.description,
	f.owner_id, o.name, f.due_on, f.done_at, coalesce(d.name, ''), f.version`

const followUpJoins = `FROM follow_ups f JOIN employers e ON e.id = f.employer_id
	JOIN users o ON o.id = f.owner_id LEFT JOIN users d ON d.id = f.done_by`

// scanFollowUp reads the followUpColumns of row, and into extra the
// columns after them.
func scanFollowUp(row pgx.Row, extra ...any) (FollowUp, error) {
	var f FollowUp
	err := row.Scan(append([]any{&f.ID, &f.EmployerID, &f.EmployerName, &f.NetworkID, &f.VisitID, &f.Description,
		&f.OwnerID, &f.OwnerName, &f.DueOn, &f.DoneAt, &f.DoneBy, &f.Version}, extra...)...)
	return f, err
}

// FollowUp returns a follow-up the scope may read; others are NotFound.
func (s *Store) FollowUp(ctx context.Context, scope identity.Scope, id int64) (FollowUp, error) {
	return followUp(ctx, s.pool, scope, id, false)
}

func followUp(ctx context.Context, q db.Querier, scope identity.Scope, id int64, lock bool) (FollowUp, error) {
	sql := `SELECT ` + followUpColumns + ` ` + followUpJoins + ` WHERE f.id = $1 AND ($2 OR e.network_id = ANY($3))`
	if lock {
		sql += ` FOR UPDATE OF f`
	}
	f, err := scanFollowUp(q.QueryRow(ctx, sql, id, scope.All, nonNil(scope.Networks)))
	if errors.Is(err, pgx.ErrNoRows) {
		return f, apperr.ErrNotFound
	}
	return f, err
}

// CreateFollowUp stores a follow-up without a visit, with its audit entry.
func (s *Store) CreateFollowUp(ctx context.Context, networkID int64, in FollowUpInput) (_ int64, failed error) {
	defer apperr.Annotate(&failed, "visits: create follow-up in network %d", networkID)
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		id, err = createFollowUp(ctx, tx, networkID, nil, in)
		return err
	})
	return id, err
}

// createFollowUp checks that the owner works in the network, and stores
// the follow-up and its audit entry in tx.
func createFollowUp(ctx context.Context, tx pgx.Tx, networkID int64, visitID *int64, in FollowUpInput) (int64, error) {
	owners, err := people(ctx, tx, networkID, nil)
	if err != nil {
		return 0, err
	}
	if !slices.ContainsFunc(owners, func(p Person) bool { return p.ID == in.OwnerID }) {
		return 0, &OwnerError{Row: in.Row}
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO follow_ups (employer_id, visit_id, description, owner_id, due_on, created_by)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		in.EmployerID, visitID, in.Description, in.OwnerID, in.DueOn, userID(ctx)).Scan(&id)
	if err != nil {
		return 0, err
	}
	after, err := followUp(ctx, tx, identity.Scope{All: true}, id, false)
	if err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, audit.Entry{Entity: "follow_up", EntityID: id, EmployerID: in.EmployerID,
		Action: audit.Created, Changes: audit.Diff(nil, followUpSnapshot(after))})
}

// MarkDone marks an open follow-up done by the signed-in user. One that
// is done already is a Conflict: someone else was quicker.
func (s *Store) MarkDone(ctx context.Context, scope identity.Scope, id int64) error {
	return s.setDone(ctx, scope, id, true)
}

// Reopen opens a done follow-up again; one that is open is a Conflict.
func (s *Store) Reopen(ctx context.Context, scope identity.Scope, id int64) error {
	return s.setDone(ctx, scope, id, false)
}

func (s *Store) setDone(ctx context.Context, scope identity.Scope, id int64, done bool) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := followUp(ctx, tx, scope, id, true)
		if err != nil {
			return err
		}
		if before.Done() == done {
			return apperr.New(apperr.Conflict, "")
		}
		sql, args, action := `UPDATE follow_ups SET done_at = NULL, done_by = NULL, version = version + 1 WHERE id = $1`,
			[]any{id}, ActionReopened
		if done {
			sql, args, action = `UPDATE follow_ups SET done_at = now(), done_by = $2, version = version + 1 WHERE id = $1`,
				[]any{id, userID(ctx)}, ActionDone
		}
		if _, err := tx.Exec(ctx, sql, args...); err != nil {
			return err
		}
		after, err := followUp(ctx, tx, identity.Scope{All: true}, id, false)
		if err != nil {
			return err
		}
		// The description is repeated unchanged, so the history can say
		// which follow-up it was.
		changes := audit.Diff(followUpSnapshot(before), followUpSnapshot(after))
		changes["omschrijving"] = audit.Change{Old: before.Description, New: before.Description}
		return audit.Record(ctx, tx, audit.Entry{Entity: "follow_up", EntityID: id, EmployerID: before.EmployerID,
			Action: action, Changes: changes})
	})
}

// followUpSnapshot renders a follow-up as the readable values the audit
// trail keeps.
func followUpSnapshot(f FollowUp) map[string]string {
	done := ""
	if f.DoneAt != nil {
		done = nltime.FormatDateTime(*f.DoneAt)
	}
	return map[string]string{"omschrijving": f.Description, "eigenaar": f.OwnerName, "klaar_op": nltime.FormatDate(f.DueOn), "afgerond": done}
}

// QueueForEmployer queues an employer's visits, newest first (at most
// ListCap, with the total), the date of the last personal visit, and its
// follow-ups: open ones by due date, done ones most recent first,
// on a page's batch (see db.Batch).
func (s *Store) QueueForEmployer(b *db.Batch, employerID int64) *EmployerVisits {
	ev := new(EmployerVisits)
	visits := db.Collect(b, func(r pgx.CollectableRow) (Visit, error) { return scanVisit(r) },
		`SELECT `+visitColumns+` FROM visits v JOIN employers e ON e.id = v.employer_id
		WHERE v.employer_id = $1 ORDER BY v.visited_on DESC, v.id DESC LIMIT $2`, employerID, ListCap)
	b.QueryRow(func(row pgx.Row) error { return row.Scan(&ev.TotalVisits, &ev.LastVisit) },
		`SELECT count(*), max(visited_on) FILTER (WHERE kind = ANY($2)) FROM visits WHERE employer_id = $1`,
		employerID, VisitKinds)
	all := db.Collect(b, func(r pgx.CollectableRow) (FollowUp, error) { return scanFollowUp(r) },
		`SELECT `+followUpColumns+` `+followUpJoins+` WHERE f.employer_id = $1
		ORDER BY f.done_at DESC NULLS FIRST, f.due_on, f.id LIMIT 200`, employerID)
	b.After(func() error {
		ev.Visits = *visits
		for _, f := range *all {
			if f.Done() {
				ev.Done = append(ev.Done, f)
			} else {
				ev.Open = append(ev.Open, f)
			}
		}
		return nil
	})
	return ev
}

// OverdueCount counts the user's open follow-ups and the running referrals
// past their date in the networks of scope: the number in the navigation.
func (s *Store) OverdueCount(ctx context.Context, scope identity.Scope, userID int64, today time.Time) (int, error) {
	var n int
	// Runs on every page. Referrals belong to a network, not a person: every
	// coordinator of the network sees them on /taken, so each counts them as
	// theirs to chase. The user's open follow-ups come from
	// follow_ups_owner_idx; the scope is only checked when it is not everything.
	if scope.All {
		err := s.pool.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM follow_ups f WHERE f.owner_id = $1 AND f.done_at IS NULL AND f.due_on < $2)
			+ (SELECT count(*) FROM referrals r
			  WHERE r.follow_up_on < $2 AND r.status NOT IN ('afgerond', 'niet_gelukt'))`, userID, today).Scan(&n)
		return n, err
	}
	err := s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM follow_ups f JOIN employers e ON e.id = f.employer_id
		  WHERE f.owner_id = $1 AND f.done_at IS NULL AND f.due_on < $2 AND e.network_id = ANY($3))
		+ (SELECT count(*) FROM referrals r
		  WHERE r.follow_up_on < $2 AND r.status NOT IN ('afgerond', 'niet_gelukt') AND r.network_id = ANY($3))`,
		userID, today, nonNil(scope.Networks)).Scan(&n)
	return n, err
}
