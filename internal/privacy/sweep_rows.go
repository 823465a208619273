package privacy

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// scrubMatchingRows scrubs the rows of t that meet cond (with args): each
// row is locked and read, its columns scrubbed in Go, and what changed is
// written back.
func scrubMatchingRows(ctx context.Context, tx pgx.Tx, t sweepTable, sc *scrubber, cond string, args []any) error {
	rows, err := lockMatchingRows(ctx, tx, t, cond, args)
	if err != nil {
		return err
	}
	for _, row := range rows {
		changes := scrubbedColumns(t, sc, row)
		if len(changes) == 0 {
			continue
		}
		if err := writeChanges(ctx, tx, t, row.ctid, changes); err != nil {
			return err
		}
	}
	return nil
}

// matchedRow is a row a sweep found: where it is, and its text columns
// (nil for NULL) in the order of sweepTable.columns.
type matchedRow struct {
	ctid pgtype.TID
	vals []*string
}

// lockMatchingRows reads the text columns of the rows of t that meet cond,
// locking them for the update.
func lockMatchingRows(ctx context.Context, tx pgx.Tx, t sweepTable, cond string, args []any) ([]matchedRow, error) {
	var sel []string
	for _, c := range t.columns {
		sel = append(sel, quoteIdent(c.name)+"::text")
	}
	rows, err := tx.Query(ctx, `SELECT ctid, `+strings.Join(sel, ", ")+` FROM `+quoteIdent(t.name)+
		` WHERE `+cond+` FOR UPDATE`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var found []matchedRow
	for rows.Next() {
		m := matchedRow{vals: make([]*string, len(t.columns))}
		dst := []any{&m.ctid}
		for i := range m.vals {
			dst = append(dst, &m.vals[i])
		}
		if err := rows.Scan(dst...); err != nil {
			return nil, err
		}
		found = append(found, m)
	}
	return found, rows.Err()
}

// columnChange is one column's new value.
type columnChange struct {
	set         string // "col = $%d::cast"
	full, short string // the new value, and it cut to the old length
}

// scrubbedColumns is what the scrubber changes in row: only the columns
// whose value changed.
func scrubbedColumns(t sweepTable, sc *scrubber, row matchedRow) []columnChange {
	var changes []columnChange
	for i, c := range t.columns {
		if row.vals[i] == nil {
			continue
		}
		old := *row.vals[i]
		out, changed := scrubValue(sc, c.kind, old)
		if !changed {
			continue
		}
		ch := columnChange{set: quoteIdent(c.name) + " = $%d" + c.cast, full: out, short: out}
		if c.kind == "text" {
			ch.short = cutTo(out, utf8.RuneCountInString(old))
		}
		changes = append(changes, ch)
	}
	return changes
}

// scrubValue scrubs one column's value of kind ("text", "json" or
// "array"), and says whether it changed.
func scrubValue(sc *scrubber, kind, old string) (string, bool) {
	switch kind {
	case "json":
		return sc.json(old)
	case "array":
		return scrubArray(sc, old)
	default:
		out := sc.text(old)
		return out, out != old
	}
}

// writeChanges writes the changes into the row at ctid, all at once or, when
// that breaks a check, column by column, and raises the row's version.
func writeChanges(ctx context.Context, tx pgx.Tx, t sweepTable, ctid pgtype.TID, changes []columnChange) error {
	// An update moves the row: each one returns where it went.
	inSavepoint := func(short bool, chs []columnChange) error {
		return pgx.BeginFunc(ctx, tx, func(sp pgx.Tx) error { return updateRow(ctx, sp, t.name, &ctid, chs, short) })
	}
	err := inSavepoint(false, changes)
	if isCheckViolation(err) {
		// Marker may be longer than the value it replaces, and a column
		// may have a maximum length: that column's text is cut to its old
		// length (which passed the check) rather than fail the whole
		// erasure.
		err = nil
		for _, ch := range changes {
			one := []columnChange{ch}
			e := inSavepoint(false, one)
			if isCheckViolation(e) {
				e = inSavepoint(true, one)
			}
			if isCheckViolation(e) || isForeignKeyViolation(e) {
				// Not free text but a code the schema constrains (a
				// status, a kind): it cannot hold a person's name,
				// whatever word it shares with one.
				e = nil
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
		_, err = tx.Exec(ctx, `UPDATE `+quoteIdent(t.name)+` SET version = version + 1 WHERE ctid = $1`, ctid)
	}
	return err
}

// updateRow sets the changes (each cut to its old length when short) in
// the row at *ctid of table, and moves *ctid to where the row went.
func updateRow(ctx context.Context, q pgx.Tx, table string, ctid *pgtype.TID, chs []columnChange, short bool) error {
	sets, args := []string{}, []any{*ctid}
	for _, ch := range chs {
		v := ch.full
		if short {
			v = ch.short
		}
		args = append(args, v)
		sets = append(sets, fmt.Sprintf(ch.set, len(args)))
	}
	return q.QueryRow(ctx, `UPDATE `+quoteIdent(table)+` SET `+strings.Join(sets, ", ")+
		` WHERE ctid = $1 RETURNING ctid`, args...).Scan(ctid)
}
