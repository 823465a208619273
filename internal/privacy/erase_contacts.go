package privacy

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/audit"
)

// eraseContacts erases contacts (locked by the caller): the personal
// fields of the row, the values of the audit entries about them, the mail
// to them, their rows in intake answers, and then every occurrence of
// their values in any other text of the database.
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
	if err := eraseMail(ctx, tx, all.Emails); err != nil {
		return err
	}
	if err := eraseIntakeRows(ctx, tx, employerIDs, ids, all); err != nil {
		return err
	}
	if err := sweep(ctx, tx, newScrubber(all.searchable()), nil); err != nil {
		return err
	}
	// A job title ("Adviseur inclusief werkgeverschap") points to the person
	// only within their own employer: it is replaced in that employer's
	// records, not in anyone else's.
	titles := map[int64][]string{}
	for _, c := range contacts {
		if known[c.ID] == nil {
			continue
		}
		for _, t := range known[c.ID].JobTitles {
			if sweepable(t) {
				titles[c.EmployerID] = append(titles[c.EmployerID], t)
			}
		}
	}
	for employerID, ts := range titles {
		if err := sweep(ctx, tx, newScrubber(ts), []int64{employerID}); err != nil {
			return err
		}
	}
	for _, c := range contacts {
		if err := audit.Record(ctx, tx, audit.Entry{Entity: "contact", EntityID: c.ID, EmployerID: c.EmployerID,
			Action: Erased}); err != nil {
			return err
		}
	}
	return nil
}

