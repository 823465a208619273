package privacy

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/audit"
)

// eraseContacts erases contacts (locked by the caller): the personal
// fields of the row, the values of the audit entries about them, the mail
// to them, their rows in intake answers, every value of theirs in the
// records linked to them or their employer, and then every occurrence of
// their specific values in any other text of the database.
func eraseContacts(ctx context.Context, tx pgx.Tx, contacts []contactRow) error {
	if len(contacts) == 0 {
		return nil
	}
	ids := make([]int64, len(contacts))
	employerIDs := []int64{}
	for i, c := range contacts {
		ids[i] = c.ID
		if !slices.Contains(employerIDs, c.EmployerID) {
			employerIDs = append(employerIDs, c.EmployerID)
		}
	}
	known, err := values(ctx, tx, ids)
	if err != nil {
		return err
	}
	all := knownValues{}
	for _, k := range known {
		all.Names = append(all.Names, k.Names...)
		all.Emails = append(all.Emails, k.Emails...)
		all.Phones = append(all.Phones, k.Phones...)
	}
	// The row stays, with function, level and dates, for the counts.
	if _, err := tx.Exec(ctx, `UPDATE contacts SET name = $2, email = '', phone = '', job_title = '',
		erased_at = now(), version = version + 1, updated_at = now() WHERE id = ANY($1)`, ids, ErasedName); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE employers SET updated_at = now() WHERE id = ANY($1)`, employerIDs); err != nil {
		return err
	}
	if err := eraseAuditFields(ctx, tx, "contact", ids, contactFields); err != nil {
		return err
	}
	// Off every mailing's list of recipients; the mailing keeps its counts.
	if _, err := tx.Exec(ctx, `DELETE FROM mailing_recipients WHERE contact_id = ANY($1)`, ids); err != nil {
		return err
	}
	if err := eraseMail(ctx, tx, all.Emails); err != nil {
		return err
	}
	if err := eraseProspectsOf(ctx, tx, all.Emails); err != nil {
		return err
	}
	if err := eraseMembers(ctx, tx, ids); err != nil {
		return err
	}
	if err := eraseIntakeRows(ctx, tx, employerIDs, ids, all); err != nil {
		return err
	}
	// First everything that points at the people or their employers, with
	// every value they had (one-word names and job titles included: there
	// they can only mean them), then the whole database for the values
	// specific enough to mean them anywhere.
	for employerID, vals := range linkedValues(contacts, known) {
		l := links{employerIDs: []int64{employerID}, contactIDs: contactsOf(contacts, employerID)}
		if err := sweepLinked(ctx, tx, newScrubber(vals), l); err != nil {
			return err
		}
	}
	if err := sweep(ctx, tx, newScrubber(all.searchable())); err != nil {
		return err
	}
	for _, c := range contacts {
		if err := audit.Record(ctx, tx, audit.Entry{Entity: "contact", EntityID: c.ID, EmployerID: c.EmployerID,
			Action: Erased}); err != nil {
			return err
		}
	}
	return nil
}

// linkedValues groups every known value of the contacts by their employer:
// a contact's first name or job title is replaced only among the records
// of their own employer and of themselves.
func linkedValues(contacts []contactRow, known map[int64]*knownValues) map[int64][]string {
	out := map[int64][]string{}
	for _, c := range contacts {
		if k := known[c.ID]; k != nil {
			out[c.EmployerID] = append(out[c.EmployerID], k.all()...)
		}
	}
	return out
}

func contactsOf(contacts []contactRow, employerID int64) []int64 {
	var ids []int64
	for _, c := range contacts {
		if c.EmployerID == employerID {
			ids = append(ids, c.ID)
		}
	}
	return ids
}
