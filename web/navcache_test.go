package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/refcache"
)

// The navigation's counts are read once per user and kept until a write
// to a table they count, from any instance, empties every instance's cache
// (migration 00060). Another user's count is kept apart.
func TestNavCountsAreCachedUntilAnyWriterChangesThem(t *testing.T) {
	pool := dbtest.New(t)
	ctx := context.Background()
	a, b := refcache.NewOn(pool, NavigationChannel), refcache.NewOn(pool, NavigationChannel) // two instances
	defer a.Close()
	defer b.Close()
	dbtest.Eventually(t, func() bool { return a.Listening() && b.Listening() })
	var network int64
	if err := pool.QueryRow(ctx, `INSERT INTO networks (name) VALUES ('Testnet') RETURNING id`).Scan(&network); err != nil {
		t.Fatal(err)
	}
	loads := 0
	count := func(ctx context.Context) (int, error) {
		loads++
		var n int
		err := pool.QueryRow(ctx, `SELECT count(*) FROM employers`).Scan(&n)
		return n, err
	}
	// What the layout would show on one page of user u on instance c.
	shown := func(c *refcache.Cache, u *identity.User) int {
		var n int
		h := CacheNavCounts(c, "taken")(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n = navCount(r.Context(), "taken")
		}))
		r := httptest.NewRequest("GET", "/werkgevers", nil)
		ctx := WithNavCounter(identity.With(r.Context(), u), "taken", count)
		h.ServeHTTP(httptest.NewRecorder(), r.WithContext(ctx))
		return n
	}
	ann := &identity.User{ID: 1, Role: "coordinator", Networks: []identity.Network{{ID: network}}}
	bob := &identity.User{ID: 2, Role: "coordinator", Networks: []identity.Network{{ID: network}}}
	for _, c := range []*refcache.Cache{a, a, b, b} {
		if n := shown(c, ann); n != 0 {
			t.Fatalf("count %d, want 0", n)
		}
	}
	if loads != 2 {
		t.Errorf("counted %d times, want once per instance", loads)
	}
	shown(a, bob)
	if loads != 3 {
		t.Errorf("another user's count was taken from the cache (%d loads)", loads)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO employers (network_id, name) VALUES ($1, 'Bakkerij Test')`, network); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*refcache.Cache{a, b} {
		dbtest.Eventually(t, func() bool { return shown(c, ann) == 1 })
	}
	// Without a cache every page counts.
	before := loads
	shown(nil, ann)
	shown(nil, ann)
	if loads != before+2 {
		t.Error("a nil cache cached")
	}
}
