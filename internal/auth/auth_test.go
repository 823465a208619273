package auth_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/alexedwards/scs/v2"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/config"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/session"
)

const wrongMessage = "Het e-mailadres of het wachtwoord klopt niet."
const throttleMessage = "Te veel pogingen. Probeer het over"

func login(c *apptest.Client, email, password string) *apptest.Response {
	return c.PostForm("/inloggen", url.Values{"email": {email}, "wachtwoord": {password}})
}

// sessionCookie returns the session cookie a response sets, or nil.
func sessionCookie(res *apptest.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == session.CookieName {
			return c
		}
	}
	return nil
}

// withCookie returns an anonymous client that sends only the given session
// token, as someone who copied it would.
func withCookie(t *testing.T, env *apptest.Env, token string) *apptest.Client {
	c := env.Anonymous(t)
	u, _ := url.Parse(env.Server.URL)
	c.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: session.CookieName, Value: token, Path: "/"}})
	return c
}

func signedIn(t *testing.T, c *apptest.Client) bool {
	t.Helper()
	res := c.Get("/werkgevers")
	switch res.StatusCode {
	case http.StatusOK:
		return true
	case http.StatusSeeOther:
		if !strings.HasPrefix(res.Header.Get("Location"), "/inloggen") {
			t.Errorf("unexpected redirect to %q", res.Header.Get("Location"))
		}
		return false
	}
	t.Fatalf("GET /werkgevers: %d", res.StatusCode)
	return false
}

// generalError is the message about the whole sign-in form.
func generalError(t *testing.T, res *apptest.Response) string {
	return strings.Join(strings.Fields(res.Doc(t).Find("main .error-summary p").Text()), " ")
}

func TestSessionTokenRenewedAtLogin(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	pool := env.Pool

	// An attacker plants a valid anonymous session token in the victim's
	// browser (session fixation).
	planted := "geplant-sessietoken-0123456789abcdef"
	data, err := scs.GobCodec{}.Encode(time.Now().Add(time.Hour), map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(t.Context(), `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, now() + interval '1 hour')`, session.StoredToken(planted), data); err != nil {
		t.Fatal(err)
	}
	victim := withCookie(t, env, planted)
	if res := victim.Get("/inloggen"); res.StatusCode != http.StatusOK {
		t.Fatalf("login page: %d", res.StatusCode)
	}
	res := login(victim, apptest.Coordinator, apptest.DemoPassword)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", res.StatusCode)
	}
	cookie := sessionCookie(res)
	if cookie == nil || cookie.Value == "" {
		t.Fatal("login set no session cookie")
	}
	if cookie.Value == planted {
		t.Fatal("session token not renewed at login: the planted token is now signed in")
	}
	if n := apptest.Scalar[int](t, pool, `SELECT count(*)::int FROM sessions WHERE token = $1`, session.StoredToken(planted)); n != 0 {
		t.Errorf("planted session still stored")
	}
	if signedIn(t, withCookie(t, env, planted)) {
		t.Error("the planted token gives access after the victim signed in")
	}
	if !signedIn(t, victim) {
		t.Error("victim not signed in with the new token")
	}

	// Signing in again renews the token again; the previous one dies.
	old := cookie.Value
	res = login(victim, apptest.Coordinator, apptest.DemoPassword)
	if c := sessionCookie(res); res.StatusCode != http.StatusSeeOther || c == nil || c.Value == old {
		t.Fatalf("second login: %d, cookie %v", res.StatusCode, c)
	}
	if signedIn(t, withCookie(t, env, old)) {
		t.Error("the token from before the second sign-in still works")
	}

	// A made-up token that the store never issued is not adopted either.
	made := withCookie(t, env, "zelfverzonnen-token")
	res = login(made, apptest.Coordinator, apptest.DemoPassword)
	if c := sessionCookie(res); c == nil || c.Value == "zelfverzonnen-token" {
		t.Errorf("made-up token adopted: %v", c)
	}
}

func TestNoSessionRowForAnonymousVisitors(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Anonymous(t)
	id, _ := env.EmployerOf(t, 1, "")
	for _, path := range []string{"/", "/inloggen", "/inloggen?terug=%2Fwerkgevers", "/werkgevers", fmt.Sprintf("/werkgevers/%d", id),
		"/bestaat-niet", "/healthz", "/readyz", "/taal?lang=en&terug=/inloggen", "/inloggen", "/taal?lang=nl"} {
		res := c.Get(path)
		if sc := sessionCookie(res); sc != nil {
			t.Errorf("GET %s set a session cookie", path)
		}
	}
	// A failed sign-in creates no session either.
	if res := login(c, apptest.Coordinator, "fout-wachtwoord"); res.StatusCode != http.StatusUnprocessableEntity || sessionCookie(res) != nil {
		t.Errorf("failed login: %d, cookie %v", res.StatusCode, sessionCookie(res))
	}
	if n := apptest.Scalar[int](t, env.Pool, `SELECT count(*)::int FROM sessions`); n != 0 {
		t.Errorf("%d session rows after anonymous visits, want 0", n)
	}
	pastDelay(t, env, "127.0.0.1")
	env.Login(t, apptest.Coordinator)
	if n := apptest.Scalar[int](t, env.Pool, `SELECT count(*)::int FROM sessions`); n != 1 {
		t.Errorf("%d session rows after one sign-in, want 1", n)
	}
}

func TestCookieFlags(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	res := login(env.Anonymous(t), apptest.Coordinator, apptest.DemoPassword)
	c := sessionCookie(res)
	if c == nil {
		t.Fatal("no session cookie")
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure || c.Path != "/" {
		t.Errorf("session cookie without COOKIE_SECURE: HttpOnly=%v SameSite=%v Secure=%v Path=%q", c.HttpOnly, c.SameSite, c.Secure, c.Path)
	}
	if res.Header.Get("Strict-Transport-Security") != "" {
		t.Errorf("HSTS sent without COOKIE_SECURE")
	}

	// The same portal configured for HTTPS marks the cookie Secure.
	srv := httptest.NewServer(app.New(env.Pool, config.Config{Addr: ":0", BaseURL: "https://portaal.example", CookieSecure: true}, app.Options{}))
	t.Cleanup(srv.Close)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/inloggen",
		strings.NewReader(url.Values{"email": {apptest.Coordinator}, "wachtwoord": {apptest.DemoPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	raw, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw.Body.Close()
	var secure *http.Cookie
	for _, ck := range raw.Cookies() {
		if ck.Name == session.CookieName {
			secure = ck
		}
	}
	if raw.StatusCode != http.StatusSeeOther || secure == nil {
		t.Fatalf("secure login: %d, cookie %v", raw.StatusCode, secure)
	}
	if !secure.Secure || !secure.HttpOnly || secure.SameSite != http.SameSiteLaxMode {
		t.Errorf("session cookie with COOKIE_SECURE: Secure=%v HttpOnly=%v SameSite=%v", secure.Secure, secure.HttpOnly, secure.SameSite)
	}
	if !strings.Contains(raw.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("no HSTS with COOKIE_SECURE")
	}
}

func TestLoginFormValidation(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Anonymous(t)
	res := login(c, "  ", "")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty login: %d", res.StatusCode)
	}
	doc := res.Doc(t)
	for field, want := range map[string]string{"email": "Vul uw e-mailadres in.", "wachtwoord": "Vul uw wachtwoord in."} {
		ctl := doc.Find(fmt.Sprintf("main form [name=%q]", field))
		if got := ctl.Closest(".form-field").Find(".field-error").Text(); !strings.Contains(got, want) || ctl.AttrOr("aria-invalid", "") != "true" {
			t.Errorf("%s: error %q, aria-invalid %q", field, got, ctl.AttrOr("aria-invalid", ""))
		}
	}
	// The address is kept, the password never sent back.
	res = login(c, "Coordinator@Example.org", "fout-wachtwoord")
	doc = res.Doc(t)
	if v := doc.Find("main form [name=email]").AttrOr("value", ""); v != "coordinator@example.org" {
		t.Errorf("e-mail not kept: %q", v)
	}
	if v, ok := doc.Find("main form [name=wachtwoord]").Attr("value"); ok && v != "" {
		t.Errorf("password echoed back: %q", v)
	}
	if strings.Contains(res.Body, "fout-wachtwoord") {
		t.Error("password appears in the page")
	}
}

func TestLogoutDestroysSession(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Anonymous(t)
	res := login(c, apptest.Coordinator, apptest.DemoPassword)
	token := sessionCookie(res).Value
	res = c.PostForm("/uitloggen", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/inloggen?uitgelogd=1" {
		t.Fatalf("logout: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if ck := sessionCookie(res); ck == nil || ck.MaxAge >= 0 && ck.Value != "" {
		t.Errorf("logout did not clear the cookie: %v", ck)
	}
	if n := apptest.Scalar[int](t, env.Pool, `SELECT count(*)::int FROM sessions WHERE token = $1`, session.StoredToken(token)); n != 0 {
		t.Error("session row survives logout")
	}
	if signedIn(t, withCookie(t, env, token)) {
		t.Error("the old cookie still works after logout")
	}
	if signedIn(t, c) {
		t.Error("still signed in after logout")
	}
	if got := c.Get("/inloggen?uitgelogd=1").Doc(t).Find("main .notice").Text(); !strings.Contains(got, "U bent uitgelogd.") {
		t.Errorf("no sign-out notice: %q", got)
	}

	// An expired session, and one of a deactivated user, end as well.
	c2 := env.Login(t, apptest.Coordinator)
	if _, err := env.Pool.Exec(t.Context(), `UPDATE sessions SET expiry = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	if signedIn(t, c2) {
		t.Error("expired session still signed in")
	}
	c3 := env.Login(t, apptest.Coordinator2)
	if _, err := env.Pool.Exec(t.Context(), `UPDATE users SET active = false WHERE email = $1`, apptest.Coordinator2); err != nil {
		t.Fatal(err)
	}
	if signedIn(t, c3) {
		t.Error("session of a deactivated user still signed in")
	}
}

func TestCrossSitePostsRefused(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Login(t, apptest.Coordinator)
	id, _ := env.EmployerOf(t, 1, "")
	path := fmt.Sprintf("/werkgevers/%d/bewerken", id)
	doc := c.Get(path).Doc(t)
	form := apptest.FormValues(doc, "main form[method=post]")
	form.Set("plaats", "Overgenomen door evil.example")
	version := apptest.Scalar[int](t, env.Pool, `SELECT version FROM employers WHERE id = $1`, id)

	post := func(path string, v url.Values, headers map[string]string) *apptest.Response {
		req, _ := http.NewRequest(http.MethodPost, env.URL(path), strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, h := range headers {
			req.Header.Set(k, h)
		}
		return c.Do(req)
	}
	for _, h := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Sec-Fetch-Site": "same-site"},
		{"Sec-Fetch-Site": "cross-site", "Origin": env.Server.URL},
		{"Origin": "http://evil.example"},
		{"Origin": "null"},
	} {
		for _, p := range []string{path, "/werkgevers/nieuw", fmt.Sprintf("/werkgevers/%d/contactpersonen/nieuw", id), "/uitloggen", "/inloggen"} {
			v := form
			if p == "/inloggen" {
				v = url.Values{"email": {apptest.Beheerder}, "wachtwoord": {apptest.DemoPassword}}
			}
			res := post(p, v, h)
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s with %v: %d, want 403", p, h, res.StatusCode)
				continue
			}
			if !strings.Contains(res.Body, "andere website") {
				t.Errorf("POST %s with %v: not the friendly page", p, h)
			}
		}
	}
	if v := apptest.Scalar[int](t, env.Pool, `SELECT version FROM employers WHERE id = $1`, id); v != version {
		t.Error("a cross-site post changed the profile")
	}
	if !signedIn(t, c) {
		t.Error("a cross-site post signed the user out")
	}
	// Same-origin posts, by header or by Origin, go through; a GET from
	// anywhere is fine.
	if res := post(path, form, map[string]string{"Origin": env.Server.URL}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("same-origin post by Origin: %d", res.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodGet, env.URL(path), nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := c.Do(req); res.StatusCode != http.StatusOK {
		t.Errorf("cross-site GET: %d", res.StatusCode)
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Login(t, apptest.Coordinator)
	id, _ := env.EmployerOf(t, 1, "")
	anon := env.Anonymous(t)
	responses := map[string]*apptest.Response{
		"login page":  anon.Get("/inloggen"),
		"redirect":    anon.Get("/werkgevers"),
		"not found":   anon.Get("/bestaat-niet"),
		"list":        c.Get("/werkgevers"),
		"profile":     c.Get(fmt.Sprintf("/werkgevers/%d", id)),
		"edit":        c.Get(fmt.Sprintf("/werkgevers/%d/bewerken", id)),
		"edit errors": c.PostForm(fmt.Sprintf("/werkgevers/%d/bewerken", id), url.Values{"naam": {""}}),
		"health":      anon.Get("/healthz"),
	}
	for name, res := range responses {
		h := res.Header
		csp := h.Get("Content-Security-Policy")
		directives := map[string]string{}
		for _, d := range strings.Split(csp, ";") {
			if f := strings.Fields(d); len(f) > 0 {
				directives[f[0]] = strings.Join(f[1:], " ")
			}
		}
		script, ok := directives["script-src"]
		if !ok {
			script, ok = directives["default-src"]
		}
		if !ok || strings.Contains(script, "'unsafe-inline'") || strings.Contains(script, "'unsafe-eval'") || strings.Contains(script, "*") {
			t.Errorf("%s: CSP script policy %q (CSP %q)", name, script, csp)
		}
		if directives["frame-ancestors"] != "'none'" {
			t.Errorf("%s: frame-ancestors %q", name, directives["frame-ancestors"])
		}
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", name, h.Get("X-Content-Type-Options"))
		}
		switch rp := h.Get("Referrer-Policy"); rp {
		case "same-origin", "strict-origin", "strict-origin-when-cross-origin", "no-referrer":
		default:
			t.Errorf("%s: Referrer-Policy %q", name, rp)
		}
		// Pages carry no inline script the policy would have to allow.
		if strings.Contains(h.Get("Content-Type"), "text/html") && res.StatusCode != http.StatusSeeOther {
			doc := res.Doc(t)
			doc.Find("script").Each(func(_ int, s *goquery.Selection) {
				if _, ok := s.Attr("src"); !ok {
					t.Errorf("%s: inline <script>", name)
				}
			})
			for _, attr := range []string{"onclick", "onload", "onsubmit", "onchange", "style"} {
				if n := doc.Find("[" + attr + "]").Length(); n > 0 {
					t.Errorf("%s: %d elements with inline %s", name, n, attr)
				}
			}
		}
	}
}

func TestOpenRedirectRefused(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	anon := env.Anonymous(t)
	evil := []string{"//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "https://evil.example/",
		"http:evil.example", "javascript:alert(1)", "/\t/evil.example", "/\n/evil.example", "/\r/evil.example", " //evil.example", "evil.example"}
	for _, next := range evil {
		if strings.ContainsAny(next, "\r\n") {
			// A line break in a query string: the input gate refuses it.
			for _, p := range []string{"/inloggen?terug=", "/taal?lang=nl&terug="} {
				if res := anon.Get(p + url.QueryEscape(next)); res.StatusCode != http.StatusBadRequest {
					t.Errorf("%s%q: %d, want 400", p, next, res.StatusCode)
				}
			}
			continue
		}
		doc := anon.Get("/inloggen?terug=" + url.QueryEscape(next)).Doc(t)
		if v := doc.Find("main form [name=terug]").AttrOr("value", ""); v != "/" {
			t.Errorf("login form keeps terug=%q as %q", next, v)
		}
		res := anon.Get("/taal?lang=nl&terug=" + url.QueryEscape(next))
		if loc := res.Header.Get("Location"); loc != "/" {
			t.Errorf("/taal terug=%q redirects to %q", next, loc)
		}
	}
	// Sign-in posts: each costs a password check, so a few of the worst.
	for _, next := range []string{"//evil.example", "/\\evil.example", "/\t/evil.example", "https://evil.example"} {
		c := env.Anonymous(t)
		res := c.PostForm("/inloggen", url.Values{"email": {apptest.Coordinator}, "wachtwoord": {apptest.DemoPassword}, "terug": {next}})
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Errorf("login with terug=%q: %d to %q, want /", next, res.StatusCode, loc)
		}
	}
	// A local page is where the user goes after signing in.
	res := anon.Get("/werkgevers?status=lid")
	loc := res.Header.Get("Location")
	if loc != "/inloggen?terug="+url.QueryEscape("/werkgevers?status=lid") {
		t.Fatalf("anonymous list redirects to %q", loc)
	}
	doc := anon.Get(loc).Doc(t)
	next := doc.Find("main form [name=terug]").AttrOr("value", "")
	res = anon.PostForm("/inloggen", url.Values{"email": {apptest.Coordinator}, "wachtwoord": {apptest.DemoPassword}, "terug": {next}})
	if got := res.Header.Get("Location"); got != "/werkgevers?status=lid" {
		t.Errorf("after sign-in to %q, want back to the list", got)
	}
	// Signed in, the login page sends the user on, also only locally.
	if got := anon.Get("/inloggen?terug=" + url.QueryEscape("//evil.example")).Header.Get("Location"); got != "/" {
		t.Errorf("signed-in login page redirects to %q", got)
	}
}

func TestLanguageSwitch(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Anonymous(t)
	en := i18n.WithLang(context.Background(), i18n.EN)

	res := c.Get("/taal?lang=en&terug=" + url.QueryEscape("/inloggen"))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/inloggen" {
		t.Fatalf("/taal: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	var lang *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == i18n.CookieName {
			lang = ck
		}
	}
	if lang == nil || lang.Value != "en" || lang.Path != "/" || lang.SameSite != http.SameSiteLaxMode || lang.MaxAge <= 0 {
		t.Fatalf("language cookie %v", lang)
	}
	doc := c.Get("/inloggen").Doc(t)
	if l := doc.Find("html").AttrOr("lang", ""); l != "en" {
		t.Errorf("html lang %q, want en", l)
	}
	// Every text with a translation shows in English.
	for sel, id := range map[string]string{"main h1": "Inloggen", "main label[for=f-email]": "E-mailadres", "a.skip-link": "Naar de inhoud"} {
		if got := strings.TrimSpace(doc.Find(sel).First().Text()); !strings.HasPrefix(got, i18n.T(en, id)) {
			t.Errorf("%s: %q, want %q", sel, got, i18n.T(en, id))
		}
	}
	if got := strings.TrimSpace(doc.Find("footer a[lang=nl]").Text()); got != "Nederlands" {
		t.Errorf("no way back to Dutch: %q", got)
	}
	res = login(c, apptest.Coordinator, "fout")
	if got := generalError(t, res); got != i18n.T(en, wrongMessage) {
		t.Errorf("sign-in error in English: %q, want %q", got, i18n.T(en, wrongMessage))
	}
	// Back to Dutch; unknown languages are refused.
	c.Get("/taal?lang=nl")
	if l := c.Get("/inloggen").Doc(t).Find("html").AttrOr("lang", ""); l != "nl" {
		t.Errorf("html lang %q after switching back", l)
	}
	if res := c.Get("/taal?lang=xx"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("/taal?lang=xx: %d", res.StatusCode)
	}
}
