package auth_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/auth"
	"netwerkportaal/internal/platform/db/dbtest"
)

var linkRe = regexp.MustCompile(`/wachtwoord-instellen/[A-Za-z0-9_-]{43}`)

// lastLink returns the newest set-password link mailed to addr.
func lastLink(t *testing.T, env *apptest.Env, addr string) string {
	t.Helper()
	body := apptest.Scalar[string](t, env.Pool, `SELECT body_text FROM mail_outbox WHERE to_addr = $1 ORDER BY id DESC LIMIT 1`, addr)
	l := linkRe.FindString(body)
	if l == "" {
		t.Fatalf("no link in the mail to %s: %q", addr, body)
	}
	return l
}

func post(c *apptest.Client, path string, kv ...string) *apptest.Response {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return c.PostForm(path, v)
}

func fieldError(t *testing.T, res *apptest.Response, field string) string {
	return strings.TrimSpace(res.Doc(t).Find("#f-" + field + "-error").Text())
}

func TestFirstStart(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	env := apptest.NewEmpty(t, pool)
	token, ok, err := auth.NewStore(pool).SetupLink(t.Context())
	if err != nil || !ok {
		t.Fatalf("setup link: %v %v", ok, err)
	}
	c := env.Anonymous(t)
	if res := c.Get("/inrichten/" + token); res.StatusCode != http.StatusOK {
		t.Fatalf("setup page: %d", res.StatusCode)
	}
	if res := c.Get("/inrichten/" + strings.Repeat("A", 43)); res.StatusCode != http.StatusNotFound {
		t.Errorf("tampered setup link: %d", res.StatusCode)
	}
	res := post(c, "/inrichten/"+token, "naam", "", "email", "geen-adres", "wachtwoord", "welkom", "herhaling", "welkom")
	if res.StatusCode != http.StatusUnprocessableEntity || fieldError(t, res, "naam") == "" || fieldError(t, res, "email") == "" ||
		!strings.Contains(fieldError(t, res, "wachtwoord"), "12 tekens") {
		t.Fatalf("invalid setup: %d", res.StatusCode)
	}
	if v, _ := res.Doc(t).Find("#f-email").Attr("value"); v != "geen-adres" {
		t.Errorf("input not kept: %q", v)
	}
	res = post(c, "/inrichten/"+token, "naam", "Bea Heer", "email", "bea@example.org", "wachtwoord", "fiets-regen-koffie", "herhaling", "fiets-regen-koffie")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/beheer/netwerken/nieuw" {
		t.Fatalf("setup: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.Get("/beheer/netwerken/nieuw"); res.StatusCode != http.StatusOK {
		t.Fatalf("signed in as the new beheerder: %d", res.StatusCode)
	}
	// The link works once.
	if res := env.Anonymous(t).Get("/inrichten/" + token); res.StatusCode != http.StatusGone {
		t.Errorf("used setup link: %d, want 410", res.StatusCode)
	}
	if res := post(env.Anonymous(t), "/inrichten/"+token, "naam", "X", "email", "x@example.org", "wachtwoord", "fiets-regen-koffie", "herhaling", "fiets-regen-koffie"); res.StatusCode != http.StatusGone {
		t.Errorf("posting the used setup link: %d, want 410", res.StatusCode)
	}
	// The first network, with a 422 first.
	if res := post(c, "/beheer/netwerken/nieuw", "naam", "", "schaal", "Onbekend"); res.StatusCode != http.StatusUnprocessableEntity ||
		fieldError(t, res, "naam") == "" || fieldError(t, res, "schaal") == "" {
		t.Errorf("invalid network: %d", res.StatusCode)
	}
	if res := post(c, "/beheer/netwerken/nieuw", "naam", "99vanTwente", "schaal", "PSO"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("network: %d", res.StatusCode)
	}
	if res := post(c, "/beheer/netwerken/nieuw", "naam", "99vanTwente", "schaal", "PSO"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("duplicate network name: %d", res.StatusCode)
	}
	if n := apptest.Scalar[int](t, pool, `SELECT count(*)::int FROM audit_log WHERE entity IN ('user', 'network') AND action = 'aangemaakt'`); n != 2 {
		t.Errorf("%d audit entries for the beheerder and the network, want 2", n)
	}
	// A setup link is no longer offered.
	if _, ok, _ := auth.NewStore(pool).SetupLink(t.Context()); ok {
		t.Error("setup link offered with a beheerder present")
	}
}

func TestInvitationLinks(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Login(t, apptest.Beheerder)
	netID := apptest.Scalar[int64](t, env.Pool, `SELECT min(id) FROM networks`)
	// 422s: no network for a coordinator, an address in use.
	res := post(admin, "/beheer/gebruikers/nieuw", "naam", "Nina", "email", "nina@example.org", "rol", "coordinator")
	if res.StatusCode != http.StatusUnprocessableEntity || fieldError(t, res, "netwerken") == "" {
		t.Fatalf("invite without network: %d", res.StatusCode)
	}
	res = post(admin, "/beheer/gebruikers/nieuw", "naam", "Dubbel", "email", apptest.Coordinator, "rol", "bestuur", "netwerken", itoa(netID))
	if res.StatusCode != http.StatusUnprocessableEntity || fieldError(t, res, "email") == "" {
		t.Fatalf("invite with a taken address: %d", res.StatusCode)
	}
	res = post(admin, "/beheer/gebruikers/nieuw", "naam", "Nina", "email", "Nina@Example.org", "rol", "coordinator", "netwerken", itoa(netID))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d", res.StatusCode)
	}
	link := lastLink(t, env, "nina@example.org")
	// Not yet a password: no sign-in with anything.
	nina := env.Anonymous(t)
	if res := nina.Get(link); res.StatusCode != http.StatusOK {
		t.Fatalf("invitation page: %d", res.StatusCode)
	}
	// Tampered.
	if res := nina.Get(link[:len(link)-3] + "abc"); res.StatusCode != http.StatusNotFound {
		t.Errorf("tampered link: %d", res.StatusCode)
	}
	// Password rules, with the e-mail name.
	res = post(nina, link, "wachtwoord", "nina-is-mijn-naam", "herhaling", "nina-is-mijn-naam")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fieldError(t, res, "wachtwoord"), "e-mailadres") {
		t.Errorf("password with the e-mail name: %d %q", res.StatusCode, fieldError(t, res, "wachtwoord"))
	}
	res = post(nina, link, "wachtwoord", "fiets-regen-koffie", "herhaling", "fiets-regen-thee")
	if res.StatusCode != http.StatusUnprocessableEntity || fieldError(t, res, "herhaling") == "" {
		t.Errorf("different repetition: %d", res.StatusCode)
	}
	// A resent invitation replaces the link.
	ninaID := apptest.Scalar[int64](t, env.Pool, `SELECT id FROM users WHERE email = 'nina@example.org'`)
	if res := admin.PostForm("/beheer/gebruikers/"+itoa(ninaID)+"/uitnodiging", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("resend: %d", res.StatusCode)
	}
	if res := nina.Get(link); res.StatusCode != http.StatusGone {
		t.Errorf("replaced link: %d, want 410", res.StatusCode)
	}
	link = lastLink(t, env, "nina@example.org")
	// Expired.
	if _, err := env.Pool.Exec(t.Context(), `UPDATE auth_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND used_at IS NULL`, ninaID); err != nil {
		t.Fatal(err)
	}
	if res := nina.Get(link); res.StatusCode != http.StatusGone || !strings.Contains(res.Body, "verlopen") {
		t.Errorf("expired link: %d", res.StatusCode)
	}
	if res := post(nina, link, "wachtwoord", "fiets-regen-koffie", "herhaling", "fiets-regen-koffie"); res.StatusCode != http.StatusGone {
		t.Errorf("posting an expired link: %d", res.StatusCode)
	}
	admin.PostForm("/beheer/gebruikers/"+itoa(ninaID)+"/uitnodiging", nil)
	link = lastLink(t, env, "nina@example.org")
	res = post(nina, link, "wachtwoord", "fiets-regen-koffie", "herhaling", "fiets-regen-koffie")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set password: %d", res.StatusCode)
	}
	// Used.
	if res := nina.Get(link); res.StatusCode != http.StatusGone || !strings.Contains(res.Body, "al gebruikt") {
		t.Errorf("used link: %d", res.StatusCode)
	}
	if res := login(nina, "nina@example.org", "fiets-regen-koffie"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in with the new password: %d", res.StatusCode)
	}
	// Deactivated: signed out at once, and a fresh link refuses.
	admin.PostForm("/beheer/gebruikers/"+itoa(ninaID)+"/uitnodiging", nil) // refused: has a password
	token, err := auth.NewStore(env.Pool).ResetLink(t.Context(), "nina@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if res := admin.PostForm("/beheer/gebruikers/"+itoa(ninaID)+"/deactiveren", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", res.StatusCode)
	}
	if signedIn(t, nina) {
		t.Error("a deactivated user is still signed in")
	}
	if res := env.Anonymous(t).Get("/wachtwoord-instellen/" + token); res.StatusCode != http.StatusGone || !strings.Contains(res.Body, "gedeactiveerd") {
		t.Errorf("link of a deactivated user: %d", res.StatusCode)
	}
	pastDelay(t, env, "127.0.0.1")
	if res := login(env.Anonymous(t), "nina@example.org", "fiets-regen-koffie"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("deactivated sign-in: %d", res.StatusCode)
	}
	if res := admin.PostForm("/beheer/gebruikers/"+itoa(ninaID)+"/heractiveren", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reactivate: %d", res.StatusCode)
	}
	pastDelay(t, env, "127.0.0.1")
	if res := login(env.Anonymous(t), "nina@example.org", "fiets-regen-koffie"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("reactivated sign-in: %d", res.StatusCode)
	}
}

func TestLastBeheerderIsProtected(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Login(t, apptest.Beheerder)
	id := apptest.Scalar[int64](t, env.Pool, `SELECT id FROM users WHERE email = $1`, apptest.Beheerder)
	if res := admin.PostForm("/beheer/gebruikers/"+itoa(id)+"/deactiveren", nil); res.StatusCode != http.StatusConflict {
		t.Errorf("deactivating the last beheerder: %d, want 409", res.StatusCode)
	}
	netID := apptest.Scalar[int64](t, env.Pool, `SELECT min(id) FROM networks`)
	res := post(admin, "/beheer/gebruikers/"+itoa(id), "naam", "Beheer", "rol", "coordinator", "netwerken", itoa(netID))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fieldError(t, res, "rol"), "laatste") {
		t.Errorf("demoting the last beheerder: %d", res.StatusCode)
	}
	if role := apptest.Scalar[string](t, env.Pool, `SELECT role FROM users WHERE id = $1`, id); role != "beheerder" {
		t.Errorf("role now %s", role)
	}
	// With a second beheerder it is allowed.
	co := apptest.Scalar[int64](t, env.Pool, `SELECT id FROM users WHERE email = $1`, apptest.Coordinator)
	if res := post(admin, "/beheer/gebruikers/"+itoa(co), "naam", "Co", "rol", "beheerder"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("promote: %d", res.StatusCode)
	}
	if res := admin.PostForm("/beheer/gebruikers/"+itoa(id)+"/deactiveren", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("deactivating one of two beheerders: %d", res.StatusCode)
	}
}

func TestPasswordReset(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	other := env.Login(t, apptest.Coordinator) // a session elsewhere
	c := env.Anonymous(t)
	known := post(c, "/wachtwoord-vergeten", "email", apptest.Coordinator)
	unknown := post(c, "/wachtwoord-vergeten", "email", "niemand@example.org")
	if known.StatusCode != http.StatusOK || unknown.StatusCode != http.StatusOK {
		t.Fatalf("reset requests: %d %d", known.StatusCode, unknown.StatusCode)
	}
	if strings.ReplaceAll(known.Body, apptest.Coordinator, "X") != strings.ReplaceAll(unknown.Body, "niemand@example.org", "X") {
		t.Error("the answer differs for a known and an unknown address")
	}
	if n := apptest.Scalar[int](t, env.Pool, `SELECT count(*)::int FROM mail_outbox WHERE kind = 'wachtwoord_herstel'`); n != 1 {
		t.Fatalf("%d reset mails, want 1", n)
	}
	if res := post(c, "/wachtwoord-vergeten", "email", "geen adres"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("invalid address: %d", res.StatusCode)
	}
	link := lastLink(t, env, apptest.Coordinator)
	if res := post(c, link, "wachtwoord", "fiets-regen-koffie", "herhaling", "fiets-regen-koffie"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	if signedIn(t, other) {
		t.Error("the reset did not end the other session")
	}
	if res := c.Get(link); res.StatusCode != http.StatusGone {
		t.Errorf("reused reset link: %d", res.StatusCode)
	}
	if res := login(c, apptest.Coordinator, "fiets-regen-koffie"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign in with the reset password: %d", res.StatusCode)
	}
	// Many requests for one address send no more mail and answer the same.
	for range 5 {
		post(env.Anonymous(t), "/wachtwoord-vergeten", "email", apptest.Bestuur)
	}
	if n := apptest.Scalar[int](t, env.Pool, `SELECT count(*)::int FROM mail_outbox WHERE kind = 'wachtwoord_herstel' AND to_addr = $1`, apptest.Bestuur); n != 3 {
		t.Errorf("%d reset mails for one address, want 3 (the limit)", n)
	}
	// Requests from one client are limited with a stated wait.
	var last *apptest.Response
	for i := range 12 {
		last = post(env.Anonymous(t), "/wachtwoord-vergeten", "email", "iemand"+itoa(int64(i))+"@example.org")
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Errorf("many reset requests from one client: %d", last.StatusCode)
	}
}

func TestAccountPage(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	phone := env.Login(t, apptest.Coordinator2)
	pastDelay(t, env, "127.0.0.1")
	c := env.Login(t, apptest.Coordinator2)
	res := c.Get("/account")
	if res.StatusCode != http.StatusOK || res.Doc(t).Find("main tbody tr").Length() != 2 {
		t.Fatalf("account page: %d, %d sessions", res.StatusCode, res.Doc(t).Find("main tbody tr").Length())
	}
	if res := post(c, "/account/naam", "naam", ""); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("empty name: %d", res.StatusCode)
	}
	if res := post(c, "/account/naam", "naam", "Nieuwe Naam"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("name: %d", res.StatusCode)
	}
	res = post(c, "/account/wachtwoord", "huidig", "fout", "wachtwoord", "fiets-regen-koffie", "herhaling", "fiets-regen-koffie")
	if res.StatusCode != http.StatusUnprocessableEntity || fieldError(t, res, "huidig") == "" {
		t.Errorf("wrong current password: %d", res.StatusCode)
	}
	pastDelay(t, env, "127.0.0.1")
	res = post(c, "/account/wachtwoord", "huidig", apptest.DemoPassword, "wachtwoord", "fiets-regen-koffie", "herhaling", "fiets-regen-koffie")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change password: %d", res.StatusCode)
	}
	if signedIn(t, phone) {
		t.Error("the other session survived the password change")
	}
	if !signedIn(t, c) {
		t.Error("the changing session was signed out")
	}
	pastDelay(t, env, "127.0.0.1")
	third := env.Anonymous(t)
	if res := login(third, apptest.Coordinator2, "fiets-regen-koffie"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in with the new password: %d", res.StatusCode)
	}
	if res := c.PostForm("/account/sessies/andere", nil); res.StatusCode != http.StatusSeeOther || signedIn(t, third) || !signedIn(t, c) {
		t.Errorf("sign out elsewhere: %d", res.StatusCode)
	}
	if res := c.PostForm("/account/sessies/alle", nil); res.StatusCode != http.StatusSeeOther || signedIn(t, c) {
		t.Errorf("sign out everywhere: %d", res.StatusCode)
	}
	// Someone else's session cannot be ended through the id.
	admin := env.Login(t, apptest.Beheerder)
	sid := apptest.Scalar[int64](t, env.Pool, `SELECT max(id) FROM user_sessions`)
	mine := env.Login(t, apptest.Bestuur)
	mine.PostForm("/account/sessies/"+itoa(sid)+"/beeindigen", nil)
	if !signedIn(t, admin) {
		t.Error("another user's session was ended")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
