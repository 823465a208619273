package employers

import (
	"context"
	"fmt"
	"testing"

	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/identity"
)

// A search gives its total with its page (a window count); it is the
// total a separate count gives, on every page, past the last one too.
func TestSearchTotalIsTheCount(t *testing.T) {
	pool := dbtest.New(t)
	ctx := context.Background()
	var network int64
	if err := pool.QueryRow(ctx, `INSERT INTO networks (name) VALUES ('Testnet') RETURNING id`).Scan(&network); err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		name := fmt.Sprintf("Bakkerij %02d", i)
		if i%3 == 0 {
			name = fmt.Sprintf("Energiecoöperatie %02d", i)
		}
		if _, err := pool.Exec(ctx, `INSERT INTO employers (network_id, name, city) VALUES ($1, $2, 'Enschede')`, network, name); err != nil {
			t.Fatal(err)
		}
	}
	s := NewStore(pool)
	scope := identity.Scope{Networks: []int64{network}}
	for _, q := range []string{"cooperatie", "bakkerij enschede", "ENSCHEDE", "niets"} {
		for page := 1; page <= 4; page++ {
			f := Filter{Query: q, Page: page}
			items, total, err := s.List(ctx, scope, f)
			if err != nil {
				t.Fatal(err)
			}
			where, args := f.where(scope)
			var want int
			if err := pool.QueryRow(ctx, `SELECT count(*) FROM employers e WHERE `+where, args...).Scan(&want); err != nil {
				t.Fatal(err)
			}
			wantItems := min(max(want-(page-1)*PerPage, 0), PerPage)
			if total != want || len(items) != wantItems {
				t.Errorf("%q page %d: %d items of %d, want %d of %d", q, page, len(items), total, wantItems, want)
			}
		}
	}
}
