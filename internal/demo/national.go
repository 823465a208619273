package demo

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/password"
)

// NationalOptions size the national workload.
type NationalOptions struct {
	// Employers is the number of employers (20,000 for the national scale);
	// every other table scales with it: four contacts, 0.4 events with 50
	// invitations each, four placement reports and one intake per employer.
	Employers int
	// Seed makes the data deterministic: the same seed, the same data.
	Seed uint64
}

// NationalSummary counts what LoadNational inserted.
type NationalSummary struct {
	Networks, Users, Employers, Contacts, Events, Invitations, Placements, Intakes,
	Visits, FollowUps, Referrals, Commitments, Memberships, Audit int
}

// NationalDirector is the bestuur account that sees every national network;
// NationalCoordinator(i) is the coordinator of national network i (from 1).
// Their password is the demo password.
const NationalDirector = "directeur@landelijk.example.org"

// NationalCoordinator returns the e-mail address of the coordinator of the
// i-th national network (1-based).
func NationalCoordinator(i int) string {
	return fmt.Sprintf("coordinator%02d@landelijk.example.org", i)
}

// ErrNationalLoaded is returned when the national workload is already there.
var ErrNationalLoaded = errors.New("de landelijke gegevens zijn al geladen in deze database; " +
	"gebruik een lege database (of een nieuwe DATABASE_URL) om ze opnieuw te laden")

const nationalNetworks = 40

// LoadNational adds the national workload: 40 networks over the
// labour-market regions with a coordinator each and a director over all of
// them, and opts.Employers employers with everything a network keeps about
// them over three years. It is deterministic from opts.Seed (only the dates
// move along with today), loads with COPY in one transaction, refuses a
// second run, and ANALYZEs afterwards so plans are right at once.
func LoadNational(ctx context.Context, pool *pgxpool.Pool, opts NationalOptions) (NationalSummary, error) {
	if opts.Employers < 40 || opts.Employers > 1_000_000 {
		return NationalSummary{}, fmt.Errorf("aantal werkgevers %d ligt niet tussen 40 en 1.000.000", opts.Employers)
	}
	hash, err := password.Hash(context.Background(), demoPassword)
	if err != nil {
		return NationalSummary{}, err
	}
	var sum NationalSummary
	err = db.InTx(ctx, pool, func(tx pgx.Tx) error {
		// One loader at a time; the check below then sees a committed run.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('netwerkportaal seed national'))`); err != nil {
			return err
		}
		var loaded bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE email = $1)`, NationalDirector).Scan(&loaded); err != nil {
			return err
		}
		if loaded {
			return ErrNationalLoaded
		}
		g, err := newNationalGen(ctx, tx, opts, hash)
		if err != nil {
			return err
		}
		return g.load(ctx, tx, &sum)
	})
	if err != nil {
		return NationalSummary{}, err
	}
	// Autovacuum may be off: fresh statistics, or the planner guesses, and
	// a visibility map, or counts cannot use index-only scans.
	if _, err := pool.Exec(ctx, `VACUUM (ANALYZE)`); err != nil {
		return sum, err
	}
	return sum, nil
}

// nationalGen holds the ids handed out so far; each table gets a block of
// ids above its current maximum, written with COPY (which may set identity
// columns) and the sequence moved past them afterwards.
type nationalGen struct {
	r     *rand.Rand
	today time.Time
	hash  string
	n     int

	regions    []int64 // by region order in the migration
	regionName []string
	sectors    []int64
	maturity   []int64
	tags       []int64
	themes     []int64
	kinds      []int64

	networks     []int64
	netRegion    []int
	coordinators []int64 // per network
	director     int64

	employers   []natEmployer
	contactIDs  [][]int64 // per network
	contactEmp  map[int64]int
	partners    [][]int64 // per region index
	subgroupIDs [][]int64 // per network
}

type natEmployer struct {
	id      int64
	network int
	status  string
	created time.Time
	since   time.Time // member since, zero if never a member
	contact []int64
}

func newNationalGen(ctx context.Context, tx pgx.Tx, opts NationalOptions, hash string) (*nationalGen, error) {
	g := &nationalGen{
		r:          rand.New(rand.NewPCG(opts.Seed, 0x6e6174696f6e616c)),
		today:      dateOf(time.Now().In(amsterdam())),
		hash:       hash,
		n:          opts.Employers,
		contactEmp: map[int64]int{},
	}
	rows, err := tx.Query(ctx, `SELECT id, name FROM regions ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		g.regions = append(g.regions, id)
		g.regionName = append(g.regionName, name)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, q := range []struct {
		sql string
		dst *[]int64
	}{
		{`SELECT id FROM sectors WHERE scheme = 'SBI2008' ORDER BY id`, &g.sectors},
		{`SELECT id FROM maturity_levels WHERE scale = 'PSO' ORDER BY position`, &g.maturity},
		{`SELECT id FROM tags ORDER BY id`, &g.tags},
		{`SELECT id FROM themes ORDER BY id`, &g.themes},
		{`SELECT id FROM commitment_kinds WHERE network_id IS NULL ORDER BY position, id`, &g.kinds},
	} {
		ids, err := queryIDs(ctx, tx, q.sql)
		if err != nil {
			return nil, err
		}
		*q.dst = ids
	}
	if len(g.regions) == 0 || len(g.sectors) == 0 || len(g.maturity) == 0 || len(g.kinds) == 0 {
		return nil, errors.New("de referentiegegevens ontbreken: draai eerst de migraties")
	}
	return g, nil
}

func queryIDs(ctx context.Context, tx pgx.Tx, sql string, args ...any) ([]int64, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// nextID returns the first free id of table; COPY writes explicit ids from
// there and fixSequence moves the identity past them.
func nextID(ctx context.Context, tx pgx.Tx, table string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) + 1 FROM `+pgx.Identifier{table}.Sanitize()).Scan(&id)
	return id, err
}

func fixSequence(ctx context.Context, tx pgx.Tx, table string) error {
	_, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), (SELECT max(id) FROM `+
		pgx.Identifier{table}.Sanitize()+`))`, table)
	return err
}

// copyRows copies n generated rows into table and counts them.
func copyRows(ctx context.Context, tx pgx.Tx, table string, cols []string, n int, row func(i int) []any) (int, error) {
	c, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromSlice(n, func(i int) ([]any, error) {
		return row(i), nil
	}))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", table, err)
	}
	// Statistics now, inside the transaction: the foreign-key checks of
	// the next COPY reuse plans this connection made while the referenced
	// table was nearly empty (a sequential scan per row: the 400,000
	// invitations took minutes), and ANALYZE makes PostgreSQL plan them
	// again for the table as it is.
	if _, err := tx.Exec(ctx, `ANALYZE `+pgx.Identifier{table}.Sanitize()); err != nil {
		return 0, fmt.Errorf("%s: %w", table, err)
	}
	return int(c), nil
}

func (g *nationalGen) load(ctx context.Context, tx pgx.Tx, sum *NationalSummary) error {
	steps := []func(context.Context, pgx.Tx, *NationalSummary) error{
		g.loadNetworks, g.loadEmployers, g.loadContacts, g.loadSubgroups, g.loadEvents,
		g.loadPlacements, g.loadIntakes, g.loadVisits, g.loadReferrals, g.loadCommitments, g.loadAudit,
	}
	for _, step := range steps {
		if err := step(ctx, tx, sum); err != nil {
			return err
		}
	}
	for _, t := range []string{"networks", "users", "employers", "contacts", "subgroups", "events", "visits", "partners"} {
		if err := fixSequence(ctx, tx, t); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
	}
	return nil
}

func (g *nationalGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// day returns a date d days before today.
func (g *nationalGen) day(d int) time.Time { return g.today.AddDate(0, 0, -d) }

func (g *nationalGen) loadNetworks(ctx context.Context, tx pgx.Tx, sum *NationalSummary) error {
	first, err := nextID(ctx, tx, "networks")
	if err != nil {
		return err
	}
	for i := range nationalNetworks {
		reg := i % len(g.regions)
		name := "Netwerk Inclusief Werkgeven " + g.regionName[reg]
		if i >= len(g.regions) {
			name = "Samen Aan Het Werk " + g.regionName[reg]
		}
		if _, err := tx.Exec(ctx, `INSERT INTO networks (id, name, region_id, created_at) OVERRIDING SYSTEM VALUE
			VALUES ($1, $2, $3, $4)`, first+int64(i), name, g.regions[reg], g.day(3*365+30)); err != nil {
			return fmt.Errorf("network %s: %w", name, err)
		}
		g.networks = append(g.networks, first+int64(i))
		g.netRegion = append(g.netRegion, reg)
	}
	userID, err := nextID(ctx, tx, "users")
	if err != nil {
		return err
	}
	users := nationalNetworks + 1
	if _, err := copyRows(ctx, tx, "users", []string{"id", "email", "name", "role", "password_hash"}, users, func(i int) []any {
		if i == nationalNetworks {
			return []any{userID + int64(i), NationalDirector, "Marieke Hoogendoorn-Çelik", "bestuur", g.hash}
		}
		return []any{userID + int64(i), NationalCoordinator(i + 1), g.personName(), "coordinator", g.hash}
	}); err != nil {
		return err
	}
	for i := range nationalNetworks {
		g.coordinators = append(g.coordinators, userID+int64(i))
	}
	g.director = userID + nationalNetworks
	if _, err := copyRows(ctx, tx, "user_networks", []string{"user_id", "network_id"}, 2*nationalNetworks, func(i int) []any {
		if i < nationalNetworks {
			return []any{g.coordinators[i], g.networks[i]}
		}
		return []any{g.director, g.networks[i-nationalNetworks]}
	}); err != nil {
		return err
	}
	sum.Networks, sum.Users = nationalNetworks, users
	return nil
}

// networkOf spreads employers unevenly, as networks differ in size: the
// first networks are up to three times the size of the last.
func (g *nationalGen) networkOf() int {
	for {
		i := g.r.IntN(nationalNetworks)
		if g.r.IntN(3*nationalNetworks) < 3*nationalNetworks-2*i {
			return i
		}
	}
}

var nationalStatuses = []string{"prospect", "aangemeld", "lid", "lid", "lid", "lid", "lid", "gepauzeerd", "uitgeschreven"}

func (g *nationalGen) loadEmployers(ctx context.Context, tx pgx.Tx, sum *NationalSummary) error {
	first, err := nextID(ctx, tx, "employers")
	if err != nil {
		return err
	}
	g.employers = make([]natEmployer, g.n)
	var changes [][]any
	var tags [][]any
	rows := make([][]any, g.n)
	for i := range g.n {
		e := &g.employers[i]
		e.id = first + int64(i)
		e.network = g.networkOf()
		e.status = nationalStatuses[g.r.IntN(len(nationalStatuses))]
		e.created = g.day(g.r.IntN(3 * 365)).Add(time.Duration(8*60+g.r.IntN(600)) * time.Minute)
		statusOn := dateOf(e.created)
		history := []statusChange{{"prospect", statusOn}}
		if e.status != "prospect" {
			applied := statusOn.AddDate(0, 0, 7+g.r.IntN(60))
			if applied.After(g.today) {
				applied = g.today
			}
			history = append(history, statusChange{"aangemeld", applied})
			statusOn = applied
			if e.status != "aangemeld" {
				e.since = applied.AddDate(0, 0, 7+g.r.IntN(30))
				if e.since.After(g.today) {
					e.since = g.today
				}
				history = append(history, statusChange{"lid", e.since})
				statusOn = e.since
				if e.status != "lid" {
					statusOn = e.since.AddDate(0, 0, g.r.IntN(max(1, int(g.today.Sub(e.since).Hours()/24))+1))
					if statusOn.After(g.today) {
						statusOn = g.today
					}
					history = append(history, statusChange{e.status, statusOn})
				}
			}
		}
		for _, h := range history {
			changes = append(changes, []any{e.id, h.status, h.on, h.on.Add(10 * time.Hour)})
		}
		reg := g.netRegion[e.network]
		if g.r.IntN(10) == 0 { // some members sit in a neighbouring region
			reg = (reg + 1) % len(g.regions)
		}
		var since any
		if !e.since.IsZero() {
			since = e.since
		}
		var maturity any
		if e.status == "lid" || e.status == "gepauzeerd" {
			maturity = g.maturity[g.r.IntN(len(g.maturity))]
		}
		city := nationalCities[reg%len(nationalCities)]
		size := []int{3, 8, 15, 30, 60, 120, 250, 600, 1500, 6000}[g.r.IntN(10)]
		updated := e.created.Add(time.Duration(g.r.IntN(max(1, int(g.today.Sub(e.created).Hours())+1))) * time.Hour)
		rows[i] = []any{e.id, g.networks[e.network], g.employerName(city), fmt.Sprintf("%08d", 60000000+i),
			g.sectors[g.r.IntN(len(g.sectors))], size/2 + g.r.IntN(size),
			fmt.Sprintf("%s %d", g.pick(nationalStreets), 1+g.r.IntN(180)), g.postcode(reg), city,
			g.regions[reg], e.status, statusOn, since, maturity, e.created, updated}
		for _, t := range g.r.Perm(len(g.tags))[:g.r.IntN(4)] {
			tags = append(tags, []any{e.id, g.tags[t]})
		}
	}
	c, err := copyRows(ctx, tx, "employers", []string{"id", "network_id", "name", "kvk_number", "sector_id",
		"employee_count", "address", "postcode", "city", "region_id", "status", "status_changed_on", "member_since",
		"maturity_level_id", "created_at", "updated_at"}, len(rows), func(i int) []any { return rows[i] })
	if err != nil {
		return err
	}
	sum.Employers = c
	if _, err := copyRows(ctx, tx, "employer_status_changes", []string{"employer_id", "status", "changed_on", "created_at"},
		len(changes), func(i int) []any { return changes[i] }); err != nil {
		return err
	}
	_, err = copyRows(ctx, tx, "employer_tags", []string{"employer_id", "tag_id"}, len(tags), func(i int) []any { return tags[i] })
	return err
}

var nationalFunctions = []string{"directie", "hr", "hr", "recruitment", "inkoop", "mvo", "leidinggevende", "leidinggevende", "anders"}
var nationalLevels = map[string]string{"directie": "strategisch", "hr": "tactisch", "recruitment": "operationeel",
	"inkoop": "tactisch", "mvo": "tactisch", "leidinggevende": "operationeel", "anders": "operationeel"}

func (g *nationalGen) loadContacts(ctx context.Context, tx pgx.Tx, sum *NationalSummary) error {
	first, err := nextID(ctx, tx, "contacts")
	if err != nil {
		return err
	}
	g.contactIDs = make([][]int64, nationalNetworks)
	var rows [][]any
	id := first
	for i := range g.employers {
		e := &g.employers[i]
		k := 1 + g.r.IntN(7) // one to seven, four on average
		domain := "bedrijf" + fmt.Sprint(60000000+i) + ".example"
		for j := range k {
			given, last := g.pick(nationalFirstNames), g.lastName()
			fn := nationalFunctions[g.r.IntN(len(nationalFunctions))]
			if j == 0 {
				fn = "directie"
			}
			from := dateOf(e.created).AddDate(0, 0, g.r.IntN(30))
			if from.After(g.today) {
				from = g.today
			}
			var until any
			if j > 0 && g.r.IntN(10) == 0 { // left the employer
				u := from.AddDate(0, 0, g.r.IntN(int(g.today.Sub(from).Hours()/24)+1))
				until = u
			}
			email := strings.ToLower(asciiFold(given)) + "." + slug(last) + "@" + domain
			rows = append(rows, []any{id, e.id, given + " " + last, email,
				fmt.Sprintf("06 %04d %04d", g.r.IntN(10000), g.r.IntN(10000)), fn, nationalTitle(fn), nationalLevels[fn],
				j == 0, from, until, e.created.Add(time.Duration(j+1) * time.Minute), e.created.Add(time.Duration(j+1) * time.Minute)})
			if until == nil {
				e.contact = append(e.contact, id)
				g.contactIDs[e.network] = append(g.contactIDs[e.network], id)
				g.contactEmp[id] = i
			}
			id++
		}
	}
	c, err := copyRows(ctx, tx, "contacts", []string{"id", "employer_id", "name", "email", "phone", "function", "job_title",
		"level", "is_primary", "active_from", "active_until", "created_at", "updated_at"}, len(rows), func(i int) []any { return rows[i] })
	sum.Contacts = c
	return err
}

func nationalTitle(fn string) string {
	return map[string]string{"directie": "Directeur", "hr": "HR-adviseur", "recruitment": "Recruiter",
		"inkoop": "Inkoper", "mvo": "MVO-coördinator", "leidinggevende": "Teamleider", "anders": "Medewerker"}[fn]
}

var subgroupKinds = []string{"deelnetwerk", "kenniskring", "themagroep", "werkgroep"}

func (g *nationalGen) loadSubgroups(ctx context.Context, tx pgx.Tx, sum *NationalSummary) error {
	first, err := nextID(ctx, tx, "subgroups")
	if err != nil {
		return err
	}
	names := []string{"Kenniskring HR", "Werkgroep Jobcarving", "Themagroep Inclusief Inkopen", "Deelnetwerk Zorg",
		"Deelnetwerk Techniek", "Kenniskring Begeleiding", "Werkgroep Bijeenkomsten"}
	var groups, members [][]any
	g.subgroupIDs = make([][]int64, nationalNetworks)
	id := first
	for ni := range nationalNetworks {
		for k, name := range names {
			groups = append(groups, []any{id, g.networks[ni], name, subgroupKinds[k%len(subgroupKinds)],
				g.themes[k%len(g.themes)], g.day(2*365 + g.r.IntN(365))})
			g.subgroupIDs[ni] = append(g.subgroupIDs[ni], id)
			cs := g.contactIDs[ni]
			if len(cs) > 0 {
				// A group has 10 to 70 members, a member may be in several groups.
				n := min(len(cs), 10+g.r.IntN(60))
				for _, p := range g.r.Perm(len(cs))[:n] {
					joined := g.day(g.r.IntN(2 * 365))
					var left any
					if g.r.IntN(8) == 0 {
						left = joined.AddDate(0, 0, g.r.IntN(int(g.today.Sub(joined).Hours()/24)+1))
					}
					members = append(members, []any{id, cs[p], joined, left})
				}
			}
			id++
		}
	}
	if _, err := copyRows(ctx, tx, "subgroups", []string{"id", "network_id", "name", "kind", "theme_id", "created_at"},
		len(groups), func(i int) []any { return groups[i] }); err != nil {
		return err
	}
	c, err := copyRows(ctx, tx, "subgroup_members", []string{"subgroup_id", "contact_id", "joined_on", "left_on"},
		len(members), func(i int) []any { return members[i] })
	sum.Memberships = c
	return err
}

var eventKinds = []string{"netwerkbijeenkomst", "netwerkbijeenkomst", "masterclass", "kenniskring", "werkbezoek", "webinar"}

// loadEvents plans 0.4 events per employer over three years (a tenth still
// to come) with 50 invitations each: past events closed with attendance
// between 40 and 85 per cent of those who signed up.
func (g *nationalGen) loadEvents(ctx context.Context, tx pgx.Tx, sum *NationalSummary) error {
	first, err := nextID(ctx, tx, "events")
	if err != nil {
		return err
	}
	n := g.n * 2 / 5
	var events, invitations [][]any
	for i := range n {
		id := first + int64(i)
		ni := g.networkOf()
		cs := g.contactIDs[ni]
		kind := eventKinds[g.r.IntN(len(eventKinds))]
		daysAgo := g.r.IntN(3*365+120) - 120 // future events too
		start := g.today.AddDate(0, 0, -daysAgo).Add(time.Duration(9+g.r.IntN(9)) * time.Hour)
		past := daysAgo > 0
		title := fmt.Sprintf("%s %s: %s", strings.ToUpper(kind[:1])+kind[1:], nationalCities[g.netRegion[ni]%len(nationalCities)],
			g.pick(eventTopics))
		capacity := any(nil)
		if g.r.IntN(3) == 0 {
			capacity = 40 + g.r.IntN(40)
		}
		var sub any
		if g.r.IntN(4) == 0 {
			sub = g.subgroupIDs[ni][g.r.IntN(len(g.subgroupIDs[ni]))]
		}
		var host any
		if len(cs) > 0 {
			host = g.employers[g.contactEmp[cs[g.r.IntN(len(cs))]]].id
		}
		k := min(len(cs), 50)
		status := map[bool]string{true: "gepland", false: "geannuleerd"}[g.r.IntN(40) != 0]
		invited := start.AddDate(0, 0, -21)
		rows, attended, answered := g.invite(id, ni, k, invited, start, past && status == "gepland")
		invitations = append(invitations, rows...)
		var closed, rate any
		if past && status == "gepland" && answered > 0 {
			closed = start.Add(26 * time.Hour)
			rate = float64(attended) / float64(answered)
		}
		events = append(events, []any{id, g.networks[ni], sub, kind, title, g.pick(eventDescriptions), start,
			start.Add(time.Duration(90+30*g.r.IntN(5)) * time.Minute), g.pick(nationalStreets) + ", " +
				nationalCities[g.netRegion[ni]%len(nationalCities)], host, capacity, status, closed, rate,
			fmt.Sprintf("landelijk-%d-%d@netwerkportaal", g.r.Uint64(), i), invited, invited})
	}
	c, err := copyRows(ctx, tx, "events", []string{"id", "network_id", "subgroup_id", "kind", "title", "description",
		"starts_at", "ends_at", "location", "host_employer_id", "capacity", "status", "attendance_closed_at",
		"attendance_rate", "uid", "created_at", "updated_at"}, len(events), func(i int) []any { return events[i] })
	if err != nil {
		return err
	}
	sum.Events = c
	c, err = copyRows(ctx, tx, "event_invitations", []string{"event_id", "contact_id", "status", "invited_at", "invited_by",
		"responded_at", "checked_in_at"}, len(invitations), func(i int) []any { return invitations[i] })
	sum.Invitations = c
	return err
}

// invite draws k of network ni's contacts for event id, with their answers;
// at a past event that went ahead (held) the registered ones were present
// or absent. It returns the invitation rows and how many came of how many
// were expected.
func (g *nationalGen) invite(id int64, ni, k int, invited, start time.Time, held bool) (rows [][]any, attended, answered int) {
	cs := g.contactIDs[ni]
	if len(cs) == 0 {
		return nil, 0, 0
	}
	offset := g.r.IntN(len(cs))
	stride := 1 + g.r.IntN(max(1, len(cs)/k))
	seen := map[int64]bool{}
	for j := range k {
		c := cs[(offset+j*stride)%len(cs)]
		if seen[c] {
			continue
		}
		seen[c] = true
		st := "uitgenodigd"
		var responded, checked any
		switch x := g.r.IntN(100); {
		case x < 45:
			st = "aangemeld"
		case x < 65:
			st = "afgemeld"
		}
		if st != "uitgenodigd" {
			responded = invited.Add(time.Duration(1+g.r.IntN(400)) * time.Hour)
		}
		if held && st == "aangemeld" {
			if g.r.IntN(100) < 40+g.r.IntN(46) {
				st = "aanwezig"
				checked = start.Add(time.Duration(g.r.IntN(30)) * time.Minute)
				attended++
			} else {
				st = "afwezig"
			}
			answered++
		}
		rows = append(rows, []any{id, c, st, invited, g.coordinators[ni], responded, checked})
	}
	return rows, attended, answered
}

// loadPlacements gives employers that were ever a member four consecutive
// quarters of placement reports on average (counts only, never people).
func (g *nationalGen) loadPlacements(ctx context.Context, tx pgx.Tx, sum *NationalSummary) error {
	var rows [][]any
	y, q := g.today.Year(), (int(g.today.Month())-1)/3+1
	for _, e := range g.employers {
		if e.since.IsZero() {
			continue
		}
		quarters := 1 + g.r.IntN(12) // about five on average, fewer for new members
		people := 1 + g.r.IntN(6)
		ambition := people + g.r.IntN(5)
		for k := range quarters {
			qq := y*4 + q - 1 - k
			if time.Date(qq/4, time.Month(qq%4*3+1), 1, 0, 0, 0, 0, time.UTC).Before(e.since.AddDate(0, -3, 0)) {
				break
			}
			p := max(0, people-k/3)
			employed := g.r.IntN(p + 1)
			rows = append(rows, []any{e.id, qq / 4, qq%4 + 1, ambition, p, float64(p) * float64(12+g.r.IntN(25)),
				employed, g.r.IntN(p - employed + 1), []string{"coordinator", "werkgever", "import"}[g.r.IntN(3)]})
		}
	}
	c, err := copyRows(ctx, tx, "placement_reports", []string{"employer_id", "year", "quarter", "ambition_jobs", "people",
		"weekly_hours", "people_employed", "people_seconded", "source"}, len(rows), func(i int) []any { return rows[i] })
	sum.Placements = c
	return err
}

var intakeStatuses = []string{"uitgenodigd", "geopend", "bezig", "ingediend", "verwerkt", "verwerkt", "verwerkt", "ingetrokken"}

// loadIntakes gives every employer one intake in one of the last three
// years: most processed, some waiting for the coordinator.
func (g *nationalGen) loadIntakes(ctx context.Context, tx pgx.Tx, sum *NationalSummary) error {
	var rows [][]any
	for i, e := range g.employers {
		if len(e.contact) == 0 {
			continue
		}
		st := intakeStatuses[g.r.IntN(len(intakeStatuses))]
		invited := e.created.AddDate(0, 0, 5+g.r.IntN(300))
		if invited.After(g.today) {
			invited = g.today.Add(9 * time.Hour)
		}
		var opened, submitted, processed, processedBy any
		last := invited
		step, done := 1, []int32{}
		if st != "uitgenodigd" && st != "ingetrokken" {
			opened = invited.Add(time.Duration(2+g.r.IntN(100)) * time.Hour)
			last = opened.(time.Time)
			step = 1 + g.r.IntN(8)
			for s := 1; s < step; s++ {
				done = append(done, int32(s))
			}
		}
		if st == "ingediend" || st == "verwerkt" {
			submitted = last.Add(time.Duration(1+g.r.IntN(200)) * time.Hour)
			last = submitted.(time.Time)
			step, done = 8, []int32{1, 2, 3, 4, 5, 6, 7, 8}
		}
		if st == "verwerkt" {
			processed = last.Add(48 * time.Hour)
			processedBy = g.coordinators[e.network]
			last = processed.(time.Time)
		}
		token := sha256.Sum256(binary.BigEndian.AppendUint64([]byte("landelijk-intake"), g.r.Uint64()^uint64(i)))
		rows = append(rows, []any{e.id, invited.Year(), st, e.contact[0], token[:], invited.AddDate(0, 0, 30),
			g.coordinators[e.network], invited, opened, last, submitted, processed, processedBy, step, done, invited})
	}
	c, err := copyRows(ctx, tx, "intakes", []string{"employer_id", "year", "status", "contact_id", "token_hash", "expires_at",
		"invited_by", "invited_at", "opened_at", "last_activity_at", "submitted_at", "processed_at", "processed_by",
		"current_step", "done_steps", "created_at"}, len(rows), func(i int) []any { return rows[i] })
	sum.Intakes = c
	return err
}

// loadVisits: one and a half visits per employer over three years, and a
// follow-up for half of the employers, a fifth of them still open.
func (g *nationalGen) loadVisits(ctx context.Context, tx pgx.Tx, sum *NationalSummary) error {
	first, err := nextID(ctx, tx, "visits")
	if err != nil {
		return err
	}
	var visits, vc, follow [][]any
	id := first
	for _, e := range g.employers {
		for range g.r.IntN(4) {
			on := dateOf(e.created).AddDate(0, 0, g.r.IntN(int(g.today.Sub(e.created).Hours()/24)+1))
			owner := g.coordinators[e.network]
			visits = append(visits, []any{id, e.id, []string{"bezoek", "bezoek", "telefoon", "online"}[g.r.IntN(4)], on,
				[]int64{owner}, g.pick(visitNotes), owner, on.Add(15 * time.Hour), on.Add(15 * time.Hour)})
			if len(e.contact) > 0 {
				vc = append(vc, []any{id, e.contact[g.r.IntN(len(e.contact))]})
			}
			id++
		}
		if g.r.IntN(2) == 0 {
			due := g.today.AddDate(0, 0, 60-g.r.IntN(400))
			var doneAt, doneBy any
			if due.Before(g.today) && g.r.IntN(5) != 0 {
				doneAt, doneBy = due.Add(11*time.Hour), g.coordinators[e.network]
			}
			follow = append(follow, []any{e.id, g.pick(followUpTexts), g.coordinators[e.network], due, doneAt, doneBy,
				g.coordinators[e.network], due.AddDate(0, 0, -14)})
		}
	}
	c, err := copyRows(ctx, tx, "visits", []string{"id", "employer_id", "kind", "visited_on", "user_ids", "notes",
		"created_by", "created_at", "updated_at"}, len(visits), func(i int) []any { return visits[i] })
	if err != nil {
		return err
	}
	sum.Visits = c
	if _, err := copyRows(ctx, tx, "visit_contacts", []string{"visit_id", "contact_id"}, len(vc), func(i int) []any { return vc[i] }); err != nil {
		return err
	}
	c, err = copyRows(ctx, tx, "follow_ups", []string{"employer_id", "description", "owner_id", "due_on", "done_at", "done_by",
		"created_by", "created_at"}, len(follow), func(i int) []any { return follow[i] })
	sum.FollowUps = c
	return err
}

var partnerKinds = []string{"wsp", "uwv", "gemeente", "reintegratiebureau", "onderwijs"}

// loadReferrals adds five partners per region and refers two in five
// employers to one of their region's partners.
func (g *nationalGen) loadReferrals(ctx context.Context, tx pgx.Tx, sum *NationalSummary) error {
	first, err := nextID(ctx, tx, "partners")
	if err != nil {
		return err
	}
	var partners, refs [][]any
	g.partners = make([][]int64, len(g.regions))
	id := first
	for ri := range g.regions {
		for k, kind := range partnerKinds {
			name := []string{"Werkgeversservicepunt ", "UWV Werkbedrijf ", "Gemeente ", "Re-integratie Oost ", "ROC "}[k] +
				g.regionName[ri]
			partners = append(partners, []any{id, g.regions[ri], kind, name + " (landelijk)", g.personName()})
			g.partners[ri] = append(g.partners[ri], id)
			id++
		}
	}
	statuses := []string{"open", "doorverwezen", "opgepakt", "afgerond", "afgerond", "niet_gelukt"}
	for _, e := range g.employers {
		if g.r.IntN(5) >= 2 {
			continue
		}
		on := dateOf(e.created).AddDate(0, 0, g.r.IntN(int(g.today.Sub(e.created).Hours()/24)+1))
		st := statuses[g.r.IntN(len(statuses))]
		var follow, contact any
		if st != "afgerond" && st != "niet_gelukt" {
			follow = on.AddDate(0, 0, 14+g.r.IntN(60))
		}
		if len(e.contact) > 0 {
			contact = e.contact[0]
		}
		ps := g.partners[g.netRegion[e.network]]
		refs = append(refs, []any{e.id, g.networks[e.network], ps[g.r.IntN(len(ps))], contact, g.pick(referralQuestions), on,
			g.coordinators[e.network], st, follow, on.Add(16 * time.Hour), on.Add(16 * time.Hour)})
	}
	if _, err := copyRows(ctx, tx, "partners", []string{"id", "region_id", "kind", "name", "contact_name"}, len(partners),
		func(i int) []any { return partners[i] }); err != nil {
		return err
	}
	c, err := copyRows(ctx, tx, "referrals", []string{"employer_id", "network_id", "partner_id", "contact_id", "question",
		"referred_on", "referred_by", "status", "follow_up_on", "created_at", "updated_at"}, len(refs), func(i int) []any { return refs[i] })
	sum.Referrals = c
	return err
}

// loadCommitments: members sign one to three commitments, some still
// promised, some lapsed.
func (g *nationalGen) loadCommitments(ctx context.Context, tx pgx.Tx, sum *NationalSummary) error {
	var rows [][]any
	for _, e := range g.employers {
		if e.since.IsZero() {
			continue
		}
		for _, k := range g.r.Perm(len(g.kinds))[:1+g.r.IntN(min(3, len(g.kinds)))] {
			promised := e.since.AddDate(0, 0, -g.r.IntN(20))
			st := []string{"toegezegd", "getekend", "getekend", "getekend", "verlopen", "ingetrokken"}[g.r.IntN(6)]
			var signed, from, until any
			if st != "toegezegd" {
				s := promised.AddDate(0, 0, 7+g.r.IntN(40))
				signed, from = s, s
				until = s.AddDate(2, 0, 0)
				if st == "verlopen" {
					until = s.AddDate(0, 6, 0)
				}
			}
			rows = append(rows, []any{e.id, g.kinds[k], st, promised, signed, from, until, promised, promised})
		}
	}
	c, err := copyRows(ctx, tx, "commitments", []string{"employer_id", "kind_id", "status", "promised_on", "signed_on",
		"valid_from", "valid_until", "created_at", "updated_at"}, len(rows), func(i int) []any { return rows[i] })
	sum.Commitments = c
	return err
}

// loadAudit writes the history lines: every employer and contact created,
// every status change, by the network's coordinator.
func (g *nationalGen) loadAudit(ctx context.Context, tx pgx.Tx, sum *NationalSummary) error {
	lo, hi := g.employers[0].id, g.employers[len(g.employers)-1].id
	tag, err := tx.Exec(ctx, `
		INSERT INTO audit_log (at, user_id, actor, source, entity, entity_id, employer_id, action, changes)
		SELECT x.at, u.id, u.name, 'seed', x.entity, x.entity_id, x.employer_id, x.action, x.changes
		FROM (
			SELECT created_at AS at, 'employer' AS entity, id AS entity_id, id AS employer_id, network_id,
				'aangemaakt' AS action, '{}'::jsonb AS changes
			FROM employers WHERE id BETWEEN $1 AND $2
			UNION ALL
			SELECT c.created_at, 'contact', c.id, c.employer_id, e.network_id, 'aangemaakt', '{}'
			FROM contacts c JOIN employers e ON e.id = c.employer_id WHERE e.id BETWEEN $1 AND $2
			UNION ALL
			SELECT h.created_at, 'employer', h.employer_id, h.employer_id, e.network_id, 'gewijzigd',
				jsonb_build_object('status', jsonb_build_object('old', lag(h.status) OVER w, 'new', h.status))
			FROM employer_status_changes h JOIN employers e ON e.id = h.employer_id
			WHERE e.id BETWEEN $1 AND $2
			WINDOW w AS (PARTITION BY h.employer_id ORDER BY h.changed_on, h.id)
		) x
		JOIN user_networks un ON un.network_id = x.network_id
		JOIN users u ON u.id = un.user_id AND u.role = 'coordinator' AND u.email LIKE '%@landelijk.example.org'
		WHERE NOT (x.action = 'gewijzigd' AND x.changes #> '{status,old}' = 'null')
		ORDER BY x.at, x.entity DESC, x.entity_id`, lo, hi)
	sum.Audit = int(tag.RowsAffected())
	return err
}

// Names: varied Dutch words, accents and legal forms, so searches narrow
// the way they do on real data.
var (
	nationalCities = []string{"Groningen", "Leeuwarden", "Assen", "Zwolle", "Enschede", "Apeldoorn", "Doetinchem",
		"Arnhem", "Nijmegen", "Ede", "Tiel", "Almere", "Utrecht", "Amersfoort", "Hilversum", "Amsterdam", "Zaandam",
		"Alkmaar", "Haarlem", "Leiden", "Den Haag", "Gouda", "Zoetermeer", "Rotterdam", "Dordrecht", "Gorinchem",
		"Middelburg", "Breda", "Tilburg", "'s-Hertogenbosch", "Eindhoven", "Helmond", "Venlo", "Roermond", "Maastricht"}
	nationalStreets = []string{"Kerkstraat", "Molenweg", "Industrieweg", "Stationsplein", "Dorpsstraat", "Hoofdstraat",
		"Nijverheidsweg", "Havenkade", "Marktplein", "Schoolstraat", "Ambachtsweg", "Lindelaan", "Beukenlaan",
		"Energieweg", "Zuiderpark", "Oosteinde", "Westeinde", "Handelsweg", "Kanaaldijk", "Rijksstraatweg"}
	employerKinds = []string{"Bakkerij", "Installatietechniek", "Zorggroep", "Hoveniersbedrijf", "Energiecoöperatie",
		"Transportbedrijf", "Drukkerij", "Schoonmaakbedrijf", "Kinderopvang", "Metaalbewerking", "Woningcorporatie",
		"Autobedrijf", "Hotel", "Café-Restaurant", "Architectenbureau", "Accountantskantoor", "Bouwbedrijf",
		"Verpakkingsindustrie", "Logistiek", "Brasserie", "Kwekerij", "Zuivelfabriek", "Thuiszorg", "Fysiotherapie",
		"Tandartsenpraktijk", "ICT-diensten", "Recyclingbedrijf", "Meubelmakerij", "Vishandel", "Slagerij",
		"Boekhandel", "Fietsenmakerij", "Crèche", "Pâtisserie", "Naaiatelier", "Brouwerij", "Groothandel",
		"Scheepswerf", "Garagebedrijf", "Kringloopwinkel", "Zorgboerderij", "Wasserij", "Adviesbureau"}
	employerWords = []string{"Korenschoof", "Zonnebloem", "Eikenhof", "Lindeboom", "Molenwiek", "Waterlelie",
		"Hazelaar", "Vlasakker", "Heideveld", "Duinzicht", "Polderhoeve", "Klaverblad", "Beukenrode", "Gildehuys",
		"Oosterweel", "Ridderhof", "Smidse", "Tulpenveld", "Zwaluw", "Ijsvogel", "Vuurtoren", "Zeemeeuw",
		"Kroonduif", "Wilgenhoek", "Rozengaard", "Dijkzicht", "Kastanjehof", "Morgenster", "Regenboog", "Noorderlicht",
		"Zuiderzon", "Weidezicht", "Graanschuur", "Looierij", "Brughuys", "Vijverberg", "Sterrenwacht", "Bloesem",
		"Eendracht", "Vooruitgang", "Arendsnest", "Velduil", "Hooiberg", "Klokkenluider", "Pelikaan", "Citadel",
		"Émeraude", "Bélvèdere", "Hanzeboog", "Dorpsplein"}
	legalForms        = []string{"B.V.", "B.V.", "B.V.", "N.V.", "V.O.F.", "C.V.", "U.A.", "", "", "Holding B.V."}
	nationalLastNames = []string{"Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer",
		"de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
		"de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan",
		"Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Jong", "Schouten",
		"Willems", "Hoekstra", "Koç", "Yılmaz", "Çelik", "El Idrissi", "Bouzidi", "Öztürk", "Nguyễn", "Müller",
		"Maréchal", "Sánchez", "Kraaijenbrink", "Hoogeveen", "'t Hart", "van 't Hof", "Eeltink", "Oudshoorn",
		"Tuinstra", "Wijnands", "Zwanenburg", "Scholtén", "Ruíz", "Akkermans", "Ferreira", "Kowalski", "Haddou"}
	nationalFirstNames = []string{"Anouk", "Sanne", "Daan", "Lieke", "Bram", "Fleur", "Joris", "Noor", "Thijs",
		"Maël", "Zoë", "Inés", "Ömer", "Chloë", "Noël", "René", "André", "Hélène", "Françoise", "Sjoerd",
		"Femke", "Wouter", "Mirjam", "Pieter", "Esmée", "Stijn", "Renée", "Youssef", "Fatima", "Mehmet", "Ayşe",
		"Jan", "Marloes", "Kees", "Ilse", "Bart", "Loïs", "Gerrit", "Annemiek", "Raf", "Ingrid", "Hanneke", "Tjeerd",
		"Aïcha", "Björn", "Jüri", "Siân", "Cécile", "Arjen", "Dewi"}
	eventTopics = []string{"inclusief inkopen in de praktijk", "jobcarving met de eigen teams",
		"begeleiding op de werkvloer", "subsidies en loonkostenvoordeel", "ervaringen van collega-werkgevers",
		"behoud en doorgroei", "de banenafspraak in cijfers", "samenwerken met het WSP"}
	eventDescriptions = []string{"Een middag met praktijkverhalen van leden en tijd om elkaar te spreken.",
		"Korte inleiding, daarna in kleine groepen aan de slag met eigen vragen.",
		"Rondleiding bij de gastgever en gesprek met de teamleiders."}
	visitNotes = []string{"Kennismaking met de nieuwe HR-adviseur; interesse in de kenniskring.",
		"Gesproken over twee plekken in de logistiek; WSP wordt benaderd.",
		"Terugblik op het eerste jaar als lid, ambitie voor volgend jaar besproken.",
		"Telefonisch contact over de bijeenkomst en de intake."}
	followUpTexts = []string{"Terugbellen over de vacature in de productie", "Intake-uitnodiging nasturen",
		"Contact leggen met het WSP over jobcoaching", "Convenant ter ondertekening langsbrengen",
		"Vragen naar de plaatsingen van dit kwartaal"}
	referralQuestions = []string{"Zoekt twee kandidaten voor de inpakafdeling.",
		"Vraag over loonkostensubsidie voor een nieuwe medewerker.",
		"Wil een jobcoach voor een medewerker in de bediening.",
		"Zoekt een stageplaats-samenwerking met het praktijkonderwijs."}
)

func (g *nationalGen) lastName() string { return g.pick(nationalLastNames) }

func (g *nationalGen) personName() string { return g.pick(nationalFirstNames) + " " + g.lastName() }

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// employerName combines a trade, a word or a family name, sometimes the
// place, and a legal form: "Energiecoöperatie Korenschoof U.A.",
// "Bakkerij Van der Meer B.V.", "Stichting Zorggroep Eikenhof Venlo".
func (g *nationalGen) employerName(city string) string {
	var parts []string
	switch g.r.IntN(6) {
	case 0:
		parts = []string{"Stichting", g.pick(employerKinds), g.pick(employerWords)}
	case 1:
		parts = []string{g.pick(employerKinds), capitalize(g.lastName())}
	case 2:
		parts = []string{capitalize(g.lastName()), "&", capitalize(g.lastName()), g.pick(employerKinds)}
	case 3:
		parts = []string{g.pick(employerKinds), "De", g.pick(employerWords), city}
	default:
		parts = []string{g.pick(employerKinds), g.pick(employerWords)}
	}
	if parts[0] != "Stichting" {
		if f := g.pick(legalForms); f != "" {
			parts = append(parts, f)
		}
	}
	return strings.Join(parts, " ")
}

// postcode returns a valid Dutch postcode roughly in the region's range.
func (g *nationalGen) postcode(region int) string {
	digits := 1000 + (region*257+g.r.IntN(250))%9000
	letters := ""
	for len(letters) < 2 {
		letters += string(rune('A' + g.r.IntN(26)))
		if len(letters) == 2 && (letters == "SA" || letters == "SD" || letters == "SS") {
			letters = ""
		}
	}
	return fmt.Sprintf("%d %s", digits, letters)
}
