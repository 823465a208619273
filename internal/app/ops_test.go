package app_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/config"
	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/i18n"
)

// TestDatabaseDownIsFriendly503AndRecovers: while the database cannot be
// reached, a signed-in page, a public page and a personal-link page answer
// with the friendly Dutch 503 page and Retry-After, never a plain-text
// 500; when it is back, the same session works again.
func TestDatabaseDownIsFriendly503AndRecovers(t *testing.T) {
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	if res := coord.Get("/werkgevers"); res.StatusCode != http.StatusOK {
		t.Fatalf("before: %d", res.StatusCode)
	}
	plugIn := dbtest.Unplug(t, env.Pool)
	anon := env.Anonymous(t)
	for _, tc := range []struct {
		c    *apptest.Client
		path string
	}{{coord, "/werkgevers"}, {coord, "/mail"}, {anon, "/intake/" + strings.Repeat("x", 43)}} {
		res := tc.c.Get(tc.path)
		if res.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("%s while down: %d, want 503: %.300s", tc.path, res.StatusCode, res.Body)
			continue
		}
		if res.Header.Get("Retry-After") == "" || !strings.Contains(res.Header.Get("Content-Type"), "text/html") ||
			!strings.Contains(res.Body, "Tijdelijk niet beschikbaar") || !strings.Contains(res.Body, `<html lang="nl">`) {
			t.Errorf("%s while down: not the friendly page: %q %q %.300s", tc.path,
				res.Header.Get("Retry-After"), res.Header.Get("Content-Type"), res.Body)
		}
	}
	plugIn()
	if res := coord.Get("/werkgevers"); res.StatusCode != http.StatusOK {
		t.Errorf("after the database is back: %d", res.StatusCode)
	}
}

// TestPersonalPagesAreNotStoredAndLanguageCookieIsSecure: signed-in pages
// and the sign-in itself send Cache-Control: no-store (not scs's
// no-cache="Set-Cookie"); with secure cookies the taal cookie is Secure too.
func TestPersonalPagesAreNotStoredAndLanguageCookieIsSecure(t *testing.T) {
	env := apptest.New(t)
	anon := env.Anonymous(t)
	login := anon.PostForm("/inloggen", url.Values{"email": {apptest.Coordinator}, "wachtwoord": {apptest.DemoPassword}})
	for name, res := range map[string]*apptest.Response{
		"sign-in":    login,
		"werkgevers": anon.Get("/werkgevers"),
		"mail":       anon.Get("/mail"),
	} {
		if cc := res.Header.Values("Cache-Control"); len(cc) != 1 || cc[0] != "no-store" {
			t.Errorf("%s: Cache-Control %q", name, cc)
		}
	}

	h := app.New(env.Pool, config.Config{BaseURL: "https://portaal.example.org", CookieSecure: true}, app.Options{})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "https://portaal.example.org/taal?lang=en", nil))
	var taal *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == i18n.CookieName {
			taal = c
		}
	}
	if taal == nil || !taal.Secure {
		t.Errorf("taal cookie with secure sessions: %+v", taal)
	}
}
