package employers

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
)

const contactColumns = `c.id, c.employer_id, c.name, c.email, c.phone, c.function, f.name, c.job_title, c.level,
	c.is_primary, c.active_from, c.active_until, c.version, c.erased_at IS NOT NULL, c.mailings_opted_out_at`

func scanContact(row pgx.Row) (Contact, error) {
	var c Contact
	err := row.Scan(&c.ID, &c.EmployerID, &c.Name, &c.Email, &c.Phone, &c.Function, &c.FunctionName, &c.JobTitle,
		&c.Level, &c.Primary, &c.ActiveFrom, &c.ActiveUntil, &c.Version, &c.Erased, &c.MailingsOptedOutAt)
	return c, err
}

// Contacts returns all contacts of an employer, current ones first (primary
// first among them), then former ones, most recently ended first.
func (s *Store) Contacts(ctx context.Context, employerID int64) ([]Contact, error) {
	return db.Now(ctx, s.pool, func(b *db.Batch) *[]Contact { return s.QueueContacts(b, employerID) })
}

// QueueContacts is Contacts as one read of a page's batch.
func (s *Store) QueueContacts(b *db.Batch, employerID int64) *[]Contact {
	return db.Collect(b, func(r pgx.CollectableRow) (Contact, error) { return scanContact(r) },
		`SELECT `+contactColumns+` FROM contacts c JOIN function_types f ON f.code = c.function
		WHERE c.employer_id = $1
		ORDER BY `+activeContact+` DESC, c.is_primary DESC, c.active_until DESC NULLS FIRST, lower(c.name), c.id`, employerID)
}

// Contact returns one contact of an employer (the caller has already checked
// that the employer is in scope).
func (s *Store) Contact(ctx context.Context, employerID, id int64) (Contact, error) {
	return s.contact(ctx, s.pool, employerID, id, false)
}

func (s *Store) contact(ctx context.Context, q db.Querier, employerID, id int64, lock bool) (Contact, error) {
	sql := `SELECT ` + contactColumns + ` FROM contacts c JOIN function_types f ON f.code = c.function
		WHERE c.employer_id = $1 AND c.id = $2`
	if lock {
		sql += ` FOR UPDATE OF c`
	}
	c, err := scanContact(q.QueryRow(ctx, sql, employerID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return c, apperr.ErrNotFound
	}
	return c, err
}

// CreateContact adds a contact; made primary, it takes over from the
// current primary contact.
func (s *Store) CreateContact(ctx context.Context, employerID int64, in ContactInput) (_ int64, failed error) {
	defer apperr.Annotate(&failed, "employers: create contact of employer %d", employerID)
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockEmployer(ctx, tx, employerID); err != nil {
			return err
		}
		if in.Primary {
			if err := clearPrimary(ctx, tx, employerID, 0); err != nil {
				return err
			}
		}
		err := tx.QueryRow(ctx, `INSERT INTO contacts (employer_id, name, email, phone, function, job_title, level,
			is_primary, active_from) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`,
			employerID, in.Name, in.Email, in.Phone, in.Function, in.JobTitle, in.Level, in.Primary, in.ActiveFrom).Scan(&id)
		if err != nil {
			return err
		}
		after, err := s.contact(ctx, tx, employerID, id, false)
		if err != nil {
			return err
		}
		return s.touched(ctx, tx, employerID, audit.Entry{Entity: "contact", EntityID: id, Action: audit.Created,
			Changes: audit.Diff(nil, contactSnapshot(after))})
	})
	return id, err
}

// UpdateContact saves a contact unless someone changed it since in.Version.
func (s *Store) UpdateContact(ctx context.Context, employerID, id int64, in ContactInput) (failed error) {
	defer apperr.Annotate(&failed, "employers: update contact %d", id)
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockEmployer(ctx, tx, employerID); err != nil {
			return err
		}
		before, err := s.contact(ctx, tx, employerID, id, true)
		if err != nil {
			return err
		}
		if before.Version != in.Version {
			return apperr.New(apperr.Conflict, "")
		}
		primary := in.Primary && before.Active(s.Clock().Today())
		if primary {
			if err := clearPrimary(ctx, tx, employerID, id); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `UPDATE contacts SET name=$3, email=$4, phone=$5, function=$6, job_title=$7, level=$8,
			is_primary=$9, active_from=$10, version = version + 1, updated_at = now() WHERE employer_id = $1 AND id = $2`,
			employerID, id, in.Name, in.Email, in.Phone, in.Function, in.JobTitle, in.Level, primary, in.ActiveFrom)
		if err != nil {
			return err
		}
		after, err := s.contact(ctx, tx, employerID, id, false)
		if err != nil {
			return err
		}
		changes := audit.Diff(contactSnapshot(before), contactSnapshot(after))
		if len(changes) == 0 {
			return nil
		}
		return s.touched(ctx, tx, employerID, audit.Entry{Entity: "contact", EntityID: id, Action: audit.Updated, Changes: changes})
	})
}

// EndContact records that a contact left the employer on a date: the
// contact is kept, for the history and the counts, but no longer active.
func (s *Store) EndContact(ctx context.Context, employerID, id int64, until time.Time, version int) (failed error) {
	defer apperr.Annotate(&failed, "employers: end contact %d", id)
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockEmployer(ctx, tx, employerID); err != nil {
			return err
		}
		before, err := s.contact(ctx, tx, employerID, id, true)
		if err != nil {
			return err
		}
		if before.Version != version {
			return apperr.New(apperr.Conflict, "")
		}
		if before.ActiveUntil != nil {
			return apperr.New(apperr.Conflict, "Deze contactpersoon is al beëindigd.")
		}
		_, err = tx.Exec(ctx, `UPDATE contacts SET active_until = $3, is_primary = false, version = version + 1,
			updated_at = now() WHERE employer_id = $1 AND id = $2`, employerID, id, until)
		if err != nil {
			return err
		}
		after, err := s.contact(ctx, tx, employerID, id, false)
		if err != nil {
			return err
		}
		return s.touched(ctx, tx, employerID, audit.Entry{Entity: "contact", EntityID: id, Action: audit.Ended,
			Changes: audit.Diff(contactSnapshot(before), contactSnapshot(after))})
	})
}

// touched records a contact change in the audit trail under its employer
// and marks the employer as changed, so "last change" sorting sees it.
func (s *Store) touched(ctx context.Context, tx pgx.Tx, employerID int64, e audit.Entry) error {
	e.EmployerID = employerID
	if _, err := tx.Exec(ctx, `UPDATE employers SET updated_at = now() WHERE id = $1`, employerID); err != nil {
		return err
	}
	return audit.Record(ctx, tx, e)
}

// lockEmployer serialises contact changes per employer, so two saves cannot
// both make someone the primary contact.
func lockEmployer(ctx context.Context, tx pgx.Tx, employerID int64) error {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM employers WHERE id = $1 FOR UPDATE`, employerID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return apperr.ErrNotFound
	}
	return err
}

func clearPrimary(ctx context.Context, tx pgx.Tx, employerID, except int64) error {
	_, err := tx.Exec(ctx, `UPDATE contacts SET is_primary = false, version = version + 1, updated_at = now()
		WHERE employer_id = $1 AND is_primary AND id <> $2`, employerID, except)
	return err
}

func contactSnapshot(c Contact) map[string]string {
	m := map[string]string{
		"naam": c.Name, "email": c.Email, "telefoon": c.Phone, "functie": c.FunctionName, "functietitel": c.JobTitle,
		"niveau": LevelLabels[c.Level], "primair": "nee", "actief_vanaf": c.ActiveFrom.Format("02-01-2006"), "actief_tot": "",
	}
	if c.Primary {
		m["primair"] = "ja"
	}
	if c.ActiveUntil != nil {
		m["actief_tot"] = c.ActiveUntil.Format("02-01-2006")
	}
	return m
}
