package auth_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/config"
)

// access says who may use a route of this issue.
type access int

const (
	public     access = iota // anyone, signed in or not
	anyUser                  // every signed-in role
	beheerOnly               // the beheerder; others 403
)

// accountRoutes lists every route of issue 11 with who may use it. The
// test walks the router: a new route under /beheer or /account, or a new
// link page, without an entry here fails.
var accountRoutes = map[string]access{
	"GET /inrichten/{token}":                       public,
	"POST /inrichten/{token}":                      public,
	"GET /wachtwoord-instellen/{token}":            public,
	"POST /wachtwoord-instellen/{token}":           public,
	"GET /wachtwoord-vergeten":                     public,
	"POST /wachtwoord-vergeten":                    public,
	"GET /account":                                 anyUser,
	"POST /account/naam":                           anyUser,
	"POST /account/wachtwoord":                     anyUser,
	"POST /account/sessies/{id}/beeindigen":        anyUser,
	"POST /account/sessies/andere":                 anyUser,
	"POST /account/sessies/alle":                   anyUser,
	"GET /inloggen/code":                           public,
	"POST /inloggen/code":                          public,
	"GET /account/tweestaps":                       anyUser,
	"POST /account/tweestaps":                      anyUser,
	"POST /account/tweestaps/uit":                  anyUser,
	"POST /beheer/tweestaps":                       beheerOnly,
	"GET /beheer":                                  beheerOnly,
	"GET /beheer/netwerken":                        beheerOnly,
	"GET /beheer/netwerken/nieuw":                  beheerOnly,
	"POST /beheer/netwerken/nieuw":                 beheerOnly,
	"GET /beheer/netwerken/{id}":                   beheerOnly,
	"POST /beheer/netwerken/{id}":                  beheerOnly,
	"POST /beheer/netwerken/{id}/archiveren":       beheerOnly,
	"POST /beheer/netwerken/{id}/heropenen":        beheerOnly,
	"GET /beheer/referentie":                       beheerOnly,
	"GET /beheer/referentie/{lijst}":               beheerOnly,
	"POST /beheer/referentie/{lijst}":              beheerOnly,
	"POST /beheer/referentie/{lijst}/{id}":         beheerOnly,
	"POST /beheer/referentie/{lijst}/{id}/omhoog":  beheerOnly,
	"POST /beheer/referentie/{lijst}/{id}/omlaag":  beheerOnly,
	"POST /beheer/netwerken/{id}/logo":             beheerOnly,
	"POST /beheer/netwerken/{id}/logo/verwijderen": beheerOnly,
	"GET /netwerklogo/{id}.png":                    public,
	"GET /netwerkstijl/{id}.css":                   public,
	"GET /beheer/logboek":                          beheerOnly,
	"GET /beheer/gebruikers":                       beheerOnly,
	"GET /beheer/gebruikers/nieuw":                 beheerOnly,
	"POST /beheer/gebruikers/nieuw":                beheerOnly,
	"GET /beheer/gebruikers/{id}":                  beheerOnly,
	"POST /beheer/gebruikers/{id}":                 beheerOnly,
	"POST /beheer/gebruikers/{id}/deactiveren":     beheerOnly,
	"POST /beheer/gebruikers/{id}/heractiveren":    beheerOnly,
	"POST /beheer/gebruikers/{id}/uitnodiging":     beheerOnly,

	// Retiring reference values.
	"POST /beheer/referentie/{lijst}/{id}/buiten-gebruik":  beheerOnly,
	"POST /beheer/referentie/{lijst}/{id}/weer-in-gebruik": beheerOnly,
}

func ours(route string) bool {
	for _, p := range []string{"/beheer", "/account", "/inrichten/", "/wachtwoord-", "/inloggen/", "/netwerklogo/", "/netwerkstijl/"} {
		if strings.HasPrefix(route, p) {
			return true
		}
	}
	return false
}

func TestAccountRoutesAuthorization(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	router := app.New(env.Pool, config.Config{BaseURL: "http://x"}, app.Options{}).(chi.Routes)
	var routes []string
	chi.Walk(router, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = strings.TrimSuffix(route, "/")
		if route == "" {
			route = "/"
		}
		if ours(route) {
			key := method + " " + route
			if _, ok := accountRoutes[key]; !ok {
				t.Errorf("route %s has no entry in accountRoutes", key)
			}
			routes = append(routes, key)
		}
		return nil
	})
	if len(routes) != len(accountRoutes) {
		t.Errorf("router has %d of these routes, the table %d", len(routes), len(accountRoutes))
	}
	netID := apptest.Scalar[int64](t, env.Pool, `SELECT min(id) FROM networks`)
	userID := apptest.Scalar[int64](t, env.Pool, `SELECT id FROM users WHERE email = $1`, apptest.Bestuur)
	clients := map[string]*apptest.Client{
		"anoniem":     env.Anonymous(t),
		"beheerder":   env.Login(t, apptest.Beheerder),
		"coordinator": env.Login(t, apptest.Coordinator),
		"bestuur":     env.Login(t, apptest.Bestuur),
	}
	for key, want := range accountRoutes {
		method, route, _ := strings.Cut(key, " ")
		path := strings.NewReplacer("{token}", strings.Repeat("x", 43), "{id}", itoa(netID), "{lijst}", "themas").Replace(route)
		if strings.HasPrefix(route, "/beheer/gebruikers/{id}") {
			path = strings.Replace(route, "{id}", itoa(userID), 1)
		}
		if strings.HasPrefix(route, "/account/sessies/{id}") {
			path = strings.Replace(route, "{id}", "999999", 1) // nobody's: ending it is a no-op
		}
		// Ending every session, deactivating: checked last, per role below.
		if strings.HasSuffix(route, "/alle") || strings.HasSuffix(route, "/deactiveren") {
			continue
		}
		for role, c := range clients {
			var res *apptest.Response
			if method == http.MethodGet {
				res = c.Get(path)
			} else {
				res = c.PostForm(path, nil)
			}
			st := res.StatusCode
			loc := res.Header.Get("Location")
			switch {
			case want == public:
				if st == http.StatusForbidden || st >= 500 || strings.HasPrefix(loc, "/inloggen?terug") {
					t.Errorf("%s as %s: %d %s, want it open", key, role, st, loc)
				}
			case role == "anoniem":
				if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/inloggen") {
					t.Errorf("%s anonymous: %d %s, want a redirect to sign in", key, st, loc)
				}
			case want == beheerOnly && role != "beheerder":
				if st != http.StatusForbidden {
					t.Errorf("%s as %s: %d, want 403", key, role, st)
				}
			default:
				if st == http.StatusForbidden || st == http.StatusNotFound || st >= 500 || strings.HasPrefix(loc, "/inloggen") {
					t.Errorf("%s as %s: %d %s, want it allowed", key, role, st, loc)
				}
			}
		}
	}
	for _, role := range []string{"coordinator", "bestuur"} {
		if res := clients[role].PostForm("/beheer/gebruikers/"+itoa(userID)+"/deactiveren", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("deactivate as %s: %d", role, res.StatusCode)
		}
	}
	if res := clients["anoniem"].PostForm("/account/sessies/alle", nil); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/inloggen") {
		t.Errorf("sign out everywhere anonymous: %d", res.StatusCode)
	}
	// The navigation offers Beheer to the beheerder only.
	for role, c := range clients {
		if role == "anoniem" {
			continue
		}
		has := c.Get("/account").Doc(t).Find(`nav a[href="/beheer"]`).Length() > 0
		if has != (role == "beheerder") {
			t.Errorf("Beheer in the navigation of %s: %v", role, has)
		}
	}
}
