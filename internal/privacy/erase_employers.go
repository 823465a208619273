package privacy

import (
	"context"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/audit"
)

// employerFields are the audit fields of an employer that erasure clears.
var employerFields = []string{"naam", "kvk", "adres", "postcode", "notities", "uitdagingen_toelichting", "aanbod_toelichting"}

// eraseEmployers erases employers (locked by the caller, their contacts
// already erased): name, KvK number, address and notes go; sector, size,
// city, region, status and dates stay for the network's figures. Their
// values are replaced in the records linked to the employer (its audit
// trail, mail, intakes, visits, ...) and in events it hosted.
func eraseEmployers(ctx context.Context, tx pgx.Tx, employers []employerRow) error {
	if len(employers) == 0 {
		return nil
	}
	ids := make([]int64, len(employers))
	var vals []string
	for i, e := range employers {
		ids[i] = e.id
		vals = append(vals, e.name, e.kvk, e.address)
	}
	if _, err := tx.Exec(ctx, `UPDATE employers SET name = $2, kvk_number = NULL, address = '', postcode = NULL,
		notes = '', offers_note = '', challenges_note = '', erased_at = now(), version = version + 1, updated_at = now()
		WHERE id = ANY($1)`, ids, ErasedEmployer); err != nil {
		return err
	}
	// A signed letter of intent names and signs a person.
	if _, err := tx.Exec(ctx, `UPDATE commitments SET document = NULL, document_name = NULL, document_size = NULL,
		version = version + 1, updated_at = now() WHERE employer_id = ANY($1) AND document IS NOT NULL`, ids); err != nil {
		return err
	}
	if err := eraseAuditFields(ctx, tx, "employer", ids, employerFields); err != nil {
		return err
	}
	if err := sweepLinked(ctx, tx, newScrubber(vals), links{employerIDs: ids}); err != nil {
		return err
	}
	for _, e := range employers {
		if err := audit.Record(ctx, tx, audit.Entry{Entity: "employer", EntityID: e.id, EmployerID: e.id,
			Action: Erased}); err != nil {
			return err
		}
	}
	return nil
}
