package auth_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/auth"
	"netwerkportaal/internal/platform/config"
)

// enrol switches two-step on for c and returns the secret and the recovery
// codes. While it waits for the code, the secret is in no session row.
func enrol(t *testing.T, env *apptest.Env, c *apptest.Client) (string, []string) {
	t.Helper()
	m := secretRe.FindStringSubmatch(c.Get("/account/tweestaps").Body)
	if m == nil {
		t.Fatal("no secret on the enrolment page")
	}
	if n := apptest.Scalar[int](t, env.Pool, `SELECT count(*)::int FROM sessions WHERE position(convert_to($1, 'UTF8') in data) > 0`, m[1]); n != 0 {
		t.Errorf("the secret being enrolled is readable in %d session rows", n)
	}
	res := post(c, "/account/tweestaps", "code", codeAt(t, m[1], time.Now()))
	codes := res.Doc(t).Find(".recovery-codes code").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if res.StatusCode != http.StatusOK || len(codes) != 10 {
		t.Fatalf("enable: %d, %d codes", res.StatusCode, len(codes))
	}
	return m[1], codes
}

// The secret is stored sealed with TOTP_KEY; the right key signs in with a
// code from the app; another key refuses app codes with a clear message
// and no 500, while a recovery code still lets the user in.
func TestTwoStepSecretSealedAtRest(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	secret, codes := enrol(t, env, env.Login(t, apptest.Coordinator))
	stored := apptest.Scalar[string](t, env.Pool, `SELECT totp_secret FROM users WHERE email = $1`, apptest.Coordinator)
	if stored == secret || strings.Contains(stored, secret) || !strings.HasPrefix(stored, "v1:") {
		t.Fatalf("stored secret %q is not sealed", stored)
	}

	pastDelay(t, env, "127.0.0.1")
	b := env.Anonymous(t)
	if res := login(b, apptest.Coordinator, apptest.DemoPassword); res.Header.Get("Location") != "/inloggen/code" {
		t.Fatalf("password step: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// The next step's code: the current one was used to switch it on.
	if res := post(b, "/inloggen/code", "code", codeAt(t, secret, time.Now().Add(30*time.Second))); res.StatusCode != http.StatusSeeOther || !signedIn(t, b) {
		t.Fatalf("sign-in with the app code: %d", res.StatusCode)
	}

	other := apptest.NewWithConfig(t, env.Pool, app.Options{}, func(c *config.Config) {
		c.TOTPKey = []byte("another key, not the one it had!")
	})
	pastDelay(t, env, "127.0.0.1")
	b = other.Anonymous(t)
	login(b, apptest.Coordinator, apptest.DemoPassword)
	res := post(b, "/inloggen/code", "code", codeAt(t, secret, time.Now().Add(30*time.Second)))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fieldError(t, res, "code"), "sleutel op de server") {
		t.Fatalf("app code with another key: %d %q", res.StatusCode, fieldError(t, res, "code"))
	}
	pastDelay(t, env, "127.0.0.1")
	if res := post(b, "/inloggen/code", "code", codes[0]); res.StatusCode != http.StatusSeeOther || !signedIn(t, b) {
		t.Fatalf("recovery code with another key: %d", res.StatusCode)
	}
}

// Without TOTP_KEY two-step sign-in cannot be switched on, nor made
// compulsory, and says why.
func TestTwoStepWithoutKey(t *testing.T) {
	t.Parallel()
	env := apptest.NewWithConfig(t, apptest.DemoDB(t), app.Options{}, func(c *config.Config) { c.TOTPKey = nil })
	c := env.Login(t, apptest.Coordinator)
	res := c.Get("/account/tweestaps")
	if res.StatusCode != http.StatusOK || secretRe.MatchString(res.Body) || !strings.Contains(res.Body, "TOTP_KEY") {
		t.Fatalf("page without key: %d, secret shown %v", res.StatusCode, secretRe.MatchString(res.Body))
	}
	if res := post(c, "/account/tweestaps", "code", "123456"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("enable without key: %d", res.StatusCode)
	}
	post(env.Login(t, apptest.Beheerder), "/beheer/tweestaps", "verplicht", "ja")
	if apptest.Scalar[bool](t, env.Pool, `SELECT require_two_step_beheer FROM auth_policy`) {
		t.Error("two-step made compulsory while nobody can switch it on")
	}
}

// Secrets stored in plain text before TOTP_KEY are sealed at start and go
// on working.
func TestPlainSecretsAreSealedAtStart(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	const plain = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	apptest.Exec(t, env.Pool, `UPDATE users SET totp_secret = $2, totp_enabled_at = now() WHERE email = $1`, apptest.Coordinator, plain)
	if sealed, left, err := auth.SealPlainTOTPSecrets(t.Context(), env.Pool, nil); err != nil || sealed != 0 || left != 1 {
		t.Fatalf("without key: sealed %d, left %d, %v", sealed, left, err)
	}
	if sealed, left, err := auth.SealPlainTOTPSecrets(t.Context(), env.Pool, apptest.TOTPKey); err != nil || sealed != 1 || left != 0 {
		t.Fatalf("with key: sealed %d, left %d, %v", sealed, left, err)
	}
	if s := apptest.Scalar[string](t, env.Pool, `SELECT totp_secret FROM users WHERE email = $1`, apptest.Coordinator); strings.Contains(s, plain) {
		t.Fatalf("still plain: %q", s)
	}
	b := env.Anonymous(t)
	login(b, apptest.Coordinator, apptest.DemoPassword)
	if res := post(b, "/inloggen/code", "code", codeAt(t, plain, time.Now())); res.StatusCode != http.StatusSeeOther || !signedIn(t, b) {
		t.Fatalf("sign-in after sealing: %d", res.StatusCode)
	}
}
