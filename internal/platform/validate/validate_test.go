package validate

import "testing"

func TestPostcode(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"7511 AB", "7511 AB", true},
		{"7511ab", "7511 AB", true},
		{" 1012  jk ", "1012 JK", true},
		{"0123 AB", "", false},
		{"1234 SA", "", false},
		{"1234 sd", "", false},
		{"1234 SS", "", false},
		{"123 AB", "", false},
		{"12345 AB", "", false},
		{"1234 A1", "", false},
		{"", "", false},
	}
	for _, c := range cases {
		got, ok := Postcode(c.in)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("Postcode(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestKvK(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"01234567", "01234567", true},
		{"0123 4567", "01234567", true},
		{"12.34.56.78", "12345678", true},
		{"1234567", "", false},
		{"123456789", "", false},
		{"1234567a", "", false},
		{"１２３４５６７８", "", false}, // full-width digits are not KvK digits
	}
	for _, c := range cases {
		got, ok := KvK(c.in)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("KvK(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestEmail(t *testing.T) {
	good := []string{"a@b.nl", "jan.de.vries@werk.example", "x+y@sub.domein.org"}
	bad := []string{"", "jan", "jan@", "@b.nl", "jan@b", "jan @b.nl", "jan@b.nl.", "jan@.nl", "<a@b.nl>"}
	for _, s := range good {
		if !Email(s) {
			t.Errorf("Email(%q) = false, want true", s)
		}
	}
	for _, s := range bad {
		if Email(s) {
			t.Errorf("Email(%q) = true, want false", s)
		}
	}
}
