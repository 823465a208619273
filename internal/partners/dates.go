package partners

import (
	"strconv"
	"time"

	"netwerkportaal/internal/platform/nltime"
)

func date(t time.Time) string { return t.Format("02-01-2006") }

func dateTime(t time.Time) string { return t.In(nltime.Amsterdam).Format("02-01-2006 15:04") }

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

func idFilter(n int64) string {
	if n == 0 {
		return ""
	}
	return idStr(n)
}
