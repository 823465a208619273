package privacy

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// Tables and columns the sweep leaves alone: the portal's own accounts and
// sessions (a user who shares a name with a contact is not erased with
// them), the rows of other contacts and employers (a namesake keeps their
// name), the name of whoever made an audit entry, and reference data.
var sweepSkipTables = []string{"users", "user_networks", "sessions", "login_failures", "goose_db_version",
	"login_delays", "login_buckets", "auth_tokens", "user_sessions", "user_recovery_codes", "auth_policy",
	"member_sessions", "member_links", "member_link_requests",
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
	name       string
	columns    []sweepColumn
	hasVersion bool
	// The columns that link a row to an employer (employer_id,
	// host_employer_id, ...) or to a contact (contact_id,
	// lead_contact_id, ...): what a linked sweep follows.
	employerLinks, contactLinks []string
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
		switch {
		case column == "version":
			cur.hasVersion = dataType == "integer"
		case dataType == "bigint" && (column == "employer_id" || strings.HasSuffix(column, "_employer_id")):
			cur.employerLinks = append(cur.employerLinks, column)
		case dataType == "bigint" && (column == "contact_id" || strings.HasSuffix(column, "_contact_id")):
			cur.contactLinks = append(cur.contactLinks, column)
		case table == "employers" && column == "id":
			cur.employerLinks = append(cur.employerLinks, column) // the employer's own row
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

// links are the records an erasure follows from the people and employers
// it erases: every row of every table that points at one of the employers
// or contacts (the audit trail, intakes, mail, visits, referrals, events
// they hosted, the employer's own row, ...).
type links struct {
	employerIDs, contactIDs []int64
}

// where is the condition for the rows of t linked to l, with its
// arguments, or "" when t has no such link.
func (l links) where(t sweepTable) (string, []any) {
	var conds []string
	var args []any
	if len(t.employerLinks) > 0 {
		args = append(args, nonNilIDs(l.employerIDs))
		for _, c := range t.employerLinks {
			conds = append(conds, fmt.Sprintf("%s = ANY($%d)", quoteIdent(c), len(args)))
		}
	}
	if len(t.contactLinks) > 0 {
		args = append(args, nonNilIDs(l.contactIDs))
		for _, c := range t.contactLinks {
			conds = append(conds, fmt.Sprintf("%s = ANY($%d)", quoteIdent(c), len(args)))
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// sweepLinked replaces the scrubber's values in every text, JSON and text
// array column of the records linked to l. Every linked row is read and
// its JSON decoded, so nothing depends on how a value happens to be
// escaped in a document; values of one word (a first name) are replaced
// here, as whole words, where they can only mean the erased person.
func sweepLinked(ctx context.Context, tx pgx.Tx, sc *scrubber, l links) error {
	if sc.empty() {
		return nil
	}
	tables, err := sweepTables(ctx, tx)
	if err != nil {
		return err
	}
	for _, t := range tables {
		cond, args := l.where(t)
		if slices.Contains(sweepSkipTables, t.name) || len(t.columns) == 0 || cond == "" {
			continue
		}
		if err := scrubMatchingRows(ctx, tx, t, sc, cond, args); err != nil {
			return fmt.Errorf("privacy: sweep %s: %w", t.name, err)
		}
	}
	return nil
}

// sweep replaces the scrubber's values in every text, JSON and text array
// column of every table but the skipped ones, wherever they are: the net
// under the linked sweep for the specific values (e-mail addresses, full
// names, phone numbers) in records that do not point at the person, such
// as the description of another employer's event. Rows are found with
// ILIKE on the column's text, with each value also in its JSON-escaped
// form (a quote is \" inside a JSON document).
func sweep(ctx context.Context, tx pgx.Tx, sc *scrubber) error {
	if sc.empty() {
		return nil
	}
	tables, err := sweepTables(ctx, tx)
	if err != nil {
		return err
	}
	args := []any{sc.likePatterns()}
	for _, t := range tables {
		if slices.Contains(sweepSkipTables, t.name) || len(t.columns) == 0 {
			continue
		}
		var conds []string
		for _, c := range t.columns {
			conds = append(conds, quoteIdent(c.name)+"::text ILIKE ANY($1)")
		}
		if err := scrubMatchingRows(ctx, tx, t, sc, "("+strings.Join(conds, " OR ")+")", args); err != nil {
			return fmt.Errorf("privacy: sweep %s: %w", t.name, err)
		}
	}
	return nil
}

func quoteIdent(s string) string { return pgx.Identifier{s}.Sanitize() }

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

func isForeignKeyViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23503"
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
