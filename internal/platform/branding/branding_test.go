package branding

import "testing"

func TestContrast(t *testing.T) {
	for _, c := range []struct {
		hex  string
		ok   bool
		pass bool
	}{
		{"#154273", true, true}, {"#000000", true, true}, {"#ffffff", true, false}, {"#ffcc00", true, false},
		{"#767676", true, true}, {"#777777", true, false}, {"154273", false, false}, {"#15427", false, false}, {"#gggggg", false, false},
	} {
		r, ok := Contrast(c.hex)
		if ok != c.ok || (ok && (r >= MinContrast) != c.pass) {
			t.Errorf("%s: %.2f %v", c.hex, r, ok)
		}
	}
}

// The colour a page uses is readable on white and on the tinted surface,
// darkened only when needed.
func TestReadable(t *testing.T) {
	for _, hex := range []string{"#154273", "#767676", "#7a1f5c", "#0077cc"} {
		got := Readable(hex)
		w, _ := Contrast(got)
		s, _ := contrastBetween(got, surface)
		if w < MinContrast || s < MinContrast {
			t.Errorf("%s → %s: %.2f on white, %.2f on surface", hex, got, w, s)
		}
	}
	if got := Readable("#154273"); got != "#154273" {
		t.Errorf("a dark colour was changed to %s", got)
	}
	if Readable("") != "" {
		t.Error("no colour gave one")
	}
}
