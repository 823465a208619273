package refcache_test

import (
	"context"
	"testing"
	"time"

	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/refcache"
)

// A reference list is read once, and any writer's change to a reference
// table empties the cache of every instance.
func TestCacheIsInvalidatedByAnyWriter(t *testing.T) {
	pool := dbtest.New(t)
	ctx := context.Background()
	a, b := refcache.New(pool), refcache.New(pool) // two instances
	defer a.Close()
	defer b.Close()
	dbtest.Eventually(t, func() bool { return a.Listening() && b.Listening() })
	loads := 0
	regions := func(ctx context.Context) (int, error) {
		loads++
		var n int
		err := pool.QueryRow(ctx, `SELECT count(*) FROM regions`).Scan(&n)
		return n, err
	}
	for _, c := range []*refcache.Cache{a, a, b, b} {
		if n, err := refcache.Get(ctx, c, "regions", regions); err != nil || n != 35 {
			t.Fatalf("regions: %d, %v", n, err)
		}
	}
	if loads != 2 {
		t.Errorf("loaded %d times, want once per instance", loads)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO regions (name) VALUES ('Caribisch Nederland')`); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*refcache.Cache{a, b} {
		dbtest.Eventually(t, func() bool {
			n, err := refcache.Get(ctx, c, "regions", regions)
			return err == nil && n == 36
		})
	}
	var version int64
	if err := pool.QueryRow(ctx, `SELECT version FROM reference_version`).Scan(&version); err != nil || version < 2 {
		t.Errorf("reference_version %d, %v", version, err)
	}
	// A nil cache loads every time.
	before := loads
	refcache.Get(ctx, nil, "regions", regions)
	refcache.Get(ctx, nil, "regions", regions)
	if loads != before+2 {
		t.Error("a nil cache cached")
	}
}

// GetFresh loads again a value older than maxAge, whether or not anything
// was announced; with a large maxAge it is Get.
func TestGetFreshReloadsOldValues(t *testing.T) {
	pool := dbtest.New(t)
	ctx := context.Background()
	c := refcache.NewOn(pool, "some_channel")
	defer c.Close()
	dbtest.Eventually(t, c.Listening)
	loads := 0
	load := func(context.Context) (int, error) { loads++; return loads, nil }
	refcache.GetFresh(ctx, c, "k", time.Hour, load)
	if n, _ := refcache.GetFresh(ctx, c, "k", time.Hour, load); n != 1 {
		t.Errorf("a fresh value was loaded again (%d)", n)
	}
	if n, _ := refcache.GetFresh(ctx, c, "k", time.Nanosecond, load); n != 2 {
		t.Errorf("an old value was not loaded again (%d)", n)
	}
	// A NOTIFY on the cache's own channel empties it.
	if _, err := pool.Exec(ctx, `NOTIFY some_channel`); err != nil {
		t.Fatal(err)
	}
	dbtest.Eventually(t, func() bool {
		n, _ := refcache.GetFresh(ctx, c, "k", time.Hour, load)
		return n > 2
	})
}
