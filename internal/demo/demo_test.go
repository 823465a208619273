package demo

import (
	"context"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/auth"
	"netwerkportaal/internal/platform/db/dbtest"
)

func TestSeed(t *testing.T) {
	t.Parallel() // each on a database of its own
	ctx := context.Background()
	pool := dbtest.New(t)

	empty, err := IsEmpty(ctx, pool)
	if err != nil || !empty {
		t.Fatalf("IsEmpty before seeding = %v, %v; want true", empty, err)
	}
	start := time.Now()
	sum, err := Seed(ctx, pool)
	if err != nil {
		t.Fatalf("Seed: %v", err)
	}
	t.Logf("Seed took %v (with a password hash per account): %+v", time.Since(start), sum)
	empty, err = IsEmpty(ctx, pool)
	if err != nil || empty {
		t.Fatalf("IsEmpty after seeding = %v, %v; want false", empty, err)
	}

	q := querier{t, ctx, pool}

	// Counts, and the summary agrees with the tables.
	if got := q.int(`SELECT count(*) FROM networks`); got < 3 || got != sum.Networks {
		t.Errorf("networks = %d (summary %d), want >= 3", got, sum.Networks)
	}
	if got := q.int(`SELECT count(*) FROM users`); got != 4 || got != sum.Users {
		t.Errorf("users = %d (summary %d), want 4", got, sum.Users)
	}
	if got := q.int(`SELECT count(*) FROM employers`); got < 60 || got != sum.Employers {
		t.Errorf("employers = %d (summary %d), want >= 60", got, sum.Employers)
	}
	if got := q.int(`SELECT count(*) FROM contacts`); got != sum.Contacts {
		t.Errorf("contacts = %d, summary %d", got, sum.Contacts)
	}

	// Network 1 is the first one, and the demo accounts see the right networks.
	if got := q.str(`SELECT name FROM networks ORDER BY id LIMIT 1`); got != "99vanTwente" {
		t.Errorf("first network = %q, want 99vanTwente", got)
	}
	if got := q.int(`SELECT count(*) FROM networks n JOIN regions r ON r.id = n.region_id`); got != sum.Networks {
		t.Errorf("%d networks with a region, want %d", got, sum.Networks)
	}
	wantNetworks := map[string]string{
		"coordinator@example.org":  "{1}",
		"coordinator2@example.org": "{2}",
		"bestuur@example.org":      "{1,2,3}",
		"beheer@example.org":       "{}",
	}
	for email, want := range wantNetworks {
		got := q.str(`
			SELECT coalesce(array_agg(n.rank ORDER BY n.rank) FILTER (WHERE n.rank IS NOT NULL), '{}')::text
			FROM users u
			LEFT JOIN user_networks un ON un.user_id = u.id
			LEFT JOIN (SELECT id, rank() OVER (ORDER BY id) FROM networks) n ON n.id = un.network_id
			WHERE u.email = $1
			GROUP BY u.id`, email)
		if got != want {
			t.Errorf("networks of %s = %s, want %s", email, got, want)
		}
	}
	if got := q.str(`SELECT role || '/' || name FROM users WHERE email = 'beheer@example.org'`); got != "beheerder/Bea Beheer" {
		t.Errorf("beheer@example.org = %q", got)
	}

	// Every employer has 1..5 active contacts and at most 5 in all; most have 2..5.
	if got := q.int(`
		SELECT count(*) FROM employers e
		WHERE (SELECT count(*) FROM contacts c WHERE c.employer_id = e.id AND c.active_until IS NULL) NOT BETWEEN 1 AND 5
		   OR (SELECT count(*) FROM contacts c WHERE c.employer_id = e.id) > 5`); got != 0 {
		t.Errorf("%d employers with an active contact count outside 1..5", got)
	}
	twoToFive := q.int(`SELECT count(*) FROM employers e WHERE (SELECT count(*) FROM contacts c WHERE c.employer_id = e.id) BETWEEN 2 AND 5`)
	if twoToFive*100 < sum.Employers*85 {
		t.Errorf("only %d of %d employers have 2..5 contacts", twoToFive, sum.Employers)
	}

	// Exactly one active primary contact per employer.
	if got := q.int(`
		SELECT count(*) FROM employers e
		WHERE (SELECT count(*) FROM contacts c WHERE c.employer_id = e.id AND c.is_primary AND c.active_until IS NULL) <> 1`); got != 0 {
		t.Errorf("%d employers without exactly one active primary contact", got)
	}

	// The warnings have something to show, also in network 1.
	const firstNetwork = `(SELECT min(id) FROM networks)`
	const single = `(SELECT count(*) FROM contacts c WHERE c.employer_id = e.id AND c.active_until IS NULL) = 1`
	const noDirectie = `NOT EXISTS (SELECT 1 FROM contacts c WHERE c.employer_id = e.id AND c.active_until IS NULL AND c.function = 'directie')`
	if got := q.int(`SELECT count(*) FROM employers e WHERE ` + single); got < 6 || got > 12 {
		t.Errorf("%d employers with one active contact, want about 8", got)
	}
	if got := q.int(`SELECT count(*) FROM employers e WHERE ` + noDirectie); got < 7 || got > 16 {
		t.Errorf("%d employers without a directie contact, want about 10", got)
	}
	if got := q.int(`SELECT count(*) FROM employers e WHERE network_id = ` + firstNetwork + ` AND ` + single); got < 1 {
		t.Errorf("network 1 has no employer with one active contact")
	}
	if got := q.int(`SELECT count(*) FROM employers e WHERE network_id = ` + firstNetwork + ` AND ` + noDirectie); got < 1 {
		t.Errorf("network 1 has no employer without a directie contact")
	}
	if got := q.int(`SELECT count(*) FROM contacts WHERE active_until < current_date AND active_from <= active_until`); got < 10 {
		t.Errorf("%d former contacts, want >= 10", got)
	}
	if got := q.int(`SELECT count(*) FROM contacts WHERE active_until IS NOT NULL AND (active_until >= current_date OR is_primary)`); got != 0 {
		t.Errorf("%d former contacts that end in the future or are primary", got)
	}
	// Directie contacts are mostly strategisch.
	dirTotal := q.int(`SELECT count(*) FROM contacts WHERE function = 'directie'`)
	dirStrategic := q.int(`SELECT count(*) FROM contacts WHERE function = 'directie' AND level = 'strategisch'`)
	if dirTotal == 0 || dirStrategic*100 < dirTotal*75 {
		t.Errorf("%d of %d directie contacts strategisch, want most", dirStrategic, dirTotal)
	}

	// Network 1 covers every status and every size class; every network every size class.
	if got := q.int(`SELECT count(DISTINCT status) FROM employers WHERE network_id = ` + firstNetwork); got != 5 {
		t.Errorf("network 1 has %d statuses, want 5", got)
	}
	if got := q.int(`
		SELECT count(*) FROM networks n, size_classes s
		WHERE NOT EXISTS (SELECT 1 FROM employers e WHERE e.network_id = n.id
			AND e.employee_count BETWEEN s.min_employees AND coalesce(s.max_employees, 2147483647))`); got != 0 {
		t.Errorf("%d (network, size class) pairs without employers", got)
	}
	if got := q.int(`SELECT count(*) FROM employers WHERE employee_count NOT BETWEEN 3 AND 4000`); got != 0 {
		t.Errorf("%d employers with an employee count outside 3..4000", got)
	}
	if got := q.int(`SELECT count(*) FROM employers WHERE status = 'lid'`); got*2 <= sum.Employers {
		t.Errorf("%d members of %d employers, want a majority", got, sum.Employers)
	}
	if got := q.int(`SELECT count(*) FROM employers e JOIN networks n ON n.id = e.network_id WHERE e.region_id IS DISTINCT FROM n.region_id`); got != 0 {
		t.Errorf("%d employers outside their network's region", got)
	}
	if got := q.int(`SELECT count(DISTINCT sector_id) FROM employers`); got < 12 {
		t.Errorf("employers in %d sectors, want a spread", got)
	}
	if got := q.int(`SELECT count(*) FROM employers e JOIN sectors s ON s.id = e.sector_id WHERE s.code = 'O'`); got < 3 {
		t.Errorf("%d government employers, want some", got)
	}

	// Membership dates and status history agree with the status.
	if got := q.int(`
		SELECT count(*) FROM employers
		WHERE (status IN ('lid', 'gepauzeerd', 'uitgeschreven')) <> (member_since IS NOT NULL)
		   OR member_since < current_date - 4 * 366 OR member_since > current_date
		   OR status_changed_on > current_date OR member_since > status_changed_on`); got != 0 {
		t.Errorf("%d employers with an implausible member_since", got)
	}
	if got := q.int(`
		SELECT count(*) FROM employers e
		WHERE (SELECT status || ' ' || changed_on FROM employer_status_changes h
		       WHERE h.employer_id = e.id ORDER BY changed_on DESC, id DESC LIMIT 1)
		      IS DISTINCT FROM e.status || ' ' || e.status_changed_on
		   OR NOT EXISTS (SELECT 1 FROM employer_status_changes h WHERE h.employer_id = e.id AND h.status = 'lid' AND h.changed_on = e.member_since)
		      AND e.member_since IS NOT NULL`); got != 0 {
		t.Errorf("%d employers whose status history disagrees with status or member_since", got)
	}
	if got := q.int(`
		SELECT count(*) FROM (
			SELECT changed_on <= lag(changed_on) OVER (PARTITION BY employer_id ORDER BY id) AS bad
			FROM employer_status_changes) x
		WHERE bad`); got != 0 {
		t.Errorf("%d status changes not after the previous one", got)
	}
	if got := q.int(`SELECT count(*) FROM employers e WHERE EXISTS (SELECT 1 FROM employer_tags et JOIN tags t ON t.id = et.tag_id WHERE et.employer_id = e.id AND t.kind = 'uitdaging')`); got*100 < sum.Employers*75 {
		t.Errorf("%d employers with a challenge, want most", got)
	}
	if got := q.int(`SELECT count(*) FROM employer_tags et JOIN tags t ON t.id = et.tag_id WHERE t.kind = 'aanbod'`); got < 30 {
		t.Errorf("%d offers, want more", got)
	}

	// Postcodes, KvK numbers, e-mail addresses and phone numbers are well formed.
	postcode := regexp.MustCompile(`^[1-9][0-9]{3} [A-Z]{2}$`)
	kvk := regexp.MustCompile(`^[0-9]{8}$`)
	var withoutKvK int
	kvks := map[string]bool{}
	rows, _ := pool.Query(ctx, `SELECT e.name, e.postcode, e.kvk_number, r.name, e.city FROM employers e JOIN regions r ON r.id = e.region_id`)
	var name, pc, region, city string
	var kvkNumber *string
	_, err = pgx.ForEachRow(rows, []any{&name, &pc, &kvkNumber, &region, &city}, func() error {
		if !postcode.MatchString(pc) || slices.Contains([]string{"SA", "SD", "SS"}, pc[5:]) {
			t.Errorf("%s: postcode %q", name, pc)
		}
		prefix := map[string]string{"Twente": "7", "Groot Amsterdam": "1", "Zuid-Kennemerland en IJmond": "12"}[region]
		if prefix == "" || !regexp.MustCompile(`^[`+prefix+`]`).MatchString(pc) {
			t.Errorf("%s: postcode %q does not fit region %s", name, pc, region)
		}
		switch {
		case kvkNumber == nil:
			withoutKvK++
		case !kvk.MatchString(*kvkNumber) || kvks[*kvkNumber]:
			t.Errorf("%s: kvk %q invalid or duplicate", name, *kvkNumber)
		default:
			kvks[*kvkNumber] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if withoutKvK < 1 || withoutKvK > 8 {
		t.Errorf("%d employers without KvK number, want a few", withoutKvK)
	}
	email := regexp.MustCompile(`^[a-z]+\.[a-z]+@[a-z0-9]+(-[a-z0-9]+)*\.example$`)
	phone := regexp.MustCompile(`^(06-[1-9][0-9]{7}|0[1-9][0-9]-[2-9][0-9]{6}|0[1-9][0-9]{2}-[2-9][0-9]{5}|)$`)
	rows, _ = pool.Query(ctx, `SELECT email, phone FROM contacts`)
	var em, ph string
	_, err = pgx.ForEachRow(rows, []any{&em, &ph}, func() error {
		if !email.MatchString(em) {
			t.Errorf("contact e-mail %q", em)
		}
		if !phone.MatchString(ph) {
			t.Errorf("contact phone %q", ph)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// One audit entry per created employer and contact.
	if got := q.int(`
		SELECT count(*) FROM audit_log
		WHERE source = 'seed' AND actor = 'Demo-gegevens' AND action = 'aangemaakt' AND changes = '{}'
		  AND ((entity = 'employer' AND employer_id = entity_id AND entity_id IN (SELECT id FROM employers))
		    OR (entity = 'contact' AND (entity_id, employer_id) IN (SELECT id, employer_id FROM contacts)))`); got != sum.Employers+sum.Contacts {
		t.Errorf("%d audit entries, want %d", got, sum.Employers+sum.Contacts)
	}

	// The demo password works.
	hash := q.str(`SELECT password_hash FROM users WHERE email = 'coordinator@example.org'`)
	if !auth.CheckPassword("demo-wachtwoord", hash) {
		t.Error("demo-wachtwoord does not verify for coordinator@example.org")
	}
	// Each account has its own salt, so its own hash.
	if n := q.int(`SELECT count(*) - count(DISTINCT password_hash) FROM users`); n != 0 {
		t.Errorf("%d demo accounts share a password hash", n)
	}

	// Seeding twice fails and changes nothing.
	if _, err := Seed(ctx, pool); err == nil {
		t.Error("second Seed succeeded, want an error")
	}
	if got := q.int(`SELECT count(*) FROM employers`); got != sum.Employers {
		t.Errorf("employers after a failed second Seed = %d, want %d", got, sum.Employers)
	}
}

func TestSeedDeterministic(t *testing.T) {
	t.Parallel() // each on a database of its own
	ctx := context.Background()
	var runs [2][]string
	for i := range runs {
		pool := dbtest.New(t)
		if _, err := Seed(ctx, pool); err != nil {
			t.Fatalf("Seed: %v", err)
		}
		rows, _ := pool.Query(ctx, `
			SELECT e.name || ' | ' || coalesce(e.kvk_number, '-') || ' | ' || e.postcode || ' | ' || e.status || ' | ' ||
			       coalesce((SELECT string_agg(c.name || ' ' || c.email, ', ' ORDER BY c.id) FROM contacts c WHERE c.employer_id = e.id), '')
			FROM employers e ORDER BY e.id`)
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		runs[i] = names
	}
	if !slices.Equal(runs[0], runs[1]) {
		t.Fatalf("two seeds differ:\n%v\n%v", runs[0], runs[1])
	}
	if len(runs[0]) == 0 || !regexp.MustCompile(`^Bakkerij Ter Haar \|`).MatchString(runs[0][0]) {
		t.Errorf("first employer = %q", runs[0][0])
	}
}

// seededQuerier seeds the demo into a database of the test's own and
// returns a querier on it.
func seededQuerier(t *testing.T) querier {
	t.Helper()
	ctx := context.Background()
	pool := dbtest.New(t)
	if _, err := Seed(ctx, pool); err != nil {
		t.Fatalf("Seed: %v", err)
	}
	return querier{t, ctx, pool}
}

type querier struct {
	t    *testing.T
	ctx  context.Context
	pool *pgxpool.Pool
}

func (q querier) int(sql string, args ...any) int {
	q.t.Helper()
	var n int
	if err := q.pool.QueryRow(q.ctx, sql, args...).Scan(&n); err != nil {
		q.t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func (q querier) str(sql string, args ...any) string {
	q.t.Helper()
	var s string
	if err := q.pool.QueryRow(q.ctx, sql, args...).Scan(&s); err != nil {
		q.t.Fatalf("%s: %v", sql, err)
	}
	return s
}
