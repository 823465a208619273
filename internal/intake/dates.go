package intake

import (
	"fmt"
	"time"

	"netwerkportaal/internal/platform/nltime"
)

var months = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
	"oktober", "november", "december"}

// longDate writes a date the Dutch way, in Amsterdam time: 27 november 2026.
func longDate(t time.Time) string {
	t = t.In(nltime.Amsterdam)
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

func date(t time.Time) string { return t.In(nltime.Amsterdam).Format("02-01-2006") }
