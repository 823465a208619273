// Package orgname normalises organisation names so that the same employer
// written differently ("Bakkerij Jansen B.V.", "bakkerij jansen") compares
// equal: used by the recruitment pipeline's duplicate check and the demo
// data that fills its column.
package orgname

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// legalForms are dropped from names before comparing, so "Bakkerij Jansen
// B.V." and "bakkerij jansen" are the same employer.
var legalForms = map[string]bool{"bv": true, "nv": true, "vof": true, "cv": true, "stichting": true,
	"vereniging": true, "holding": true, "groep": true, "de": true, "het": true, "en": true}

// Key normalises an organisation name for the duplicate check: accents,
// case, punctuation and legal forms removed, words joined by one space.
func Key(name string) string {
	decomposed := norm.NFD.String(strings.ToLower(name))
	var b strings.Builder
	for _, r := range decomposed {
		switch {
		case unicode.Is(unicode.Mn, r) || r == '.':
			// accents go; dots go so that "b.v." is "bv"
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteRune(' ')
		}
	}
	var words []string
	for _, w := range strings.Fields(b.String()) {
		if !legalForms[w] {
			words = append(words, w)
		}
	}
	key := []rune(strings.Join(words, " "))
	if len(key) > 200 {
		key = key[:200]
	}
	return string(key)
}
