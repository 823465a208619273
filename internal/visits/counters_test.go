package visits_test

import (
	"testing"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/visits"
)

// TestLastVisitAndIntakeFollowTheRows: employers.last_visit_on,
// employers.last_intake_at and intakes.network_id (kept by triggers,
// migration 00065, for /taken and the intakes list) equal what they are
// computed from after inserts, changes of kind, date and status, moves to
// another employer or network, and deletes.
func TestLastVisitAndIntakeFollowTheRows(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	a, b := member(t, env, net1, 0), member(t, env, net1, 1)
	check := func(step string) {
		t.Helper()
		// Every employer of the database, against a live computation with
		// the kinds the Go code counts as a visit.
		wrong := apptest.Scalar[int](t, env, `SELECT count(*) FROM employers e
			WHERE e.last_visit_on IS DISTINCT FROM (SELECT max(v.visited_on) FROM visits v WHERE v.employer_id = e.id AND v.kind = ANY($1))
			   OR e.last_intake_at IS DISTINCT FROM (SELECT max(coalesce(i.submitted_at, i.processed_at)) FROM intakes i
			      WHERE i.employer_id = e.id AND i.status IN ('ingediend', 'verwerkt'))`, visits.VisitKinds)
		if wrong != 0 {
			t.Fatalf("%s: %d employers with a wrong last visit or last intake", step, wrong)
		}
		if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM intakes i JOIN employers e ON e.id = i.employer_id
			WHERE i.network_id <> e.network_id`); n != 0 {
			t.Fatalf("%s: %d intakes with another network than their employer", step, n)
		}
	}
	check("demo data")

	visit := func(employer int64, kind, on string) int64 {
		return apptest.Scalar[int64](t, env, `INSERT INTO visits (employer_id, kind, visited_on) VALUES ($1, $2, $3) RETURNING id`,
			employer, kind, on)
	}
	v1 := visit(a, "bezoek", "2031-03-01")
	v2 := visit(a, "telefoon", "2031-05-01")
	check("insert")
	if got := apptest.Scalar[string](t, env, `SELECT last_visit_on::text FROM employers WHERE id = $1`, a); got != "2031-03-01" {
		t.Fatalf("last visit %s, want 2031-03-01 (a call is not a visit)", got)
	}
	apptest.Exec(t, env, `UPDATE visits SET kind = 'bezoek' WHERE id = $1`, v2)
	check("kind")
	apptest.Exec(t, env, `UPDATE visits SET visited_on = '2030-01-01' WHERE id = $1`, v2)
	check("date")
	apptest.Exec(t, env, `UPDATE visits SET employer_id = $2 WHERE id = $1`, v1, b)
	check("moved")
	apptest.Exec(t, env, `DELETE FROM visits WHERE id = $1`, v2)
	check("delete")

	in := apptest.Scalar[int64](t, env, `INSERT INTO intakes (employer_id, year, token_hash, expires_at)
		VALUES ($1, 2031, sha256('counters-test'), now() + interval '1 day') RETURNING id`, a)
	check("intake invited")
	apptest.Exec(t, env, `UPDATE intakes SET status = 'ingediend', submitted_at = '2031-06-01' WHERE id = $1`, in)
	check("intake submitted")
	if got := apptest.Scalar[string](t, env, `SELECT to_char(last_intake_at, 'YYYY-MM-DD') FROM employers WHERE id = $1`, a); got != "2031-06-01" {
		t.Fatalf("last intake %s, want 2031-06-01", got)
	}
	apptest.Exec(t, env, `UPDATE intakes SET status = 'verwerkt', processed_at = '2031-07-01' WHERE id = $1`, in)
	check("intake processed")
	apptest.Exec(t, env, `UPDATE employers SET network_id = $2 WHERE id = $1`, a, net2)
	check("employer moved to another network")
	apptest.Exec(t, env, `UPDATE intakes SET employer_id = $2 WHERE id = $1`, in, b)
	check("intake moved")
	apptest.Exec(t, env, `DELETE FROM intakes WHERE id = $1`, in)
	check("intake deleted")
}

// TestFollowUpNetworkFollowsTheEmployer: follow_ups.network_id (kept by
// triggers, migration 00076, for /taken) is the network of the follow-up's
// employer after an insert, a move to another employer, a move of the
// employer to another network and a direct write of another network.
func TestFollowUpNetworkFollowsTheEmployer(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	a, b := member(t, env, net1, 0), member(t, env, net2, 0)
	owner := userID(t, env, apptest.Coordinator)
	check := func(step string, f int64, want int64) {
		t.Helper()
		if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM follow_ups f JOIN employers e ON e.id = f.employer_id
			WHERE f.network_id <> e.network_id`); n != 0 {
			t.Fatalf("%s: %d follow-ups with another network than their employer", step, n)
		}
		if got := apptest.Scalar[int64](t, env, `SELECT network_id FROM follow_ups WHERE id = $1`, f); got != want {
			t.Fatalf("%s: network %d, want %d", step, got, want)
		}
	}
	f := insertFollowUp(t, env, a, owner, "Netwerk volgen", 3)
	check("insert", f, net1)
	apptest.Exec(t, env, `UPDATE follow_ups SET employer_id = $2 WHERE id = $1`, f, b)
	check("moved to an employer of network 2", f, net2)
	apptest.Exec(t, env, `UPDATE employers SET network_id = $2 WHERE id = $1`, b, net1)
	check("employer moved to network 1", f, net1)
	apptest.Exec(t, env, `UPDATE follow_ups SET network_id = $2 WHERE id = $1`, f, net2)
	check("network written directly", f, net1)
	apptest.Exec(t, env, `UPDATE follow_ups SET done_at = now() WHERE id = $1`, f)
	check("done", f, net1)
}
