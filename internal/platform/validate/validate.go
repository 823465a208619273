// Package validate holds the checks and clean-ups of Dutch data that more
// than one form needs: postcodes, KvK numbers, e-mail addresses, phone
// numbers, dates and free text. Each form keeps its own messages.
package validate

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

var (
	postcodeRe = regexp.MustCompile(`^([1-9][0-9]{3})\s*([A-Za-z]{2})$`)
	kvkRe      = regexp.MustCompile(`^[0-9]{8}$`)
	phoneRe    = regexp.MustCompile(`^\+?[0-9 ()\-.]{6,20}$`)
)

// Postcode returns a Dutch postcode as "1234 AB", and whether it is
// valid: first digit 1-9, letters never SA, SD or SS (PostNL does not use them).
func Postcode(s string) (string, bool) {
	m := postcodeRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return s, false
	}
	letters := strings.ToUpper(m[2])
	if letters == "SA" || letters == "SD" || letters == "SS" {
		return s, false
	}
	return m[1] + " " + letters, true
}

// KvK strips the spaces and dots people type in KvK numbers and
// reports whether exactly 8 digits remain. Kept as text: leading zeros count.
func KvK(s string) (string, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	return s, kvkRe.MatchString(s)
}

// Email is a deliberately simple check: name@domain.tld without spaces.
func Email(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at >= len(s)-3 || len(s) > 254 {
		return false
	}
	domain := s[at+1:]
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".") &&
		utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("<>,;\"()[]\\", r)
	})
}

// Phone accepts digits with the separators people write (+31 6 12-34).
func Phone(s string) bool { return phoneRe.MatchString(s) }

// Count reads a non-negative whole number of at most max.
func Count(s string, max int) (int, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ".", "")
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && n <= max
}

// Date reads an ISO date (what <input type="date"> sends).
func Date(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	return t, err == nil
}

// CleanText trims a free-text value and removes control characters other
// than newlines and tabs, which have no place in a profile.
func CleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !unicode.IsControl(r) {
			return r
		}
		return -1
	}, s)
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}
