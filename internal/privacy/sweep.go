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
