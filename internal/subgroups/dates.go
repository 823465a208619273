package subgroups

import (
	"strconv"
	"strings"
	"time"

	"netwerkportaal/internal/platform/nltime"
)

// today is the current date in the Netherlands, the portal's time zone, as
// midnight UTC: the form in which dates come from the database.
func today() time.Time {
	now := time.Now().In(amsterdam)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}

// amsterdam is the portal's time zone (see nltime).
var amsterdam = nltime.Amsterdam

func date(t time.Time) string { return t.Format("02-01-2006") }

func dateTime(t time.Time) string { return t.In(amsterdam).Format("02-01-2006 15:04") }

func datePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return date(*t)
}

// isoDate is a date as <input type="date"> wants it.
func isoDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2006-01-02")
}

func idStr(n int64) string { return strconv.FormatInt(n, 10) }

func itoa(n int) string { return strconv.Itoa(n) }

// joinNames lists names as a sentence does: "A, B and C", with and in the
// reader's language.
func joinNames(names []string, and string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + and + " " + names[len(names)-1]
}
