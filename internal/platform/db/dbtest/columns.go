package dbtest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Column is one column of a table.
type Column struct{ Table, Name string }

// TextColumns lists every text, JSON and array column of every table in
// pool's schema, ordered by table and column: where a test looks for a
// value that must not be stored anywhere (a personal detail after erasure).
// Fewer than 50 means the query itself is broken, and fails the test.
func TextColumns(t testing.TB, pool *pgxpool.Pool) []Column {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT c.table_name, c.column_name FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
		AND (c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json') OR c.data_type = 'ARRAY')
		ORDER BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	cols, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Column])
	if err != nil {
		t.Fatal(err)
	}
	if len(cols) < 50 {
		t.Fatalf("only %d text columns: is the query broken?", len(cols))
	}
	return cols
}
