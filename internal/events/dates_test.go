package events

import (
	"testing"
	"time"
)

// TestLongDateTime: Dutch names, Amsterdam wall-clock time in winter and
// summer, and both days written out for an event over midnight.
func TestLongDateTime(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct{ start, end, want string }{
		{"2026-12-03T14:30:00Z", "2026-12-03T16:00:00Z", "donderdag 3 december 2026, 15:30–17:00"},
		{"2027-06-17T13:30:00Z", "2027-06-17T15:30:00Z", "donderdag 17 juni 2027, 15:30–17:30"},
		{"2027-03-28T00:30:00Z", "2027-03-28T02:00:00Z", "zondag 28 maart 2027, 01:30–04:00"}, // the clocks go forward
		{"2026-05-31T20:00:00Z", "2026-06-01T07:00:00Z", "zondag 31 mei 2026, 22:00 – maandag 1 juni 2026, 09:00"},
		{"2026-12-31T22:30:00Z", "2026-12-31T23:30:00Z", "donderdag 31 december 2026, 23:30 – vrijdag 1 januari 2027, 00:30"},
	}
	for _, c := range cases {
		if got := longDateTime(at(c.start), at(c.end)); got != c.want {
			t.Errorf("longDateTime(%s, %s) = %q, want %q", c.start, c.end, got, c.want)
		}
	}
}
