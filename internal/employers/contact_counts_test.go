package employers

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/identity"
)

// The one-contact and directie filters read the employers' stored contact
// counts (migration 00061). Whatever a writer does to contacts (add, end,
// end in the future, change function, move to another employer, delete,
// truncate), they select exactly the employers that counting the active
// contacts selects.
func TestStoredContactCountsFilterLikeCounting(t *testing.T) {
	pool := dbtest.New(t)
	ctx := context.Background()
	var network int64
	if err := pool.QueryRow(ctx, `INSERT INTO networks (name) VALUES ('Testnet') RETURNING id`).Scan(&network); err != nil {
		t.Fatal(err)
	}
	var emp [4]int64
	for i := range emp {
		if err := pool.QueryRow(ctx, `INSERT INTO employers (network_id, name) VALUES ($1, $2) RETURNING id`, network, fmt.Sprintf("Werkgever %d", i)).Scan(&emp[i]); err != nil {
			t.Fatal(err)
		}
	}
	// The filters as they were: counting the active contacts.
	counted := map[string]string{
		"one contact":  `(SELECT count(*) FROM contacts c WHERE c.employer_id = e.id AND ` + activeContact + `) = 1`,
		"directie ja":  `EXISTS (SELECT 1 FROM contacts c WHERE c.employer_id = e.id AND c.function = 'directie' AND ` + activeContact + `)`,
		"directie nee": `NOT EXISTS (SELECT 1 FROM contacts c WHERE c.employer_id = e.id AND c.function = 'directie' AND ` + activeContact + `)`,
	}
	filters := map[string]Filter{"one contact": {OneContact: true}, "directie ja": {Directie: "ja"}, "directie nee": {Directie: "nee"}}
	ids := func(sql string, args ...any) []int64 {
		rows, _ := pool.Query(ctx, `SELECT e.id FROM employers e WHERE `+sql+` ORDER BY e.id`, args...)
		out, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	e0, e1, e2, e3 := emp[0], emp[1], emp[2], emp[3]
	steps := []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO contacts (employer_id, name, function, active_until, level, active_from) VALUES ($1, 'Anna', 'hr', NULL, 'tactisch', current_date - 100)`, []any{e0}},
		{`INSERT INTO contacts (employer_id, name, function, active_until, level, active_from) VALUES ($1, 'Bert', 'directie', NULL, 'tactisch', current_date - 100), ($1, 'Cor', 'mvo', NULL, 'tactisch', current_date - 100)`, []any{e1}},
		{`INSERT INTO contacts (employer_id, name, function, active_until, level, active_from) VALUES ($1, 'Dirk', 'hr', current_date - 10, 'tactisch', current_date - 100), ($1, 'Eva', 'hr', current_date + 30, 'tactisch', current_date - 100)`, []any{e2}},
		{`INSERT INTO contacts (employer_id, name, function, active_until, level, active_from) VALUES ($1, 'Fien', 'directie', current_date + 5, 'tactisch', current_date - 100), ($2, 'Gijs', 'directie', current_date, 'tactisch', current_date - 100)`, []any{e3, e0}},
		{`UPDATE contacts SET active_until = current_date + 1 WHERE name = 'Cor'`, nil},
		{`UPDATE contacts SET function = 'directie' WHERE name = 'Anna'`, nil},
		{`UPDATE contacts SET employer_id = $1 WHERE name = 'Bert'`, []any{e2}},
		{`UPDATE contacts SET active_until = NULL WHERE name = 'Eva'`, nil},
		{`UPDATE contacts SET active_until = current_date - 1 WHERE name = 'Fien'`, nil},
		{`DELETE FROM contacts WHERE name IN ('Anna', 'Dirk')`, nil},
		{`INSERT INTO contacts (employer_id, name, function, active_until, level, active_from) SELECT e, 'Henk', 'hr', NULL::date, 'tactisch', current_date - 100 FROM unnest($1::bigint[]) e`, []any{emp[:]}},
		{`DELETE FROM employers WHERE id = $1`, []any{e3}},
		{`TRUNCATE contacts CASCADE`, nil},
	}
	for i, step := range steps {
		if _, err := pool.Exec(ctx, step.sql, step.args...); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		for name, f := range filters {
			where, wargs := f.where(identity.Scope{All: true})
			got, want := ids(where, wargs...), ids(counted[name])
			if !slices.Equal(got, want) {
				t.Errorf("after step %d (%s), %s: %v, counting gives %v", i, step.sql, name, got, want)
			}
		}
	}
}
