package validate

import (
	"strings"
	"testing"
)

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
	good := []string{"a@b.nl", "jan.de.vries@werk.example", "x+y@sub.domein.org", "info@bücher.example", "o'brien@x.nl"}
	bad := []string{"", "jan", "jan@", "@b.nl", "jan@b", "jan @b.nl", "jan@b.nl.", "jan@.nl", "<a@b.nl>",
		// Finding 4: a query turns a mailto link into a hidden BCC.
		"info@example.org?bcc=spy%40evil.example&subject=x", "info?bcc=x@example.org",
		"Jan <jan@b.nl>", `"jan"@b.nl`, "jan@b.nl (werk)", "a@b.nl,c@d.nl", "jan@b_c.nl", "jan@b.123",
		"jan@exa\u202emple.org", "jan\n@b.nl", "jan@b.nl\r\nBcc: x@y.nl", "jan@xn--.nl", "jan@-b.nl"}
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

func TestProblem(t *testing.T) {
	cases := []struct {
		in    string
		multi bool
		want  string
	}{
		{"Jan de Vries", false, ""},
		{"Jüri Ößtürk-Ñandú", false, ""},
		{"tab\there", false, ""},
		{"regel 1\r\nregel 2", true, ""},
		{"مرحبا \u202b ok", true, ""},
		{"a\x00b", false, MsgNUL},
		{"a\x00b", true, MsgNUL},
		{"a\xffb", false, MsgInvalidUTF8},
		{"Titel\nBcc: x", false, MsgLineBreak},
		{"Titel\r", false, MsgLineBreak},
		{"a\u2028b", false, MsgLineBreak},
		{"a\x1bb", true, MsgControl},
		{"a\u0085b", false, MsgControl},
		{"Jan\u202eseiV", false, MsgBidi},
		{"Jan\u2067x", false, MsgBidi},
		{strings.Repeat("a", MaxLine+1), false, MsgTooLong},
		{strings.Repeat("a", MaxLine+1), true, ""},
		{strings.Repeat("a", MaxMultiLine+1), true, MsgTooLong},
	}
	for _, c := range cases {
		if got := Problem(c.in, c.multi); got != c.want {
			t.Errorf("Problem(%.30q, %v) = %q, want %q", c.in, c.multi, got, c.want)
		}
	}
	if QueryProblem(strings.Repeat("a", MaxQuery+1)) != MsgTooLong || QueryProblem("zoek") != "" {
		t.Error("QueryProblem: wrong length limit")
	}
}
