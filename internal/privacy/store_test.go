package privacy

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/nltime"
)

// fixture is a database with one network and rows at chosen dates.
type fixture struct {
	t     *testing.T
	pool  *pgxpool.Pool
	store *Store
	today time.Time
	net   int64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	pool := dbtest.New(t)
	f := &fixture{t: t, pool: pool, store: NewStore(pool), today: time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)}
	// Noon in Amsterdam on the fixed day.
	f.store.UseClock(nltime.Fixed(time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)))
	f.net = f.scalar(`INSERT INTO networks (name) VALUES ('Netwerk Test') RETURNING id`)
	return f
}

func (f *fixture) scalar(sql string, args ...any) int64 {
	f.t.Helper()
	var id int64
	if err := f.pool.QueryRow(context.Background(), sql, args...).Scan(&id); err != nil {
		f.t.Fatalf("%s: %v", sql, err)
	}
	return id
}

func (f *fixture) exec(sql string, args ...any) {
	f.t.Helper()
	if _, err := f.pool.Exec(context.Background(), sql, args...); err != nil {
		f.t.Fatalf("%s: %v", sql, err)
	}
}

// employer inserts an employer with a status since a date.
func (f *fixture) employer(name, status string, since time.Time) int64 {
	return f.scalar(`INSERT INTO employers (network_id, name, status, status_changed_on) VALUES ($1, $2, $3, $4) RETURNING id`,
		f.net, name, status, since)
}

// contact inserts a contact who left on until (nil: still there).
func (f *fixture) contact(employer int64, name string, until *time.Time) int64 {
	return f.scalar(`INSERT INTO contacts (employer_id, name, email, function, level, active_from, active_until)
		VALUES ($1, $2, lower(replace($2, ' ', '.')) || '@example.org', 'hr', 'tactisch', '2000-01-01', $3) RETURNING id`,
		employer, name, until)
}

func (f *fixture) ago(years, days int) *time.Time {
	d := f.today.AddDate(-years, 0, -days)
	return &d
}

func TestRetentionListsExactlyWhoIsDue(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	member := f.employer("Lid BV", "lid", f.today.AddDate(-10, 0, 0))
	left3y := f.employer("Weg Sinds Drie Jaar BV", "uitgeschreven", *f.ago(3, 1))
	left18m := f.employer("Weg Sinds Anderhalf Jaar BV", "uitgeschreven", f.today.AddDate(0, -18, 0))
	leftNow := f.employer("Net Weg BV", "uitgeschreven", f.today.AddDate(0, -1, 0))
	paused := f.employer("Gepauzeerd BV", "gepauzeerd", *f.ago(8, 0))
	erasedEmp := f.employer("Al Gewist BV", "uitgeschreven", *f.ago(9, 0))
	f.exec(`UPDATE employers SET erased_at = now() WHERE id = $1`, erasedEmp)

	f.contact(member, "Nog Actief", nil)
	future := f.today.AddDate(0, 1, 0)
	f.contact(member, "Vertrekt Straks", &future)
	left3 := f.contact(member, "Drie Jaar Weg", f.ago(3, 0))
	exactly2 := f.contact(member, "Precies Twee Jaar Weg", f.ago(2, 0))
	left2and1 := f.contact(member, "Twee Jaar En Een Dag", f.ago(2, 1))
	left13m := f.contact(member, "Dertien Maanden Weg", f.ago(1, 30))
	erased := f.contact(member, "Al Gewist", f.ago(6, 0))
	f.exec(`UPDATE contacts SET erased_at = now() WHERE id = $1`, erased)
	f.contact(left3y, "Bij Vertrokken Werkgever", f.ago(4, 0)) // listed with its employer
	f.contact(left3y, "Nog Actief Bij Vertrokken", nil)
	pausedOld := f.contact(paused, "Bij Gepauzeerde", f.ago(5, 0))
	_ = leftNow

	ids := func(ps []Person) []int64 {
		var out []int64
		for _, p := range ps {
			out = append(out, p.ID)
		}
		slices.Sort(out)
		return out
	}
	emps := func(es []DueEmployer) []int64 {
		var out []int64
		for _, e := range es {
			out = append(out, e.ID)
		}
		slices.Sort(out)
		return out
	}
	sorted := func(xs ...int64) []int64 { slices.Sort(xs); return xs }

	r, err := f.store.Retention(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Cutoff.Equal(time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("cutoff %v", r.Cutoff)
	}
	if got, want := ids(r.Contacts), sorted(left3, left2and1, pausedOld); !slices.Equal(got, want) {
		t.Errorf("N=2 contacts %v, want %v (exactly two years ago is not yet due)", got, want)
	}
	if got, want := emps(r.Employers), sorted(left3y); !slices.Equal(got, want) {
		t.Errorf("N=2 employers %v, want %v", got, want)
	}
	if len(r.Employers) == 1 && r.Employers[0].Contacts != 2 {
		t.Errorf("employer takes %d contacts along, want 2", r.Employers[0].Contacts)
	}

	r, err = f.store.Retention(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(r.Contacts), sorted(left3, exactly2, left2and1, left13m, pausedOld); !slices.Equal(got, want) {
		t.Errorf("N=1 contacts %v, want %v", got, want)
	}
	if got, want := emps(r.Employers), sorted(left3y, left18m); !slices.Equal(got, want) {
		t.Errorf("N=1 employers %v, want %v", got, want)
	}

	r, err = f.store.Retention(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Contacts)+len(r.Employers) != 0 {
		t.Errorf("N=10: %v %v", r.Contacts, r.Employers)
	}
}

func TestBulkErasureSkipsWhoCameBack(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background() // no user: the trail names "Systeem"
	emp := f.employer("Lid BV", "lid", f.today.AddDate(-10, 0, 0))
	gone := f.contact(emp, "Lang Geleden Weg", f.ago(5, 0))
	back := f.contact(emp, "Weer Terug", f.ago(5, 0))
	oldEmp := f.employer("Oud Lid BV", "uitgeschreven", *f.ago(4, 0))
	rejoined := f.employer("Weer Lid BV", "uitgeschreven", *f.ago(4, 0))
	empContact := f.contact(oldEmp, "Nog Actief Bij Oud Lid", nil)
	f.exec(`UPDATE employers SET kvk_number = '01234567', address = 'Dorpsstraat 1', postcode = '1234 AB', notes = 'Notitie'
		WHERE id = $1`, oldEmp)

	// Between the list and the confirmation, one came back and one rejoined.
	f.exec(`UPDATE contacts SET active_until = NULL WHERE id = $1`, back)
	f.exec(`UPDATE employers SET status = 'lid', status_changed_on = $2 WHERE id = $1`, rejoined, f.today)

	cutoff := f.store.Cutoff(2)
	res, err := f.store.Erase(ctx, Request{ContactIDs: []int64{gone, back}, EmployerIDs: []int64{oldEmp, rejoined}, Cutoff: &cutoff})
	if err != nil {
		t.Fatal(err)
	}
	if res.Contacts != 2 || res.Employers != 1 {
		t.Errorf("result %+v, want 2 contacts (one asked, one of the employer) and 1 employer", res)
	}
	for id, want := range map[int64]bool{gone: true, back: false, empContact: true} {
		var erased bool
		if err := f.pool.QueryRow(ctx, `SELECT erased_at IS NOT NULL FROM contacts WHERE id = $1`, id).Scan(&erased); err != nil {
			t.Fatal(err)
		}
		if erased != want {
			t.Errorf("contact %d erased = %v, want %v", id, erased, want)
		}
	}
	var name, kvk, address, postcode, notes, city string
	if err := f.pool.QueryRow(ctx, `SELECT name, coalesce(kvk_number, ''), address, coalesce(postcode, ''), notes, city
		FROM employers WHERE id = $1`, oldEmp).Scan(&name, &kvk, &address, &postcode, &notes, &city); err != nil {
		t.Fatal(err)
	}
	if name != ErasedEmployer || kvk != "" || address != "" || postcode != "" || notes != "" {
		t.Errorf("employer after erasure: %q %q %q %q %q", name, kvk, address, postcode, notes)
	}
	var rejoinedName string
	f.pool.QueryRow(ctx, `SELECT name FROM employers WHERE id = $1`, rejoined).Scan(&rejoinedName)
	if rejoinedName != "Weer Lid BV" {
		t.Errorf("rejoined employer erased: %q", rejoinedName)
	}
	for _, v := range []string{"Oud Lid BV", "01234567", "Dorpsstraat 1", "Lang Geleden Weg", "Nog Actief Bij Oud Lid"} {
		if where := hits(t, f.pool, v); len(where) > 0 {
			t.Errorf("%q still in %v", v, where)
		}
	}
	// Employers need the retention rule.
	if _, err := f.store.Erase(ctx, Request{EmployerIDs: []int64{rejoined}}); err == nil {
		t.Error("employer erased without a cutoff")
	}
}

// hits lists table.column of every text, JSON and text array column of
// every table whose text contains v (case-insensitively).
func hits(t testing.TB, pool *pgxpool.Pool, v string) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	for _, c := range dbtest.TextColumns(t, pool) {
		var n int
		q := `SELECT count(*) FROM "` + c.Table + `" WHERE "` + c.Name + `"::text ILIKE '%' || $1 || '%'`
		if err := pool.QueryRow(ctx, q, v).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if n > 0 {
			out = append(out, c.Table+"."+c.Name)
		}
	}
	return out
}

func TestSearch(t *testing.T) {
	f := newFixture(t)
	emp := f.employer("Lid BV", "lid", f.today)
	anna := f.contact(emp, "Anna de Vries", nil)
	erased := f.contact(emp, "Anna Gewist", nil)
	f.exec(`UPDATE contacts SET erased_at = now() WHERE id = $1`, erased)
	for q, want := range map[string][]int64{"anna": {anna}, "DE.VRIES@example": {anna}, "a": nil, "%": nil, "niemand": nil} {
		ps, err := f.store.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, p := range ps {
			got = append(got, p.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Search(%q) = %v, want %v", q, got, want)
		}
	}
}

// A marker longer than the value it replaces must not break a column's
// maximum length: the text is cut instead of the erasure failing.
func TestSweepKeepsMaximumLengths(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	emp := f.employer("Lid BV", "lid", f.today)
	c := f.contact(emp, "Kort Nummer", nil)
	f.exec(`UPDATE contacts SET phone = '06123456' WHERE id = $1`, c)
	f.exec(`INSERT INTO mail_outbox (kind, to_addr, subject, body_text, message_id)
		VALUES ('test', 'iemand@example.org', repeat('x', 291) || ' 06123456', 'Bel 06123456', '<lengte@example.org>')`)
	if err := f.store.EraseContact(ctx, c); err != nil {
		t.Fatal(err)
	}
	if where := hits(t, f.pool, "06123456"); len(where) > 0 {
		t.Errorf("phone still in %v", where)
	}
	var subject, body string
	f.pool.QueryRow(ctx, `SELECT subject, body_text FROM mail_outbox WHERE message_id = '<lengte@example.org>'`).Scan(&subject, &body)
	if len(subject) != 300 || body != "Bel [verwijderd]" {
		t.Errorf("subject of %d characters, body %q", len(subject), body)
	}
}
