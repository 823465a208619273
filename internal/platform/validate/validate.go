// Package validate holds the checks and clean-ups of Dutch data that more
// than one form needs: postcodes, KvK numbers, e-mail addresses, phone
// numbers, dates and free text. Each form keeps its own messages.
package validate

import (
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
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

// Email reports whether s is exactly one bare address (addr-spec) as
// net/mail reads it: no display name, no angle brackets, no comment, no
// whitespace, and nothing that a mailto link or a mail client would read as
// a header (a "?bcc=" query, "%" escapes). The domain must be a real host
// name; an internationalised domain only when it converts to IDNA, so the
// mail can be delivered.
func Email(s string) bool {
	if len(s) > 254 || !utf8.ValidString(s) || strings.ContainsAny(s, "?%&<>,;\"\\()[]") ||
		strings.ContainsFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsControl(r) || IsBidiControl(r) || r == '\u2028' || r == '\u2029'
		}) {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	if local == "" || len(local) > 64 {
		return false
	}
	return emailDomain(domain)
}

// emailDomain accepts a host name of at least two labels whose top-level
// label is not a number, after IDNA conversion with the lookup profile
// (letters, digits and hyphens only).
func emailDomain(domain string) bool {
	ascii, err := idna.Lookup.ToASCII(domain)
	if err != nil || len(ascii) > 253 {
		return false
	}
	labels := strings.Split(ascii, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	return len(tld) >= 2 && strings.Trim(tld, "0123456789") != ""
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
