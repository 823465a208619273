package events_test

import (
	"context"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/events"
	"netwerkportaal/internal/platform/identity"
)

// wrongCounts lists the events whose stored invitation counts (migration
// 00073) differ from a live count of their invitations.
func wrongCounts(t testing.TB, env *apptest.Env) []int64 {
	t.Helper()
	rows, err := env.Pool.Query(context.Background(), `SELECT e.id FROM events e
		LEFT JOIN (SELECT event_id,
				count(*) FILTER (WHERE status = 'uitgenodigd') AS uitgenodigd, count(*) FILTER (WHERE status = 'aangemeld') AS aangemeld,
				count(*) FILTER (WHERE status = 'afgemeld') AS afgemeld, count(*) FILTER (WHERE status = 'wachtlijst') AS wachtlijst,
				count(*) FILTER (WHERE status = 'aanwezig') AS aanwezig, count(*) FILTER (WHERE status = 'afwezig') AS afwezig
			FROM event_invitations GROUP BY event_id) k ON k.event_id = e.id
		WHERE (e.count_uitgenodigd, e.count_aangemeld, e.count_afgemeld, e.count_wachtlijst, e.count_aanwezig, e.count_afwezig)
			IS DISTINCT FROM (coalesce(k.uitgenodigd, 0), coalesce(k.aangemeld, 0), coalesce(k.afgemeld, 0),
				coalesce(k.wachtlijst, 0), coalesce(k.aanwezig, 0), coalesce(k.afwezig, 0))
		ORDER BY e.id`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// checkCounts fails when a stored count is off, and when there is nothing
// to count (a check that cannot fail proves nothing).
func checkCounts(t testing.TB, env *apptest.Env, step string) {
	t.Helper()
	if ids := wrongCounts(t, env); len(ids) > 0 {
		t.Fatalf("%s: stored invitation counts differ from the invitations for events %v", step, ids)
	}
	stored := apptest.Scalar[int](t, env, `SELECT coalesce(sum(count_uitgenodigd + count_aangemeld + count_afgemeld
		+ count_wachtlijst + count_aanwezig + count_afwezig), 0)::int FROM events`)
	live := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM event_invitations`)
	if stored != live {
		t.Fatalf("%s: %d invitations counted on the events, %d in the table", step, stored, live)
	}
}

// TestStoredInvitationCounts changes invitations in every way the portal
// and others do (the store, several rows and events in one statement, a
// new status, a move, a contact merge, an erasure, a deleted event,
// concurrent writers, TRUNCATE) and compares the stored counts with a live
// count after each.
func TestStoredInvitationCounts(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	ctx := context.Background()
	if apptest.Scalar[int](t, env, `SELECT count(*)::int FROM event_invitations`) == 0 {
		t.Fatal("the demo data has no invitations to count")
	}
	checkCounts(t, env, "demo data")

	net := network(t, env, 1)
	a, b := newEvent(t, env, net, 10, nil), newEvent(t, env, net, 20, nil)
	people := contacts(t, env, net, 12)
	inviteTokens(t, env, a, people[:6])
	checkCounts(t, env, "invited through the store")

	apptest.Exec(t, env, `INSERT INTO event_invitations (event_id, contact_id, status)
		SELECT $1::bigint, c, 'aangemeld' FROM unnest($3::bigint[]) c UNION ALL SELECT $2::bigint, c, 'wachtlijst' FROM unnest($4::bigint[]) c`,
		b, a, people[:4], people[6:9])
	checkCounts(t, env, "two events in one INSERT")

	apptest.Exec(t, env, `UPDATE event_invitations SET status = CASE status WHEN 'uitgenodigd' THEN 'aangemeld' ELSE 'afgemeld' END
		WHERE event_id IN ($1, $2)`, a, b)
	checkCounts(t, env, "new statuses")

	apptest.Exec(t, env, `UPDATE event_invitations SET status = 'aanwezig', checked_in_at = now() WHERE event_id = $1 AND contact_id = $2`, a, people[0])
	apptest.Exec(t, env, `UPDATE event_invitations SET status = 'afwezig' WHERE event_id = $1 AND status = 'aangemeld'`, a)
	checkCounts(t, env, "attendance")

	apptest.Exec(t, env, `UPDATE event_invitations SET event_id = $2 WHERE event_id = $1 AND contact_id = ANY($3)`, a, b, people[6:9])
	checkCounts(t, env, "moved to another event")

	// A contact merge: the duplicate's invitations go to the kept contact,
	// except where the kept one is invited too.
	kept, dup := people[0], people[1]
	apptest.Exec(t, env, `DELETE FROM event_invitations d USING event_invitations k
		WHERE d.contact_id = $2 AND k.contact_id = $1 AND k.event_id = d.event_id`, kept, dup)
	apptest.Exec(t, env, `UPDATE event_invitations SET contact_id = $1 WHERE contact_id = $2`, kept, dup)
	checkCounts(t, env, "contact merge")

	// Erasure removes a contact, and with it their invitations.
	apptest.Exec(t, env, `DELETE FROM contacts WHERE id = $1`, people[2])
	checkCounts(t, env, "contact erased")

	apptest.Exec(t, env, `DELETE FROM event_invitations WHERE event_id = $1 AND contact_id = $2`, b, people[3])
	checkCounts(t, env, "invitation deleted")

	// A deleted event takes its invitations along without an error.
	apptest.Exec(t, env, `DELETE FROM events WHERE id = $1`, a)
	checkCounts(t, env, "event deleted")

	// Concurrent writers on one event, each in its own transaction.
	c := newEvent(t, env, net, 30, nil)
	current := contacts(t, env, net, 8)
	var wg sync.WaitGroup
	errs := make(chan error, len(current))
	for _, p := range current {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tx, err := env.Pool.Begin(ctx)
			if err != nil {
				errs <- err
				return
			}
			defer tx.Rollback(ctx)
			if _, err := tx.Exec(ctx, `INSERT INTO event_invitations (event_id, contact_id) VALUES ($1, $2)`, c, p); err != nil {
				errs <- err
				return
			}
			if _, err := tx.Exec(ctx, `UPDATE event_invitations SET status = 'aangemeld' WHERE event_id = $1 AND contact_id = $2`, c, p); err != nil {
				errs <- err
				return
			}
			errs <- tx.Commit(ctx)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	checkCounts(t, env, "concurrent writers")

	e, err := events.NewStore(env.Pool).Get(ctx, identity.Scope{All: true}, c)
	if err != nil {
		t.Fatal(err)
	}
	if want := statusCount(t, env, c, "aangemeld"); e.Counts.Registered != want || want == 0 {
		t.Fatalf("the event shows %d registered, the invitations say %d", e.Counts.Registered, want)
	}

	apptest.Exec(t, env, `TRUNCATE event_invitations`)
	checkCounts(t, env, "truncate")
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM events WHERE count_aangemeld <> 0 OR count_uitgenodigd <> 0`); n != 0 {
		t.Fatalf("%d events still count invitations after TRUNCATE", n)
	}
}
