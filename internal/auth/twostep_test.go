package auth_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"netwerkportaal/internal/app/apptest"
)

func codeAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var secretRe = regexp.MustCompile(`<code>([A-Z2-7]{16,})</code>`)

func TestTwoStepSignIn(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Login(t, apptest.Coordinator)
	res := c.Get("/account/tweestaps")
	m := secretRe.FindStringSubmatch(res.Body)
	if res.StatusCode != http.StatusOK || m == nil || !strings.Contains(res.Body, "data:image/png;base64,") {
		t.Fatalf("enrolment page: %d, secret found %v", res.StatusCode, m != nil)
	}
	secret := m[1]
	if res := post(c, "/account/tweestaps", "code", "000000"); res.StatusCode != http.StatusUnprocessableEntity || fieldError(t, res, "code") == "" {
		t.Fatalf("wrong confirmation code: %d", res.StatusCode)
	}
	res = post(c, "/account/tweestaps", "code", codeAt(t, secret, time.Now()))
	codes := res.Doc(t).Find(".recovery-codes code").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if res.StatusCode != http.StatusOK || len(codes) != 10 {
		t.Fatalf("enable: %d, %d recovery codes", res.StatusCode, len(codes))
	}
	if n := apptest.Scalar[int](t, env.Pool, `SELECT count(*)::int FROM user_recovery_codes WHERE code_hash = sha256(convert_to(replace($1, '-', ''), 'UTF8'))`, codes[0]); n != 1 {
		t.Errorf("recovery code not stored as its hash")
	}

	// Sign-in now asks for a code after the password.
	pastDelay(t, env, "127.0.0.1")
	b := env.Anonymous(t)
	res = login(b, apptest.Coordinator, apptest.DemoPassword)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/inloggen/code" {
		t.Fatalf("password step: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if signedIn(t, b) {
		t.Fatal("signed in before the code")
	}
	if res := post(b, "/inloggen/code", "code", "123456"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("wrong code: %d", res.StatusCode)
	}
	pastDelay(t, env, "127.0.0.1")
	next := codeAt(t, secret, time.Now().Add(30*time.Second))
	if res := post(b, "/inloggen/code", "code", next); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("right code: %d", res.StatusCode)
	}
	if !signedIn(t, b) {
		t.Fatal("not signed in after the code")
	}
	// The same code cannot be used again (a replay), a recovery code once.
	pastDelay(t, env, "127.0.0.1")
	b2 := env.Anonymous(t)
	login(b2, apptest.Coordinator, apptest.DemoPassword)
	if res := post(b2, "/inloggen/code", "code", next); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("replayed code: %d", res.StatusCode)
	}
	pastDelay(t, env, "127.0.0.1")
	if res := post(b2, "/inloggen/code", "code", strings.ToUpper(codes[3])); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("recovery code: %d", res.StatusCode)
	}
	pastDelay(t, env, "127.0.0.1")
	b3 := env.Anonymous(t)
	login(b3, apptest.Coordinator, apptest.DemoPassword)
	if res := post(b3, "/inloggen/code", "code", codes[3]); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("reused recovery code: %d", res.StatusCode)
	}
	// Without the password step the code page sends back to sign in.
	if res := env.Anonymous(t).Get("/inloggen/code"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("code page without password: %d", res.StatusCode)
	}
	// Turning it off needs the password.
	if res := post(c, "/account/tweestaps/uit", "huidig", "fout"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("disable with a wrong password: %d", res.StatusCode)
	}
	if res := post(c, "/account/tweestaps/uit", "huidig", apptest.DemoPassword); res.StatusCode != http.StatusSeeOther {
		t.Errorf("disable: %d", res.StatusCode)
	}
	for _, action := range []string{"tweestapsverificatie aangezet", "code onjuist", "tweestapsverificatie uitgezet"} {
		if n := apptest.Scalar[int](t, env.Pool, `SELECT count(*)::int FROM audit_log WHERE entity = 'user' AND action = $1`, action); n == 0 {
			t.Errorf("no %q in the audit trail", action)
		}
	}
}

func TestTwoStepRequiredForBeheerders(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Login(t, apptest.Beheerder)
	if res := post(admin, "/beheer/tweestaps", "verplicht", "ja"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("policy: %d", res.StatusCode)
	}
	if res := admin.Get("/werkgevers"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account/tweestaps" {
		t.Errorf("beheerder without two-step: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// Coordinators are not affected.
	if !signedIn(t, env.Login(t, apptest.Coordinator)) {
		t.Error("coordinator held up by the beheerders' rule")
	}
	res := admin.Get("/account/tweestaps")
	secret := secretRe.FindStringSubmatch(res.Body)[1]
	if res := post(admin, "/account/tweestaps", "code", codeAt(t, secret, time.Now())); res.StatusCode != http.StatusOK {
		t.Fatalf("enable: %d", res.StatusCode)
	}
	if res := admin.Get("/werkgevers"); res.StatusCode != http.StatusOK {
		t.Errorf("beheerder with two-step: %d", res.StatusCode)
	}
	if res := post(admin, "/account/tweestaps/uit", "huidig", apptest.DemoPassword); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a beheerder turned off a compulsory two-step: %d", res.StatusCode)
	}
	// Only the beheerder sets the rule.
	if res := post(env.Login(t, apptest.Bestuur), "/beheer/tweestaps", "verplicht", "nee"); res.StatusCode != http.StatusForbidden {
		t.Errorf("bestuur sets the rule: %d", res.StatusCode)
	}
}
