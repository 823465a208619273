package auth

import (
	"context"
	"strings"
	"testing"
)

func TestPasswordProblem(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		password, email, want string
	}{
		{"", "a@example.org", "Kies een wachtwoord"},
		{"kort-ww", "a@example.org", "minstens 12 tekens"},
		// Counted as characters, not bytes: 11 characters, 22 bytes.
		{"ééééééééééé", "a@example.org", "minstens 12 tekens"},
		{strings.Repeat("x", 129), "a@example.org", "hoogstens 128"},
		{"password1234", "a@example.org", "veelgebruikte"},
		{"qwertyuiopasdf", "a@example.org", "te makkelijk"},
		{"1234567890123", "a@example.org", "te makkelijk"},
		{"janssen-welkom-2026", "janssen@example.org", "e-mailadres"},
		{"Janssen@Example.org", "janssen@example.org", "e-mailadres"},
		{"\xff\xfe" + strings.Repeat("a", 12), "a@example.org", "ongeldige"},
	} {
		if got := PasswordProblem(ctx, c.password, c.email); !strings.Contains(got, c.want) {
			t.Errorf("%q: %q, want %q", c.password, got, c.want)
		}
	}
	for _, good := range []string{"demo-wachtwoord", "fiets-regen-koffie", "ÿéèêëïîôöûü€", "Zomer2024!abc"} {
		if got := PasswordProblem(ctx, good, "coordinator@example.org"); got != "" {
			t.Errorf("%q refused: %s", good, got)
		}
	}
	if n := len(commonPasswords()); n < 10000 {
		t.Errorf("common password list has %d entries, want at least 10,000", n)
	}
}
