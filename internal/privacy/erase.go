package privacy

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
)

// Erased is the action of the audit entry an erasure leaves.
const Erased = audit.Erased

// peopleStep is the intake step that names participants and colleagues.
const peopleStep = "5"

// MaxBulk is the most contacts and employers one bulk erasure takes.
const MaxBulk = 500

// Request says whom to erase. With Cutoff set (a bulk erasure from the
// retention list) only those still due at that date are erased: someone
// who came back in the meantime is left alone. Employers are only ever
// erased through the retention rule, so they always need Cutoff.
type Request struct {
	ContactIDs  []int64
	EmployerIDs []int64
	Cutoff      *time.Time
}

// Result counts what an erasure did.
type Result struct {
	Contacts, Employers int
}

// Erase carries out a request in one transaction: either everyone in it is
// erased, or nobody.
func (s *Store) Erase(ctx context.Context, req Request) (Result, error) {
	var res Result
	if len(req.ContactIDs)+len(req.EmployerIDs) > MaxBulk {
		return res, apperr.New(apperr.Invalid, "")
	}
	if len(req.EmployerIDs) > 0 && req.Cutoff == nil {
		return res, apperr.New(apperr.Invalid, "")
	}
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		res = Result{}
		var employers []employerRow
		if len(req.EmployerIDs) > 0 {
			var err error
			if employers, err = lockEmployers(ctx, tx, req.EmployerIDs, *req.Cutoff); err != nil {
				return err
			}
		}
		// The contacts asked for, and every contact of the employers.
		var employerIDs []int64
		for _, e := range employers {
			employerIDs = append(employerIDs, e.id)
		}
		var cutoff any // NULL: a request, not the retention rule
		if req.Cutoff != nil {
			cutoff = *req.Cutoff
		}
		rows, err := tx.Query(ctx, `SELECT c.id, c.employer_id FROM contacts c
			WHERE c.erased_at IS NULL
			AND ((c.id = ANY($1) AND ($3::date IS NULL OR (c.active_until IS NOT NULL AND c.active_until < $3::date)))
				OR c.employer_id = ANY($2))
			ORDER BY c.id FOR UPDATE`, nonNilIDs(req.ContactIDs), nonNilIDs(employerIDs), cutoff)
		if err != nil {
			return err
		}
		contacts, err := pgx.CollectRows(rows, pgx.RowToStructByPos[contactRow])
		if err != nil {
			return err
		}
		if err := eraseContacts(ctx, tx, contacts); err != nil {
			return err
		}
		if err := eraseEmployers(ctx, tx, employers); err != nil {
			return err
		}
		res.Contacts, res.Employers = len(contacts), len(employers)
		return nil
	})
	return res, err
}

// EraseContact erases one contact on request; an erased or unknown
// contact is NotFound.
func (s *Store) EraseContact(ctx context.Context, id int64) error {
	res, err := s.Erase(ctx, Request{ContactIDs: []int64{id}})
	if err == nil && res.Contacts == 0 {
		return apperr.ErrNotFound
	}
	return err
}

type contactRow struct {
	ID, EmployerID int64
}

type employerRow struct {
	id                           int64
	name, kvk, address, postcode string
}

func nonNilIDs(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// lockEmployers locks the employers of ids that are still due.
func lockEmployers(ctx context.Context, tx pgx.Tx, ids []int64, cutoff time.Time) ([]employerRow, error) {
	rows, err := tx.Query(ctx, `SELECT e.id, e.name, coalesce(e.kvk_number, ''), e.address, coalesce(e.postcode, '')
		FROM employers e WHERE e.id = ANY($2) AND `+dueEmployers+` ORDER BY e.id FOR UPDATE`, cutoff, ids)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (employerRow, error) {
		var e employerRow
		return e, r.Scan(&e.id, &e.name, &e.kvk, &e.address, &e.postcode)
	})
}
