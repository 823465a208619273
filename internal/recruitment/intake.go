package recruitment

import (
	"context"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
)

// prepareIntake makes the prospect an employer record with its contact
// before it moves to "intake": the intake belongs to an employer and is
// sent to a contact. This commits on its own, before the move, because the
// intake reads the employer's profile outside the move's transaction; a
// move that then fails leaves a valid employer (status "prospect") linked
// to the prospect, which the next attempt reuses. It returns the contact,
// or 0 when no invitation is due (the prospect is in intake already).
func (s *Store) prepareIntake(ctx context.Context, id int64, version int) (int64, error) {
	var contactID int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		p, err := get(ctx, tx, id, true)
		if err != nil {
			return err
		}
		switch {
		case p.Version != version:
			return apperr.New(apperr.Conflict, "")
		case p.Stage == Intake:
			return nil
		case p.Stage == Member:
			return ErrLeftMembership
		case p.ContactName == "" || p.ContactEmail == "":
			return ErrNoContact
		}
		var employerID int64
		if employerID, contactID, err = s.intakes.Employer(db.WithTx(ctx, tx), p); err != nil {
			return err
		}
		if employerID == p.EmployerID {
			return nil
		}
		// Linked without a new version: the move that follows checks the
		// version the coordinator read.
		if _, err := tx.Exec(ctx, `UPDATE prospects SET employer_id = $2, updated_at = now() WHERE id = $1`, id, employerID); err != nil {
			return err
		}
		after, err := get(ctx, tx, id, false)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "prospect", EntityID: id, EmployerID: employerID,
			Action: audit.Updated, Changes: audit.Diff(snapshot(p), snapshot(after))})
	})
	return contactID, err
}
