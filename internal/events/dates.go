package events

import (
	"fmt"
	"time"

	"netwerkportaal/internal/platform/nltime"
)

// Dutch names, so dates read the same in mail, pages and calendars
// whatever the language or locale of the server.
var (
	dutchWeekdays = []string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}
	dutchMonths   = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
		"september", "oktober", "november", "december"}
)

// longDate writes a day the Dutch way, in Amsterdam time: donderdag 3
// december 2026.
func longDate(t time.Time) string {
	t = t.In(nltime.Amsterdam)
	return fmt.Sprintf("%s %d %s %d", dutchWeekdays[t.Weekday()], t.Day(), dutchMonths[t.Month()-1], t.Year())
}

// longDateTime writes when an event takes place, in Amsterdam time:
// "donderdag 3 december 2026, 15:30–17:00", or both days in full when it
// ends on another day.
func longDateTime(start, end time.Time) string {
	start, end = start.In(nltime.Amsterdam), end.In(nltime.Amsterdam)
	if sameDay(start, end) {
		return fmt.Sprintf("%s, %s–%s", longDate(start), start.Format("15:04"), end.Format("15:04"))
	}
	return fmt.Sprintf("%s, %s – %s, %s", longDate(start), start.Format("15:04"), longDate(end), end.Format("15:04"))
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
