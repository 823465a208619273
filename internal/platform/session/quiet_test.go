package session

import (
	"context"
	"testing"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"

	"netwerkportaal/internal/platform/db/dbtest"
)

// A commit that changes nothing but a few minutes of expiry is not written;
// changed data, a moved expiry or another writer's change are.
func TestQuietStoreSkipsOnlyUnchangedTouches(t *testing.T) {
	pool := dbtest.New(t)
	ctx := context.Background()
	q := newQuietStore(pgxstore.NewWithCleanupInterval(pool, 0))
	other := pgxstore.NewWithCleanupInterval(pool, 0) // a second instance
	enc := func(v map[string]any) []byte {
		b, err := scs.GobCodec{}.Encode(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	stored := func() time.Time {
		var e time.Time
		if err := pool.QueryRow(ctx, `SELECT expiry FROM sessions WHERE token = 'tok'`).Scan(&e); err != nil {
			t.Fatal(err)
		}
		return e
	}
	t0 := time.Now().Add(time.Hour).Truncate(time.Second)
	user := map[string]any{"user": int64(7), "x": "y"}
	if err := q.Commit("tok", enc(user), t0); err != nil {
		t.Fatal(err)
	}
	// Same data, a minute later: skipped.
	q.Find("tok")
	if err := q.Commit("tok", enc(map[string]any{"x": "y", "user": int64(7)}), t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if !stored().Equal(t0) {
		t.Errorf("an unchanged touch was written: %v", stored())
	}
	// Six minutes later: written.
	if err := q.Commit("tok", enc(user), t0.Add(6*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if !stored().Equal(t0.Add(6 * time.Minute)) {
		t.Errorf("a moved expiry was not written: %v", stored())
	}
	// Changed data: written at once.
	if err := q.Commit("tok", enc(map[string]any{"user": int64(7), "x": "z"}), t0.Add(7*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if !stored().Equal(t0.Add(7 * time.Minute)) {
		t.Errorf("changed data was not written: %v", stored())
	}
	// Another instance adds a flash; this one reads it and removes it again:
	// that must be written, although it equals what this process wrote.
	if err := other.Commit("tok", enc(map[string]any{"user": int64(7), "x": "z", "flash": "ok"}), t0.Add(7*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := q.Find("tok"); !found {
		t.Fatal("session gone")
	}
	if err := q.Commit("tok", enc(map[string]any{"user": int64(7), "x": "z"}), t0.Add(8*time.Minute)); err != nil {
		t.Fatal(err)
	}
	b, _, _ := other.Find("tok")
	if _, v, _ := (scs.GobCodec{}).Decode(b); v["flash"] != nil {
		t.Error("the flash removed on this instance is still stored")
	}
}
