package privacy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

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

// employerFields are the audit fields of an employer that erasure clears.
var employerFields = []string{"naam", "kvk", "adres", "postcode", "notities", "uitdagingen_toelichting", "aanbod_toelichting"}

// eraseEmployers erases employers (locked by the caller, their contacts
// already erased): name, KvK number, address and notes go; sector, size,
// city, region, status and dates stay for the network's figures. Their
// values are replaced in the records of the employer itself (its audit
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
	if err := sweep(ctx, tx, newScrubber(vals), ids); err != nil {
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
			body_text = $3,
			last_error = CASE WHEN status = 'wachtend' THEN $4 ELSE last_error END,
			status = CASE WHEN status = 'wachtend' THEN 'mislukt' ELSE status END
		WHERE lower(to_addr) = ANY($1) OR lower(cc_addr) = ANY($1)
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

// Tables and columns the sweep leaves alone: the portal's own accounts and
// sessions (a user who shares a name with a contact is not erased with
// them), the rows of other contacts and employers (a namesake keeps their
// name), the name of whoever made an audit entry, and reference data.
var sweepSkipTables = []string{"users", "user_networks", "sessions", "login_failures", "goose_db_version",
	"contacts", "app_secrets",
	// reference data: codes and names, never about a person
	"regions", "sectors", "size_classes", "maturity_levels", "function_types", "tags", "themes", "commitment_kinds"}

var sweepSkipColumns = []string{"employers.name", "employers.kvk_number", "audit_log.actor", "partners.name"}

type sweepColumn struct {
	name string
	kind string // "text", "json" or "array"
	cast string // how a new value is written: "", "::jsonb", "::json" or "::text[]"
}

type sweepTable struct {
	name        string
	columns     []sweepColumn
	hasVersion  bool
	hasEmployer bool // an employer_id column
	hasHost     bool // a host_employer_id column (events)
}

// sweepTables lists every table of the schema with the columns that can
// hold text, as the database describes itself: a table added later is
// swept without a change here.
func sweepTables(ctx context.Context, tx pgx.Tx) ([]sweepTable, error) {
	rows, err := tx.Query(ctx, `SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_generated
		FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
		ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		return nil, err
	}
	var out []sweepTable
	var cur *sweepTable
	defer rows.Close()
	for rows.Next() {
		var table, column, dataType, udt, generated string
		if err := rows.Scan(&table, &column, &dataType, &udt, &generated); err != nil {
			return nil, err
		}
		if cur == nil || cur.name != table {
			out = append(out, sweepTable{name: table})
			cur = &out[len(out)-1]
		}
		switch column {
		case "version":
			cur.hasVersion = dataType == "integer"
		case "employer_id":
			cur.hasEmployer = true
		case "host_employer_id":
			cur.hasHost = true
		}
		if generated != "NEVER" || slices.Contains(sweepSkipColumns, table+"."+column) {
			continue
		}
		switch {
		case dataType == "text" || dataType == "character varying" || dataType == "character":
			cur.columns = append(cur.columns, sweepColumn{name: column, kind: "text"})
		case dataType == "jsonb" || dataType == "json":
			cur.columns = append(cur.columns, sweepColumn{name: column, kind: "json", cast: "::" + dataType})
		case dataType == "ARRAY" && (udt == "_text" || udt == "_varchar"):
			cur.columns = append(cur.columns, sweepColumn{name: column, kind: "array", cast: "::" + udt[1:] + "[]"})
		}
	}
	return out, rows.Err()
}

// sweep replaces the scrubber's values in every text, JSON and text array
// column of every table (but the skipped ones). With employerIDs, only the
// rows of those employers are swept (their employer_id, or the events they
// hosted); tables without such a column are then left alone.
func sweep(ctx context.Context, tx pgx.Tx, sc *scrubber, employerIDs []int64) error {
	if sc.empty() {
		return nil
	}
	tables, err := sweepTables(ctx, tx)
	if err != nil {
		return err
	}
	patterns := sc.likePatterns()
	for _, t := range tables {
		if slices.Contains(sweepSkipTables, t.name) || len(t.columns) == 0 {
			continue
		}
		scope := ""
		if employerIDs != nil {
			switch {
			case t.hasEmployer:
				scope = `employer_id = ANY($2) AND `
			case t.hasHost:
				scope = `host_employer_id = ANY($2) AND `
			default:
				continue
			}
		}
		if err := sweepTable1(ctx, tx, t, sc, patterns, scope, employerIDs); err != nil {
			return fmt.Errorf("privacy: sweep %s: %w", t.name, err)
		}
	}
	return nil
}

func quoteIdent(s string) string { return pgx.Identifier{s}.Sanitize() }

func sweepTable1(ctx context.Context, tx pgx.Tx, t sweepTable, sc *scrubber, patterns []string, scope string, employerIDs []int64) error {
	var sel, conds []string
	for _, c := range t.columns {
		col := quoteIdent(c.name)
		sel = append(sel, col+"::text")
		conds = append(conds, col+"::text ILIKE ANY($1)")
	}
	args := []any{patterns}
	if scope != "" {
		args = append(args, employerIDs)
	}
	rows, err := tx.Query(ctx, `SELECT ctid, `+strings.Join(sel, ", ")+` FROM `+quoteIdent(t.name)+
		` WHERE `+scope+`(`+strings.Join(conds, " OR ")+`) FOR UPDATE`, args...)
	if err != nil {
		return err
	}
	type found struct {
		ctid pgtype.TID
		vals []*string
	}
	var hits []found
	for rows.Next() {
		f := found{vals: make([]*string, len(t.columns))}
		dst := []any{&f.ctid}
		for i := range f.vals {
			dst = append(dst, &f.vals[i])
		}
		if err := rows.Scan(dst...); err != nil {
			rows.Close()
			return err
		}
		hits = append(hits, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, h := range hits {
		type change struct {
			set         string // "col = $2::cast"
			full, short string // the new value, and it cut to the old length
		}
		var changes []change
		for i, c := range t.columns {
			if h.vals[i] == nil {
				continue
			}
			old := *h.vals[i]
			var out string
			var changed bool
			switch c.kind {
			case "json":
				out, changed = sc.json(old)
			case "array":
				out, changed = scrubArray(sc, old)
			default:
				out = sc.text(old)
				changed = out != old
			}
			if !changed {
				continue
			}
			ch := change{set: quoteIdent(c.name) + " = $%d" + c.cast, full: out, short: out}
			if c.kind == "text" {
				ch.short = cutTo(out, utf8.RuneCountInString(old))
			}
			changes = append(changes, ch)
		}
		if len(changes) == 0 {
			continue
		}
		// An update moves the row: each one returns where it went.
		ctid := h.ctid
		update := func(q pgx.Tx, chs []change, short bool) error {
			sets, args := []string{}, []any{ctid}
			for _, ch := range chs {
				v := ch.full
				if short {
					v = ch.short
				}
				args = append(args, v)
				sets = append(sets, fmt.Sprintf(ch.set, len(args)))
			}
			return q.QueryRow(ctx, `UPDATE `+quoteIdent(t.name)+` SET `+strings.Join(sets, ", ")+
				` WHERE ctid = $1 RETURNING ctid`, args...).Scan(&ctid)
		}
		inSavepoint := func(fn func(sp pgx.Tx) error) error { return pgx.BeginFunc(ctx, tx, fn) }
		err := inSavepoint(func(sp pgx.Tx) error { return update(sp, changes, false) })
		if isCheckViolation(err) {
			// Marker may be longer than the value it replaces, and a
			// column may have a maximum length: that column's text is cut
			// to its old length (which passed the check) rather than fail
			// the whole erasure.
			err = nil
			for _, ch := range changes {
				one := []change{ch}
				e := inSavepoint(func(sp pgx.Tx) error { return update(sp, one, false) })
				if isCheckViolation(e) {
					e = update(tx, one, true)
				}
				if e != nil {
					return e
				}
			}
		}
		if err != nil {
			return err
		}
		if t.hasVersion {
			if _, err := tx.Exec(ctx, `UPDATE `+quoteIdent(t.name)+` SET version = version + 1 WHERE ctid = $1`, ctid); err != nil {
				return err
			}
		}
	}
	return nil
}

// cutTo shortens s to at most n characters.
func cutTo(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func isCheckViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23514"
}

// scrubArray scrubs a text array in PostgreSQL's text form ({a,"b c"}).
func scrubArray(sc *scrubber, raw string) (string, bool) {
	var arr pgtype.FlatArray[pgtype.Text]
	m := pgtype.NewMap()
	if err := m.Scan(pgtype.TextArrayOID, pgtype.TextFormatCode, []byte(raw), &arr); err != nil {
		out := sc.text(raw)
		return out, out != raw
	}
	changed := false
	for i, v := range arr {
		if !v.Valid {
			continue
		}
		if out := sc.text(v.String); out != v.String {
			arr[i] = pgtype.Text{String: out, Valid: true}
			changed = true
		}
	}
	if !changed {
		return raw, false
	}
	b, err := m.Encode(pgtype.TextArrayOID, pgtype.TextFormatCode, arr, nil)
	if err != nil {
		return raw, false
	}
	return string(b), true
}
