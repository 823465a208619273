package auth

import (
	"context"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/frequency"

	"netwerkportaal/internal/platform/i18n"
)

// Password rules, the same for the setup, an invitation, a reset, a change
// and the CLI.
const (
	MinPasswordRunes = 12
	// MaxPasswordRunes keeps the strength estimate fast; a passphrase of 128
	// characters is long enough for anyone.
	MaxPasswordRunes = 128
	// minGuesses: zxcvbn's estimate below which a password is refused
	// (score 3, "safely unguessable" for an online attack with throttling).
	minGuesses = 1e8
)

// commonPasswords is zxcvbn's list of the 30,000 most used passwords, for an
// exact (case-insensitive) match; the strength estimate also finds them
// inside longer passwords ("password1234").
var commonPasswords = sync.OnceValue(func() map[string]bool {
	list := frequency.FrequencyLists["passwords"]
	m := make(map[string]bool, len(list))
	for _, p := range list {
		m[p] = true
	}
	return m
})

// PasswordProblem returns why password may not be used by the account with
// this e-mail address (translated for ctx), or "" when it is good.
func PasswordProblem(ctx context.Context, password, email string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case password == "":
		return i18n.T(ctx, "Kies een wachtwoord.")
	case !utf8.ValidString(password):
		return i18n.T(ctx, "Het wachtwoord bevat ongeldige tekens.")
	case n < MinPasswordRunes:
		return i18n.T(ctx, "Het wachtwoord moet minstens 12 tekens hebben.")
	case n > MaxPasswordRunes:
		return i18n.T(ctx, "Het wachtwoord mag hoogstens 128 tekens hebben.")
	}
	lower := strings.ToLower(password)
	email = strings.ToLower(strings.TrimSpace(email))
	local, _, _ := strings.Cut(email, "@")
	if email != "" && (lower == email || (len(local) >= 3 && strings.Contains(lower, local))) {
		return i18n.T(ctx, "Het wachtwoord mag uw e-mailadres of de naam daarin niet bevatten.")
	}
	if commonPasswords()[lower] {
		return i18n.T(ctx, "Dit wachtwoord komt voor in de lijst van veelgebruikte wachtwoorden. Kies een ander.")
	}
	var inputs []string
	if local != "" {
		inputs = append(inputs, local, email, "netwerkportaal")
	}
	if zxcvbn.PasswordStrength(password, inputs).Guesses < minGuesses {
		return i18n.T(ctx, "Dit wachtwoord is te makkelijk te raden (het lijkt op een veelgebruikt wachtwoord of patroon). Kies bijvoorbeeld een zin van een paar woorden.")
	}
	return ""
}
