package subgroups_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"netwerkportaal/internal/app/apptest"
)

// authzTarget is a subgroup in some network, with a membership to end.
type authzTarget struct {
	name     string
	network  int64
	subgroup int64
	member   int64 // fresh for each role
}

type authzRoute struct {
	name   string
	method string
	path   func(tg authzTarget) string
	write  bool
	ok     int
	body   func(t *testing.T, admin *apptest.Client, tg authzTarget) url.Values
}

// TestAuthorizationEveryRouteEveryRole: another network's subgroup is 404
// on every route, the board's writes are 403, a visitor is sent to sign in,
// and only accepted writes reach the audit trail.
func TestAuthorizationEveryRouteEveryRole(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	// A network nobody but the administrator works in.
	net4 := apptest.Scalar[int64](t, env, `INSERT INTO networks (name) VALUES ('Testnetwerk Buiten') RETURNING id`)
	apptest.Exec(t, env, `INSERT INTO employers (network_id, name, city) VALUES ($1, 'Werkgever Buiten', 'Nergens')`, net4)
	targets := []authzTarget{
		{name: "netwerk1", network: net1, subgroup: newSubgroup(t, env, net1, "Geheime groep Een")},
		{name: "netwerk2", network: net2, subgroup: newSubgroup(t, env, net2, "Geheime groep Twee")},
		{name: "netwerk4", network: net4, subgroup: newSubgroup(t, env, net4, "Geheime groep Vier")},
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
	show := func(tg authzTarget) string { return sPath(tg.subgroup, "") }
	edit := func(tg authzTarget) string { return sPath(tg.subgroup, "/bewerken") }
	add := func(tg authzTarget) string { return sPath(tg.subgroup, "/leden/toevoegen") }
	end := func(tg authzTarget) string { return sPath(tg.subgroup, fmt.Sprintf("/leden/%d/beeindigen", tg.member)) }
	seq := 0
	routes := []authzRoute{
		get("subgroep", show, false),
		get("bewerken", edit, true),
		post("bewerken", edit, http.StatusSeeOther, func(t *testing.T, admin *apptest.Client, tg authzTarget) url.Values {
			seq++
			return apptest.With(apptest.FormOf(t, admin, edit(tg)), "beschrijving", fmt.Sprintf("Gewijzigd %d", seq))
		}),
		post("bewerken (ongeldig)", edit, http.StatusUnprocessableEntity, func(t *testing.T, admin *apptest.Client, tg authzTarget) url.Values {
			return apptest.With(apptest.FormOf(t, admin, edit(tg)), "naam", "")
		}),
		get("leden toevoegen", add, true),
		post("leden toevoegen", add, http.StatusSeeOther, func(t *testing.T, _ *apptest.Client, tg authzTarget) url.Values {
			seq++
			c := insertContact(t, env, tg.network, fmt.Sprintf("Nieuw Lid %d", seq))
			return url.Values{"contactpersonen": {apptest.ID(c)}, "lid_vanaf": {time.Now().Format("2006-01-02")}}
		}),
		post("leden toevoegen (ongeldig)", add, http.StatusUnprocessableEntity, func(*testing.T, *apptest.Client, authzTarget) url.Values {
			return url.Values{"lid_vanaf": {time.Now().Format("2006-01-02")}}
		}),
		get("lidmaatschap beëindigen", end, true),
		post("lidmaatschap beëindigen (ongeldig)", end, http.StatusUnprocessableEntity, func(*testing.T, *apptest.Client, authzTarget) url.Values {
			return url.Values{"lid_tot": {"2001-01-01"}}
		}),
		// Last: it ends the membership the routes above use.
		post("lidmaatschap beëindigen", end, http.StatusSeeOther, func(*testing.T, *apptest.Client, authzTarget) url.Values {
			return url.Values{"lid_tot": {time.Now().Format("2006-01-02")}}
		}),
	}

	for _, r := range roles {
		for _, tg := range targets {
			tg.member = addMember(t, env, tg.subgroup, insertContact(t, env, tg.network, "Lid van "+r.Name))
			for _, rt := range routes {
				label := fmt.Sprintf("%s | %s | %s", r.Name, tg.name, rt.name)
				path := rt.path(tg)
				want := r.Want(tg.network, rt.write, rt.ok)
				before := auditRows(t, env)
				var res *apptest.Response
				if rt.method == http.MethodGet {
					res = r.Client.Get(path)
				} else {
					res = r.Client.PostForm(path, rt.body(t, admin, tg))
				}
				if !apptest.WantAnswer(t, label, res, r.Anon, want) {
					continue
				}
				if want == http.StatusNotFound && strings.Contains(res.Body, "Geheime groep") {
					t.Errorf("%s: 404 page reveals the subgroup", label)
				}
				apptest.WantAudit(t, label, r.Anon, want, before, auditRows(t, env))
			}
			ended := apptest.Scalar[bool](t, env, `SELECT left_on IS NOT NULL FROM subgroup_members WHERE id = $1`, tg.member)
			if ended != (!r.Anon && r.Writes[tg.network]) {
				t.Errorf("%s | %s: membership ended = %v", r.Name, tg.name, ended)
			}
		}
	}

	// A membership is reached only through its own subgroup.
	foreign := addMember(t, env, targets[1].subgroup, insertContact(t, env, net2, "Lid Elders"))
	path := sPath(targets[0].subgroup, fmt.Sprintf("/leden/%d/beeindigen", foreign))
	for _, r := range roles[1:3] {
		apptest.WantStatus(t, r.Client.Get(path), http.StatusNotFound)
		apptest.WantStatus(t, r.Client.PostForm(path, url.Values{"lid_tot": {time.Now().Format("2006-01-02")}}), http.StatusNotFound)
	}
	for _, p := range []string{"/subgroepen/abc", "/subgroepen/999999", sPath(targets[0].subgroup, "/leden/abc/beeindigen")} {
		apptest.WantStatus(t, admin.Get(p), http.StatusNotFound)
	}
}

// TestAuthorizationListAndCreate covers the routes without a subgroup in
// the URL.
func TestAuthorizationListAndCreate(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	anon := env.Anonymous(t)
	cases := []struct {
		who    string
		c      *apptest.Client
		list   int
		form   int
		create map[int64]int
	}{
		{"anoniem", anon, 303, 303, map[int64]int{net1: 303, net2: 303}},
		{"beheerder", env.Login(t, apptest.Beheerder), 200, 200, map[int64]int{net1: 303, net2: 303}},
		{"coordinator", env.Login(t, apptest.Coordinator), 200, 200, map[int64]int{net1: 303, net2: 422}},
		{"bestuur", env.Login(t, apptest.Bestuur), 200, 403, map[int64]int{net1: 403, net2: 403}},
	}
	for _, tc := range cases {
		if res := tc.c.Get("/subgroepen"); res.StatusCode != tc.list {
			t.Errorf("%s: GET /subgroepen = %d, want %d", tc.who, res.StatusCode, tc.list)
		}
		if res := tc.c.Get("/subgroepen/nieuw"); res.StatusCode != tc.form {
			t.Errorf("%s: GET /subgroepen/nieuw = %d, want %d", tc.who, res.StatusCode, tc.form)
		}
		for _, network := range []int64{net1, net2} {
			name := fmt.Sprintf("Aangemaakt door %s in %d", tc.who, network)
			before := auditRows(t, env)
			res := tc.c.PostForm("/subgroepen/nieuw", validForm(network, name))
			want := tc.create[network]
			if res.StatusCode != want {
				t.Errorf("%s: create in network %d = %d, want %d", tc.who, network, res.StatusCode, want)
				continue
			}
			if want == http.StatusUnprocessableEntity {
				apptest.CheckFieldError(t, res.Doc(t), "netwerk", "Kies het netwerk van deze subgroep.")
			}
			saved := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM subgroups WHERE name = $1`, name)
			if (saved == 1) != (want == http.StatusSeeOther && tc.c != anon) {
				t.Errorf("%s: create in network %d saved %d", tc.who, network, saved)
			}
			if (auditRows(t, env) > before) != (saved == 1) {
				t.Errorf("%s: audit trail and saved subgroups disagree", tc.who)
			}
		}
	}
}
