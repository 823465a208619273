package dashboard_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/dashboard"
	"netwerkportaal/internal/platform/db/dbtest"
)

// The figures from a snapshot are exactly those computed per view; a
// change shows after the next refresh; two instances refreshing at once
// compute a due snapshot once.
func TestSnapshotsGiveTheSameFigures(t *testing.T) {
	f := newFixture(t)
	store := dashboard.NewStore(f.pool).UseRecruitment(app.RecruitmentDashboard())
	now := func() time.Time { return fixedNow }
	for _, sc := range []dashboard.Scope{f.scope(4, f.netA), f.scope(4, f.netA, f.netB), f.scope(8, f.netB)} {
		want, err := store.Load(f.ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		first, at1, err := store.Snapshot(f.ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		again, at2, err := store.Snapshot(f.ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		if !at1.Equal(at2) {
			t.Errorf("second view recomputed: %v, %v", at1, at2)
		}
		if len(want.Recruitment) < 100 {
			t.Errorf("%v: no recruitment figures: %s", sc.Networks, want.Recruitment)
		}
		if !sameFigures(t, want, first) || !sameFigures(t, want, again) {
			t.Errorf("%v: snapshot differs from the live figures:\n%+v\n%+v", sc.Networks, want, again)
		}
	}

	sc := f.scope(4, f.netA)
	before, _, _ := store.Snapshot(f.ctx, sc)
	f.exec(`UPDATE employers SET status = 'uitgeschreven', status_changed_on = $1 WHERE network_id = $2 AND status = 'lid'`,
		fixedNow.AddDate(0, 0, -1), f.netA)
	if n, err := store.Refresh(f.ctx, now); err != nil || n != 0 {
		t.Fatalf("fresh snapshots refreshed: %d, %v", n, err)
	}
	if lag, err := dashboard.RefreshLag(f.ctx, f.pool); err != nil || lag != 0 {
		t.Errorf("lag with fresh snapshots: %v, %v", lag, err)
	}
	f.exec(`UPDATE dashboard_snapshots SET computed_at = now() - interval '1 minute'`)
	// Due since 15 s (older than 45 s); the refresher fell behind.
	if lag, err := dashboard.RefreshLag(f.ctx, f.pool); err != nil || lag < 14*time.Second || lag > 20*time.Second {
		t.Errorf("lag of snapshots a minute old: %v, %v; want about 15s", lag, err)
	}
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := store.Refresh(f.ctx, now)
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		}()
	}
	wg.Wait()
	if counts[0]+counts[1] != 3 {
		t.Errorf("two refreshers computed %v snapshots, want 3 in all", counts)
	}
	if lag, err := dashboard.RefreshLag(f.ctx, f.pool); err != nil || lag != 0 {
		t.Errorf("lag after the refresh: %v, %v", lag, err)
	}
	want, _ := store.Load(f.ctx, sc)
	after, _, _ := store.Snapshot(f.ctx, sc)
	if !sameFigures(t, want, after) || reflect.DeepEqual(before.Summary, after.Summary) {
		t.Errorf("the change does not show after a refresh:\nbefore %+v\nafter  %+v", before.Summary, after.Summary)
	}
}

// sameFigures compares every figure; an empty list and no list are the
// same (gob does not tell them apart, and neither does the page).
func sameFigures(t *testing.T, a, b *dashboard.Data) bool {
	t.Helper()
	norm := func(d *dashboard.Data) string {
		j, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		return strings.ReplaceAll(string(j), "null", "[]")
	}
	return norm(a) == norm(b)
}

// With a read pool the figures come from it (a replica), while the
// snapshot rows are written on the main pool: a copy of the database in
// which every member left shows that in the figures, and the snapshot is
// stored in the primary only.
func TestReadPoolServesTheFigures(t *testing.T) {
	f := newFixture(t)
	sc := f.scope(4, f.netA)
	primary, err := dashboard.NewStore(f.pool).Load(f.ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	replica := dbtest.Copy(t, f.pool)
	if _, err := replica.Exec(f.ctx, `UPDATE employers SET status = 'uitgeschreven', status_changed_on = $1 WHERE network_id = $2 AND status = 'lid'`,
		fixedNow.AddDate(0, 0, -1), f.netA); err != nil {
		t.Fatal(err)
	}
	want, err := dashboard.NewStore(replica).Load(f.ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(primary.Summary, want.Summary) {
		t.Fatal("the change in the copy does not change the figures")
	}
	store := dashboard.NewStore(f.pool).UseReadPool(replica)
	got, _, err := store.Snapshot(f.ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	if !sameFigures(t, want, got) {
		t.Errorf("figures with a read pool are not the replica's:\n%+v\n%+v", want.Summary, got.Summary)
	}
	var onPrimary, onReplica int
	f.pool.QueryRow(f.ctx, `SELECT count(*) FROM dashboard_snapshots`).Scan(&onPrimary)
	replica.QueryRow(f.ctx, `SELECT count(*) FROM dashboard_snapshots`).Scan(&onReplica)
	if onPrimary != 1 || onReplica != 0 {
		t.Errorf("snapshots: %d on the primary, %d on the replica; want 1 and 0", onPrimary, onReplica)
	}
}

// TestViewsDoNotWaitForTheRefresher: while the worker holds a snapshot
// locked to recompute it, a view that would mark it as looked at answers
// from the snapshot at once instead of waiting for the lock, and marks it
// once the lock is gone.
func TestViewsDoNotWaitForTheRefresher(t *testing.T) {
	f := newFixture(t)
	store := dashboard.NewStore(f.pool).UseRecruitment(app.RecruitmentDashboard())
	sc := f.scope(4, f.netA)
	if _, _, err := store.Snapshot(f.ctx, sc); err != nil {
		t.Fatal(err)
	}
	f.exec(`UPDATE dashboard_snapshots SET requested_at = now() - interval '1 minute'`)
	tx, err := f.pool.Begin(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(f.ctx)
	if _, err := tx.Exec(f.ctx, `SELECT 1 FROM dashboard_snapshots FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(f.ctx, 5*time.Second)
	defer cancel()
	if _, _, err := store.Snapshot(ctx, sc); err != nil {
		t.Fatalf("a view while the snapshot is locked: %v", err)
	}
	if err := tx.Rollback(f.ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.Snapshot(f.ctx, sc); err != nil {
		t.Fatal(err)
	}
	var marked bool
	if err := f.pool.QueryRow(f.ctx, `SELECT bool_and(requested_at > now() - interval '10 seconds') FROM dashboard_snapshots`).Scan(&marked); err != nil || !marked {
		t.Errorf("the snapshot was not marked as looked at after the lock: %v, %v", marked, err)
	}
}

// After another instance refreshed a snapshot, the views that ask for it
// at once all get the new figures, from one read and decode of it shared
// among them (issue 12: each used to decode its own copy).
func TestViewsShareOneReadOfANewSnapshot(t *testing.T) {
	f := newFixture(t)
	now := func() time.Time { return fixedNow }
	views := dashboard.NewStore(f.pool).UseRecruitment(app.RecruitmentDashboard())
	other := dashboard.NewStore(f.pool).UseRecruitment(app.RecruitmentDashboard()) // another instance
	sc := f.scope(4, f.netA, f.netB)
	if _, _, err := views.Snapshot(f.ctx, sc); err != nil {
		t.Fatal(err)
	}
	f.exec(`UPDATE employers SET status = 'uitgeschreven', status_changed_on = $1 WHERE network_id = $2 AND status = 'lid'`,
		fixedNow.AddDate(0, 0, -1), f.netA)
	f.exec(`UPDATE dashboard_snapshots SET computed_at = now() - interval '1 minute'`)
	if n, err := other.Refresh(f.ctx, now); err != nil || n != 1 {
		t.Fatalf("refreshed %d, %v", n, err)
	}
	want, err := views.Load(f.ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	const n = 16
	got := make([]*dashboard.Data, n)
	ats := make([]time.Time, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { got[i], ats[i], errs[i] = views.Snapshot(f.ctx, sc) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !ats[i].Equal(ats[0]) || !sameFigures(t, want, got[i]) {
			t.Fatalf("view %d: version %v (first %v), or figures differ from the live ones", i, ats[i], ats[0])
		}
		if len(got[i].Growth) == 0 || &got[i].Growth[0] != &got[0].Growth[0] {
			t.Errorf("view %d decoded its own copy of the snapshot", i)
		}
	}
}
