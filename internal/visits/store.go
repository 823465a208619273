package visits

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/eligible"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
)

// Store is the SQL of visits and follow-ups. It reads employers, contacts,
// users, intakes and referrals, and writes only its own tables.
type Store struct {
	pool *pgxpool.Pool
	nltime.Clocked
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Rules only the database can check, inside the saving transaction, so a
// colleague who leaves the network or a contact who leaves the employer
// meanwhile cannot slip in.
var (
	ErrPeopleInvalid   = errors.New("a person who went is not a user of the network")
	ErrContactsInvalid = errors.New("a contact met is not active at the employer")
)

// OwnerError says which follow-up row has an owner outside the network.
type OwnerError struct {
	Row int
}

func (e *OwnerError) Error() string { return "follow-up owner is not a user of the network" }

// VisitInput is a validated visit form, typed for the store.
type VisitInput struct {
	EmployerID int64
	Kind       string
	VisitedOn  time.Time
	UserIDs    []int64
	Others     string
	ContactIDs []int64
	Notes      string
	Agreements string
	FollowUps  []FollowUpInput // new visits only
	Version    int
}

// FollowUpInput is a validated follow-up.
type FollowUpInput struct {
	EmployerID  int64
	Description string
	OwnerID     int64
	DueOn       time.Time
	Row         int // the form row it came from, for OwnerError
}

// networkUser is the SQL condition for a user (alias u) who works in
// network $n: an active coordinator of it, or a beheerder, who works in
// every network.
func networkUser(n string) string {
	return `(u.active AND (u.role = 'beheerder' OR (u.role = 'coordinator' AND EXISTS
		(SELECT 1 FROM user_networks un WHERE un.user_id = u.id AND un.network_id = ` + n + `))))`
}

// activeContact is the SQL condition for a contact (alias c) who still
// works there.
// An erased contact (privacy request) keeps its row for the counts but is
// never offered again.
const activeContact = eligible.Contact

// Employer returns an employer by id, whatever its network: the handler
// decides what the user may see.
func (s *Store) Employer(ctx context.Context, id int64) (Employer, error) {
	var e Employer
	err := s.pool.QueryRow(ctx, `SELECT e.id, e.network_id, n.name, e.name
		FROM employers e JOIN networks n ON n.id = e.network_id WHERE e.id = $1`, id).
		Scan(&e.ID, &e.NetworkID, &e.NetworkName, &e.Name)
	if errors.Is(err, pgx.ErrNoRows) {
		return e, apperr.ErrNotFound
	}
	return e, err
}

// People returns who may go on a visit to, or own a follow-up of, an
// employer in the network, by name; plus the users of keep (those a stored
// visit names), even when they have left the network since.
func (s *Store) People(ctx context.Context, networkID int64, keep []int64) ([]Person, error) {
	return people(ctx, s.pool, networkID, keep)
}

func people(ctx context.Context, q db.Querier, networkID int64, keep []int64) ([]Person, error) {
	rows, err := q.Query(ctx, `SELECT u.id, u.name, u.role FROM users u
		WHERE `+networkUser("$1")+` OR u.id = ANY($2) ORDER BY lower(u.name), u.id`, networkID, nonNil(keep))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Person])
}

// Contacts returns the employer's active contacts, by name; plus those of
// keep (whom a stored visit met), even when they have left since.
func (s *Store) Contacts(ctx context.Context, employerID int64, keep []int64) ([]Contact, error) {
	return contacts(ctx, s.pool, employerID, keep)
}

func contacts(ctx context.Context, q db.Querier, employerID int64, keep []int64) ([]Contact, error) {
	rows, err := q.Query(ctx, `SELECT c.id, c.name, f.name, `+activeContact+` FROM contacts c
		JOIN function_types f ON f.code = c.function
		WHERE c.employer_id = $1 AND (`+activeContact+` OR c.id = ANY($2)) ORDER BY lower(c.name), c.id`, employerID, nonNil(keep))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Contact])
}

const visitColumns = `v.id, v.employer_id, e.name, e.network_id, v.kind, v.visited_on, v.user_ids,
	array(SELECT u.name FROM users u WHERE u.id = ANY(v.user_ids) ORDER BY lower(u.name), u.id),
	v.others,
	array(SELECT vc.contact_id FROM visit_contacts vc JOIN contacts c ON c.id = vc.contact_id WHERE vc.visit_id = v.id ORDER BY lower(c.name), c.id),
	array(SELECT c.name FROM visit_contacts vc JOIN contacts c ON c.id = vc.contact_id WHERE vc.visit_id = v.id ORDER BY lower(c.name), c.id),
	v.notes, v.agreements, v.version`

func scanVisit(row pgx.Row) (Visit, error) {
	var v Visit
	err := row.Scan(&v.ID, &v.EmployerID, &v.EmployerName, &v.NetworkID, &v.Kind, &v.VisitedOn, &v.UserIDs, &v.UserNames,
		&v.Others, &v.ContactIDs, &v.ContactNames, &v.Notes, &v.Agreements, &v.Version)
	return v, err
}

// Visit returns a visit the scope may read; others are NotFound, so ids of
// other networks reveal nothing.
func (s *Store) Visit(ctx context.Context, scope identity.Scope, id int64) (Visit, error) {
	return visit(ctx, s.pool, scope, id, false)
}

func visit(ctx context.Context, q db.Querier, scope identity.Scope, id int64, lock bool) (Visit, error) {
	sql := `SELECT ` + visitColumns + ` FROM visits v JOIN employers e ON e.id = v.employer_id
		WHERE v.id = $1 AND ($2 OR e.network_id = ANY($3))`
	if lock {
		sql += ` FOR UPDATE OF v`
	}
	v, err := scanVisit(q.QueryRow(ctx, sql, id, scope.All, nonNil(scope.Networks)))
	if errors.Is(err, pgx.ErrNoRows) {
		return v, apperr.ErrNotFound
	}
	return v, err
}

// CreateVisit stores a visit, the contacts met and its follow-ups in one
// transaction, each with its audit entry: a follow-up that cannot be
// stored refuses the whole visit.
func (s *Store) CreateVisit(ctx context.Context, networkID int64, in VisitInput) (_ int64, failed error) {
	defer apperr.Annotate(&failed, "visits: create in network %d", networkID)
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := checkVisit(ctx, tx, networkID, in, Visit{}); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO visits (employer_id, kind, visited_on, user_ids, others, notes, agreements, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			in.EmployerID, in.Kind, in.VisitedOn, nonNil(in.UserIDs), in.Others, in.Notes, in.Agreements, userID(ctx)).Scan(&id)
		if err != nil {
			return err
		}
		if err := setContacts(ctx, tx, id, in.ContactIDs); err != nil {
			return err
		}
		after, err := visit(ctx, tx, identity.Scope{All: true}, id, false)
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Entity: "visit", EntityID: id, EmployerID: in.EmployerID,
			Action: audit.Created, Changes: audit.Diff(nil, visitSnapshot(after))}); err != nil {
			return err
		}
		for _, f := range in.FollowUps {
			if _, err := createFollowUp(ctx, tx, networkID, &id, f); err != nil {
				return err
			}
		}
		return nil
	})
	return id, err
}

// UpdateVisit saves a visit if nobody changed it since in.Version was read;
// otherwise it returns a Conflict and changes nothing. Its follow-ups are
// left as they are.
func (s *Store) UpdateVisit(ctx context.Context, scope identity.Scope, id int64, in VisitInput) (failed error) {
	defer apperr.Annotate(&failed, "visits: update %d", id)
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := visit(ctx, tx, scope, id, true)
		if err != nil {
			return err
		}
		if before.Version != in.Version {
			return apperr.New(apperr.Conflict, "")
		}
		if err := checkVisit(ctx, tx, before.NetworkID, in, before); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE visits SET kind = $2, visited_on = $3, user_ids = $4, others = $5, notes = $6,
			agreements = $7, version = version + 1, updated_at = now() WHERE id = $1`,
			id, in.Kind, in.VisitedOn, nonNil(in.UserIDs), in.Others, in.Notes, in.Agreements)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM visit_contacts WHERE visit_id = $1`, id); err != nil {
			return err
		}
		if err := setContacts(ctx, tx, id, in.ContactIDs); err != nil {
			return err
		}
		after, err := visit(ctx, tx, identity.Scope{All: true}, id, false)
		if err != nil {
			return err
		}
		changes := audit.Diff(visitSnapshot(before), visitSnapshot(after))
		if len(changes) == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "visit", EntityID: id, EmployerID: before.EmployerID,
			Action: audit.Updated, Changes: changes})
	})
}

// checkVisit checks that whoever went works in the network and whoever was
// met works at the employer; those a stored visit (before) names may stay.
func checkVisit(ctx context.Context, tx pgx.Tx, networkID int64, in VisitInput, before Visit) error {
	ps, err := people(ctx, tx, networkID, before.UserIDs)
	if err != nil {
		return err
	}
	for _, id := range in.UserIDs {
		if !slices.ContainsFunc(ps, func(p Person) bool { return p.ID == id }) {
			return ErrPeopleInvalid
		}
	}
	cs, err := contacts(ctx, tx, in.EmployerID, before.ContactIDs)
	if err != nil {
		return err
	}
	for _, id := range in.ContactIDs {
		if !slices.ContainsFunc(cs, func(c Contact) bool { return c.ID == id }) {
			return ErrContactsInvalid
		}
	}
	return nil
}

func setContacts(ctx context.Context, tx pgx.Tx, visitID int64, ids []int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO visit_contacts (visit_id, contact_id) SELECT $1, unnest($2::bigint[])
		ON CONFLICT DO NOTHING`, visitID, nonNil(ids))
	return err
}

// visitSnapshot renders a visit as the readable values the audit trail
// keeps: names rather than ids, so the history reads well later.
func visitSnapshot(v Visit) map[string]string {
	return map[string]string{
		"soort": KindLabels[v.Kind], "datum": nltime.FormatDate(v.VisitedOn), "namens_netwerk": strings.Join(v.UserNames, ", "),
		"anderen": v.Others, "gesproken_met": strings.Join(v.ContactNames, ", "), "notities": v.Notes, "afspraken": v.Agreements,
	}
}

// LastChange returns who last changed the visit and when, for the conflict
// message.
func (s *Store) LastChange(ctx context.Context, id int64) (string, time.Time, error) {
	return audit.LastChange(ctx, s.pool, "visit", id)
}

// userID is the signed-in user's id for created_by and done_by, or NULL.
func userID(ctx context.Context) *int64 {
	if u := identity.From(ctx); u != nil {
		return &u.ID
	}
	return nil
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}
