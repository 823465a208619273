package dashboard

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestSmallNumbers is the privacy rule of per-employer breakdowns.
func TestSmallNumbers(t *testing.T) {
	ctx := context.Background()
	for n, want := range map[int]string{0: "0", 1: "<5", 4: "<5", 5: "5", 12: "12"} {
		if got := smallInt(n).Text; got != want {
			t.Errorf("smallInt(%d) = %q, want %q", n, got, want)
		}
	}
	for f, want := range map[float64]string{0: "0,0", 0.1: "<5", 4.99: "<5", 5: "5,0", 12.34: "12,3"} {
		if got := smallDec(ctx, f).Text; got != want {
			t.Errorf("smallDec(%v) = %q, want %q", f, got, want)
		}
	}
	if c := smallInt(3); c.Kind != KindText {
		t.Error("a hidden number must not be a number in the spreadsheet")
	}
}

func TestSectorMix(t *testing.T) {
	rows := func(counts ...int) Composition {
		c := Composition{SectorScale: 21}
		for i, n := range counts {
			c.Sectors = append(c.Sectors, CompositionRow{Dimension: "sector", Label: string(rune('A' + i)), Members: n})
		}
		return c
	}
	ctx := context.Background()
	cases := []struct {
		c     Composition
		value float64
		ok    bool
		label string
	}{
		{rows(10), 0, true, "ongemengd"},
		{rows(1), 0, false, "niet te bepalen (te weinig leden met een bekende sector)"},
		{rows(1, 1, 1, 1), 1, true, "gemengd"},
		{rows(9, 1), 0.325 / 2.303, true, "ongemengd"}, // H(0.9, 0.1) / ln 10
	}
	for i, tc := range cases {
		m := SectorMix(tc.c)
		if m.OK != tc.ok || (tc.ok && (m.Value < tc.value-0.01 || m.Value > tc.value+0.01)) || m.Label(ctx) != tc.label {
			t.Errorf("case %d: %+v %q, want %.3f %v %q", i, m, m.Label(ctx), tc.value, tc.ok, tc.label)
		}
	}
	if m := SectorMix(Composition{Sectors: []CompositionRow{{Label: "", Members: 40}}, SectorScale: 21}); m.OK {
		t.Errorf("only unknown sectors: %+v", m)
	}
	// With more members than sectors, evenly over all 21 is fully mixed.
	even := Composition{SectorScale: 21}
	for i := range 21 {
		even.Sectors = append(even.Sectors, CompositionRow{Label: string(rune('A' + i)), Members: 5})
	}
	if m := SectorMix(even); m.Value < 0.999 {
		t.Errorf("21 sectors evenly: %v", m.Value)
	}
}

func TestCompareGrowth(t *testing.T) {
	q := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	growth := []GrowthRow{{q("2025-07-01"), 12, 2, 0, 0}, {q("2025-10-01"), 14, 2, 0, 0}, {q("2026-01-01"), 16, 2, 0, 0}}
	falling := []AttendanceRow{{Quarter: q("2025-07-01")}, {Quarter: q("2025-10-01"), Registered: 10, Present: 9}, {Quarter: q("2026-01-01"), Registered: 10, Present: 7}}
	c := CompareGrowth(growth, falling)
	if c.MembersBefore != 10 || c.MembersAfter != 16 || !c.Grew() || !c.Fell() || !c.Warn() || c.FirstQuarter != 1 || c.LastQuarter != 2 {
		t.Errorf("fast growth, falling attendance: %+v", c)
	}
	steady := []AttendanceRow{{Registered: 10, Present: 8}, {}, {Registered: 10, Present: 8}}
	if c := CompareGrowth(growth, steady); c.Warn() || !c.Grew() {
		t.Errorf("steady attendance: %+v", c)
	}
	slow := []GrowthRow{{q("2025-07-01"), 10, 0, 0, 0}, {q("2025-10-01"), 11, 1, 0, 0}, {q("2026-01-01"), 12, 1, 0, 0}}
	if c := CompareGrowth(slow, falling); c.Warn() || c.Grew() {
		t.Errorf("slow growth (+2): %+v", c)
	}
	if c := CompareGrowth(growth, []AttendanceRow{{}, {Registered: 4, Present: 4}, {}}); c.HasRates || c.Warn() {
		t.Errorf("one quarter with events: %+v", c)
	}
}

func TestParseToken(t *testing.T) {
	if id, exp, sum, ok := parseToken("12.1700000000.AAEC"); !ok || id != 12 || exp != 1700000000 || len(sum) != 3 {
		t.Errorf("valid token: %v %v %v %v", id, exp, sum, ok)
	}
	// "AAE" and "AAF" decode to the same two bytes without strict decoding.
	if _, _, _, ok := parseToken("12.1700000000.AAF"); ok {
		t.Error("a MAC with non-zero padding bits accepted")
	}
	if _, _, sum, ok := parseToken("12.1700000000.AAE"); !ok || len(sum) != 2 {
		t.Errorf("canonical two-byte MAC: %v %v", sum, ok)
	}
	for _, bad := range []string{"", "12", "12.17", "+12.1700000000.AAEC", "012.1700000000.AAEC", "12.1700000000.A A", "-1.5.AA",
		"12.1700000000.AAEC.x", "0.1.AA", strings.Repeat("1", 300) + ".1.AA"} {
		if _, _, _, ok := parseToken(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestChartLayout(t *testing.T) {
	if top, step := niceMax(27); top != 30 || step != 10 {
		t.Errorf("niceMax(27) = %v, %v", top, step)
	}
	if top, step := niceMax(0); top != 4 || step != 1 {
		t.Errorf("niceMax(0) = %v, %v", top, step)
	}
	c := Chart{ID: "x", Labels: []string{"K1 2026", "K2 2026", "K3 2026"},
		Bars:  []Series{{Name: "Nieuwe leden", Values: []float64{4, 0, 6}}},
		Lines: []Series{{Name: "Opkomst", Values: []float64{0.9, 0, 0.4}, Valid: []bool{true, false, true}}}}
	v := c.view()
	if len(v.Bars) != 3 || len(v.LeftTicks) == 0 || len(v.RightTicks) != 5 {
		t.Errorf("bars %d, ticks %d/%d", len(v.Bars), len(v.LeftTicks), len(v.RightTicks))
	}
	// A quarter without a value breaks the line instead of drawing 0%.
	if len(v.Lines) != 1 || len(v.Lines[0].Segments) != 2 || len(v.Lines[0].Points) != 2 || v.Lines[0].Points[1].Label != "40%" {
		t.Errorf("line: %+v", v.Lines)
	}
	if v.XLabels[0].Line1 != "K1" || v.XLabels[0].Line2 != "2026" {
		t.Errorf("labels: %+v", v.XLabels[0])
	}
	h := Chart{ID: "h", Horizontal: true, Percent: true, Labels: []string{"Convenant"}, Bars: []Series{{Values: []float64{0.5}}}}.view()
	if len(h.Bars) != 1 || h.Bars[0].Label != "50%" || h.Bars[0].W != (h.X1-h.X0)/2 {
		t.Errorf("horizontal percent bar: %+v", h.Bars)
	}
}

// TestPageTablesCutBeforeBuilding: the page builds only the first rows of
// the per-employer tables (issue 12), and they are the same rows, with the
// same note on the full count, as when the whole table is built and cut.
func TestPageTablesCutBeforeBuilding(t *testing.T) {
	ctx := context.Background()
	d := &Data{Scope: Scope{}}
	for i := range 250 {
		d.Fragile = append(d.Fragile, FragileMember{EmployerID: int64(i + 1), Name: "Werkgever " + strings.Repeat("x", i%7), Level: "hbo"})
		d.EmployerPlacements = append(d.EmployerPlacements, EmployerPlacement{EmployerID: int64(i + 1), Name: "Werkgever", People: i % 9, WeeklyHours: float64(i)})
	}
	whole := map[string]Table{"een-contactpersoon": fragileTable(ctx, d, true), "plaatsingen-per-werkgever": employerPlacementsTable(ctx, d, true)}
	seen := 0
	for _, s := range buildSections(ctx, d, true) {
		for _, f := range s.Figures {
			w, ok := whole[f.Table.Name]
			if !ok {
				continue
			}
			seen++
			if len(f.Table.Rows) != pageRows {
				t.Fatalf("%s: %d rows on the page, want %d", f.Table.Name, len(f.Table.Rows), pageRows)
			}
			for i := range pageRows {
				for j := range w.Rows[i] {
					if f.Table.Rows[i][j] != w.Rows[i][j] {
						t.Fatalf("%s row %d cell %d: %+v, want %+v", f.Table.Name, i, j, f.Table.Rows[i][j], w.Rows[i][j])
					}
				}
			}
			if !strings.Contains(f.Table.Note, "eerste 100 van 250 rijen") {
				t.Errorf("%s: note %q, want the full count", f.Table.Name, f.Table.Note)
			}
		}
	}
	if seen != 2 {
		t.Fatalf("found %d of the 2 per-employer tables", seen)
	}
	if len(d.Fragile) != 250 || len(d.EmployerPlacements) != 250 {
		t.Fatal("building the page changed the shared data")
	}
}
