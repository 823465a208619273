package importer

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateForms are the ways a date is written in a member list: Dutch
// day-month-year with -, / or . (two-digit years are 20xx), ISO, and a
// day with a Dutch or English month name ("2 december 2026", "2 dec. 2026").
var (
	dmy     = regexp.MustCompile(`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$`)
	ymd     = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$`)
	dayName = regexp.MustCompile(`^(\d{1,2}) ([a-z]+) (\d{4})$`)
)

var monthNames = map[string]time.Month{
	"januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "maart": 3, "march": 3,
	"mrt": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "june": 6, "jun": 6, "juli": 7,
	"july": 7, "jul": 7, "augustus": 8, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
	"oktober": 10, "october": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

// memberSinceDate reads a "lid sinds" date: parseDate's, but not more than
// a year after today.
func memberSinceDate(v string, today time.Time) (string, bool) {
	iso, ok := parseDate(v)
	if !ok {
		return "", false
	}
	if t, _ := time.Parse("2006-01-02", iso); t.After(today.AddDate(1, 0, 0)) {
		return "", false
	}
	return iso, true
}

// parseDate reads a date cell and returns it as ISO text ("2019-03-01").
// Dates before 1900 are no member-since date (memberSinceDate also
// refuses those more than a year ahead).
func parseDate(v string) (string, bool) {
	v = strings.TrimSpace(v)
	var y, d int
	var m time.Month
	if g := dmy.FindStringSubmatch(v); g != nil {
		d, m, y = atoi(g[1]), time.Month(atoi(g[2])), atoi(g[3])
		if len(g[3]) == 2 {
			y += 2000
		}
	} else if g := ymd.FindStringSubmatch(v); g != nil {
		y, m, d = atoi(g[1]), time.Month(atoi(g[2])), atoi(g[3])
	} else if g := dayName.FindStringSubmatch(normalize(v)); g != nil {
		d, y = atoi(g[1]), atoi(g[3])
		m = monthNames[g[2]]
	} else {
		return "", false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || t.Day() != d || y < 1900 {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
