package privacy

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/jackc/pgx/v5"
)

// eraseAuditFields replaces the old and new values of fields in the audit
// entries about entities ids with Marker (an empty value stays empty, so the
// trail still says when a field was filled in or cleared).
func eraseAuditFields(ctx context.Context, tx pgx.Tx, entity string, ids []int64, fields []string) error {
	rows, err := tx.Query(ctx, `SELECT id, changes FROM audit_log WHERE entity = $1 AND entity_id = ANY($2) FOR UPDATE`,
		entity, ids)
	if err != nil {
		return err
	}
	type entry struct {
		id  int64
		raw []byte
	}
	entries, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (entry, error) {
		var e entry
		return e, r.Scan(&e.id, &e.raw)
	})
	if err != nil {
		return err
	}
	for _, e := range entries {
		var changes map[string]map[string]any
		if json.Unmarshal(e.raw, &changes) != nil {
			continue // not the usual shape: the sweep still finds the values
		}
		changed := false
		for _, f := range fields {
			c, ok := changes[f]
			if !ok {
				continue
			}
			for _, side := range []string{"old", "new"} {
				if v, ok := c[side].(string); ok && v != "" && v != Marker {
					c[side] = Marker
					changed = true
				}
			}
		}
		if !changed {
			continue
		}
		b, err := json.Marshal(changes)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE audit_log SET changes = $2 WHERE id = $1`, e.id, b); err != nil {
			return err
		}
	}
	return nil
}

// mailExtraToMatches is true for a mail with one of the addresses $1 among
// its further To recipients (an introduction between members).
const mailExtraToMatches = `EXISTS (SELECT 1 FROM jsonb_array_elements(extra_to) e WHERE lower(e->>'Email') = ANY($1))`

// eraseMail anonymises the mail to or cc the addresses: the address, the
// name and the text go; kind, subject (scrubbed by the sweep), status and
// dates stay. Mail still waiting is not sent, and attachments (an .ics
// names its attendee) are deleted.
func eraseMail(ctx context.Context, tx pgx.Tx, emails []string) error {
	if len(emails) == 0 {
		return nil
	}
	rows, err := tx.Query(ctx, `UPDATE mail_outbox SET
			to_addr = CASE WHEN lower(to_addr) = ANY($1) THEN $2 ELSE to_addr END,
			to_name = CASE WHEN lower(to_addr) = ANY($1) THEN '' ELSE to_name END,
			cc_addr = CASE WHEN lower(cc_addr) = ANY($1) THEN $2 ELSE cc_addr END,
			cc_name = CASE WHEN lower(cc_addr) = ANY($1) THEN '' ELSE cc_name END,
			extra_to = (SELECT coalesce(jsonb_agg(CASE WHEN lower(e->>'Email') = ANY($1)
					THEN jsonb_build_object('Name', '', 'Email', $2::text) ELSE e END), '[]')
				FROM jsonb_array_elements(extra_to) e),
			body_text = $3, body_html = '',
			last_error = CASE WHEN status = 'wachtend' THEN $4 ELSE last_error END,
			status = CASE WHEN status = 'wachtend' THEN 'mislukt' ELSE status END
		WHERE lower(to_addr) = ANY($1) OR lower(cc_addr) = ANY($1) OR `+mailExtraToMatches+`
		RETURNING id`, emails, ErasedAddress, Marker, "Niet verzonden: de ontvanger is gewist (privacyverzoek).")
	if err != nil {
		return err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) == 0 {
		return err
	}
	_, err = tx.Exec(ctx, `DELETE FROM mail_attachments WHERE mail_id = ANY($1)`, ids)
	return err
}

// eraseIntakeRows takes the contacts out of the people step of intake
// answers and drafts: a participant row keeps its function and level (the
// function mix stays right) under ErasedName; a proposed colleague is
// dropped, as the proposal means nothing without the person.
func eraseIntakeRows(ctx context.Context, tx pgx.Tx, employerIDs, contactIDs []int64, k knownValues) error {
	sc := newScrubber(k.searchable())
	rows, err := tx.Query(ctx, `SELECT id, answers, drafts FROM intakes
		WHERE employer_id = ANY($1) OR contact_id = ANY($2) OR answers::text ILIKE ANY($3) OR drafts::text ILIKE ANY($3)
		FOR UPDATE`, employerIDs, contactIDs, nonNil(sc.likePatterns()))
	if err != nil {
		return err
	}
	type intakeRow struct {
		id              int64
		answers, drafts []byte
	}
	intakes, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (intakeRow, error) {
		var in intakeRow
		return in, r.Scan(&in.id, &in.answers, &in.drafts)
	})
	if err != nil {
		return err
	}
	for _, in := range intakes {
		a, ca := erasePeople(in.answers, k)
		d, cd := erasePeople(in.drafts, k)
		if !ca && !cd {
			continue
		}
		if _, err := tx.Exec(ctx, `UPDATE intakes SET answers = $2, drafts = $3, version = version + 1 WHERE id = $1`,
			in.id, a, d); err != nil {
			return err
		}
	}
	return nil
}

// erasePeople erases the contact's rows from the people step of an intake
// document, and reports whether anything changed.
func erasePeople(raw []byte, k knownValues) ([]byte, bool) {
	var doc map[string]any
	if json.Unmarshal(raw, &doc) != nil {
		return raw, false
	}
	step, ok := doc[peopleStep].(map[string]any)
	if !ok {
		return raw, false
	}
	list := func(key string) []any { l, _ := step[key].([]any); return l }
	str := func(v any) string { s, _ := v.(string); return s }
	changed := false
	names := list("deelnemer_naam")
	for i, n := range names {
		if k.isName(str(n)) {
			names[i] = ErasedName
			changed = true
		}
	}
	cn, ce := list("collega_naam"), list("collega_email")
	var drop []int
	for i := range cn {
		if k.isName(str(cn[i])) || (i < len(ce) && k.isEmail(str(ce[i]))) {
			drop = append(drop, i)
		}
	}
	for i := range ce {
		if i >= len(cn) && k.isEmail(str(ce[i])) {
			drop = append(drop, i)
		}
	}
	if len(drop) > 0 {
		changed = true
		for _, key := range []string{"collega_naam", "collega_email", "collega_functie"} {
			l := list(key)
			if l == nil {
				continue
			}
			var kept []any
			for i, v := range l {
				if !slices.Contains(drop, i) {
					kept = append(kept, v)
				}
			}
			if kept == nil {
				delete(step, key)
			} else {
				step[key] = kept
			}
		}
	}
	if !changed {
		return raw, false
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return raw, false
	}
	return b, true
}
