package commitments

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
)

// Store is the SQL of commitments, conditions, placements and links.
type Store struct {
	pool *pgxpool.Pool
	nltime.Clocked
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Employer returns an employer the scope may read; others are NotFound, so
// ids of other networks reveal nothing.
func (s *Store) Employer(ctx context.Context, scope identity.Scope, id int64) (Employer, error) {
	var e Employer
	err := s.pool.QueryRow(ctx, `SELECT e.id, e.name, e.network_id, n.name FROM employers e
		JOIN networks n ON n.id = e.network_id WHERE e.id = $1 AND ($2 OR e.network_id = ANY($3))`,
		id, scope.All, scope.Networks).Scan(&e.ID, &e.Name, &e.NetworkID, &e.NetworkName)
	if errors.Is(err, pgx.ErrNoRows) {
		return e, apperr.ErrNotFound
	}
	return e, err
}

// Kinds returns the kinds a network may use: the global kinds, then its own.
func (s *Store) Kinds(ctx context.Context, networkID int64) ([]Kind, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, code, name, description, coalesce(network_id, 0) FROM commitment_kinds
		WHERE network_id IS NULL OR network_id = $1 ORDER BY network_id NULLS FIRST, position, lower(name), id`, networkID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Kind])
}

// OfferedKinds is Kinds as a form offers them: without kinds retired in
// /beheer, except held (the kind of the commitment being edited, a
// network's current conditions), so saving unchanged is never refused.
func (s *Store) OfferedKinds(ctx context.Context, networkID int64, held ...int64) ([]Kind, error) {
	if held == nil {
		held = []int64{}
	}
	rows, err := s.pool.Query(ctx, `SELECT id, code, name, description, coalesce(network_id, 0) FROM commitment_kinds
		WHERE (network_id IS NULL OR network_id = $1) AND (retired_at IS NULL OR id = ANY($2))
		ORDER BY network_id NULLS FIRST, position, lower(name), id`, networkID, held)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Kind])
}

// Input is a validated commitment form, typed for the store.
type Input struct {
	EmployerID     int64
	KindID         int64
	Status         string
	PromisedOn     *time.Time
	SignedOn       *time.Time
	ValidFrom      *time.Time
	ValidUntil     *time.Time
	Notes          string
	Document       *Upload // a new document; nil keeps the stored one
	RemoveDocument bool
	Version        int
}

// Upload is a checked PDF.
type Upload struct {
	Name string
	Data []byte
}

const commitmentColumns = `c.id, c.employer_id, e.name, e.network_id, c.kind_id, k.name, c.status,
	c.promised_on, c.signed_on, c.valid_from, c.valid_until, c.notes,
	coalesce(c.document_name, ''), coalesce(c.document_size, 0), c.version, c.updated_at
	FROM commitments c JOIN employers e ON e.id = c.employer_id JOIN commitment_kinds k ON k.id = c.kind_id`

func scanCommitment(row pgx.CollectableRow) (Commitment, error) {
	var c Commitment
	err := row.Scan(&c.ID, &c.EmployerID, &c.EmployerName, &c.NetworkID, &c.KindID, &c.KindName, &c.Status,
		&c.PromisedOn, &c.SignedOn, &c.ValidFrom, &c.ValidUntil, &c.Notes, &c.DocumentName, &c.DocumentSize,
		&c.Version, &c.UpdatedAt)
	return c, err
}

// Get returns a commitment of an employer the scope may read.
func (s *Store) Get(ctx context.Context, scope identity.Scope, id int64) (_ Commitment, failed error) {
	defer apperr.Annotate(&failed, "commitments: load %d", id)
	return s.get(ctx, s.pool, scope, id, false)
}

func (s *Store) get(ctx context.Context, q db.Querier, scope identity.Scope, id int64, lock bool) (Commitment, error) {
	sql := `SELECT ` + commitmentColumns + ` WHERE c.id = $1 AND ($2 OR e.network_id = ANY($3))`
	if lock {
		sql += ` FOR UPDATE OF c`
	}
	rows, err := q.Query(ctx, sql, id, scope.All, scope.Networks)
	if err != nil {
		return Commitment{}, err
	}
	c, err := pgx.CollectExactlyOneRow(rows, scanCommitment)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, apperr.ErrNotFound
	}
	return c, err
}

// ForEmployer returns an employer's commitments, by kind, newest first.
func (s *Store) ForEmployer(ctx context.Context, employerID int64) ([]Commitment, error) {
	return db.Now(ctx, s.pool, func(b *db.Batch) *[]Commitment { return s.QueueForEmployer(b, employerID) })
}

// QueueForEmployer is ForEmployer as one read of a page's batch.
func (s *Store) QueueForEmployer(b *db.Batch, employerID int64) *[]Commitment {
	return db.Collect(b, scanCommitment, `SELECT `+commitmentColumns+` WHERE c.employer_id = $1
		ORDER BY k.network_id NULLS FIRST, k.position, coalesce(c.signed_on, c.promised_on, c.created_at::date) DESC, c.id DESC`, employerID)
}

// Conditions returns, per employer, the required kinds of its network and
// whether it meets them, in the kinds' order.
func (s *Store) Conditions(ctx context.Context, employerIDs []int64) (map[int64][]Condition, error) {
	return db.Now(ctx, s.pool, func(b *db.Batch) *map[int64][]Condition { return s.QueueConditions(b, employerIDs) })
}

// QueueConditions is Conditions as one read of a page's batch.
func (s *Store) QueueConditions(b *db.Batch, employerIDs []int64) *map[int64][]Condition {
	return queueConditions(b, `s.employer_id = ANY($1)`, employerIDs)
}

// QueueEmployerConditions is QueueConditions for one employer (its
// profile). A prepared statement with "= ANY($1)" is planned anew on every
// execution (PostgreSQL never trusts a generic plan for an array of
// unknown size), and this one takes milliseconds to plan: "= $1" is
// planned once per connection.
func (s *Store) QueueEmployerConditions(b *db.Batch, employerID int64) *map[int64][]Condition {
	return queueConditions(b, `s.employer_id = $1`, employerID)
}

// queueConditions queues the conditions of the employers that where
// (a condition on s.employer_id, with args) selects.
func queueConditions(b *db.Batch, where string, args ...any) *map[int64][]Condition {
	out := &map[int64][]Condition{}
	b.Query(func(rows pgx.Rows) error {
		var employer int64
		var c Condition
		_, err := pgx.ForEachRow(rows, []any{&employer, &c.KindID, &c.KindName, &c.Met, &c.Promised}, func() error {
			(*out)[employer] = append((*out)[employer], c)
			return nil
		})
		return err
	}, conditionsSQL+where+conditionsOrder, args...)
	return out
}

// conditionsSQL + a condition on s.employer_id + conditionsOrder read the
// conditions of some employers, for Conditions and the overview.
const conditionsSQL = `SELECT s.employer_id, s.kind_id, k.name, s.met,
			EXISTS (SELECT 1 FROM commitments c WHERE c.employer_id = s.employer_id AND c.kind_id = s.kind_id AND c.status = 'toegezegd')
		FROM employer_condition_status s JOIN commitment_kinds k ON k.id = s.kind_id
		WHERE `

const conditionsOrder = ` ORDER BY k.network_id NULLS FIRST, k.position, lower(k.name)`

// Document returns the stored PDF of a commitment the scope may read;
// a commitment without one is NotFound.
func (s *Store) Document(ctx context.Context, scope identity.Scope, id int64) (string, []byte, error) {
	var name string
	var data []byte
	err := s.pool.QueryRow(ctx, `SELECT c.document_name, c.document FROM commitments c JOIN employers e ON e.id = c.employer_id
		WHERE c.id = $1 AND ($2 OR e.network_id = ANY($3)) AND c.document IS NOT NULL`, id, scope.All, scope.Networks).Scan(&name, &data)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, apperr.ErrNotFound
	}
	return name, data, err
}

// Create stores a new commitment with its audit entry.
func (s *Store) Create(ctx context.Context, in Input) (_ int64, failed error) {
	defer apperr.Annotate(&failed, "commitments: create for employer %d", in.EmployerID)
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var name, size any
		var data []byte
		if in.Document != nil {
			name, data, size = in.Document.Name, in.Document.Data, len(in.Document.Data)
		}
		err := tx.QueryRow(ctx, `INSERT INTO commitments (employer_id, kind_id, status, promised_on, signed_on, valid_from,
			valid_until, notes, document_name, document, document_size) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			RETURNING id`, in.EmployerID, in.KindID, in.Status, in.PromisedOn, in.SignedOn, in.ValidFrom, in.ValidUntil,
			in.Notes, name, data, size).Scan(&id)
		if err != nil {
			return err
		}
		after, err := s.get(ctx, tx, identity.Scope{All: true}, id, false)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "commitment", EntityID: id, EmployerID: in.EmployerID,
			Action: audit.Created, Changes: audit.Diff(nil, snapshot(after))})
	})
	return id, err
}

// Update saves a commitment if nobody changed it since in.Version was read;
// otherwise it returns a Conflict and changes nothing.
func (s *Store) Update(ctx context.Context, scope identity.Scope, id int64, in Input) (failed error) {
	defer apperr.Annotate(&failed, "commitments: update %d", id)
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := s.get(ctx, tx, scope, id, true)
		if err != nil {
			return err
		}
		if before.Version != in.Version {
			return apperr.New(apperr.Conflict, "")
		}
		doc, name, data, size := "keep", any(nil), []byte(nil), any(nil)
		switch {
		case in.Document != nil:
			doc, name, data, size = "replace", in.Document.Name, in.Document.Data, len(in.Document.Data)
		case in.RemoveDocument:
			doc = "remove"
		}
		_, err = tx.Exec(ctx, `UPDATE commitments SET kind_id = $2, status = $3, promised_on = $4, signed_on = $5,
			valid_from = $6, valid_until = $7, notes = $8,
			document_name = CASE $9::text WHEN 'keep' THEN document_name ELSE $10 END,
			document = CASE $9::text WHEN 'keep' THEN document ELSE $11 END,
			document_size = CASE $9::text WHEN 'keep' THEN document_size ELSE $12 END,
			version = version + 1, updated_at = now() WHERE id = $1`,
			id, in.KindID, in.Status, in.PromisedOn, in.SignedOn, in.ValidFrom, in.ValidUntil, in.Notes, doc, name, data, size)
		if err != nil {
			return err
		}
		after, err := s.get(ctx, tx, identity.Scope{All: true}, id, false)
		if err != nil {
			return err
		}
		changes := audit.Diff(snapshot(before), snapshot(after))
		if doc == "replace" && before.HasDocument() {
			// The same name and size may hide a new file: say it was replaced.
			changes["document"] = audit.Change{Old: documentLabel(before), New: documentLabel(after) + ", vervangen"}
		}
		if len(changes) == 0 {
			return nil
		}
		// The kind names the entry in the history, also when it did not change.
		if _, ok := changes["soort"]; !ok {
			changes["soort"] = audit.Change{Old: after.KindName, New: after.KindName}
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "commitment", EntityID: id, EmployerID: before.EmployerID,
			Action: audit.Updated, Changes: changes})
	})
}

// snapshot renders a commitment as the readable values the audit trail
// keeps.
func snapshot(c Commitment) map[string]string {
	return map[string]string{
		"soort": c.KindName, "status": StatusLabels[c.Status], "toegezegd_op": nltime.FormatDatePtr(c.PromisedOn),
		"getekend_op": nltime.FormatDatePtr(c.SignedOn), "geldig_vanaf": nltime.FormatDatePtr(c.ValidFrom), "geldig_tot": nltime.FormatDatePtr(c.ValidUntil),
		"notities": c.Notes, "document": documentLabel(c),
	}
}

// documentLabel names a stored document with its size, for the history.
func documentLabel(c Commitment) string {
	if !c.HasDocument() {
		return ""
	}
	return c.DocumentName + " (" + sizeText(c.DocumentSize) + ")"
}

// LastChange returns who last changed an entity and when, for a conflict
// message.
func (s *Store) LastChange(ctx context.Context, entity string, id int64) (string, time.Time, error) {
	return audit.LastChange(ctx, s.pool, entity, id)
}
