// Package redact keeps the secrets of personal links (an intake, an
// invitation, a placement form, a shared dashboard, a calendar feed) out of
// logs and stored mail. Whoever holds such a link opens what it protects.
package redact

import (
	"regexp"
	"strings"
)

// Token stands in a logged path for a personal link's secret.
const Token = "<token>"

// LinkMarker replaces a personal link in a mail that has been sent.
const LinkMarker = "[persoonlijke link, verwijderd na verzending]"

// LooksLikeToken reports whether a path segment looks like a link's secret:
// the portal's tokens are 32 random bytes in base64url or hex (43 or 64
// characters); no page name is 20 letters long with a digit in it, or 32
// letters long.
func LooksLikeToken(s string) bool {
	if len(s) < 20 {
		return false
	}
	digits := 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == '-':
		default:
			return false
		}
	}
	return digits > 0 || len(s) >= 32
}

// Path replaces every segment of p that looks like a token with <token>.
func Path(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if base, ext, _ := strings.Cut(s, "."); LooksLikeToken(base) {
			segs[i] = Token
			if ext != "" {
				segs[i] += "." + ext
			}
		}
	}
	return strings.Join(segs, "/")
}

var urlRe = regexp.MustCompile(`https?://[^\s<>"]+`)

// Links replaces every URL in text whose path holds a token with
// LinkMarker; other links (the portal's own pages) stay.
func Links(text string) string {
	return urlRe.ReplaceAllStringFunc(text, func(u string) string {
		trimmed := strings.TrimRight(u, ".,;:!?)")
		tail := u[len(trimmed):] // the sentence's punctuation, not the link's
		_, rest, _ := strings.Cut(trimmed, "://")
		_, path, _ := strings.Cut(rest, "/") // the host is never a secret
		path, _, _ = strings.Cut(path, "?")
		if Path(path) != path {
			return LinkMarker + tail
		}
		return u
	})
}
