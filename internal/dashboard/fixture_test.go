package dashboard_test

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/auth"
	"netwerkportaal/internal/dashboard"
	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/nltime"
)

// The hand-built data set. The dashboard is asked on fixedNow, in the
// second quarter of 2026; with four quarters the period is K3 2025 – K2
// 2026. Networks A and B are chosen in the tests, C never: nothing of C may
// show up. The comments give the answers the tests expect.

var ams = nltime.Amsterdam

var fixedNow = at("2026-05-20 12:00")

// at is a moment in Amsterdam time.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, ams)
	if err != nil {
		panic(err)
	}
	return t
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

type fixture struct {
	t                *testing.T
	ctx              context.Context
	pool             *pgxpool.Pool
	netA, netB, netC int64
	emp              map[string]int64 // by name
	contact          map[string]int64 // by key c1, c2, ...
	tag              map[string]int64 // by name
	user             map[string]int64 // by e-mail
}

func (f *fixture) exec(sql string, args ...any) {
	f.t.Helper()
	if _, err := f.pool.Exec(f.ctx, sql, args...); err != nil {
		f.t.Fatalf("%s: %v", sql, err)
	}
}

func (f *fixture) id(sql string, args ...any) int64 {
	f.t.Helper()
	var id int64
	if err := f.pool.QueryRow(f.ctx, sql, args...).Scan(&id); err != nil {
		f.t.Fatalf("%s: %v", sql, err)
	}
	return id
}

// scope is the fixture's scope over the given networks and quarters.
func (f *fixture) scope(quarters int, networks ...int64) dashboard.Scope {
	return dashboard.Scope{Networks: networks, Quarters: quarters, Now: fixedNow}
}

type change struct {
	status, on string
}

// employer inserts an employer with its status history; the last change
// is its status, the first lid change its member_since.
func (f *fixture) employer(net int64, name, sector string, employees any, region string, history ...change) int64 {
	f.t.Helper()
	status, changed := "prospect", "2024-01-01"
	var since any
	for _, h := range history {
		if !day(h.on).After(fixedNow) {
			status, changed = h.status, h.on
		}
		if h.status == "lid" && since == nil {
			since = h.on
		}
	}
	if status != "lid" && status != "gepauzeerd" && status != "uitgeschreven" {
		since = nil
	}
	id := f.id(`INSERT INTO employers (network_id, name, sector_id, employee_count, region_id, status, status_changed_on, member_since)
		VALUES ($1, $2, (SELECT id FROM sectors WHERE scheme = 'SBI2008' AND code = $3), $4, (SELECT id FROM regions WHERE name = $5),
			$6, $7, $8) RETURNING id`, net, name, nullIf(sector), employees, nullIf(region), status, changed, since)
	for _, h := range history {
		f.exec(`INSERT INTO employer_status_changes (employer_id, status, changed_on) VALUES ($1, $2, $3)`, id, h.status, h.on)
	}
	f.emp[name] = id
	return id
}

func nullIf(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (f *fixture) addContact(key, employer, function, level string, until any) {
	f.t.Helper()
	f.contact[key] = f.id(`INSERT INTO contacts (employer_id, name, email, function, level, active_from, active_until)
		VALUES ($1, $2, $3, $4, $5, '2020-01-01', $6) RETURNING id`, f.emp[employer], "Contact "+key, key+"@example.org", function, level, until)
}

// event inserts an event starting at local time start with invitations by
// contact key.
func (f *fixture) event(net int64, start string, cancelled bool, invites map[string]string) {
	f.t.Helper()
	status := "gepland"
	if cancelled {
		status = "geannuleerd"
	}
	s := at(start)
	id := f.id(`INSERT INTO events (network_id, kind, title, starts_at, ends_at, status, uid)
		VALUES ($1, 'netwerkbijeenkomst', 'Bijeenkomst', $2, $3, $4, gen_random_uuid()::text) RETURNING id`, net, s, s.Add(2*time.Hour), status)
	for key, st := range invites {
		f.exec(`INSERT INTO event_invitations (event_id, contact_id, status, invited_at) VALUES ($1, $2, $3, $4)`,
			id, f.contact[key], st, s.AddDate(0, 0, -14))
	}
}

type intakeRow struct {
	employer                     string
	year                         int
	status                       string
	invited                      string
	opened, submitted, processed string // "" = not
	challenges                   []string
}

func (f *fixture) intake(r intakeRow) {
	f.t.Helper()
	ts := func(s string) any {
		if s == "" {
			return nil
		}
		return at(s)
	}
	var ids []string
	for _, c := range r.challenges {
		if id, ok := f.tag[c]; ok {
			ids = append(ids, itoa64(id))
		} else {
			ids = append(ids, c) // kept as given: garbage the query must skip
		}
	}
	answers, _ := json.Marshal(map[string]map[string][]string{"2": {"uitdagingen": ids}})
	f.exec(`INSERT INTO intakes (employer_id, year, status, token_hash, expires_at, invited_at, opened_at, submitted_at, processed_at, answers)
		VALUES ($1, $2, $3, sha256(gen_random_uuid()::text::bytea), $4::timestamptz + interval '30 days', $4, $5, $6, $7, $8)`,
		f.emp[r.employer], r.year, r.status, at(r.invited), ts(r.opened), ts(r.submitted), ts(r.processed), answers)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func (f *fixture) tags(employer string, names ...string) {
	f.t.Helper()
	for _, n := range names {
		f.exec(`INSERT INTO employer_tags (employer_id, tag_id) VALUES ($1, $2)`, f.emp[employer], f.tag[n])
	}
}

func (f *fixture) report(employer string, year, quarter int, ambition any, people int, hours float64) {
	f.t.Helper()
	f.exec(`INSERT INTO placement_reports (employer_id, year, quarter, ambition_jobs, people, weekly_hours) VALUES ($1, $2, $3, $4, $5, $6)`,
		f.emp[employer], year, quarter, ambition, people, hours)
}

// commitment is dated relative to the real today: the condition view of
// the commitments package reads current_date.
func (f *fixture) commitment(employer, kind, status string, fromDays, untilDays any) {
	f.t.Helper()
	f.exec(`INSERT INTO commitments (employer_id, kind_id, status, valid_from, valid_until)
		VALUES ($1, (SELECT id FROM commitment_kinds WHERE code = $2 AND network_id IS NULL), $3,
			current_date + $4::int, current_date + $5::int)`, f.emp[employer], kind, status, fromDays, untilDays)
}

func (f *fixture) condition(net int64, kind string) {
	f.exec(`INSERT INTO network_conditions (network_id, kind_id) SELECT $1, id FROM commitment_kinds WHERE code = $2 AND network_id IS NULL`, net, kind)
}

func (f *fixture) addUser(email, role string, nets ...string) {
	f.t.Helper()
	u, err := auth.NewStore(f.pool).CreateUser(f.ctx, auth.NewUser{Email: email, Name: "Gebruiker " + email, Role: role, Networks: nets, Password: password})
	if err != nil {
		f.t.Fatal(err)
	}
	f.user[email] = u
}

const password = "demo-wachtwoord"

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), pool: dbtest.New(t),
		emp: map[string]int64{}, contact: map[string]int64{}, tag: map[string]int64{}, user: map[string]int64{}}
	rows, err := f.pool.Query(f.ctx, `SELECT name, id FROM tags`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		var id int64
		rows.Scan(&n, &id)
		f.tag[n] = id
	}
	rows.Close()
	f.netA = f.id(`INSERT INTO networks (name) VALUES ('Netwerk A') RETURNING id`)
	f.netB = f.id(`INSERT INTO networks (name) VALUES ('Netwerk B') RETURNING id`)
	f.netC = f.id(`INSERT INTO networks (name) VALUES ('Netwerk C') RETURNING id`)
	f.members()
	f.contacts()
	f.events()
	f.intakes()
	f.needs()
	f.commitments()
	f.placements()
	f.recruitment()
	return f
}

// Recruitment of A: four prospects, of which one is in gesignaleerd (eigen
// aanmelding), one in gesprek and one dropped out after benaderd (both via
// a member), and one became a member (via the municipality). Reached:
// gesignaleerd 4, benaderd 3, in gesprek 2, intake 1, aangemeld 1, lid 1.
// B's prospect in intake is never counted with A alone.
//
// A's wish profile: 6 members (it has 4: Alfa, Bravo, Delta, Golf), at most
// 0 new members a quarter (Golf joined on 10 April: a warning), and the
// functions directie, HR and inkoop (inkoop is missing: Alfa's left).
func (f *fixture) recruitment() {
	for _, p := range []struct {
		net                   int64
		name, stage, furthest string
		source                string
		reason                any
	}{
		{f.netA, "Prospect Een", "gesignaleerd", "gesignaleerd", "eigen_aanmelding", nil},
		{f.netA, "Prospect Twee", "in_gesprek", "in_gesprek", "lid", nil},
		{f.netA, "Prospect Drie", "afgevallen", "benaderd", "lid", "geen_tijd"},
		{f.netA, "Prospect Vier", "lid", "lid", "gemeente", nil},
		{f.netB, "Prospect Vijf", "intake", "intake", "wsp_uwv", nil},
	} {
		f.exec(`INSERT INTO prospects (network_id, name, name_key, stage, furthest_stage, source, drop_reason)
			VALUES ($1, $2, lower($2), $3, $4, $5, $6)`, p.net, p.name, p.stage, p.furthest, p.source, p.reason)
	}
	f.exec(`INSERT INTO wish_profiles (network_id, target_size, max_growth_per_quarter, functions)
		VALUES ($1, 6, 0, '{directie,hr,inkoop}')`, f.netA)
}

// Members of A per quarter end (K3 2025 … K2 2026): 4, 3, 3, 4; joins 2,
// 0, 1, 1; leaves 0, 1, 1, 0. B: 1, 2, 2, 2; one join in K4 2025.
func (f *fixture) members() {
	a, b := f.netA, f.netB
	f.employer(a, "Alfa", "C", 120, "Twente", change{"prospect", "2024-01-10"}, change{"lid", "2024-03-01"})
	f.employer(a, "Bravo", "C", 8, "Twente", change{"aangemeld", "2025-07-20"}, change{"lid", "2025-08-15"})
	// left in K4 2025
	f.employer(a, "Charlie", "P", 30, "Twente", change{"lid", "2024-06-01"}, change{"uitgeschreven", "2025-11-10"})
	// joins on the last day of K3, pauses on the first day of K1, comes back in K1
	f.employer(a, "Delta", "Q", nil, "", change{"lid", "2025-09-30"}, change{"gepauzeerd", "2026-01-01"}, change{"lid", "2026-02-15"})
	// becomes a member after fixedNow: not counted
	f.employer(a, "Echo", "G", 12, "Twente", change{"aangemeld", "2026-04-01"}, change{"lid", "2026-06-15"})
	f.employer(a, "Foxtrot", "G", 12, "Twente", change{"prospect", "2026-01-05"})
	f.employer(a, "Golf", "", 300, "Groot Amsterdam", change{"aangemeld", "2026-03-01"}, change{"lid", "2026-04-10"})
	f.employer(b, "=Hotel Formule", "I", 60, "Groot Amsterdam", change{"lid", "2023-05-01"})
	f.employer(b, "India", "J", 5, "Groot Amsterdam", change{"lid", "2025-12-01"})
	f.employer(f.netC, "Juliet", "C", 40, "Twente", change{"lid", "2025-08-01"})
}

// Active contacts of A's members today: Alfa 2 (one directie), Bravo 1
// (its directie left today), Delta 2 (one leaves tomorrow), Golf 1
// (directie). B: Hotel 2, India none.
func (f *fixture) contacts() {
	f.addContact("c1", "Alfa", "directie", "strategisch", nil)
	f.addContact("c2", "Alfa", "hr", "tactisch", nil)
	f.addContact("c3", "Alfa", "inkoop", "operationeel", "2025-12-31")
	f.addContact("c4", "Bravo", "hr", "tactisch", nil)
	f.addContact("c5", "Bravo", "directie", "strategisch", "2026-05-20")
	f.addContact("c6", "Delta", "mvo", "tactisch", nil)
	f.addContact("c7", "Delta", "leidinggevende", "operationeel", "2026-05-21")
	f.addContact("c8", "Golf", "directie", "strategisch", nil)
	f.addContact("c9", "Charlie", "directie", "strategisch", nil)
	f.addContact("c10", "Foxtrot", "hr", "tactisch", nil)
	f.addContact("c11", "=Hotel Formule", "inkoop", "operationeel", nil)
	f.addContact("c12", "=Hotel Formule", "hr", "tactisch", nil)
	f.addContact("c13", "Juliet", "directie", "strategisch", nil)
}

// Counted events of A: K4 2025 (00:30 on 1 October in Amsterdam, still 30
// September in UTC) 5 invited, 4 registered, 3 present; K1 2026 6 invited,
// 4 registered, 2 present. Not counted: before the period, cancelled,
// without recorded attendance, in the future.
func (f *fixture) events() {
	a := f.netA
	f.event(a, "2025-05-15 15:00", false, map[string]string{"c1": "aanwezig", "c2": "aanwezig"})
	f.event(a, "2025-10-01 00:30", false, map[string]string{"c1": "aanwezig", "c4": "aanwezig", "c2": "afwezig", "c6": "afgemeld", "c3": "aanwezig"})
	f.event(a, "2026-02-10 15:00", false, map[string]string{"c1": "aanwezig", "c5": "aanwezig", "c4": "aangemeld", "c6": "afwezig",
		"c7": "wachtlijst", "c9": "uitgenodigd"})
	f.event(a, "2026-03-01 15:00", true, map[string]string{"c1": "aanwezig", "c6": "aanwezig"})
	f.event(a, "2026-04-20 15:00", false, map[string]string{"c1": "aangemeld", "c2": "aangemeld"})
	f.event(a, "2026-06-10 15:00", false, map[string]string{"c1": "aanwezig", "c8": "aanwezig"})
	f.event(f.netB, "2026-01-20 15:00", false, map[string]string{"c11": "aanwezig", "c12": "afwezig"})
	f.event(f.netC, "2026-01-20 15:00", false, map[string]string{"c13": "aanwezig"})
}

// Intakes of A sent in the period: 5 (one withdrawn and two sent before
// the period left out), 4 opened, 3 submitted (after 10, 4 and 16 days:
// median 10), 1 processed.
func (f *fixture) intakes() {
	f.intake(intakeRow{employer: "Alfa", year: 2025, status: "verwerkt", invited: "2025-08-01 10:00", opened: "2025-08-02 10:00",
		submitted: "2025-08-11 10:00", processed: "2025-08-13 10:00", challenges: []string{"Begeleiding op de werkvloer"}})
	f.intake(intakeRow{employer: "Bravo", year: 2025, status: "ingediend", invited: "2025-07-01 00:30", opened: "2025-07-01 08:00",
		submitted: "2025-07-05 00:30"})
	f.intake(intakeRow{employer: "Delta", year: 2026, status: "geopend", invited: "2026-03-01 10:00", opened: "2026-03-02 10:00",
		challenges: []string{"Begeleiding op de werkvloer"}})
	f.intake(intakeRow{employer: "Golf", year: 2026, status: "uitgenodigd", invited: "2026-04-15 10:00"})
	f.intake(intakeRow{employer: "Foxtrot", year: 2026, status: "ingetrokken", invited: "2026-02-01 10:00"})
	f.intake(intakeRow{employer: "Charlie", year: 2025, status: "verwerkt", invited: "2025-06-30 23:30", opened: "2025-07-01 10:00",
		submitted: "2025-07-02 10:00", processed: "2025-07-03 10:00"})
	// submitted without a recorded opening; names two challenges, one twice,
	// and two ids that are no challenge
	f.intake(intakeRow{employer: "Bravo", year: 2026, status: "ingediend", invited: "2026-05-01 10:00",
		submitted: "2026-05-17 10:00", challenges: []string{"Kandidaten vinden", "Passend werk maken (jobcarving)", "999999", "x"}})
}

// Needs of A: jobcarving named by Bravo, Delta and Golf, helped by Alfa
// (Golf offers it too but struggles with it itself); finding candidates
// named by Alfa and Bravo (through its submitted intake), helped by Delta.
func (f *fixture) needs() {
	f.tags("Alfa", "Kandidaten vinden", "Kennis: passend werk maken (jobcarving)")
	f.tags("Bravo", "Passend werk maken (jobcarving)")
	f.tags("Delta", "Passend werk maken (jobcarving)", "Kennis: kandidaten vinden", "Vergaderlocatie")
	f.tags("Golf", "Passend werk maken (jobcarving)", "Kennis: passend werk maken (jobcarving)")
	f.tags("Charlie", "Kandidaten vinden", "Kennis: kandidaten vinden")
	f.tags("Juliet", "Kandidaten vinden", "Kennis: kandidaten vinden")
}

// Conditions: A asks a letter of intent, met by Alfa only (Bravo promised,
// Delta's expired yesterday, Golf's starts in ten days, Charlie left). B
// asks a letter of intent (Hotel) and a covenant (Hotel; India's expired).
func (f *fixture) commitments() {
	f.condition(f.netA, "intentieverklaring")
	f.condition(f.netB, "intentieverklaring")
	f.condition(f.netB, "convenant")
	f.condition(f.netC, "convenant")
	f.commitment("Alfa", "intentieverklaring", "getekend", -100, nil)
	f.commitment("Bravo", "intentieverklaring", "toegezegd", nil, nil)
	f.commitment("Delta", "intentieverklaring", "getekend", -400, -1)
	f.commitment("Golf", "intentieverklaring", "getekend", 10, nil)
	f.commitment("Charlie", "intentieverklaring", "getekend", -400, nil)
	f.commitment("=Hotel Formule", "intentieverklaring", "getekend", nil, nil)
	f.commitment("=Hotel Formule", "convenant", "getekend", -10, 10)
	f.commitment("India", "convenant", "verlopen", -400, -30)
	f.commitment("Juliet", "convenant", "getekend", nil, nil)
}

// Placements of A per quarter: K3 2025 2 reports (ambition 15 of one), 15
// people, 357 hours = 14 jobs; K4 2025 1 report, all zero but ambition 1;
// K1 2026 2 reports, ambition 17, 14 people, 382.5 hours = 15 jobs; K2
// 2026 none. Delta's report lies before the period.
func (f *fixture) placements() {
	f.report("Alfa", 2025, 3, 15, 12, 306)
	f.report("Alfa", 2026, 1, 15, 10, 255)
	f.report("Bravo", 2025, 3, nil, 3, 51)
	f.report("Bravo", 2026, 1, 2, 4, 127.5)
	f.report("Charlie", 2025, 4, 1, 0, 0)
	f.report("Delta", 2025, 2, 3, 6, 153)
	f.report("=Hotel Formule", 2025, 4, 4, 5, 102)
	f.report("Juliet", 2025, 3, 9, 20, 510)
}
