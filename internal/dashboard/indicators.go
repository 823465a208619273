package dashboard

import (
	"context"
	"math"

	"netwerkportaal/internal/platform/i18n"
)

// Mix is the mixed/unmixed indicator: the normalised Shannon entropy of
// the members over sectors, H / ln(min(n, K)), where H = -Σ p·ln p over the
// sectors members are in, n the members with a known sector and K the
// sectors of the classification (21 SBI sections). 0 means every member is
// in one sector, 1 that they are spread as evenly as the network's size
// allows. Members without a sector are left out.
type Mix struct {
	Value float64
	OK    bool // false with fewer than two members of known sector
	Known int
}

// Thresholds of the mix labels.
const (
	MixedFrom    = 0.6  // from here: gemengd
	UnmixedBelow = 0.35 // below this: ongemengd
)

// SectorMix computes the indicator from the sector counts.
func SectorMix(c Composition) Mix {
	n := 0
	for _, r := range c.Sectors {
		if r.Label != "" {
			n += r.Members
		}
	}
	k := min(n, c.SectorScale)
	if c.SectorScale == 0 {
		k = n
	}
	if n < 2 || k < 2 {
		return Mix{Known: n}
	}
	h := 0.0
	for _, r := range c.Sectors {
		if r.Label != "" && r.Members > 0 {
			p := float64(r.Members) / float64(n)
			h -= p * math.Log(p)
		}
	}
	return Mix{Value: h / math.Log(float64(k)), OK: true, Known: n}
}

// Label names the indicator in words.
func (m Mix) Label(ctx context.Context) string {
	switch {
	case !m.OK:
		return i18n.T(ctx, "niet te bepalen (te weinig leden met een bekende sector)")
	case m.Value >= MixedFrom:
		return i18n.T(ctx, "gemengd")
	case m.Value < UnmixedBelow:
		return i18n.T(ctx, "ongemengd")
	}
	return i18n.T(ctx, "deels gemengd")
}

// Thresholds of the signals at the top of the dashboard.
const (
	FastGrowth      = 0.20 // members at the end of the period vs before it
	FastGrowthMin   = 3    // and at least this many members more
	AttendanceDrop  = 0.10 // ten percentage points between first and last quarter with events
	FragileShare    = 0.15 // single-contact members
	DirectieShareLo = 0.50 // members with a directie contact
)

// GrowthVsAttendance compares the growth over the period with the trend
// of the attendance rate (present of registered).
type GrowthVsAttendance struct {
	MembersBefore, MembersAfter int
	RateFirst, RateLast         float64
	HasRates                    bool // two different quarters with registrations
	FirstQuarter, LastQuarter   int  // indexes of those quarters
}

// CompareGrowth reads growth and attendance from the quarter rows. The
// members before the period are those at the end of its first quarter
// minus that quarter's joins plus its leaves.
func CompareGrowth(g []GrowthRow, a []AttendanceRow) GrowthVsAttendance {
	var out GrowthVsAttendance
	if len(g) > 0 {
		out.MembersBefore = g[0].Members - g[0].Joins + g[0].Leaves
		out.MembersAfter = g[len(g)-1].Members
	}
	first, last := -1, -1
	for i, r := range a {
		if r.Registered > 0 {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first >= 0 && last > first {
		out.HasRates, out.FirstQuarter, out.LastQuarter = true, first, last
		out.RateFirst = float64(a[first].Present) / float64(a[first].Registered)
		out.RateLast = float64(a[last].Present) / float64(a[last].Registered)
	}
	return out
}

// Grew reports fast growth: at least FastGrowth more members and at least
// FastGrowthMin of them.
func (c GrowthVsAttendance) Grew() bool {
	more := c.MembersAfter - c.MembersBefore
	if more < FastGrowthMin {
		return false
	}
	return c.MembersBefore == 0 || float64(more)/float64(c.MembersBefore) >= FastGrowth
}

// Fell reports an attendance rate that dropped by AttendanceDrop or more.
func (c GrowthVsAttendance) Fell() bool {
	return c.HasRates && c.RateFirst-c.RateLast >= AttendanceDrop-1e-9
}

// Warn is the chapter's warning: growing fast while attendance falls.
func (c GrowthVsAttendance) Warn() bool { return c.Grew() && c.Fell() }
