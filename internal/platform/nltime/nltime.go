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

// Today is the current date in the Netherlands (see DateOf).
func Today() time.Time { return DateOf(time.Now()) }
