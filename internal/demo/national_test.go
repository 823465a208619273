package demo

import (
	"context"
	"errors"
	"testing"

	"netwerkportaal/internal/platform/db/dbtest"
)

func TestLoadNational(t *testing.T) {
	t.Parallel() // each on a database of its own
	ctx := context.Background()
	pool := dbtest.New(t)
	if _, err := LoadNational(ctx, pool, NationalOptions{Employers: 0}); err == nil {
		t.Fatal("0 employers should be refused")
	}
	sum, err := LoadNational(ctx, pool, NationalOptions{Employers: 400, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Networks != 40 || sum.Employers != 400 || sum.Events != 160 {
		t.Errorf("summary %+v", sum)
	}
	// Every table of the workload is filled, in the proportions asked for.
	for _, c := range []struct {
		sql    string
		lo, hi int
	}{
		{`SELECT count(*) FROM networks WHERE name LIKE 'Netwerk Inclusief Werkgeven %' OR name LIKE 'Samen Aan Het Werk %'`, 40, 40},
		{`SELECT count(*) FROM contacts`, 1400, 1800},
		{`SELECT count(*) FROM event_invitations`, 4000, 8000},
		{`SELECT count(*) FROM event_invitations WHERE status = 'aanwezig'`, 500, 4000},
		{`SELECT count(*) FROM placement_reports`, 800, 2400},
		{`SELECT count(*) FROM intakes`, 390, 400},
		{`SELECT count(*) FROM visits`, 300, 900},
		{`SELECT count(*) FROM follow_ups WHERE done_at IS NULL`, 20, 200},
		{`SELECT count(*) FROM referrals`, 100, 250},
		{`SELECT count(*) FROM commitments`, 200, 1000},
		{`SELECT count(*) FROM subgroup_members`, 1000, 10000},
		{`SELECT count(*) FROM audit_log`, 1800, 3000},
		{`SELECT count(DISTINCT date_trunc('year', created_at)) FROM employers`, 3, 4},
		{`SELECT count(*) FROM employers WHERE name ~ '[^[:ascii:]]'`, 1, 400},
		{`SELECT count(DISTINCT name) FROM employers`, 300, 400},
		{`SELECT count(*) FROM user_networks un JOIN users u ON u.id = un.user_id WHERE u.email = 'directeur@landelijk.example.org'`, 40, 40},
	} {
		var got int
		if err := pool.QueryRow(ctx, c.sql).Scan(&got); err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if got < c.lo || got > c.hi {
			t.Errorf("%s = %d, want %d..%d", c.sql, got, c.lo, c.hi)
		}
	}
	// A second run refuses with a clear message and changes nothing.
	if _, err := LoadNational(ctx, pool, NationalOptions{Employers: 400, Seed: 7}); !errors.Is(err, ErrNationalLoaded) {
		t.Errorf("second run: %v", err)
	}
	// New rows still get fresh ids after the explicit ids of COPY.
	var id int64
	if err := pool.QueryRow(ctx, `INSERT INTO networks (name) VALUES ('Nog een netwerk') RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
}

// The same seed gives the same data.
func TestLoadNationalDeterministic(t *testing.T) {
	t.Parallel() // each on a database of its own
	ctx := context.Background()
	digest := func() string {
		pool := dbtest.New(t)
		if _, err := LoadNational(ctx, pool, NationalOptions{Employers: 80, Seed: 3}); err != nil {
			t.Fatal(err)
		}
		var d string
		err := pool.QueryRow(ctx, `SELECT md5(string_agg(e.name || e.kvk_number || e.status || e.employee_count || coalesce(c.n, ''), ',' ORDER BY e.kvk_number))
			FROM employers e LEFT JOIN LATERAL (SELECT string_agg(name, ';' ORDER BY id) n FROM contacts WHERE employer_id = e.id) c ON true`).Scan(&d)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if a, b := digest(), digest(); a != b {
		t.Errorf("two loads with one seed differ: %s vs %s", a, b)
	}
}
