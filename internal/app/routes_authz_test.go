package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/config"
)

// The authorization table: every route of app.New, with what each role
// gets. TestEveryRouteHasAnAuthorizationEntry fails for a route missing
// here; TestAuthorizationTable requests every entry as every role.
//
// To add a route: one line, "METHOD pattern" exactly as the failure names
// it, and the rule that says what each role gets (see the rules below; a
// new kind of access is one more named rule). A path parameter the table
// has not seen before needs a value in routeParams. Every request carries
// ?werkgever=&netwerk= of the first demo network, and a POST carries the
// same as its form and nothing else, so an allowed POST usually ends in 422
// or 303: "served" means not refused and no server error.
var authzTable = map[string]access{
	"GET /healthz":     public,
	"GET /readyz":      public,
	"GET /static/*":    public,
	"GET /favicon.ico": public,
	"GET /taal":        public,

	"GET /inloggen":   public,
	"POST /inloggen":  public,
	"POST /uitloggen": signOut, // requested last: it ends the session

	// Personal links: no session needed, an unknown token is not found.
	"GET /intake/{token}/":                unknownToken,
	"GET /intake/{token}/ingediend":       unknownToken,
	"GET /intake/{token}/stap/{n}":        unknownToken,
	"POST /intake/{token}/stap/{n}":       unknownToken,
	"GET /plaatsing/{token}/":             unknownToken,
	"POST /plaatsing/{token}/":            unknownToken,
	"GET /uitnodiging/{token}/":           unknownToken,
	"POST /uitnodiging/{token}/":          unknownToken,
	"GET /uitnodiging/{token}/agenda.ics": unknownToken,
	"GET /agenda/{token}":                 unknownToken,
	"GET /bord/{token}/":                  unknownToken,
	"GET /bord/{token}/tabel/{file}":      unknownToken,

	// The public interest form: anyone; an unknown network is not found.
	"GET /aanmelden/{netwerk}/":        public,
	"POST /aanmelden/{netwerk}/":       public,
	"GET /aanmelden/{netwerk}/bedankt": public,
	// The members' side: a member session of its own (see members_test.go
	// for a member's requests); no staff role is a member.
	"GET /mijn/inloggen":                      public,
	"POST /mijn/inloggen":                     public, // 422 without an address
	"GET /mijn/link/{token}":                  unknownToken,
	"POST /mijn/link/{token}":                 unknownToken,
	"POST /mijn/uitloggen":                    memberSignIn,
	"GET /mijn/":                              memberSignIn,
	"GET /mijn/organisatie":                   memberSignIn,
	"POST /mijn/organisatie":                  memberSignIn,
	"GET /mijn/collegas":                      memberSignIn,
	"POST /mijn/collegas":                     memberSignIn,
	"GET /mijn/bijeenkomsten":                 memberSignIn,
	"POST /mijn/bijeenkomsten/{id}":           memberSignIn,
	"GET /mijn/bijeenkomsten/{id}/agenda.ics": memberSignIn,
	// Issue 19, the rest of the members' page.
	"GET /mijn/vraag-en-aanbod":              memberSignIn,
	"POST /mijn/vraag-en-aanbod/toestemming": memberSignIn,
	"GET /mijn/vraag-en-aanbod/{id}":         memberSignIn,
	"POST /mijn/vraag-en-aanbod/{id}":        memberSignIn,
	"GET /mijn/afspraken":                    memberSignIn,
	"GET /mijn/afspraken/{id}/document":      memberSignIn,
	"POST /mijn/afspraken/plaatsingen":       memberSignIn,
	"GET /mijn/gegevens":                     memberSignIn,
	"GET /mijn/gegevens/inzage.json":         memberSignIn,
	"POST /mijn/gegevens/mailings":           memberSignIn,

	"POST /voorstellen/{id}/accepteren": write,
	"POST /voorstellen/{id}/afwijzen":   write,
	// Corrections ter controle (issue 19), and which fields are.
	"POST /wijzigingen/{id}/goedkeuren": write,
	"POST /wijzigingen/{id}/afwijzen":   write,
	"GET /ledenpagina/controle":         create, // the coordinators' own networks
	"POST /ledenpagina/controle":        write,

	"GET /": signedIn,

	"GET /werkgevers/":                                       signedIn,
	"GET /werkgevers/contactpersonen.{format}":               contactList,
	"GET /werkgevers/export.{format}":                        signedIn,
	"GET /werkgevers/nieuw":                                  create,
	"POST /werkgevers/nieuw":                                 create,
	"GET /werkgevers/{id}/":                                  read,
	"GET /werkgevers/{id}/bewerken":                          write,
	"POST /werkgevers/{id}/bewerken":                         write,
	"GET /werkgevers/{id}/contactpersonen/nieuw":             write,
	"POST /werkgevers/{id}/contactpersonen/nieuw":            write,
	"GET /werkgevers/{id}/contactpersonen/{cid}/bewerken":    write,
	"POST /werkgevers/{id}/contactpersonen/{cid}/bewerken":   write,
	"GET /werkgevers/{id}/contactpersonen/{cid}/beeindigen":  write,
	"POST /werkgevers/{id}/contactpersonen/{cid}/beeindigen": write,

	"GET /dubbelen/":                         create,
	"GET /dubbelen/werkgevers/{a}/{b}":       write,
	"POST /dubbelen/werkgevers/{a}/{b}":      write,
	"GET /dubbelen/contactpersonen/{a}/{b}":  write,
	"POST /dubbelen/contactpersonen/{a}/{b}": write,

	"GET /subgroepen/":                             signedIn,
	"GET /subgroepen/nieuw":                        create,
	"POST /subgroepen/nieuw":                       create,
	"GET /subgroepen/{id}/":                        read,
	"GET /subgroepen/{id}/bewerken":                write,
	"POST /subgroepen/{id}/bewerken":               write,
	"GET /subgroepen/{id}/leden/toevoegen":         write,
	"POST /subgroepen/{id}/leden/toevoegen":        write,
	"GET /subgroepen/{id}/leden/{mid}/beeindigen":  write,
	"POST /subgroepen/{id}/leden/{mid}/beeindigen": write,

	"GET /bijeenkomsten/":                               signedIn,
	"GET /bijeenkomsten/agenda":                         create,
	"POST /bijeenkomsten/agenda":                        changeOwn,
	"GET /bijeenkomsten/export.{format}":                signedIn,
	"GET /bijeenkomsten/nieuw":                          create,
	"GET /bijeenkomsten/werkgever":                      read,
	"POST /bijeenkomsten/nieuw":                         create,
	"GET /bijeenkomsten/{id}/":                          read,
	"GET /bijeenkomsten/{id}/agenda.ics":                read,
	"GET /bijeenkomsten/{id}/deelnemers.{format}":       peopleList,
	"GET /bijeenkomsten/{id}/bewerken":                  write,
	"POST /bijeenkomsten/{id}/bewerken":                 write,
	"GET /bijeenkomsten/{id}/uitnodigen":                write,
	"POST /bijeenkomsten/{id}/uitnodigen":               write,
	"GET /bijeenkomsten/{id}/aanwezigheid":              write,
	"POST /bijeenkomsten/{id}/aanwezigheid":             write,
	"POST /bijeenkomsten/{id}/aanwezigheid/binnenloper": write,
	"POST /bijeenkomsten/{id}/aanwezigheid/afsluiten":   write,
	"POST /bijeenkomsten/{id}/annuleren":                write,

	"GET /intakes/":                  signedIn,
	"GET /intakes/nieuw":             write, // for ?werkgever=
	"POST /intakes/nieuw":            write,
	"GET /intakes/{id}/":             read,
	"POST /intakes/{id}/intrekken":   write,
	"POST /intakes/{id}/terugsturen": write,
	"POST /intakes/{id}/verlengen":   write,
	"POST /intakes/{id}/verwerken":   write,

	"GET /dashboard/":                      read,
	"GET /dashboard/tabel/{file}":          read,
	"GET /dashboard/delen":                 sharers,
	"POST /dashboard/delen":                sharers,
	"POST /dashboard/delen/{id}/intrekken": ownShare,

	"GET /toezeggingen/":                   signedIn,
	"GET /toezeggingen/voorwaarden":        create, // the coordinators' own networks
	"POST /toezeggingen/voorwaarden":       write,
	"POST /toezeggingen/voorwaarden/soort": write,
	"GET /toezeggingen/nieuw":              write,
	"POST /toezeggingen/nieuw":             write,
	"GET /toezeggingen/{id}/bewerken":      write,
	"POST /toezeggingen/{id}/bewerken":     write,
	"GET /toezeggingen/{id}/document":      read,

	"GET /plaatsingen/nieuw":                write,
	"POST /plaatsingen/nieuw":               write,
	"GET /plaatsingen/{id}/bewerken":        write,
	"POST /plaatsingen/{id}/bewerken":       write,
	"GET /plaatsingen/link":                 write,
	"POST /plaatsingen/link":                write,
	"POST /plaatsingen/link/{id}/intrekken": write,

	"GET /partners/":               signedIn,
	"GET /partners/nieuw":          create,
	"POST /partners/nieuw":         create,
	"GET /partners/{id}":           signedIn,
	"GET /partners/{id}/bewerken":  changeOwn,
	"POST /partners/{id}/bewerken": changeOwn,
	"GET /verwijzingen/nieuw":      write,
	"POST /verwijzingen/nieuw":     write,
	"GET /verwijzingen/{id}":       read,
	"POST /verwijzingen/{id}":      write,

	"GET /taken":                     signedIn,
	"GET /taken/{lijst}":             signedIn, // the user's own lists, a page at a time
	"GET /taken/werving":             signedIn,
	"GET /taken/wijzigingen":         signedIn,
	"GET /bezoeken/nieuw":            write,
	"POST /bezoeken/nieuw":           write,
	"GET /bezoeken/{id}/bewerken":    write,
	"POST /bezoeken/{id}/bewerken":   write,
	"GET /opvolging/nieuw":           write,
	"POST /opvolging/nieuw":          write,
	"POST /opvolging/{id}/afgerond":  write,
	"POST /opvolging/{id}/heropenen": write,

	"GET /werving/":               signedIn,
	"GET /werving/lijst":          signedIn,
	"GET /werving/nieuw":          create,
	"POST /werving/nieuw":         create,
	"GET /werving/{id}/":          read,
	"POST /werving/{id}/fase":     write,
	"GET /werving/{id}/wijzigen":  write,
	"POST /werving/{id}/wijzigen": write,

	"GET /netwerken/{id}/wensprofiel":           read,
	"GET /netwerken/{id}/wensprofiel/bewerken":  write,
	"POST /netwerken/{id}/wensprofiel/bewerken": write,

	// Issue 15, mail to members: coordinators of the network and the
	// beheerder; the board handles no mail.
	"GET /mailings/":                create,
	"GET /mailings/nieuw":           create,
	"POST /mailings/nieuw":          write, // the network comes from the form
	"GET /mailings/{id}/":           write,
	"GET /mailings/{id}/bewerken":   write,
	"POST /mailings/{id}/bewerken":  write,
	"GET /mailings/{id}/versturen":  write,
	"POST /mailings/{id}/versturen": write,
	// A mailing's unsubscribe link: no session; the POST is the RFC 8058
	// one-click, outside the cross-origin protection.
	"GET /afmelden/{token}":                 unknownToken,
	"POST /afmelden/{token}":                unknownToken,
	"POST /afmelden/{token}/weer-ontvangen": unknownToken,

	"GET /mail/":     create,
	"GET /mail/{id}": adminSees, // a mail to nobody in a network

	"GET /privacy/":                             adminOnly,
	"POST /privacy/wissen":                      adminOnly,
	"POST /privacy/wissen/bevestigen":           adminOnly,
	"GET /privacy/contactpersonen/{id}":         adminOnly,
	"GET /privacy/contactpersonen/{id}/wissen":  adminOnly,
	"POST /privacy/contactpersonen/{id}/wissen": adminOnly,
	"POST /privacy/werving/wissen":              adminOnly,
	"GET /privacy/werving/{id}":                 adminOnly,

	"GET /import/":                     create,
	"POST /import/":                    create,
	"GET /import/{upload}/koppelen":    write,
	"POST /import/{upload}/koppelen":   write,
	"GET /import/{upload}/voorbeeld":   write,
	"POST /import/{upload}/importeren": write,
	"GET /import/{upload}/resultaat":   create, // without a run yet it sends back to the upload form

	// Issue 11: first start, links to set a password, two-step sign-in,
	// the own account, and /beheer.
	"GET /inrichten/{token}":             unknownToken,
	"POST /inrichten/{token}":            unknownToken,
	"GET /wachtwoord-instellen/{token}":  unknownToken,
	"POST /wachtwoord-instellen/{token}": unknownToken,
	"GET /wachtwoord-vergeten":           public,
	"POST /wachtwoord-vergeten":          public,
	"GET /inloggen/code":                 codeStep,
	"POST /inloggen/code":                codeStep,
	"GET /netwerklogo/{id}.png":          unknownToken, // a network without a logo
	"GET /netwerkstijl/{id}.css":         public,

	"GET /account":                          signedIn,
	"POST /account/naam":                    signedIn,
	"POST /account/wachtwoord":              signedIn,
	"POST /account/sessies/{id}/beeindigen": signedIn,
	"POST /account/sessies/andere":          signedIn,
	"POST /account/sessies/alle":            signOut, // requested last: it ends every session
	"GET /account/tweestaps":                signedIn,
	"POST /account/tweestaps":               signedIn,
	"POST /account/tweestaps/uit":           signedIn,

	"GET /beheer":                                  adminOnly,
	"GET /beheer/netwerken":                        adminOnly,
	"GET /beheer/netwerken/nieuw":                  adminOnly,
	"POST /beheer/netwerken/nieuw":                 adminOnly,
	"GET /beheer/netwerken/{id}":                   adminOnly,
	"POST /beheer/netwerken/{id}":                  adminOnly,
	"POST /beheer/netwerken/{id}/archiveren":       adminOnly,
	"POST /beheer/netwerken/{id}/heropenen":        adminOnly,
	"POST /beheer/netwerken/{id}/logo":             adminOnly,
	"POST /beheer/netwerken/{id}/logo/verwijderen": adminOnly,
	"GET /beheer/gebruikers":                       adminOnly,
	"GET /beheer/gebruikers/nieuw":                 adminOnly,
	"POST /beheer/gebruikers/nieuw":                adminOnly,
	"GET /beheer/gebruikers/{id}":                  adminOnly,
	"POST /beheer/gebruikers/{id}":                 adminOnly,
	"POST /beheer/gebruikers/{id}/deactiveren":     adminOnly,
	"POST /beheer/gebruikers/{id}/heractiveren":    adminOnly,
	"POST /beheer/gebruikers/{id}/uitnodiging":     adminOnly,
	"POST /beheer/tweestaps":                       adminOnly,
	"GET /beheer/referentie":                       adminOnly,
	"GET /beheer/referentie/{lijst}":               adminOnly,
	"POST /beheer/referentie/{lijst}":              adminOnly,
	"POST /beheer/referentie/{lijst}/{id}":         adminOnly,
	"POST /beheer/referentie/{lijst}/{id}/omhoog":  adminOnly,
	"POST /beheer/referentie/{lijst}/{id}/omlaag":  adminOnly,

	// Retiring reference values (issue 11).
	"POST /beheer/referentie/{lijst}/{id}/buiten-gebruik":  adminOnly,
	"POST /beheer/referentie/{lijst}/{id}/weer-in-gebruik": adminOnly,

	"GET /beheer/logboek": adminOnly,
}

// outcome is what a role gets from a route.
type outcome int

const (
	ok          outcome = iota // served: not refused, no server error
	login                      // sent to sign in
	denied                     // 403: signed in, but not allowed
	hidden                     // 404: not shown to this role (another network's, or no such link)
	memberLogin                // sent to the members' sign-in
)

func (o outcome) String() string {
	return [...]string{"served", "sent to /inloggen", "403", "404", "sent to /mijn/inloggen"}[o]
}

// access is what each role gets from a route. The target of a route with an
// id is always data of the coordinator's network (network 1), which the
// second coordinator does not work in and the board may read.
type access struct {
	anonymous, beheerder, coordinator, otherCoordinator, bestuur outcome
}

var (
	// public: anyone, signed in or not.
	public = access{ok, ok, ok, ok, ok}
	// unknownToken: a personal link with a token that does not exist.
	unknownToken = access{hidden, hidden, hidden, hidden, hidden}
	// signedIn: every role once signed in; the page shows each its own.
	signedIn = access{login, ok, ok, ok, ok}
	// create: every role that may change data, in a network of its own.
	create = access{login, ok, ok, ok, denied}
	// read: one network's data, for whoever may read that network.
	read = access{login, ok, ok, hidden, ok}
	// write: one network's data, changed by whoever works in it.
	write = access{login, ok, ok, hidden, denied}
	// adminOnly: the administrator alone.
	adminOnly = access{login, ok, denied, denied, denied}
	// changeOwn: seen by every role, changed only by whoever works in its
	// network or region (the coordinator, not the other coordinator).
	changeOwn = access{login, ok, ok, denied, denied}
	// adminSees: data of no network, the administrator's alone.
	adminSees = access{login, ok, hidden, hidden, denied}
	// contactList: a download of people (names, e-mail addresses, phone
	// numbers) of the user's networks: not for the board (AVG data
	// minimisation, issue 13).
	contactList = access{login, ok, ok, ok, denied}
	// peopleList: a download of one network's people, for whoever works in
	// it; not for the board.
	peopleList = access{login, ok, ok, hidden, denied}
	// memberSignIn: a members' page, which no staff session opens.
	memberSignIn = access{memberLogin, memberLogin, memberLogin, memberLogin, memberLogin}
	// sharers: dashboard share links, made by the board and by coordinators
	// (for one of their networks).
	sharers = access{login, denied, ok, ok, ok}
	// ownShare: a share link, revoked by whoever made it (here the board).
	ownShare = access{login, denied, hidden, hidden, ok}
	// codeStep: the second step of sign-in; without a right password just
	// before it, everyone is sent back to sign in.
	codeStep = access{login, login, login, login, login}
	// signOut ends on the sign-in page, signed in or not.
	signOut = access{login, login, login, login, login}
)

// routes lists "METHOD pattern" for every route of app.New (a route chi
// registers for all methods is listed by GET alone).
func routes(t *testing.T) []string {
	t.Helper()
	h, isRoutes := app.New(nil, config.Config{}, app.Options{}).(chi.Routes)
	if !isRoutes {
		t.Fatal("app.New does not return a chi router")
	}
	seen := map[string]bool{}
	var out []string
	err := chi.Walk(h, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if strings.HasSuffix(route, "/*") && method != http.MethodGet {
			return nil // r.Handle: every method, one entry
		}
		if key := method + " " + route; !seen[key] {
			seen[key] = true
			out = append(out, key)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Signing out last: it ends the session the other requests use.
	sort.SliceStable(out, func(i, j int) bool {
		last := func(r string) bool { return r == "POST /uitloggen" || r == "POST /account/sessies/alle" }
		if last(out[i]) != last(out[j]) {
			return last(out[j])
		}
		return out[i] < out[j]
	})
	return out
}

// TestEveryRouteHasAnAuthorizationEntry is the gate: a route without a line
// in authzTable fails here, and so does a line for a route that is gone.
func TestEveryRouteHasAnAuthorizationEntry(t *testing.T) {
	got := map[string]bool{}
	for _, r := range routes(t) {
		got[r] = true
		if _, ok := authzTable[r]; !ok {
			t.Errorf("route %q has no entry in authzTable (internal/app/routes_authz_test.go): add a line\n\t%q: <rule>,", r, r)
		}
	}
	for r := range authzTable {
		if !got[r] {
			t.Errorf("authzTable has an entry for %q, which app.New does not route", r)
		}
	}
}

// TestAuthorizationTable requests every route as every role, each role on
// a portal of its own so one role's changes do not decide another's answer.
func TestAuthorizationTable(t *testing.T) {
	t.Parallel()
	roles := []struct {
		name  string
		email string // "" = anonymous
		want  func(access) outcome
	}{
		{"anoniem", "", func(a access) outcome { return a.anonymous }},
		{"beheerder", apptest.Beheerder, func(a access) outcome { return a.beheerder }},
		{"coordinator", apptest.Coordinator, func(a access) outcome { return a.coordinator }},
		{"coordinator van een ander netwerk", apptest.Coordinator2, func(a access) outcome { return a.otherCoordinator }},
		{"bestuur", apptest.Bestuur, func(a access) outcome { return a.bestuur }},
	}
	all := routes(t)
	for _, role := range roles {
		t.Run(role.name, func(t *testing.T) {
			t.Parallel()
			env := apptest.New(t)
			params := routeParams(t, env, role.email)
			c := env.Anonymous(t)
			if role.email != "" {
				c = env.Login(t, role.email)
			}
			for _, route := range all {
				a, listed := authzTable[route]
				if !listed {
					continue // TestEveryRouteHasAnAuthorizationEntry says so
				}
				method, pattern, _ := strings.Cut(route, " ")
				// The employer and network of the request, for the routes that
				// take them from the query or the form, and an answer to an
				// invitation; nothing else is posted.
				target := url.Values{"werkgever": {params["employer"]}, "netwerk": {params["network"]}, "antwoord": {"afmelden"}}
				path := fillParams(t, route, pattern, params) + "?" + target.Encode()
				var res *apptest.Response
				if method == http.MethodGet {
					res = c.Get(path)
				} else {
					res = c.PostForm(path, target)
				}
				if got, want := outcomeOf(res), role.want(a); got != want {
					t.Errorf("%s as %s: %s %s = %d (%s), want %s", route, role.name, method, path, res.StatusCode, got, want)
				}
				if res.StatusCode >= 500 {
					t.Errorf("%s as %s: %s %s = %d", route, role.name, method, path, res.StatusCode)
				}
			}
		})
	}
}

// outcomeOf classifies a response.
func outcomeOf(res *apptest.Response) outcome {
	switch {
	case res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/inloggen"):
		return login
	case res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/mijn/inloggen"):
		return memberLogin
	case res.StatusCode == http.StatusForbidden:
		return denied
	case res.StatusCode == http.StatusNotFound:
		return hidden
	}
	return ok
}

var paramRe = regexp.MustCompile(`\{[a-z]+\}|\*`)

// fillParams puts the values of routeParams into pattern's parameters: a
// parameter is looked up as "first path segment/{name}", then as "{name}".
func fillParams(t *testing.T, route, pattern string, params map[string]string) string {
	t.Helper()
	section := strings.SplitN(strings.TrimPrefix(pattern, "/"), "/", 2)[0]
	if strings.HasPrefix(pattern, "/plaatsingen/link/") {
		section = "plaatsingen/link"
	}
	if strings.HasPrefix(pattern, "/dashboard/delen/") {
		section = "dashboard/delen"
	}
	if strings.HasPrefix(pattern, "/dubbelen/contactpersonen/") {
		section = "dubbelen/contactpersonen"
	}
	if strings.HasPrefix(pattern, "/privacy/werving/") {
		section = "werving" // a prospect's access export
	}
	return paramRe.ReplaceAllStringFunc(pattern, func(p string) string {
		if v, ok := params[section+"/"+p]; ok {
			return v
		}
		if p == "*" {
			p = "{*}"
		}
		if v, ok := params[p]; ok {
			return v
		}
		t.Fatalf("%s: no value for %s: add %q (or %q) to routeParams", route, p, section+"/"+p, p)
		return ""
	})
}

// routeParams are the values of path parameters: data of the first demo
// network (the coordinator's), keyed by "section/{param}" or "{param}".
func routeParams(t *testing.T, env *apptest.Env, email string) map[string]string {
	t.Helper()
	employer, network := env.EmployerOf(t, 1, "lid")
	id := func(sql string, args ...any) string {
		t.Helper()
		return apptest.ID(apptest.Scalar[int64](t, env, sql, args...))
	}
	other := apptest.Scalar[int64](t, env, `INSERT INTO employers (network_id, name, city) VALUES ($1, 'Tweeling Werkgever BV', 'Utrecht') RETURNING id`, network)
	contact := id(`SELECT id FROM contacts WHERE employer_id = $1 AND active_until IS NULL ORDER BY id LIMIT 1`, employer)
	otherContact := id(`INSERT INTO contacts (employer_id, name, email, function, level) VALUES ($1, 'Tweeling Contact', 'tweeling@example.org', 'hr', 'tactisch') RETURNING id`, employer)
	subgroup := id(`SELECT id FROM subgroups WHERE network_id = $1 ORDER BY id LIMIT 1`, network)
	if email == "" {
		email = apptest.Beheerder
	}
	// An upload is seen by the one who uploaded it only.
	upload := id(`INSERT INTO import_uploads (user_id, network_id, filename, data)
		VALUES ((SELECT id FROM users WHERE email = $1), $2, 'werkgevers.csv', convert_to(E'naam;plaats\nProef BV;Utrecht\n', 'UTF8')) RETURNING id`, email, network)
	return map[string]string{
		"employer":                     apptest.ID(employer),
		"network":                      apptest.ID(network),
		"{*}":                          "portal.css",
		"{token}":                      "onbekend-token-0123456789abcdef",
		"{n}":                          "1",
		"{format}":                     "csv",
		"{file}":                       "leden.csv",
		"{upload}":                     upload,
		"{netwerk}":                    apptest.ID(network),
		"netwerken/{id}":               apptest.ID(network),
		"werving/{id}":                 id(`INSERT INTO prospects (network_id, name, name_key, source) VALUES ($1, 'Proef Prospect BV', 'proef prospect', 'anders') RETURNING id`, network),
		"werkgevers/{id}":              apptest.ID(employer),
		"werkgevers/{cid}":             contact,
		"dubbelen/{a}":                 apptest.ID(employer),
		"dubbelen/{b}":                 apptest.ID(other),
		"dubbelen/contactpersonen/{a}": contact,
		"dubbelen/contactpersonen/{b}": otherContact,
		"subgroepen/{id}":              subgroup,
		"subgroepen/{mid}":             id(`SELECT id FROM subgroup_members WHERE subgroup_id = $1 AND left_on IS NULL ORDER BY id LIMIT 1`, subgroup),
		"bijeenkomsten/{id}":           id(`SELECT id FROM events WHERE network_id = $1 AND status <> 'geannuleerd' ORDER BY starts_at DESC LIMIT 1`, network),
		"intakes/{id}":                 id(`SELECT i.id FROM intakes i JOIN employers e ON e.id = i.employer_id WHERE e.network_id = $1 ORDER BY i.id LIMIT 1`, network),
		"dashboard/delen/{id}":         id(`INSERT INTO dashboard_shares (user_id, network_ids, label, expires_at) VALUES ((SELECT id FROM users WHERE email = $1), ARRAY[$2::bigint], 'Test', now() + interval '1 day') RETURNING id`, apptest.Bestuur, network),
		"toezeggingen/{id}":            id(`SELECT c.id FROM commitments c JOIN employers e ON e.id = c.employer_id WHERE e.network_id = $1 ORDER BY c.id LIMIT 1`, network),
		"plaatsingen/{id}":             id(`SELECT p.id FROM placement_reports p JOIN employers e ON e.id = p.employer_id WHERE e.network_id = $1 ORDER BY p.id LIMIT 1`, network),
		"plaatsingen/link/{id}":        id(`INSERT INTO placement_links (employer_id, contact_id, token_hash, expires_at, created_by) VALUES ($1, $2, sha256('routes-authz'::bytea), now() + interval '30 days', (SELECT id FROM users WHERE email = $3)) RETURNING id`, employer, contact, apptest.Coordinator),
		"partners/{id}":                id(`SELECT id FROM partners ORDER BY id LIMIT 1`),
		"verwijzingen/{id}":            id(`SELECT id FROM referrals WHERE network_id = $1 ORDER BY id LIMIT 1`, network),
		"bezoeken/{id}":                id(`SELECT v.id FROM visits v JOIN employers e ON e.id = v.employer_id WHERE e.network_id = $1 ORDER BY v.id LIMIT 1`, network),
		"opvolging/{id}":               id(`SELECT f.id FROM follow_ups f JOIN employers e ON e.id = f.employer_id WHERE e.network_id = $1 ORDER BY f.id LIMIT 1`, network),
		"mailings/{id}":                id(`INSERT INTO mailings (network_id, subject, body, selection) VALUES ($1, 'Nieuws', 'Beste {{naam}},', '{"status":"lid"}') RETURNING id`, network),
		"mail/{id}":                    id(`INSERT INTO mail_outbox (kind, to_addr, subject, body_text, message_id) VALUES ('test', 'iemand@example.org', 'Onderwerp', 'Tekst', 'routes-authz@example.org') RETURNING id`),
		"privacy/{id}":                 otherContact,
		"mijn/{id}":                    "1",
		"voorstellen/{id}": id(`INSERT INTO colleague_proposals (employer_id, name, email, function, level)
			VALUES ($1, 'Voorgestelde Collega', 'voorstel@example.org', 'hr', 'tactisch') RETURNING id`, employer),
		"wijzigingen/{id}": id(`INSERT INTO profile_change_requests (employer_id, field, proposed, changes)
			VALUES ($1, 'website', '{"Website": "https://www.voorbeeld.nl"}', '{}') RETURNING id`, employer),
		"account/{id}":      "999999", // nobody's session: ending it changes nothing
		"beheer/{id}":       apptest.ID(network),
		"beheer/{lijst}":    "themas",
		"taken/{lijst}":     "te-bezoeken",
		"netwerklogo/{id}":  apptest.ID(network),
		"netwerkstijl/{id}": apptest.ID(network),
	}
}
