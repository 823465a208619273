package dashboard_test

import (
	"math"
	"reflect"
	"testing"
	"time"

	"netwerkportaal/internal/dashboard"
)

// Each figure's SQL against the hand-built data set, with the answers
// worked out by hand in fixture_test.go.

func TestGrowth(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rows, err := dashboard.NewStore(f.pool).Growth(f.ctx, f.scope(4, f.netA))
	if err != nil {
		t.Fatal(err)
	}
	// Active: Alfa through the event before the period; Bravo in K4 and
	// K1, and still in K2 through its directie who left today.
	want := []dashboard.GrowthRow{
		{Quarter: day("2025-07-01"), Members: 4, Joins: 2, Leaves: 0, Active: 1},
		{Quarter: day("2025-10-01"), Members: 3, Joins: 0, Leaves: 1, Active: 2},
		{Quarter: day("2026-01-01"), Members: 3, Joins: 1, Leaves: 1, Active: 2},
		{Quarter: day("2026-04-01"), Members: 4, Joins: 1, Leaves: 0, Active: 2},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("A, 4 quarters:\n got %+v\nwant %+v", rows, want)
	}

	// Two networks together are the sum; C is never counted.
	rows, _ = dashboard.NewStore(f.pool).Growth(f.ctx, f.scope(4, f.netA, f.netB))
	members, joins, active := []int{}, []int{}, []int{}
	for _, r := range rows {
		members, joins, active = append(members, r.Members), append(joins, r.Joins), append(active, r.Active)
	}
	// B: Hotel was at B's event in K1 2026 (the one absent is its other contact).
	if !reflect.DeepEqual(members, []int{5, 5, 5, 6}) || !reflect.DeepEqual(joins, []int{2, 1, 1, 1}) || !reflect.DeepEqual(active, []int{1, 2, 3, 3}) {
		t.Errorf("A+B: members %v joins %v active %v", members, joins, active)
	}

	// Eight quarters start in K3 2024: Alfa and Charlie were members then.
	rows, _ = dashboard.NewStore(f.pool).Growth(f.ctx, f.scope(8, f.netA))
	if len(rows) != 8 || rows[0].Quarter != day("2024-07-01") || rows[0].Members != 2 || rows[3].Members != 2 || rows[4].Members != 4 {
		t.Errorf("A, 8 quarters: %+v", rows)
	}
	// An unknown period falls back to the default of 8 quarters.
	if rows, _ := dashboard.NewStore(f.pool).Growth(f.ctx, f.scope(5, f.netA)); len(rows) != dashboard.DefaultPeriod {
		t.Errorf("period 5: %d quarters", len(rows))
	}
}

func TestAttendance(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := dashboard.NewStore(f.pool)
	att, err := s.Attendance(f.ctx, f.scope(4, f.netA))
	if err != nil {
		t.Fatal(err)
	}
	want := []dashboard.AttendanceRow{
		{Quarter: day("2025-07-01")},
		{Quarter: day("2025-10-01"), Events: 1, Invited: 5, Registered: 4, Present: 3},
		{Quarter: day("2026-01-01"), Events: 1, Invited: 6, Registered: 4, Present: 2},
		{Quarter: day("2026-04-01")},
	}
	if !reflect.DeepEqual(att, want) {
		t.Errorf("attendance A:\n got %+v\nwant %+v", att, want)
	}
	att, _ = s.Attendance(f.ctx, f.scope(4, f.netA, f.netB))
	if att[2].Events != 2 || att[2].Invited != 8 || att[2].Registered != 6 || att[2].Present != 3 {
		t.Errorf("attendance A+B in K1 2026: %+v", att[2])
	}

	// Who attends, by function; the totals equal the attendance.
	fa, err := s.FunctionAttendance(f.ctx, f.scope(4, f.netA))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][3]int{}
	sum := [3]int{}
	for _, r := range fa {
		got[r.Function] = [3]int{r.Invited, r.Registered, r.Present}
		sum = [3]int{sum[0] + r.Invited, sum[1] + r.Registered, sum[2] + r.Present}
	}
	wantFA := map[string][3]int{"directie": {4, 3, 3}, "hr": {3, 3, 1}, "recruitment": {}, "inkoop": {1, 1, 1},
		"mvo": {2, 1, 0}, "leidinggevende": {1, 0, 0}, "anders": {}}
	if !reflect.DeepEqual(got, wantFA) || sum != [3]int{11, 8, 5} || fa[0].Function != "directie" {
		t.Errorf("function attendance: %v (sum %v)", got, sum)
	}
}

func TestNoEvents(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := dashboard.NewStore(f.pool)
	// India of network B is a member without contacts; B's only event is
	// in K1 2026, so the other quarters have none.
	att, _ := s.Attendance(f.ctx, f.scope(4, f.netB))
	for i, r := range att {
		if (i == 2) != (r.Events == 1) || (i != 2 && r != (dashboard.AttendanceRow{Quarter: r.Quarter})) {
			t.Errorf("B quarter %d: %+v", i, r)
		}
	}
	// No networks at all: every quarter, all zero, no error.
	d, err := s.Load(f.ctx, f.scope(4))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Growth) != 4 || d.Growth[3].Members != 0 || d.Summary != (dashboard.Summary{}) || len(d.Needs) != 0 ||
		len(d.Conditions) != 0 || d.Intake.Invited != 0 || d.Intake.MedianDays != nil || len(d.EmployerPlacements) != 0 {
		t.Errorf("no networks: %+v", d)
	}
}

func TestMembersAndContacts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := dashboard.NewStore(f.pool)
	sum, err := s.Summary(f.ctx, f.scope(4, f.netA))
	if err != nil {
		t.Fatal(err)
	}
	if sum != (dashboard.Summary{Members: 4, OneContact: 2, Directie: 2}) {
		t.Errorf("summary A: %+v", sum)
	}
	if sum, _ := s.Summary(f.ctx, f.scope(4, f.netB)); sum != (dashboard.Summary{Members: 2}) {
		t.Errorf("summary B: %+v", sum)
	}

	fragile, err := s.Fragile(f.ctx, f.scope(4, f.netA, f.netB))
	if err != nil {
		t.Fatal(err)
	}
	since1, since2 := day("2025-08-15"), day("2026-04-10")
	want := []dashboard.FragileMember{
		{EmployerID: f.emp["Bravo"], Name: "Bravo", Network: "Netwerk A", Function: "HR", Level: "tactisch", MemberSince: &since1},
		{EmployerID: f.emp["Golf"], Name: "Golf", Network: "Netwerk A", Function: "Directie / DGA", Level: "strategisch", MemberSince: &since2},
	}
	if !reflect.DeepEqual(fragile, want) {
		t.Errorf("fragile:\n got %+v\nwant %+v", fragile, want)
	}

	mix, err := s.ContactMix(f.ctx, f.scope(4, f.netA))
	if err != nil {
		t.Fatal(err)
	}
	if len(mix) != 7*3 || mix[0].Function != "directie" || mix[0].Level != "strategisch" {
		t.Fatalf("mix is not every function × level in order: %+v", mix)
	}
	got := map[string]int{}
	for _, c := range mix {
		if c.Contacts > 0 {
			got[c.Function+"/"+c.Level] = c.Contacts
		}
	}
	wantMix := map[string]int{"directie/strategisch": 2, "hr/tactisch": 2, "mvo/tactisch": 1, "leidinggevende/operationeel": 1}
	if !reflect.DeepEqual(got, wantMix) {
		t.Errorf("contact mix A: %v", got)
	}
}

func TestComposition(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c, err := dashboard.NewStore(f.pool).Composition(f.ctx, f.scope(4, f.netA))
	if err != nil {
		t.Fatal(err)
	}
	rows := func(rs []dashboard.CompositionRow) map[string]int {
		m := map[string]int{}
		for _, r := range rs {
			m[r.Label] = r.Members
		}
		return m
	}
	if got := rows(c.Sectors); !reflect.DeepEqual(got, map[string]int{"C Industrie": 2, "Q Gezondheids- en welzijnszorg": 1, "": 1}) || c.Sectors[2].Label != "" {
		t.Errorf("sectors: %+v", c.Sectors)
	}
	if got := rows(c.Sizes); !reflect.DeepEqual(got, map[string]int{"Micro (0-9)": 1, "Klein (10-49)": 0, "Middelgroot (50-249)": 1, "Groot (250+)": 1, "": 1}) ||
		c.Sizes[0].Label != "Micro (0-9)" || c.Sizes[4].Label != "" {
		t.Errorf("sizes: %+v", c.Sizes)
	}
	if len(c.Regions) != 3 || c.Regions[0] != (dashboard.CompositionRow{Dimension: "regio", Label: "Twente", Members: 2}) || c.Regions[2].Label != "" {
		t.Errorf("regions: %+v", c.Regions)
	}
	if c.SectorScale != 21 {
		t.Errorf("sector scale %d", c.SectorScale)
	}
	// C 2, Q 1 of 3 known: H = ln 3 − (2/3) ln 2, over ln 3.
	m := dashboard.SectorMix(c)
	want := (math.Log(3) - 2.0/3*math.Log(2)) / math.Log(3)
	if !m.OK || math.Abs(m.Value-want) > 1e-9 || m.Known != 3 {
		t.Errorf("mix %+v, want %.4f", m, want)
	}
}

func TestConditions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := dashboard.NewStore(f.pool)
	rows, err := s.Conditions(f.ctx, f.scope(4, f.netA))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Name != "Intentieverklaring" || rows[0].Members != 4 || rows[0].Met != 1 {
		t.Errorf("conditions A: %+v", rows)
	}
	rows, _ = s.Conditions(f.ctx, f.scope(4, f.netA, f.netB))
	if len(rows) != 2 || rows[0].Members != 6 || rows[0].Met != 2 || rows[1].Name != "Convenant" || rows[1].Members != 2 || rows[1].Met != 1 {
		t.Errorf("conditions A+B: %+v", rows)
	}
}

func TestPlacements(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := dashboard.NewStore(f.pool)
	rows, err := s.Placements(f.ctx, f.scope(4, f.netA))
	if err != nil {
		t.Fatal(err)
	}
	want := []dashboard.PlacementRow{
		{Quarter: day("2025-07-01"), Reports: 2, WithAmbition: 1, Ambition: 15, People: 15, WeeklyHours: 357},
		{Quarter: day("2025-10-01"), Reports: 1, WithAmbition: 1, Ambition: 1},
		{Quarter: day("2026-01-01"), Reports: 2, WithAmbition: 2, Ambition: 17, People: 14, WeeklyHours: 382.5},
		{Quarter: day("2026-04-01")},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("placements A:\n got %+v\nwant %+v", rows, want)
	}
	if dashboard.Jobs(357) != 14 || dashboard.Jobs(382.5) != 15 {
		t.Error("jobs are not hours / 25.5")
	}

	per, err := s.EmployerPlacements(f.ctx, f.scope(4, f.netA))
	if err != nil {
		t.Fatal(err)
	}
	amb := func(n int) *int { return &n }
	wantPer := []dashboard.EmployerPlacement{
		{EmployerID: f.emp["Alfa"], Name: "Alfa", Network: "Netwerk A", Quarter: day("2026-01-01"), Ambition: amb(15), People: 10, WeeklyHours: 255},
		{EmployerID: f.emp["Bravo"], Name: "Bravo", Network: "Netwerk A", Quarter: day("2026-01-01"), Ambition: amb(2), People: 4, WeeklyHours: 127.5},
		{EmployerID: f.emp["Charlie"], Name: "Charlie", Network: "Netwerk A", Quarter: day("2025-10-01"), Ambition: amb(1)},
	}
	if !reflect.DeepEqual(per, wantPer) {
		t.Errorf("per employer A:\n got %+v\nwant %+v", per, wantPer)
	}
}

func TestIntake(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	got, err := dashboard.NewStore(f.pool).Intake(f.ctx, f.scope(4, f.netA))
	if err != nil {
		t.Fatal(err)
	}
	if got.Invited != 5 || got.Opened != 4 || got.Submitted != 3 || got.Processed != 1 || got.MedianDays == nil || *got.MedianDays != 10 {
		t.Errorf("intake A: %+v (median %v)", got, deref(got.MedianDays))
	}
	got, _ = dashboard.NewStore(f.pool).Intake(f.ctx, f.scope(4, f.netB))
	if got.Invited != 0 || got.MedianDays != nil {
		t.Errorf("intake B: %+v", got)
	}
}

func deref(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func TestNeeds(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	needs, err := dashboard.NewStore(f.pool).Needs(f.ctx, f.scope(4, f.netA))
	if err != nil {
		t.Fatal(err)
	}
	want := []dashboard.Need{
		{TagID: f.tag["Passend werk maken (jobcarving)"], Name: "Passend werk maken (jobcarving)", Members: 3,
			Named: []string{"Bravo", "Delta", "Golf"}, Helpers: []string{"Alfa"}, HelperCount: 1},
		{TagID: f.tag["Kandidaten vinden"], Name: "Kandidaten vinden", Members: 2,
			Named: []string{"Alfa", "Bravo"}, Helpers: []string{"Delta"}, HelperCount: 1},
	}
	if !reflect.DeepEqual(needs, want) {
		t.Errorf("needs A:\n got %+v\nwant %+v", needs, want)
	}
}

// TestScopeIsolation: network C alone shows only C, and nothing of C
// shows in A and B together (checked through the totals above and here).
func TestScopeIsolation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	d, err := dashboard.NewStore(f.pool).Load(f.ctx, f.scope(4, f.netC))
	if err != nil {
		t.Fatal(err)
	}
	if d.Summary.Members != 1 || len(d.Needs) != 1 || d.Needs[0].Named[0] != "Juliet" || d.Placements[0].People != 20 ||
		len(d.Conditions) != 1 || d.Conditions[0].Met != 1 || d.Attendance[2].Present != 1 {
		t.Errorf("C alone: %+v", d)
	}
	ab, _ := dashboard.NewStore(f.pool).Load(f.ctx, f.scope(4, f.netA, f.netB))
	for _, n := range ab.Needs {
		for _, name := range append(n.Named, n.Helpers...) {
			if name == "Juliet" {
				t.Errorf("C's member in A+B: %+v", n)
			}
		}
	}
	if ab.Placements[0].People != 15 {
		t.Errorf("A+B placements K3 2025: %+v", ab.Placements[0])
	}
}

// TestQuartersFollowAmsterdam: just after midnight on 1 April in Amsterdam
// it is still 31 March in UTC, but the second quarter has begun.
func TestQuartersFollowAmsterdam(t *testing.T) {
	sc := dashboard.Scope{Quarters: 4, Now: time.Date(2026, 3, 31, 22, 30, 0, 0, time.UTC)}
	if sc.Today() != day("2026-04-01") || sc.CurrentQuarter() != day("2026-04-01") || sc.FirstQuarter() != day("2025-07-01") || sc.End() != day("2026-07-01") {
		t.Errorf("today %v, quarter %v, first %v, end %v", sc.Today(), sc.CurrentQuarter(), sc.FirstQuarter(), sc.End())
	}
}
