package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// The demo data is first built in memory (a plan) from the static content in
// data.go and a fixed random seed, then inserted. Dates are relative to the
// day of seeding, so "member since" always lies within the last four years.

// Seeds of the random generator: change them and the demo data changes.
const seed1, seed2 = 99, 2013

// reference holds the rows of the reference tables the plan draws from.
type reference struct {
	regions   map[string]int64 // name -> id
	sectors   map[string]int64 // SBI2008 code -> id
	maturity  []int64          // PSO levels, by position
	challenge []tagRef         // kind uitdaging, by position
	offer     []tagRef         // kind aanbod, by position
}

type tagRef struct {
	id        int64
	name      string
	helpsWith int64 // 0: none
}

type statusChange struct {
	status string
	on     time.Time
}

type employerPlan struct {
	network         int // index into networkSpecs
	spec            employerSpec
	kvk             string // "" = unknown
	address         string
	postcode        string
	domain          string
	history         []statusChange // ascending; the last one is the current status
	memberSince     time.Time      // zero: never a member
	maturity        int64          // 0: unknown
	challenges      []tagRef
	offers          []tagRef
	challengesNote  string
	offersNote      string
	notes           string
	createdAt       time.Time
	updatedAt       time.Time
	contacts        []contactPlan
	singleContact   bool
	withoutDirectie bool
}

func (e *employerPlan) statusChangedOn() time.Time { return e.history[len(e.history)-1].on }

type contactPlan struct {
	name, email, phone      string
	function, title, level  string
	primary                 bool
	activeFrom, activeUntil time.Time // activeUntil zero: still active
	createdAt, updatedAt    time.Time
}

// sizeClass returns the CBS size class code of an employee count.
func sizeClass(n int) string {
	switch {
	case n < 10:
		return "micro"
	case n < 50:
		return "klein"
	case n < 250:
		return "middelgroot"
	default:
		return "groot"
	}
}

type planner struct {
	rng   *rand.Rand
	today time.Time // midnight UTC
	ref   reference
	kvks  map[string]bool
}

// buildPlan returns every employer of every network, in insertion order.
func buildPlan(today time.Time, ref reference) []employerPlan {
	p := &planner{
		rng:   rand.New(rand.NewPCG(seed1, seed2)),
		today: dateOf(today),
		ref:   ref,
		kvks:  map[string]bool{},
	}
	var out []employerPlan
	for ni, ns := range networkSpecs {
		single, noDirectie := p.pickWarnings(ns.employers, []int{3, 3, 2}[min(ni, 2)], 2)
		for ei, es := range ns.employers {
			out = append(out, p.employer(ni, es, single[ei], noDirectie[ei]))
		}
	}
	return out
}

// pickWarnings chooses which employers get one active contact and which get no
// directie contact, so the dashboard's warnings have something to show.
func (p *planner) pickWarnings(specs []employerSpec, singles, noDirectie int) (single, noDir map[int]bool) {
	single, noDir = map[int]bool{}, map[int]bool{}
	for _, i := range p.rng.Perm(len(specs)) {
		if len(single) == singles {
			break
		}
		if specs[i].status != "prospect" && specs[i].status != "uitgeschreven" {
			single[i] = true
		}
	}
	for _, i := range p.rng.Perm(len(specs)) {
		if len(noDir) == noDirectie {
			break
		}
		s := specs[i]
		if !single[i] && s.status != "prospect" && sizeClass(s.employees) != "micro" {
			noDir[i] = true
		}
	}
	return single, noDir
}

func (p *planner) employer(network int, s employerSpec, single, noDirectie bool) employerPlan {
	e := employerPlan{
		network:         network,
		spec:            s,
		domain:          slug(s.name) + ".example",
		singleContact:   single,
		withoutDirectie: noDirectie,
	}
	e.history = p.history(s.status)
	for _, h := range e.history {
		if h.status == "lid" {
			e.memberSince = h.on
			break
		}
	}
	e.createdAt = p.atWorkHours(e.history[0].on)
	e.updatedAt = p.atWorkHours(e.statusChangedOn())

	if s.status != "prospect" || p.rng.IntN(10) < 6 {
		e.kvk = p.kvk()
	}
	city := cities[s.city]
	e.postcode = fmt.Sprintf("%04d %s", city.postcodeLo+p.rng.IntN(city.postcodeHi-city.postcodeLo+1), p.postcodeLetters())
	e.address = fmt.Sprintf("%s %d", pick(p.rng, streets), 1+p.rng.IntN(180))
	e.maturity = p.maturity(s.status)
	p.tags(&e)
	p.contacts(&e)
	p.notes(&e)
	return e
}

// history returns the status changes that lead to status, oldest first.
func (p *planner) history(status string) []statusChange {
	ago := func(days int) time.Time { return p.today.AddDate(0, 0, -days) }
	before := func(t time.Time, lo, spread int) time.Time { return t.AddDate(0, 0, -(lo + p.rng.IntN(spread))) }
	switch status {
	case "prospect":
		return []statusChange{{"prospect", ago(7 + p.rng.IntN(240))}}
	case "aangemeld":
		d1 := ago(3 + p.rng.IntN(75))
		return []statusChange{{"prospect", before(d1, 14, 120)}, {"aangemeld", d1}}
	case "lid":
		d2 := ago(30 + p.rng.IntN(1430))
		d1 := before(d2, 14, 60)
		return []statusChange{{"prospect", before(d1, 14, 120)}, {"aangemeld", d1}, {"lid", d2}}
	default: // gepauzeerd, uitgeschreven: once a member
		d2 := ago(400 + p.rng.IntN(1060))
		d1 := before(d2, 14, 60)
		d3 := ago(14 + p.rng.IntN(300))
		h := []statusChange{{"prospect", before(d1, 14, 120)}, {"aangemeld", d1}, {"lid", d2}}
		if status == "uitgeschreven" && p.rng.IntN(2) == 0 {
			h = append(h, statusChange{"gepauzeerd", d2.Add(d3.Sub(d2) / 2).Truncate(24 * time.Hour)})
		}
		return append(h, statusChange{status, d3})
	}
}

func (p *planner) kvk() string {
	for {
		k := fmt.Sprintf("%08d", p.rng.IntN(100_000_000))
		if k[0] != '0' || p.rng.IntN(4) == 0 { // a few with a leading zero
			if !p.kvks[k] {
				p.kvks[k] = true
				return k
			}
		}
	}
}

// postcodeLetters returns two letters that PostNL uses (never SA, SD or SS).
func (p *planner) postcodeLetters() string {
	const letters = "ABCDEGHJKLMNPRSTVWXZ"
	for {
		s := string([]byte{letters[p.rng.IntN(len(letters))], letters[p.rng.IntN(len(letters))]})
		if s != "SA" && s != "SD" && s != "SS" {
			return s
		}
	}
}

// maturity returns a PSO level id, weighted towards the lower steps; 0 when
// unknown (always for prospects).
func (p *planner) maturity(status string) int64 {
	levels := p.ref.maturity
	if len(levels) == 0 || status == "prospect" || (status == "aangemeld" && p.rng.IntN(2) == 0) {
		return 0
	}
	weights := []int{20, 30, 25, 10, 5}
	total := 10 // weight of "unknown"
	for i := range levels {
		total += weightAt(weights, i)
	}
	r := p.rng.IntN(total)
	for i, id := range levels {
		if r -= weightAt(weights, i); r < 0 {
			return id
		}
	}
	return 0
}

func weightAt(w []int, i int) int {
	if i < len(w) {
		return w[i]
	}
	return 5
}

// tags gives most employers one to three challenges and zero to three offers;
// nobody offers knowledge about a challenge they struggle with themselves.
func (p *planner) tags(e *employerPlan) {
	nChallenges, nOffers := 1+p.rng.IntN(3), p.rng.IntN(4)
	if e.spec.status == "prospect" {
		nChallenges, nOffers = p.rng.IntN(2), 0
	}
	for _, i := range p.rng.Perm(len(p.ref.challenge))[:min(nChallenges, len(p.ref.challenge))] {
		e.challenges = append(e.challenges, p.ref.challenge[i])
	}
	for _, i := range p.rng.Perm(len(p.ref.offer)) {
		if len(e.offers) == nOffers {
			break
		}
		t := p.ref.offer[i]
		if t.helpsWith != 0 && slices.ContainsFunc(e.challenges, func(c tagRef) bool { return c.id == t.helpsWith }) {
			continue
		}
		e.offers = append(e.offers, t)
	}
}

// notes writes short notes for some employers that fit their tags, status
// and contacts.
func (p *planner) notes(e *employerPlan) {
	noteFor := func(tags []tagRef, notes map[string][]string) string {
		var fits []string
		for _, t := range tags {
			fits = append(fits, notes[t.name]...)
		}
		if len(fits) == 0 {
			return ""
		}
		return pick(p.rng, fits)
	}
	if p.rng.IntN(2) == 0 {
		e.challengesNote = noteFor(e.challenges, challengeNotes)
	}
	if p.rng.IntN(5) < 2 {
		e.offersNote = noteFor(e.offers, offerNotes)
	}
	if e.spec.status != "lid" || p.rng.IntN(5) < 2 {
		notes := notesByStatus[e.spec.status]
		if !slices.ContainsFunc(e.contacts, func(c contactPlan) bool { return c.function == "directie" && c.activeUntil.IsZero() }) {
			notes = slices.DeleteFunc(slices.Clone(notes), func(n string) bool { return strings.Contains(n, "directeur") })
		}
		e.notes = pick(p.rng, notes)
	}
}

// contacts: two to five per employer by size, one active primary contact, a
// directie contact unless the employer is picked to lack one, and now and then
// a former contact who left.
func (p *planner) contacts(e *employerPlan) {
	size := sizeClass(e.spec.employees)
	var functions []string
	switch {
	case e.singleContact && size == "micro":
		functions = []string{"directie"}
	case e.singleContact:
		functions = []string{pick(p.rng, []string{"directie", "directie", "hr", "mvo", "inkoop", "recruitment"})}
	default:
		n := map[string]int{"micro": 2, "klein": 2 + p.rng.IntN(2), "middelgroot": 2 + p.rng.IntN(3), "groot": 3 + p.rng.IntN(3)}[size]
		pool := map[string][]string{
			"micro": {"leidinggevende", "anders", "hr"},
			"klein": {"hr", "leidinggevende", "inkoop", "anders", "mvo"},
		}[size]
		if pool == nil {
			pool = []string{"hr", "recruitment", "inkoop", "mvo", "leidinggevende", "anders"}
		}
		if !e.withoutDirectie {
			functions = append(functions, "directie")
		}
		for _, i := range p.rng.Perm(len(pool)) {
			if len(functions) == n {
				break
			}
			functions = append(functions, pool[i])
		}
	}

	used := map[string]bool{}
	start := e.history[0].on
	span := int(p.today.Sub(start).Hours() / 24) // days since the first contact
	for i, f := range functions {
		from := start
		if i > 0 && span > 30 && p.rng.IntN(5) < 2 {
			from = start.AddDate(0, 0, p.rng.IntN(span-7))
		}
		e.contacts = append(e.contacts, p.contact(e, f, size, from, time.Time{}, used))
	}
	e.contacts[primaryIndex(e.contacts, size)].primary = true

	// A former contact: someone who left after at least two months.
	chance := 3
	if e.singleContact {
		chance = 5
	}
	if len(e.contacts) < 5 && span >= 200 && p.rng.IntN(10) < chance {
		f := pick(p.rng, []string{"directie", "hr", "hr", "mvo", "inkoop", "recruitment", "leidinggevende"})
		if e.withoutDirectie && f == "directie" {
			f = "hr"
		}
		until := start.AddDate(0, 0, 60+p.rng.IntN(span-90))
		e.contacts = append(e.contacts, p.contact(e, f, size, start, until, used))
	}
}

func (p *planner) contact(e *employerPlan, function, size string, from, until time.Time, used map[string]bool) contactPlan {
	var first, last string
	for {
		first, last = pick(p.rng, firstNames), pick(p.rng, lastNames)
		if !used[first+" "+last] {
			used[first+" "+last] = true
			break
		}
	}
	titles := jobTitles[function]
	if function == "directie" && (size == "micro" || size == "klein") && isBusiness(e.spec) {
		titles = ownerTitles
	}
	titles = slices.DeleteFunc(slices.Clone(titles), func(t titleSpec) bool {
		return t.sectors != "" && !strings.Contains(t.sectors, e.spec.sector)
	})
	t := pick(p.rng, titles)
	c := contactPlan{
		name:       first + " " + last,
		email:      strings.ToLower(asciiFold(first)) + "." + strings.ReplaceAll(strings.ToLower(asciiFold(last)), " ", "") + "@" + e.domain,
		phone:      p.phone(e.spec.city),
		function:   function,
		title:      t.title,
		level:      t.level,
		activeFrom: from,
		createdAt:  p.atWorkHours(from),
	}
	if from.Equal(e.history[0].on) {
		// Entered together with the employer, just after it.
		c.createdAt = e.createdAt.Add(time.Duration(2+len(used)) * time.Minute)
	}
	c.updatedAt = c.createdAt
	if !until.IsZero() {
		c.activeUntil = until
		c.updatedAt = p.atWorkHours(until)
	}
	return c
}

// isBusiness reports whether an employer has an owner: not a government,
// school, foundation or cooperative.
func isBusiness(s employerSpec) bool {
	name := strings.ToLower(s.name)
	return !strings.ContainsAny(s.sector, "OP") && !strings.Contains(name, "stichting") && !strings.Contains(name, "coöperatie")
}

// primaryIndex picks the primary contact: the owner of a small employer, HR
// or MVO at a larger one.
func primaryIndex(cs []contactPlan, size string) int {
	order := []string{"hr", "mvo", "recruitment", "directie", "leidinggevende", "inkoop", "anders"}
	if size == "micro" || size == "klein" {
		order = []string{"directie", "hr", "mvo", "leidinggevende", "inkoop", "recruitment", "anders"}
	}
	for _, f := range order {
		for i, c := range cs {
			if c.function == f && c.activeUntil.IsZero() {
				return i
			}
		}
	}
	return 0
}

// phone returns a mobile number (06-12345678), a landline with the city's
// area code (053-1234567, 0546-123456), or nothing.
func (p *planner) phone(city string) string {
	switch r := p.rng.IntN(20); {
	case r < 2:
		return ""
	case r < 11:
		return fmt.Sprintf("06-%d%07d", 1+p.rng.IntN(5), p.rng.IntN(10_000_000))
	default:
		area := cities[city].areaCode
		digits := 10 - len(area)
		n := (2+p.rng.IntN(8))*pow10(digits-1) + p.rng.IntN(pow10(digits-1))
		return fmt.Sprintf("%s-%d", area, n)
	}
}

func pow10(n int) int {
	r := 1
	for range n {
		r *= 10
	}
	return r
}

// atWorkHours returns a moment between 08:00 and 17:00 UTC on day.
func (p *planner) atWorkHours(day time.Time) time.Time {
	return day.Add(8*time.Hour + time.Duration(p.rng.IntN(9*60))*time.Minute)
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// dateOf returns midnight UTC of t's calendar day (in t's own location).
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// asciiFold replaces the accented letters that occur in Dutch names.
func asciiFold(s string) string {
	return strings.NewReplacer(
		"ä", "a", "á", "a", "à", "a", "ë", "e", "é", "e", "è", "e", "ï", "i", "í", "i", "ı", "i",
		"ö", "o", "ó", "o", "ü", "u", "ú", "u", "ç", "c", "ş", "s", "ğ", "g",
		"Ä", "A", "Ë", "E", "É", "E", "Ï", "I", "Ö", "O", "Ü", "U", "İ", "I", "Ş", "S", "Ç", "C",
	).Replace(s)
}

// slug turns an employer name into a domain label: "Leferink & Partners" ->
// "leferink-partners".
func slug(name string) string {
	words := strings.FieldsFunc(strings.ToLower(asciiFold(name)), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	})
	return strings.Join(words, "-")
}
