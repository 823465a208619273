package visits_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// authzTarget is an employer in some network with a visit and an open
// follow-up.
type authzTarget struct {
	name                      string
	network, employer         int64
	visit, followUp           int64
	employerName, description string
}

type authzRoute struct {
	name   string
	method string
	path   func(tg authzTarget) string
	write  bool
	ok     int
	body   func(t *testing.T, tg authzTarget) url.Values
}

// TestAuthorizationEveryRouteEveryRole: another network's employer, visit
// or follow-up is 404 on every route, the board's writes are 403, a
// visitor is sent to sign in, and only accepted writes reach the audit
// trail.
func TestAuthorizationEveryRouteEveryRole(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	admin := userID(t, env, apptest.Beheerder)
	// A network nobody but the beheerder works in.
	net4 := apptest.Scalar[int64](t, env, `INSERT INTO networks (name) VALUES ('Testnetwerk Buiten') RETURNING id`)
	emp4 := apptest.Scalar[int64](t, env, `INSERT INTO employers (network_id, name, status) VALUES ($1, 'Werkgever Buiten', 'lid') RETURNING id`, net4)
	target := func(name string, network, employer, owner int64) authzTarget {
		tg := authzTarget{name: name, network: network, employer: employer, description: "Geheime opvolging " + name}
		tg.visit = insertVisit(t, env, employer, "bezoek", 3, owner)
		tg.followUp = insertFollowUp(t, env, employer, owner, tg.description, 5)
		tg.employerName = apptest.Scalar[string](t, env, `SELECT name FROM employers WHERE id = $1`, employer)
		return tg
	}
	targets := []authzTarget{
		target("netwerk1", net1, member(t, env, net1, 0), userID(t, env, apptest.Coordinator)),
		target("netwerk2", net2, member(t, env, net2, 0), userID(t, env, apptest.Coordinator2)),
		target("netwerk4", net4, emp4, admin),
	}
	adminC := env.Login(t, apptest.Beheerder)
	all := map[int64]bool{net1: true, net2: true, net4: true}
	roles := env.Roles(t, adminC, all, net1, net2)

	get := func(name string, path func(authzTarget) string) authzRoute {
		return authzRoute{name: "GET " + name, method: http.MethodGet, path: path, write: true, ok: http.StatusOK}
	}
	post := func(name string, path func(authzTarget) string, ok int, body func(*testing.T, authzTarget) url.Values) authzRoute {
		return authzRoute{name: "POST " + name, method: http.MethodPost, path: path, write: true, ok: ok, body: body}
	}
	newVisit := func(tg authzTarget) string { return newPath(tg.employer) }
	edit := func(tg authzTarget) string { return editPath(tg.visit) }
	newFollowUp := func(tg authzTarget) string { return followUpPath(tg.employer) }
	done := func(tg authzTarget) string { return fmt.Sprintf("/opvolging/%d/afgerond", tg.followUp) }
	reopen := func(tg authzTarget) string { return fmt.Sprintf("/opvolging/%d/heropenen", tg.followUp) }
	seq := 0
	next := func() string { seq++; return fmt.Sprintf("Notitie %d", seq) }
	routes := []authzRoute{
		get("bezoek vastleggen", newVisit),
		post("bezoek vastleggen", newVisit, http.StatusSeeOther, func(*testing.T, authzTarget) url.Values {
			return url.Values{"soort": {"bezoek"}, "datum": {day(0)}, "anderen": {"Gast"}, "notities": {next()}}
		}),
		post("bezoek vastleggen (ongeldig)", newVisit, http.StatusUnprocessableEntity, func(*testing.T, authzTarget) url.Values {
			return url.Values{"soort": {"bezoek"}, "datum": {day(0)}}
		}),
		get("bezoek bewerken", edit),
		post("bezoek bewerken", edit, http.StatusSeeOther, func(t *testing.T, tg authzTarget) url.Values {
			return apptest.With(apptest.FormOf(t, adminC, edit(tg)), "notities", next())
		}),
		post("bezoek bewerken (ongeldig)", edit, http.StatusUnprocessableEntity, func(t *testing.T, tg authzTarget) url.Values {
			return apptest.With(apptest.FormOf(t, adminC, edit(tg)), "datum", "")
		}),
		get("opvolging toevoegen", newFollowUp),
		post("opvolging toevoegen", newFollowUp, http.StatusSeeOther, func(*testing.T, authzTarget) url.Values {
			return url.Values{"omschrijving": {next()}, "eigenaar": {apptest.ID(admin)}, "datum": {day(3)}}
		}),
		post("opvolging toevoegen (ongeldig)", newFollowUp, http.StatusUnprocessableEntity, func(*testing.T, authzTarget) url.Values {
			return url.Values{"omschrijving": {""}, "eigenaar": {apptest.ID(admin)}, "datum": {day(3)}}
		}),
		post("afgerond", done, http.StatusSeeOther, func(*testing.T, authzTarget) url.Values { return url.Values{"terug": {"/taken"}} }),
		post("heropenen", reopen, http.StatusSeeOther, func(*testing.T, authzTarget) url.Values { return url.Values{"terug": {"/taken"}} }),
	}

	for _, r := range roles {
		for _, tg := range targets {
			for _, rt := range routes {
				label := fmt.Sprintf("%s | %s | %s", r.Name, tg.name, rt.name)
				path := rt.path(tg)
				want := r.Want(tg.network, rt.write, rt.ok)
				var body url.Values
				if rt.body != nil {
					body = rt.body(t, tg)
				}
				before := count(t, env, "audit_log")
				var res *apptest.Response
				if rt.method == http.MethodGet {
					res = r.Client.Get(path)
				} else {
					res = r.Client.PostForm(path, body)
				}
				if !apptest.WantAnswer(t, label, res, r.Anon, want) {
					continue
				}
				if want == http.StatusNotFound || want == http.StatusForbidden {
					if strings.Contains(res.Body, tg.description) || (want == http.StatusNotFound && strings.Contains(res.Body, tg.employerName)) {
						t.Errorf("%s: refusal reveals the record", label)
					}
				}
				apptest.WantAudit(t, label, r.Anon, want, before, count(t, env, "audit_log"))
			}
			if open := apptest.Scalar[bool](t, env, `SELECT done_at IS NULL FROM follow_ups WHERE id = $1`, tg.followUp); !open {
				t.Errorf("%s | %s: follow-up left done", r.Name, tg.name)
			}
		}
	}

	// /taken is for everyone signed in; ids that do not exist are 404.
	apptest.WantStatus(t, env.Anonymous(t).Get("/taken"), http.StatusSeeOther)
	for _, r := range roles[1:] {
		apptest.WantStatus(t, r.Client.Get("/taken"), http.StatusOK)
	}
	for _, p := range []string{"/bezoeken/nieuw", "/bezoeken/nieuw?werkgever=abc", "/bezoeken/nieuw?werkgever=999999",
		"/bezoeken/abc/bewerken", "/bezoeken/999999/bewerken", "/opvolging/nieuw?werkgever=999999"} {
		apptest.WantStatus(t, adminC.Get(p), http.StatusNotFound)
	}
	for _, p := range []string{"/opvolging/999999/afgerond", "/opvolging/abc/heropenen", "/bezoeken/999999/bewerken"} {
		apptest.WantStatus(t, adminC.PostForm(p, nil), http.StatusNotFound)
	}
}

// TestSectionOnProfile: the section shows the last visit and the buttons
// only to who may write; the board reads it without buttons.
func TestSectionOnProfile(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1 := networkAt(t, env, 1)
	emp := member(t, env, net1, 2)
	apptest.Exec(t, env, `DELETE FROM visits WHERE employer_id = $1`, emp)
	apptest.Exec(t, env, `DELETE FROM follow_ups WHERE employer_id = $1`, emp)
	insertVisit(t, env, emp, "bezoek", 400)
	insertVisit(t, env, emp, "telefoon", 2)
	late := insertFollowUp(t, env, emp, userID(t, env, apptest.Coordinator), "Terugbellen", -1)
	path := fmt.Sprintf("/werkgevers/%d", emp)

	sec := env.Login(t, apptest.Coordinator).Get(path).Doc(t).Find("section[aria-labelledby=bezoeken]")
	if got := apptest.Text(sec.Find(".laatste-bezoek")); !strings.HasPrefix(got, "Laatste bezoek: "+dutch(-400)+" (langer dan een jaar geleden)") {
		t.Errorf("last visit %q", got)
	}
	if sec.Find(fmt.Sprintf(`a[href="/bezoeken/nieuw?werkgever=%d"]`, emp)).Length() != 1 ||
		sec.Find(fmt.Sprintf(`a[href="/opvolging/nieuw?werkgever=%d"]`, emp)).Length() != 1 {
		t.Errorf("coordinator: buttons missing")
	}
	row := sec.Find("tr.opvolging").First()
	if got := apptest.Text(row); !strings.Contains(got, "Terugbellen") || !strings.Contains(got, dutch(-1)+" te laat") {
		t.Errorf("open follow-up %q", got)
	}
	if row.Find(fmt.Sprintf(`form[action="/opvolging/%d/afgerond"] input[name=terug][value="%s#bezoeken"]`, late, path)).Length() != 1 {
		t.Errorf("no done button returning to the profile")
	}
	board := env.Login(t, apptest.Bestuur).Get(path).Doc(t).Find("section[aria-labelledby=bezoeken]")
	if board.Length() != 1 || board.Find("form, a.button, a[href$='/bewerken']").Length() != 0 {
		t.Errorf("bestuur: section missing or with buttons")
	}
	if !strings.Contains(apptest.Text(board), "Terugbellen") {
		t.Errorf("bestuur does not see the follow-up")
	}
}
