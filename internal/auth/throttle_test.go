package auth_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/auth"
	"netwerkportaal/internal/platform/clientip"
	"netwerkportaal/internal/platform/config"
)

// proxiedEnv runs the portal with the demo data behind a trusted proxy on
// 127.0.0.1 (TRUSTED_PROXIES), so tests can act as many clients through
// X-Forwarded-For; trusted=false leaves TRUSTED_PROXIES empty.
func proxiedEnv(t *testing.T, trusted bool) *apptest.Env {
	t.Helper()
	return proxiedEnvWith(t, trusted, app.Options{})
}

// proxiedEnvWith is proxiedEnv with opts (another throttle, say).
func proxiedEnvWith(t *testing.T, trusted bool, opts app.Options) *apptest.Env {
	t.Helper()
	pool := apptest.DemoDB(t)
	srv := httptest.NewUnstartedServer(nil)
	cfg := config.Config{Addr: ":0", BaseURL: "http://" + srv.Listener.Addr().String()}
	if trusted {
		p, err := clientip.ParsePrefixes("127.0.0.1/32, ::1")
		if err != nil {
			t.Fatal(err)
		}
		cfg.TrustedProxies = p
	}
	srv.Config.Handler = app.New(pool, cfg, opts)
	srv.Start()
	t.Cleanup(srv.Close)
	return &apptest.Env{Pool: pool, Server: srv}
}

// loginFrom signs in through the proxy for client address from.
func loginFrom(c *apptest.Client, env *apptest.Env, from, email, password string) *apptest.Response {
	form := url.Values{"email": {email}, "wachtwoord": {password}}
	req, _ := http.NewRequest(http.MethodPost, env.URL("/inloggen"), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("X-Forwarded-For", from)
	return c.Do(req)
}

// pastDelay lets the waits of client run out, as if the time had passed.
func pastDelay(t *testing.T, env *apptest.Env, client string) {
	t.Helper()
	if _, err := env.Pool.Exec(t.Context(), `UPDATE login_delays SET next_at = now() - interval '1 millisecond' WHERE client = $1`, client); err != nil {
		t.Fatal(err)
	}
}

// noTimePassed turns back the clock of client's bucket to now, as if its
// attempts so far had come in one burst: each guess for an unknown account
// hashes with the portal's full argon2id parameters, and on a loaded
// machine twenty of them can take longer than the 15 s in which the bucket
// refills one attempt, which would let the 21st through.
func noTimePassed(t *testing.T, env *apptest.Env, client string) {
	t.Helper()
	if _, err := env.Pool.Exec(t.Context(), `UPDATE login_buckets SET updated_at = now() WHERE client = $1`, client); err != nil {
		t.Fatal(err)
	}
}

func TestCredentialStuffingOnlySlowsThatClient(t *testing.T) {
	t.Parallel()
	env := proxiedEnv(t, true)
	const attacker, owner = "198.51.100.66", "203.0.113.10"
	c := env.Anonymous(t)
	for i := range 20 {
		res := loginFrom(c, env, attacker, fmt.Sprintf("gok%d@example.org", i), "welkom123")
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(generalError(t, res), wrongMessage) {
			t.Fatalf("guess %d: %d %q", i, res.StatusCode, generalError(t, res))
		}
		noTimePassed(t, env, attacker)
	}
	// The 21st attempt from that client waits a stated number of seconds,
	// whichever account it names.
	res := loginFrom(c, env, attacker, apptest.Coordinator2, apptest.DemoPassword)
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("21st attempt from one client: %d, want 429", res.StatusCode)
	}
	secs, err := strconv.Atoi(res.Header.Get("Retry-After"))
	if err != nil || secs < 1 || secs > 30 {
		t.Errorf("Retry-After %q, want 1..30 seconds", res.Header.Get("Retry-After"))
	}
	if msg := generalError(t, res); !strings.Contains(msg, throttleMessage) || !strings.Contains(msg, strconv.Itoa(secs)+" seconde") {
		t.Errorf("message %q does not say how long to wait (%d s)", msg, secs)
	}
	// The right password for another account from another client works.
	if res := loginFrom(env.Anonymous(t), env, owner, apptest.Coordinator, apptest.DemoPassword); res.StatusCode != http.StatusSeeOther {
		t.Errorf("another client's sign-in: %d, want 303", res.StatusCode)
	}
}

func TestWrongPasswordsDelayButNeverLockOut(t *testing.T) {
	t.Parallel()
	env := proxiedEnv(t, true)
	const guesser, owner = "198.51.100.7", "203.0.113.20"
	c := env.Anonymous(t)
	var wrong []string
	for i := range 5 {
		res := loginFrom(c, env, guesser, apptest.Coordinator, fmt.Sprintf("fout-%d", i))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("wrong password %d: %d", i, res.StatusCode)
		}
		wrong = append(wrong, generalError(t, res))
		// Straight after a failure the account waits from this client:
		// 1, 2, 4, 8, 16 seconds.
		res = loginFrom(c, env, guesser, apptest.Coordinator, apptest.DemoPassword)
		if res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("attempt %d within the delay: %d, want 429", i, res.StatusCode)
		}
		want := 1 << i
		if got, _ := strconv.Atoi(res.Header.Get("Retry-After")); got < want-1 || got > want {
			t.Errorf("after %d failures Retry-After %d, want %d", i+1, got, want)
		}
		if i < 4 {
			pastDelay(t, env, guesser)
		}
	}
	// The owner, elsewhere, is not affected at all.
	if res := loginFrom(env.Anonymous(t), env, owner, apptest.Coordinator, apptest.DemoPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("owner from another address: %d", res.StatusCode)
	}
	// From the guesser's address too the right password works once the
	// stated delay (at most 30 s) has passed.
	pastDelay(t, env, guesser)
	if res := loginFrom(env.Anonymous(t), env, guesser, "  Coordinator@Example.org ", apptest.DemoPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("right password after the delay: %d", res.StatusCode)
	}
	if n := apptest.Scalar[int](t, env.Pool, `SELECT count(*)::int FROM login_delays WHERE account = $1`, apptest.Coordinator); n != 0 {
		t.Errorf("a sign-in did not clear the delay (%d rows)", n)
	}
	// The failures and the sign-ins are in the user's audit trail.
	if n := apptest.Scalar[int](t, env.Pool, `SELECT count(*)::int FROM audit_log a JOIN users u ON u.id = a.entity_id
		WHERE a.entity = 'user' AND u.email = $1 AND a.action = 'inloggen mislukt'`, apptest.Coordinator); n != 5 {
		t.Errorf("%d failed sign-ins in the audit trail, want 5", n)
	}
	if n := apptest.Scalar[int](t, env.Pool, `SELECT count(*)::int FROM audit_log a JOIN users u ON u.id = a.entity_id
		WHERE a.entity = 'user' AND u.email = $1 AND a.action = 'ingelogd'`, apptest.Coordinator); n != 2 {
		t.Errorf("%d sign-ins in the audit trail, want 2", n)
	}

	// An unknown account answers exactly like a known one.
	for i := range 3 {
		res := loginFrom(c, env, "198.51.100.8", "niemand@example.org", "fout")
		if res.StatusCode != http.StatusUnprocessableEntity || generalError(t, res) != wrong[i] {
			t.Errorf("unknown account %d: %d %q, a known one %q", i, res.StatusCode, generalError(t, res), wrong[i])
		}
		pastDelay(t, env, "198.51.100.8")
	}
	// A deactivated account gets the ordinary message, not a hint.
	if _, err := env.Pool.Exec(t.Context(), `UPDATE users SET active = false WHERE email = $1`, apptest.Bestuur); err != nil {
		t.Fatal(err)
	}
	res := loginFrom(c, env, "198.51.100.9", apptest.Bestuur, apptest.DemoPassword)
	if res.StatusCode != http.StatusUnprocessableEntity || generalError(t, res) != wrong[0] {
		t.Errorf("deactivated account: %d %q", res.StatusCode, generalError(t, res))
	}
}

// A burst of simultaneous attempts is counted before any password is
// checked: one gets a verdict, the rest wait.
//
// The first verdict's wait is a minute here instead of the portal's
// second: on a loaded machine the 32 requests can take longer than a
// second to arrive, and one arriving after the wait is rightly let
// through. What is checked (counted before the password) is the same.
func TestBurstCannotSlipPastTheThrottle(t *testing.T) {
	t.Parallel()
	throttle := auth.DefaultThrottle
	throttle.Base, throttle.Max = time.Minute, time.Minute
	env := proxiedEnvWith(t, true, app.Options{Throttle: throttle})
	var wg sync.WaitGroup
	codes := make([]int, 32)
	for i := range codes {
		wg.Go(func() {
			codes[i] = loginFrom(env.Anonymous(t), env, "198.51.100.77", apptest.Coordinator, fmt.Sprintf("gok-%d", i)).StatusCode
		})
	}
	wg.Wait()
	count := map[int]int{}
	for _, c := range codes {
		count[c]++
	}
	if count[http.StatusUnprocessableEntity] != 1 || count[http.StatusTooManyRequests] != len(codes)-1 {
		t.Errorf("simultaneous guesses: %v, want one 422 and the rest 429", count)
	}
}

func TestForwardedForOnlyFromTrustedProxies(t *testing.T) {
	t.Parallel()
	for _, trusted := range []bool{false, true} {
		t.Run(fmt.Sprintf("trusted=%v", trusted), func(t *testing.T) {
			t.Parallel()
			env := proxiedEnv(t, trusted)
			res := loginFrom(env.Anonymous(t), env, "198.51.100.5", "iemand@example.org", "fout")
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("sign-in: %d", res.StatusCode)
			}
			want := "127.0.0.1"
			if trusted {
				want = "198.51.100.5"
			}
			if got := apptest.Scalar[string](t, env.Pool, `SELECT client FROM login_delays`); got != want {
				t.Errorf("client counted as %s, want %s", got, want)
			}
		})
	}
}

// A database failure at sign-in is a 503, not a wrong password, and
// counts as no attempt.
func TestDatabaseErrorIsNotAFailedSignIn(t *testing.T) {
	t.Parallel()
	env := proxiedEnv(t, true)
	if _, err := env.Pool.Exec(t.Context(), `ALTER TABLE users RENAME TO users_weg`); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		res := loginFrom(env.Anonymous(t), env, "203.0.113.30", apptest.Coordinator, apptest.DemoPassword)
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
			t.Fatalf("sign-in without a users table: %d (Retry-After %q), want 503", res.StatusCode, res.Header.Get("Retry-After"))
		}
		if msg := generalError(t, res); strings.Contains(msg, wrongMessage) || !strings.Contains(msg, "Inloggen lukt nu niet") {
			t.Errorf("message %q", msg)
		}
	}
	if _, err := env.Pool.Exec(t.Context(), `ALTER TABLE users_weg RENAME TO users`); err != nil {
		t.Fatal(err)
	}
	if n := apptest.Scalar[int](t, env.Pool, `SELECT count(*)::int FROM login_delays`); n != 0 {
		t.Errorf("%d attempts counted during the outage", n)
	}
	if res := loginFrom(env.Anonymous(t), env, "203.0.113.30", apptest.Coordinator, apptest.DemoPassword); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after the outage: %d", res.StatusCode)
	}
	// The throttle's own tables failing is an outage too.
	if _, err := env.Pool.Exec(t.Context(), `ALTER TABLE login_buckets RENAME TO login_buckets_weg`); err != nil {
		t.Fatal(err)
	}
	if res := loginFrom(env.Anonymous(t), env, "203.0.113.31", apptest.Coordinator, apptest.DemoPassword); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("without the throttle table: %d, want 503", res.StatusCode)
	}
}
