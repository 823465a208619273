package subgroups

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
)

// Errors of membership changes.
var (
	ErrClosed             = errors.New("subgroup has ended")
	ErrContactUnavailable = errors.New("contact is not active in the network")
	ErrLeftBeforeJoined   = errors.New("left before joined")
)

// AlreadyMemberError names the chosen contacts who are members already.
type AlreadyMemberError struct {
	Names []string
}

func (e *AlreadyMemberError) Error() string { return "already members: " + strings.Join(e.Names, ", ") }

const memberColumns = `m.id, m.subgroup_id, c.id, c.name, e.id, e.name, c.function, f.name, c.level, m.joined_on, m.left_on`

const memberJoins = `FROM subgroup_members m
	JOIN contacts c ON c.id = m.contact_id
	JOIN employers e ON e.id = c.employer_id
	JOIN function_types f ON f.code = c.function`

func scanMember(row pgx.Row) (Member, error) {
	var m Member
	err := row.Scan(&m.ID, &m.SubgroupID, &m.ContactID, &m.ContactName, &m.EmployerID, &m.EmployerName, &m.Function,
		&m.FunctionName, &m.Level, &m.JoinedOn, &m.LeftOn)
	return m, err
}

// Members returns every membership of a subgroup: those without a left
// date first, then the most recently left, each by name.
func (s *Store) Members(ctx context.Context, subgroupID int64) ([]Member, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+memberColumns+` `+memberJoins+` WHERE m.subgroup_id = $1
		ORDER BY m.left_on DESC NULLS FIRST, lower(c.name), m.joined_on, m.id`, subgroupID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Member, error) { return scanMember(r) })
}

// Member returns one membership of a subgroup (the caller has checked that
// the subgroup is in scope).
func (s *Store) Member(ctx context.Context, subgroupID, id int64) (Member, error) {
	return member(ctx, s.pool, subgroupID, id, false)
}

func member(ctx context.Context, q db.Querier, subgroupID, id int64, lock bool) (Member, error) {
	sql := `SELECT ` + memberColumns + ` ` + memberJoins + ` WHERE m.subgroup_id = $1 AND m.id = $2`
	if lock {
		sql += ` FOR UPDATE OF m`
	}
	m, err := scanMember(q.QueryRow(ctx, sql, subgroupID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return m, apperr.ErrNotFound
	}
	return m, err
}

// MemberContactIDs returns the contacts who are members of a subgroup
// today, for other parts of the portal (inviting a subgroup to an event).
func (s *Store) MemberContactIDs(ctx context.Context, subgroupID int64) ([]int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT m.contact_id FROM subgroup_members m JOIN subgroups s ON s.id = m.subgroup_id
		WHERE m.subgroup_id = $1 AND `+currentMember+` ORDER BY m.contact_id`, subgroupID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// AddMembers makes contacts members from a date, all or none: a contact
// who left the network or is a member already refuses the whole choice, so
// the coordinator can correct it and send it again.
func (s *Store) AddMembers(ctx context.Context, subgroupID int64, contactIDs []int64, joined time.Time) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		// The lock serialises additions to one subgroup, so the check
		// for current members below cannot race.
		g, err := s.get(ctx, tx, identity.Scope{All: true}, subgroupID, true)
		if err != nil {
			return err
		}
		if g.Ended(s.Clock().Today()) {
			return ErrClosed
		}
		ids := slices.Compact(slices.Sorted(slices.Values(contactIDs)))
		for _, id := range ids {
			ok, err := activeInNetwork(ctx, tx, id, g.NetworkID)
			if err != nil {
				return err
			}
			if !ok {
				return ErrContactUnavailable
			}
		}
		rows, err := tx.Query(ctx, `SELECT c.name FROM subgroup_members m JOIN subgroups s ON s.id = m.subgroup_id
			JOIN contacts c ON c.id = m.contact_id
			WHERE m.subgroup_id = $1 AND m.contact_id = ANY($2) AND `+currentMember+` ORDER BY lower(c.name)`, subgroupID, ids)
		if err != nil {
			return err
		}
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		if len(names) > 0 {
			return &AlreadyMemberError{Names: names}
		}
		for _, id := range ids {
			if err := s.addMember(ctx, tx, g, id, joined); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Store) addMember(ctx context.Context, tx pgx.Tx, g Subgroup, contactID int64, joined time.Time) error {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO subgroup_members (subgroup_id, contact_id, joined_on) VALUES ($1, $2, $3) RETURNING id`,
		g.ID, contactID, joined).Scan(&id)
	if db.IsUniqueViolation(err, "subgroup_members_current_key") {
		// A membership whose left date lies ahead still holds the index.
		return &AlreadyMemberError{}
	}
	if err != nil {
		return err
	}
	m, err := member(ctx, tx, g.ID, id, false)
	if err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Entry{Entity: "subgroup_member", EntityID: id, EmployerID: m.EmployerID,
		Action: audit.Created, Changes: audit.Diff(nil, memberSnapshot(g, m))})
}

// EndMember records the date a member left. A membership that has a left
// date already is a Conflict: someone else ended it meanwhile.
func (s *Store) EndMember(ctx context.Context, subgroupID, id int64, left time.Time) (failed error) {
	defer apperr.Annotate(&failed, "subgroups: end member %d", id)
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		g, err := s.get(ctx, tx, identity.Scope{All: true}, subgroupID, false)
		if err != nil {
			return err
		}
		before, err := member(ctx, tx, subgroupID, id, true)
		if err != nil {
			return err
		}
		if before.LeftOn != nil || g.Ended(s.Clock().Today()) {
			return apperr.New(apperr.Conflict, "")
		}
		if left.Before(before.JoinedOn) {
			return ErrLeftBeforeJoined
		}
		if _, err := tx.Exec(ctx, `UPDATE subgroup_members SET left_on = $2 WHERE id = $1`, id, left); err != nil {
			return err
		}
		after := before
		after.LeftOn = &left
		was := memberSnapshot(g, before)
		changes := audit.Diff(was, memberSnapshot(g, after))
		// The employer's history reads the entry on its own: it names the
		// subgroup and the contact even though they did not change.
		for _, k := range []string{"subgroep", "contactpersoon"} {
			changes[k] = audit.Change{Old: was[k], New: was[k]}
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "subgroup_member", EntityID: id, EmployerID: before.EmployerID,
			Action: audit.Ended, Changes: changes})
	})
}

// memberSnapshot is a membership as the audit trail keeps it; it shows in
// the history of the contact's employer, so it names the subgroup.
func memberSnapshot(g Subgroup, m Member) map[string]string {
	return map[string]string{
		"subgroep": g.Name, "contactpersoon": m.ContactName, "lid_vanaf": nltime.FormatDate(m.JoinedOn), "lid_tot": nltime.FormatDatePtr(m.LeftOn),
	}
}

// ForEmployer returns the memberships of an employer's contacts in the
// subgroups the scope may read: current ones first.
func (s *Store) ForEmployer(ctx context.Context, scope identity.Scope, employerID int64) ([]Membership, error) {
	return db.Now(ctx, s.pool, func(b *db.Batch) *[]Membership { return s.QueueForEmployer(b, scope, employerID) })
}

// QueueForEmployer is ForEmployer as one read of a page's batch.
func (s *Store) QueueForEmployer(b *db.Batch, scope identity.Scope, employerID int64) *[]Membership {
	return db.Collect(b, pgx.RowToStructByPos[Membership], `SELECT s.id, s.name, s.kind, c.name, f.name, s.lead_contact_id IS NOT DISTINCT FROM c.id,
			m.joined_on, CASE WHEN s.ended_on IS NOT NULL AND (m.left_on IS NULL OR s.ended_on < m.left_on) THEN s.ended_on ELSE m.left_on END,
			`+currentMember+`
		FROM subgroup_members m JOIN subgroups s ON s.id = m.subgroup_id
		JOIN contacts c ON c.id = m.contact_id JOIN function_types f ON f.code = c.function
		WHERE c.employer_id = $1 AND ($2 OR s.network_id = ANY($3))
		ORDER BY 9 DESC, lower(s.name), s.id, lower(c.name), m.joined_on DESC`, employerID, scope.All, scope.Networks)
}

// Open returns the subgroups of a network that have not ended, by name:
// for other parts of the portal that let a user pick one.
func (s *Store) Open(ctx context.Context, networkID int64) ([]Option, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, kind, name, false FROM subgroups
		WHERE network_id = $1 AND (ended_on IS NULL OR ended_on > current_date) ORDER BY lower(name), id`, networkID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Option])
}
