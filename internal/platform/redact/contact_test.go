package redact

import "testing"

func TestContactDetails(t *testing.T) {
	for in, want := range map[string]string{
		"Mail piet@example.org of bel 06-12345678.":      "Mail — of bel —.",
		"Bel +31 (0)20 123 45 67 na 12:00":               "Bel — na 12:00",
		"<jan.de.vries@sub.example.nl> (directie)":       "<—> (directie)",
		"Sinds 2024-2025, KvK 12345678, 1234 AB, 250 mw": "Sinds 2024-2025, KvK 12345678, 1234 AB, 250 mw",
		"Bereikbaar op 0201234567":                       "Bereikbaar op —",
	} {
		if got := ContactDetails(in); got != want {
			t.Errorf("ContactDetails(%q) = %q, want %q", in, got, want)
		}
	}
}
