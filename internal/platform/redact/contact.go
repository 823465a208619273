package redact

import "regexp"

// Hidden stands where an e-mail address or phone number was left out.
const Hidden = "—"

var (
	emailRe = regexp.MustCompile(`[^\s<>()\[\],;:"']+@[^\s<>()\[\],;:"']+\.[^\s<>()\[\],;:"']+`)
	// A run of digits with the separators people write in phone numbers;
	// only runs of nine digits or more are numbers to hide, so years,
	// postcodes, counts and KvK numbers (eight digits) stay.
	phoneRe = regexp.MustCompile(`\+?\(?\d[\d \-().]*\d`)
)

// ContactDetails replaces the e-mail addresses and phone numbers in free
// text (an answer, a note) with Hidden, for a user who may not read
// contacts' details: what people type in a text field is not structured.
func ContactDetails(text string) string {
	text = emailRe.ReplaceAllString(text, Hidden)
	return phoneRe.ReplaceAllStringFunc(text, func(s string) string {
		digits := 0
		for _, c := range s {
			if c >= '0' && c <= '9' {
				digits++
			}
		}
		if digits >= 9 {
			return Hidden
		}
		return s
	})
}
