package dashboard

import (
	"context"
	"slices"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/nltime"
)

// Periods a user can choose: the last 4, 8 or 12 quarters, the current
// (running) quarter included.
var Periods = []int{4, 8, 12}

// DefaultPeriod shows two years: long enough to see a trend, short enough
// for the charts to stay readable.
const DefaultPeriod = 8

// Scope is what every figure is computed over: the networks, the number of
// quarters up to and including the current one, and the moment of asking
// (passed in, so tests get the same answer on every day).
type Scope struct {
	Networks []int64
	Quarters int
	Now      time.Time
}

// Today is the calendar date of Now in Amsterdam, as midnight UTC (the
// form pgx sends as a date).
func (s Scope) Today() time.Time {
	y, m, d := s.Now.In(nltime.Amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// CurrentQuarter is the first day of the quarter Today lies in.
func (s Scope) CurrentQuarter() time.Time {
	t := s.Today()
	return time.Date(t.Year(), (t.Month()-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC)
}

// FirstQuarter is the first day of the oldest quarter of the period.
func (s Scope) FirstQuarter() time.Time {
	return s.CurrentQuarter().AddDate(0, -3*(s.quarters()-1), 0)
}

// End is the first day after the period: the start of the next quarter.
func (s Scope) End() time.Time { return s.CurrentQuarter().AddDate(0, 3, 0) }

func (s Scope) quarters() int {
	if slices.Contains(Periods, s.Quarters) {
		return s.Quarters
	}
	return DefaultPeriod
}

// quarterLabel names a quarter by its first day: "K3 2026" ("Q3 2026").
func quarterLabel(ctx context.Context, start time.Time) string {
	return i18n.T(ctx, "K%d %d", (int(start.Month())-1)/3+1, start.Year())
}

// periodLabel names the period: "K1 2025 – K4 2026".
func periodLabel(ctx context.Context, s Scope) string {
	return quarterLabel(ctx, s.FirstQuarter()) + " – " + quarterLabel(ctx, s.CurrentQuarter())
}
