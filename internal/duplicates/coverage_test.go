package duplicates

import (
	"context"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/db/dbtest"
)

// TestEveryReferenceIsMoved fails when a table points at an employer or a
// contact (by foreign key, or by a column named after them without one,
// like audit_log.employer_id) that the merge does not move: a new table
// would otherwise keep pointing at a deleted record, or lose its rows to
// ON DELETE CASCADE without anyone deciding so.
func TestEveryReferenceIsMoved(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	for _, kind := range []struct {
		table string
		moves []move
	}{{"employers", employerMoves}, {"contacts", contactMoves}} {
		rows, err := pool.Query(context.Background(), `
			SELECT c.conrelid::regclass::text || '.' || a.attname
			FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
			WHERE c.contype = 'f' AND c.confrelid = $1::text::regclass
			UNION
			SELECT col.table_name || '.' || col.column_name
			FROM information_schema.columns col
			JOIN information_schema.tables tab ON tab.table_schema = col.table_schema AND tab.table_name = col.table_name
			WHERE col.table_schema = 'public' AND tab.table_type = 'BASE TABLE'
				AND col.column_name ~ ('(^|_)' || rtrim($1::text, 's') || '_id$')
			ORDER BY 1`, kind.table)
		if err != nil {
			t.Fatal(err)
		}
		columns, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		var moved []string
		for _, m := range kind.moves {
			moved = append(moved, m.column)
		}
		for _, c := range columns {
			if !slices.Contains(moved, c) {
				t.Errorf("%s points at %s, but a merge does not move it: add it to the moves, with its conflict rule", c, kind.table)
			}
		}
		for _, m := range moved {
			if !slices.Contains(columns, m) {
				t.Errorf("the merge moves %s, which the database does not have", m)
			}
		}
		if len(columns) < 7 {
			t.Errorf("found only %v: is the query broken?", columns)
		}
	}
}
