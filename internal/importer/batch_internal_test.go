package importer

import (
	"slices"
	"strings"
	"testing"
)

// TestCombine: single-row INSERTs of one SQL become one multi-row INSERT
// with renumbered parameters, new employers first, the rest in the order
// their SQL first appeared; anything else stays a statement of its own.
func TestCombine(t *testing.T) {
	emp := `INSERT INTO employers (id, name) OVERRIDING SYSTEM VALUE VALUES ($2, $1)`
	status := `INSERT INTO employer_status_changes (employer_id, status) VALUES ($1, $2)`
	contact := `INSERT INTO contacts (employer_id, name) VALUES ($1, $2)`
	update := `UPDATE employers SET updated_at = now() WHERE id = $1`
	returning := `INSERT INTO import_runs (network_id) VALUES ($1) RETURNING id`
	got := combine([]statement{
		{sql: contact, args: []any{7, "Anna"}},
		{sql: emp, args: []any{"A", 1}},
		{sql: status, args: []any{1, "lid"}},
		{sql: update, args: []any{7}},
		{sql: emp, args: []any{"B", 2}},
		{sql: contact, args: []any{2, "Bram"}},
		{sql: returning, args: []any{3}},
	})
	want := []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO employers (id, name) OVERRIDING SYSTEM VALUE VALUES ($2, $1), ($4, $3)`, []any{"A", 1, "B", 2}},
		{`INSERT INTO contacts (employer_id, name) VALUES ($1, $2), ($3, $4)`, []any{7, "Anna", 2, "Bram"}},
		{status, []any{1, "lid"}},
		{update, []any{7}},
		{returning, []any{3}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d statements, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if strings.Join(strings.Fields(got[i].sql), " ") != w.sql || !slices.Equal(got[i].args, w.args) {
			t.Errorf("statement %d: %q %v, want %q %v", i, got[i].sql, got[i].args, w.sql, w.args)
		}
	}
}
