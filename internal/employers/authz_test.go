package employers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
)

// authzTarget is an employer in some network, with a contact.
type authzTarget struct {
	name        string
	network     int64
	employer    int64
	empName     string
	contactName string
	contact     int64 // set per role, fresh for each
}

// authzRoute is one route of the employers package.
type authzRoute struct {
	name   string
	method string
	path   func(tg authzTarget) string
	write  bool // refused to read-only roles
	ok     int  // status for a role allowed to do it
	// body builds the posted form, read fresh (current versions) by an
	// administrator just before the post.
	body func(t *testing.T, admin *apptest.Client, tg authzTarget) url.Values
}

func TestAuthorizationEveryRouteEveryRole(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	pool := env.Pool

	net1Emp, net1 := env.EmployerOf(t, 1, "")
	net2Emp, net2 := env.EmployerOf(t, 2, "")
	// A network nobody but the administrator works in: the director's
	// networks are 1 to 3 of the demo, so this one is outside theirs.
	net4 := apptest.Scalar[int64](t, pool, `INSERT INTO networks (name) VALUES ('Testnetwerk Buiten') RETURNING id`)
	net4Emp := apptest.Scalar[int64](t, pool, `INSERT INTO employers (network_id, name, city) VALUES ($1, 'Geheimzinnige Werkgever Buiten BV', 'Nergenshuizen') RETURNING id`, net4)

	targets := []authzTarget{
		{name: "netwerk1", network: net1, employer: net1Emp},
		{name: "netwerk2", network: net2, employer: net2Emp},
		{name: "netwerk4", network: net4, employer: net4Emp},
	}
	for i := range targets {
		targets[i].empName = employerName(t, pool, targets[i].employer)
	}

	admin := env.Login(t, apptest.Beheerder)
	all := map[int64]bool{net1: true, net2: true, net4: true}
	roles := env.Roles(t, admin, all, net1, net2)

	get := func(name string, path func(authzTarget) string, write bool) authzRoute {
		return authzRoute{name: "GET " + name, method: http.MethodGet, path: path, write: write, ok: http.StatusOK}
	}
	post := func(name string, path func(authzTarget) string, ok int, body func(*testing.T, *apptest.Client, authzTarget) url.Values) authzRoute {
		return authzRoute{name: "POST " + name, method: http.MethodPost, path: path, write: true, ok: ok, body: body}
	}
	profile := func(tg authzTarget) string { return ePath(tg.employer, "") }
	edit := func(tg authzTarget) string { return ePath(tg.employer, "/bewerken") }
	newContact := func(tg authzTarget) string { return ePath(tg.employer, "/contactpersonen/nieuw") }
	editContact := func(tg authzTarget) string { return cPath(tg.employer, tg.contact, "/bewerken") }
	endContact := func(tg authzTarget) string { return cPath(tg.employer, tg.contact, "/beeindigen") }
	fresh := func(path func(authzTarget) string) func(*testing.T, *apptest.Client, authzTarget) url.Values {
		return func(t *testing.T, admin *apptest.Client, tg authzTarget) url.Values {
			return formOf(t, admin, path(tg))
		}
	}
	seq := 0
	changed := func(path func(authzTarget) string, field string) func(*testing.T, *apptest.Client, authzTarget) url.Values {
		return func(t *testing.T, admin *apptest.Client, tg authzTarget) url.Values {
			seq++
			return with(formOf(t, admin, path(tg)), field, fmt.Sprintf("Gewijzigd %d", seq))
		}
	}
	contactBody := func(*testing.T, *apptest.Client, authzTarget) url.Values {
		return url.Values{"naam": {"Nieuwe Contactpersoon"}, "email": {"nieuw@example.org"}, "functie": {"hr"}, "niveau": {"tactisch"}}
	}
	routes := []authzRoute{
		get("profiel", profile, false),
		get("bewerken", edit, true),
		post("bewerken", edit, http.StatusSeeOther, changed(edit, "notities")),
		post("bewerken (ongeldig)", edit, http.StatusUnprocessableEntity, func(t *testing.T, admin *apptest.Client, tg authzTarget) url.Values {
			return with(formOf(t, admin, edit(tg)), "naam", "")
		}),
		get("contact nieuw", newContact, true),
		post("contact nieuw", newContact, http.StatusSeeOther, contactBody),
		post("contact nieuw (ongeldig)", newContact, http.StatusUnprocessableEntity, func(*testing.T, *apptest.Client, authzTarget) url.Values {
			return url.Values{"naam": {""}, "functie": {"hr"}, "niveau": {"tactisch"}}
		}),
		get("contact bewerken", editContact, true),
		post("contact bewerken", editContact, http.StatusSeeOther, changed(editContact, "functietitel")),
		post("contact bewerken (ongeldig)", editContact, http.StatusUnprocessableEntity, func(t *testing.T, admin *apptest.Client, tg authzTarget) url.Values {
			return with(formOf(t, admin, editContact(tg)), "email", "geen-adres")
		}),
		get("contact beëindigen", endContact, true),
		post("contact beëindigen (ongeldig)", endContact, http.StatusUnprocessableEntity, func(t *testing.T, admin *apptest.Client, tg authzTarget) url.Values {
			return with(formOf(t, admin, endContact(tg)), "einddatum", "2001-01-01")
		}),
		// Last: it ends the contact the routes above use.
		post("contact beëindigen", endContact, http.StatusSeeOther, fresh(endContact)),
	}

	for _, r := range roles {
		for _, tg := range targets {
			tg.contactName = fmt.Sprintf("Contact %s %s", r.Name, tg.name)
			tg.contact = insertContact(t, pool, tg.employer, tg.contactName)
			for _, rt := range routes {
				label := fmt.Sprintf("%s | %s | %s", r.Name, tg.name, rt.name)
				path := rt.path(tg)
				want := r.Want(tg.network, rt.write, rt.ok)
				before := auditRows(t, pool)
				var res *apptest.Response
				if rt.method == http.MethodGet {
					res = r.Client.Get(path)
				} else {
					res = r.Client.PostForm(path, rt.body(t, admin, tg))
				}
				if !apptest.WantAnswer(t, label, res, r.Anon, want) {
					continue
				}
				if want == http.StatusNotFound || want == http.StatusForbidden {
					if !strings.Contains(res.Header.Get("Content-Type"), "text/html") {
						t.Errorf("%s: refusal is not a friendly page: %s", label, res.Header.Get("Content-Type"))
					}
				}
				if want == http.StatusNotFound {
					for _, secret := range []string{tg.empName, tg.contactName} {
						if strings.Contains(res.Body, secret) || strings.Contains(res.Body, htmlEscape(secret)) {
							t.Errorf("%s: 404 page reveals %q", label, secret)
						}
					}
				}
				apptest.WantAudit(t, label, r.Anon, want, before, auditRows(t, pool))
			}
			// A denied role left the contact active; an allowed one ended it.
			ended := apptest.Scalar[bool](t, pool, `SELECT active_until IS NOT NULL FROM contacts WHERE id = $1`, tg.contact)
			if ended != (!r.Anon && r.Writes[tg.network]) {
				t.Errorf("%s | %s: contact ended = %v", r.Name, tg.name, ended)
			}
		}
	}

	// A contact is reached only through its own employer: the id of another
	// employer's contact under an employer one may edit is not found.
	otherContact := insertContact(t, pool, net2Emp, "Contact Van Een Ander")
	for _, path := range []string{cPath(net1Emp, otherContact, "/bewerken"), cPath(net1Emp, otherContact, "/beeindigen")} {
		for _, r := range roles[1:3] { // beheerder, coordinator of network 1
			if res := r.Client.Get(path); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: GET %s = %d, want 404", r.Name, path, res.StatusCode)
			}
			v := url.Values{"naam": {"Overgenomen"}, "functie": {"hr"}, "niveau": {"tactisch"}, "versie": {"1"}, "einddatum": {""}}
			if res := r.Client.PostForm(path, v); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: POST %s = %d, want 404", r.Name, path, res.StatusCode)
			}
		}
	}
	if n := apptest.Scalar[string](t, pool, `SELECT name FROM contacts WHERE id = $1`, otherContact); n != "Contact Van Een Ander" {
		t.Errorf("contact of another employer changed through a foreign URL: %q", n)
	}
}

// TestAuthorizationListAndCreate covers the routes without an employer in
// the URL: the list, the new form and its post.
func TestAuthorizationListAndCreate(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	pool := env.Pool
	_, net1 := env.EmployerOf(t, 1, "")
	net2Emp, net2 := env.EmployerOf(t, 2, "")
	net2Name := employerName(t, pool, net2Emp)

	anon := env.Anonymous(t)
	admin := env.Login(t, apptest.Beheerder)
	coord := env.Login(t, apptest.Coordinator)
	board := env.Login(t, apptest.Bestuur)

	cases := []struct {
		who    string
		c      *apptest.Client
		list   int
		form   int
		create map[int64]int // network → status of a valid create post
	}{
		{"anoniem", anon, 303, 303, map[int64]int{net1: 303, net2: 303}},
		{"beheerder", admin, 200, 200, map[int64]int{net1: 303, net2: 303}},
		{"coordinator", coord, 200, 200, map[int64]int{net1: 303, net2: 422}},
		{"bestuur", board, 200, 403, map[int64]int{net1: 403, net2: 403}},
	}
	for _, tc := range cases {
		if res := tc.c.Get("/werkgevers"); res.StatusCode != tc.list {
			t.Errorf("%s: GET /werkgevers = %d, want %d", tc.who, res.StatusCode, tc.list)
		}
		if res := tc.c.Get("/werkgevers/nieuw"); res.StatusCode != tc.form {
			t.Errorf("%s: GET /werkgevers/nieuw = %d, want %d", tc.who, res.StatusCode, tc.form)
		}
		for _, network := range []int64{net1, net2} {
			name := fmt.Sprintf("Aangemaakt door %s in %d", tc.who, network)
			res := tc.c.PostForm("/werkgevers/nieuw", url.Values{"netwerk": {strconv.FormatInt(network, 10)},
				"naam": {name}, "status": {"prospect"}})
			want := tc.create[network]
			if res.StatusCode != want {
				t.Errorf("%s: create in network %d = %d, want %d", tc.who, network, res.StatusCode, want)
				continue
			}
			if want == http.StatusUnprocessableEntity {
				checkFieldError(t, res.Doc(t), "netwerk", "Kies het netwerk")
			}
			if want == http.StatusSeeOther && tc.c != anon {
				if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/werkgevers/") {
					t.Errorf("%s: create redirects to %q", tc.who, loc)
				}
			}
			n := apptest.Scalar[int](t, pool, `SELECT count(*)::int FROM employers WHERE name = $1`, name)
			if created := want == http.StatusSeeOther && tc.c != anon; (n == 1) != created {
				t.Errorf("%s: create in network %d: %d rows, created=%v", tc.who, network, n, created)
			}
		}
	}

	// The bestuur user sees no edit buttons; a coordinator on their own does.
	net1Emp, _ := env.EmployerOf(t, 1, "")
	for _, tc := range []struct {
		who      string
		c        *apptest.Client
		canWrite bool
	}{{"bestuur", board, false}, {"coordinator", coord, true}, {"beheerder", admin, true}} {
		doc := tc.c.Get(ePath(net1Emp, "")).Doc(t)
		edit := doc.Find(fmt.Sprintf(`main a[href="%s"]`, ePath(net1Emp, "/bewerken"))).Length() > 0
		add := doc.Find(fmt.Sprintf(`main a[href="%s"]`, ePath(net1Emp, "/contactpersonen/nieuw"))).Length() > 0
		if edit != tc.canWrite || add != tc.canWrite {
			t.Errorf("%s: edit link %v, add-contact link %v, want %v", tc.who, edit, add, tc.canWrite)
		}
		newLink := tc.c.Get("/werkgevers").Doc(t).Find(`main a[href="/werkgevers/nieuw"]`).Length() > 0
		if newLink != tc.canWrite {
			t.Errorf("%s: 'Werkgever toevoegen' shown = %v", tc.who, newLink)
		}
	}

	// The coordinator's list holds only their network, whatever the URL asks.
	for _, q := range []string{"", "?q=" + url.QueryEscape(net2Name), "?netwerk=" + strconv.FormatInt(net2, 10)} {
		res := coord.Get("/werkgevers" + q)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("list%s: %d", q, res.StatusCode)
		}
		doc := res.Doc(t)
		if strings.Contains(doc.Find("main table").Text(), net2Name) {
			t.Errorf("list%s shows %q of another network", q, net2Name)
		}
		doc.Find("main tbody tr a").Each(func(_ int, a *goquery.Selection) {
			id, _ := strconv.ParseInt(strings.TrimPrefix(a.AttrOr("href", ""), "/werkgevers/"), 10, 64)
			if nw := apptest.Scalar[int64](t, pool, `SELECT network_id FROM employers WHERE id = $1`, id); nw != net1 {
				t.Errorf("list%s: employer %d of network %d", q, id, nw)
			}
		})
	}
	want := apptest.Scalar[int](t, pool, `SELECT count(*)::int FROM employers WHERE network_id = $1`, net1)
	if got := coord.Get("/werkgevers").Doc(t).Find(".result-count").Text(); !strings.Contains(got, fmt.Sprintf("%d werkgevers", want)) {
		t.Errorf("coordinator's count %q, want %d", got, want)
	}

	// A coordinator cannot move an employer of theirs to another network.
	net1Emp2, _ := env.EmployerOf(t, 1, "")
	v := formOf(t, admin, ePath(net1Emp2, "/bewerken"))
	res := coord.PostForm(ePath(net1Emp2, "/bewerken"), with(v, "netwerk", strconv.FormatInt(net2, 10)))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("move to another network: %d, want 422", res.StatusCode)
	}
	if nw := apptest.Scalar[int64](t, pool, `SELECT network_id FROM employers WHERE id = $1`, net1Emp2); nw != net1 {
		t.Errorf("employer moved to network %d", nw)
	}
}
