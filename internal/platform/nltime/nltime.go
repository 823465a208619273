// Package nltime is the portal's one time zone. Dates, quarters and the
// times of events are Dutch, whatever the server's zone; the zone database
// is embedded so a machine without tzdata shows the same times.
package nltime

import (
	"time"
	_ "time/tzdata"
)

// Amsterdam is the Europe/Amsterdam location.
var Amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil { // cannot happen with the embedded database
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// DateOf is the calendar date of t in the Netherlands as midnight UTC: the
// form in which dates come from the database.
func DateOf(t time.Time) time.Time {
	t = t.In(Amsterdam)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Today is the current date in the Netherlands on the system clock (see
// DateOf); code that has a Clock asks it instead.
func Today() time.Time { return Clock(nil).Today() }

// Clock tells the time. Stores, handlers and workers hold one instead of
// calling time.Now, so a test can stop time; the zero Clock is the system
// clock, which is what app.New hands out.
type Clock func() time.Time

// Fixed is a clock standing still at t (tests).
func Fixed(t time.Time) Clock { return func() time.Time { return t } }

// Now is the current time.
func (c Clock) Now() time.Time {
	if c == nil {
		return time.Now()
	}
	return c()
}

// Today is the current date in the Netherlands (see DateOf).
func (c Clock) Today() time.Time { return DateOf(c.Now()) }

// FormatDate shows a date (midnight UTC, as dates come from the database)
// the Dutch way: 09-03-2026.
func FormatDate(t time.Time) string { return t.Format("02-01-2006") }

// FormatDatePtr is FormatDate, or "" when there is no date.
func FormatDatePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return FormatDate(*t)
}

// FormatDateTime shows a moment as Dutch clock time: 09-03-2026 14:30.
func FormatDateTime(t time.Time) string { return t.In(Amsterdam).Format("02-01-2006 15:04") }

// ISODate is a date as <input type="date"> wants it: 2026-03-09.
func ISODate(t time.Time) string { return t.Format("2006-01-02") }

// ISODatePtr is ISODate, or "" when there is no date.
func ISODatePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return ISODate(*t)
}

// Clocked holds a store's clock. Embedded in the store, it gives it
// UseClock, with which app.New hands every store the app's one clock, and
// Clock, which the store and the handler made on it ask. The zero value is
// the system clock.
type Clocked struct{ clock Clock }

// UseClock sets the clock.
func (c *Clocked) UseClock(k Clock) { c.clock = k }

// Clock is the clock set (nil: the system clock).
func (c Clocked) Clock() Clock { return c.clock }
