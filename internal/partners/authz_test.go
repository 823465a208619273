package partners_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// authzTarget is a referral of an employer in some network.
type authzTarget struct {
	name     string
	network  int64
	employer int64
	referral int64
}

type authzRoute struct {
	name  string
	post  bool
	path  func(tg authzTarget) string
	write bool
	ok    int
	body  func(t *testing.T, tg authzTarget) url.Values
}

// TestReferralAuthorization: a referral of a network the user may not read
// is 404 on every route, the board's writes are 403, a visitor is sent to
// sign in, and only accepted writes reach the audit trail.
func TestReferralAuthorization(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	twente := regionID(t, env, "Twente")
	partner := newPartner(t, env, twente, "Geheime Partner Test", "p@geheim.example.nl")
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	// A network nobody but the administrator works in.
	net4 := apptest.Scalar[int64](t, env, `INSERT INTO networks (name) VALUES ('Testnetwerk Buiten') RETURNING id`)
	var targets []authzTarget
	for i, n := range []int64{net1, net2, net4} {
		e, _ := newEmployer(t, env, n, twente, fmt.Sprintf("Werkgever %d", i+1), "c@werkgever.example.nl")
		targets = append(targets, authzTarget{name: fmt.Sprintf("netwerk%d", []int{1, 2, 4}[i]), network: n, employer: e,
			referral: newReferral(t, env, e, n, partner, "Geheime vraag", "doorverwezen")})
	}

	admin := env.Login(t, apptest.Beheerder)
	all := map[int64]bool{net1: true, net2: true, net4: true}
	roles := env.Roles(t, admin, all, net1, net2)
	show := func(tg authzTarget) string { return rPath(tg.referral) }
	create := func(tg authzTarget) string { return newPath(tg.employer) }
	seq := 0
	routes := []authzRoute{
		{name: "GET verwijzing", path: show, ok: http.StatusOK},
		{name: "POST verwijzing", post: true, path: show, write: true, ok: http.StatusSeeOther, body: func(t *testing.T, tg authzTarget) url.Values {
			seq++
			return apptest.With(apptest.FormOf(t, admin, show(tg)), "uitkomst", fmt.Sprintf("Uitkomst %d", seq))
		}},
		{name: "POST verwijzing (ongeldig)", post: true, path: show, write: true, ok: http.StatusUnprocessableEntity, body: func(t *testing.T, tg authzTarget) url.Values {
			return apptest.With(apptest.FormOf(t, admin, show(tg)), "status", "")
		}},
		{name: "GET nieuw", path: create, write: true, ok: http.StatusOK},
		{name: "POST nieuw", post: true, path: create, write: true, ok: http.StatusSeeOther, body: func(*testing.T, authzTarget) url.Values {
			return url.Values{"partner": {apptest.ID(partner)}, "vraag": {"Nieuwe vraag"}, "datum": {iso(0)}, "status": {"open"}}
		}},
		{name: "POST nieuw (ongeldig)", post: true, path: create, write: true, ok: http.StatusUnprocessableEntity, body: func(*testing.T, authzTarget) url.Values {
			return url.Values{"partner": {apptest.ID(partner)}, "datum": {iso(0)}, "status": {"open"}}
		}},
	}

	for _, r := range roles {
		for _, tg := range targets {
			for _, rt := range routes {
				label := fmt.Sprintf("%s | %s | %s", r.Name, tg.name, rt.name)
				path := rt.path(tg)
				want := r.Want(tg.network, rt.write, rt.ok)
				before := auditRows(t, env)
				var res *apptest.Response
				if rt.post {
					res = r.Client.PostForm(path, rt.body(t, tg))
				} else {
					res = r.Client.Get(path)
				}
				if !apptest.WantAnswer(t, label, res, r.Anon, want) {
					continue
				}
				if want == http.StatusNotFound && strings.Contains(res.Body, "Geheime vraag") {
					t.Errorf("%s: 404 page reveals the referral", label)
				}
				apptest.WantAudit(t, label, r.Anon, want, before, auditRows(t, env))
			}
		}
	}
	for _, p := range []string{"/verwijzingen/abc", "/verwijzingen/999999", "/partners/abc", "/partners/999999", "/partners/999999/bewerken"} {
		apptest.WantStatus(t, admin.Get(p), http.StatusNotFound)
	}
}

// TestReferralsBelongToTheirNetwork: the partner pages show and count only
// the user's own networks' referrals, and a referral stays with the network
// that made it when its employer moves.
func TestReferralsBelongToTheirNetwork(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	twente := regionID(t, env, "Twente")
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	partner := newPartner(t, env, twente, "Gedeelde Partner", "g@gedeeld.example.nl")
	e1, _ := newEmployer(t, env, net1, twente, "Werkgever van Netwerk Een", "a@een.example.nl")
	e2, _ := newEmployer(t, env, net2, twente, "Werkgever van Netwerk Twee", "b@twee.example.nl")
	r1 := newReferral(t, env, e1, net1, partner, "Vraag van netwerk een", "afgerond")
	r2 := newReferral(t, env, e2, net2, partner, "Vraag van netwerk twee", "niet_gelukt")
	coord, coord2 := env.Login(t, apptest.Coordinator), env.Login(t, apptest.Coordinator2)

	views := []struct {
		who          string
		c            *apptest.Client
		sees, hidden []string
		counts       string
		listed       string
	}{
		{"coordinator", coord, []string{"Vraag van netwerk een"}, []string{"netwerk twee"}, "Open: 0 | Doorverwezen: 0 | Opgepakt: 0 | Afgerond: 1 | Niet gelukt: 0", "1"},
		{"coordinator2", coord2, []string{"Vraag van netwerk twee"}, []string{"netwerk een"}, "Open: 0 | Doorverwezen: 0 | Opgepakt: 0 | Afgerond: 0 | Niet gelukt: 1", "1"},
		// The bestuur sees both referrals, but not the questions (AVG data
		// minimisation, issue 13).
		{"bestuur", env.Login(t, apptest.Bestuur), []string{"Werkgever van Netwerk Een", "Werkgever van Netwerk Twee"}, nil, "Open: 0 | Doorverwezen: 0 | Opgepakt: 0 | Afgerond: 1 | Niet gelukt: 1", "2"},
	}
	if page := env.Login(t, apptest.Bestuur).Get(pPath(partner, "")); strings.Contains(page.Body, "Vraag van netwerk") {
		t.Error("bestuur: the partner page shows a referral question")
	}
	for _, v := range views {
		doc := v.c.Get(pPath(partner, "")).Doc(t)
		sec := apptest.Text(doc.Find("section[aria-labelledby=doorverwijzingen]"))
		for _, s := range v.sees {
			if !strings.Contains(sec, s) {
				t.Errorf("%s: partner page lacks %q", v.who, s)
			}
		}
		for _, s := range v.hidden {
			if strings.Contains(sec, s) || strings.Contains(doc.Text(), "Werkgever van Netwerk "+map[string]string{"netwerk een": "Een", "netwerk twee": "Twee"}[s]) {
				t.Errorf("%s: partner page shows %q", v.who, s)
			}
		}
		if got := items(doc.Find("ul.counts li")); got != v.counts {
			t.Errorf("%s: counts %q, want %q", v.who, got, v.counts)
		}
		row := v.c.Get("/partners?regio=alle&q=gedeelde").Doc(t).Find(fmt.Sprintf(`tbody a[href=%q]`, pPath(partner, ""))).Closest("tr")
		if got := apptest.Text(row.Find("td.num")); got != v.listed {
			t.Errorf("%s: the list counts %q referrals, want %s", v.who, got, v.listed)
		}
	}

	// The employer moves to network 2: the referral stays with network 1.
	apptest.Exec(t, env, `UPDATE employers SET network_id = $2 WHERE id = $1`, e1, net2)
	apptest.WantStatus(t, coord.Get(rPath(r1)), http.StatusOK)
	apptest.WantStatus(t, coord2.Get(rPath(r1)), http.StatusNotFound)
	apptest.WantStatus(t, coord2.PostForm(rPath(r1), apptest.With(apptest.FormOf(t, coord, rPath(r1)), "uitkomst", "Overgenomen")), http.StatusNotFound)
	apptest.WantStatus(t, coord.PostForm(rPath(r1), apptest.With(apptest.FormOf(t, coord, rPath(r1)), "uitkomst", "Nog steeds van ons")), http.StatusSeeOther)
	// Network 1 no longer reads the employer: the referral page names it without a link.
	if doc := coord.Get(rPath(r1)).Doc(t); doc.Find(fmt.Sprintf(`main a[href="/werkgevers/%d"]`, e1)).Length() != 0 {
		t.Errorf("the referral page links an employer the user can no longer read")
	}
	profile := coord2.Get(fmt.Sprintf("/werkgevers/%d", e1)).Doc(t)
	if sec := apptest.Text(profile.Find("section[aria-labelledby=doorverwijzingen]")); strings.Contains(sec, "netwerk een") {
		t.Errorf("the new network's profile shows the old network's referral: %q", sec)
	}
	// Network 2 cannot read network 1's referral of its own former employer either.
	apptest.WantStatus(t, coord.Get(rPath(r2)), http.StatusNotFound)
}

// TestPartnerAuthorization: everyone signed in reads every partner; the
// board writes none, a coordinator the partners of their own regions.
func TestPartnerAuthorization(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	twente, amsterdam := regionID(t, env, "Twente"), regionID(t, env, "Groot Amsterdam")
	inTwente := newPartner(t, env, twente, "Partner in Twente", "")
	cases := []struct {
		who                    string
		c                      *apptest.Client
		read, form, edit, post int
		create                 map[int64]int
	}{
		{"anoniem", env.Anonymous(t), 303, 303, 303, 303, map[int64]int{twente: 303, amsterdam: 303}},
		{"beheerder", env.Login(t, apptest.Beheerder), 200, 200, 200, 303, map[int64]int{twente: 303, amsterdam: 303}},
		{"coordinator", env.Login(t, apptest.Coordinator), 200, 200, 200, 303, map[int64]int{twente: 303, amsterdam: 422}},
		{"coordinator2", env.Login(t, apptest.Coordinator2), 200, 200, 403, 403, map[int64]int{twente: 422, amsterdam: 303}},
		{"bestuur", env.Login(t, apptest.Bestuur), 200, 403, 403, 403, map[int64]int{twente: 403, amsterdam: 403}},
	}
	for _, tc := range cases {
		for _, p := range []string{"/partners", pPath(inTwente, "")} {
			if res := tc.c.Get(p); res.StatusCode != tc.read {
				t.Errorf("%s: GET %s = %d, want %d", tc.who, p, res.StatusCode, tc.read)
			}
		}
		if res := tc.c.Get("/partners/nieuw"); res.StatusCode != tc.form {
			t.Errorf("%s: GET /partners/nieuw = %d, want %d", tc.who, res.StatusCode, tc.form)
		}
		if res := tc.c.Get(pPath(inTwente, "/bewerken")); res.StatusCode != tc.edit {
			t.Errorf("%s: GET bewerken = %d, want %d", tc.who, res.StatusCode, tc.edit)
		}
		before := auditRows(t, env)
		v := apptest.With(validPartner(twente, "Partner in Twente"), "versie", apptest.ID(apptest.Scalar[int64](t, env, `SELECT version FROM partners WHERE id = $1`, inTwente)),
			"notities", "Gewijzigd door "+tc.who)
		if res := tc.c.PostForm(pPath(inTwente, "/bewerken"), v); res.StatusCode != tc.post {
			t.Errorf("%s: POST bewerken = %d, want %d", tc.who, res.StatusCode, tc.post)
		}
		if changed := auditRows(t, env) > before; changed != (tc.post == 303 && tc.who != "anoniem") {
			t.Errorf("%s: edit audited %v", tc.who, changed)
		}
		for region, want := range tc.create {
			name := fmt.Sprintf("Nieuw door %s in %d", tc.who, region)
			res := tc.c.PostForm("/partners/nieuw", validPartner(region, name))
			if res.StatusCode != want {
				t.Errorf("%s: create in region %d = %d, want %d", tc.who, region, res.StatusCode, want)
				continue
			}
			if want == http.StatusUnprocessableEntity {
				apptest.CheckFieldError(t, res.Doc(t), "regio", "Kies de arbeidsmarktregio van deze partner.")
			}
			saved := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM partners WHERE name = $1`, name)
			if (saved == 1) != (want == http.StatusSeeOther && tc.who != "anoniem") {
				t.Errorf("%s: create in region %d saved %d", tc.who, region, saved)
			}
		}
		// Only who may write sees the buttons.
		doc := tc.c.Get(pPath(inTwente, "")).Doc(t)
		if tc.who != "anoniem" && (doc.Find(fmt.Sprintf(`a[href=%q]`, pPath(inTwente, "/bewerken"))).Length() == 1) != (tc.edit == 200) {
			t.Errorf("%s: edit button shown wrongly", tc.who)
		}
	}
	// Everyone signed in has the nav item.
	for _, who := range []string{apptest.Beheerder, apptest.Coordinator, apptest.Bestuur} {
		if env.Login(t, who).Get("/werkgevers").Doc(t).Find(`nav.main-nav a[href="/partners"]`).Length() != 1 {
			t.Errorf("%s: no Partners in the navigation", who)
		}
	}
}
