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
