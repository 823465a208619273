package commitments_test

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// authzTarget is an employer with a commitment (with a document), a
// placement report and a personal link, in some network.
type authzTarget struct {
	name       string
	network    int64
	employer   int64
	contact    int64
	commitment int64
	report     int64
	link       int64
}

func newTarget(t *testing.T, env *apptest.Env, name string, pos int) authzTarget {
	t.Helper()
	tg := authzTarget{name: name, network: networkAt(t, env, pos)}
	tg.employer, _ = bareMember(t, env, pos)
	tg.contact, _ = contactWithEmail(t, env, tg.employer)
	tg.commitment = newCommitment(t, env, tg.employer, kindID(t, env, "intentieverklaring"), "getekend")
	apptest.Exec(t, env, `UPDATE commitments SET document_name = 'verklaring.pdf', document = $2, document_size = $3 WHERE id = $1`,
		tg.commitment, smallPDF(), len(smallPDF()))
	tg.report = newReport(t, env, tg.employer, 2013, 1)
	tg.link = newLink(t, env, tg.employer)
	return tg
}

// newLink inserts an open link with a random hash.
func newLink(t *testing.T, env *apptest.Env, employer int64) int64 {
	t.Helper()
	hash := make([]byte, 32)
	rand.Read(hash)
	return apptest.Scalar[int64](t, env, `INSERT INTO placement_links (employer_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '30 days')
		RETURNING id`, employer, hash)
}

type authzRole struct {
	name   string
	client *apptest.Client
	anon   bool
	reads  map[int64]bool
	writes map[int64]bool
	admin  bool
}

type authzRoute struct {
	name   string
	method string
	path   func(tg authzTarget) string
	write  bool
	admin  bool // the beheerder only, whatever the network
	global bool // no record of a network: every signed-in user
	// editors: the conditions pages, for the beheerder and the coordinators
	// (their own networks), not the board
	editors bool
	ok      int
	body    func(t *testing.T, tg authzTarget) url.Values
}

// TestAuthorizationEveryRouteEveryRole: another network's records are 404
// on every route, the board's writes are 403 (the conditions page too), a
// visitor is sent to sign in, and only accepted writes reach the audit
// trail.
func TestAuthorizationEveryRouteEveryRole(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	targets := []authzTarget{newTarget(t, env, "netwerk1", 1), newTarget(t, env, "netwerk2", 2)}
	net1, net2 := targets[0].network, targets[1].network
	admin := env.Login(t, apptest.Beheerder)
	all := map[int64]bool{net1: true, net2: true}
	roles := []authzRole{
		{name: "anoniem", client: env.Anonymous(t), anon: true},
		{name: "beheerder", client: admin, reads: all, writes: all, admin: true},
		{name: "coordinator", client: env.Login(t, apptest.Coordinator), reads: map[int64]bool{net1: true}, writes: map[int64]bool{net1: true}},
		{name: "coordinator2", client: env.Login(t, apptest.Coordinator2), reads: map[int64]bool{net2: true}, writes: map[int64]bool{net2: true}},
		{name: "bestuur", client: env.Login(t, apptest.Bestuur), reads: all, writes: map[int64]bool{}},
	}

	get := func(name string, path func(authzTarget) string, write bool) authzRoute {
		return authzRoute{name: "GET " + name, method: http.MethodGet, path: path, write: write, ok: http.StatusOK}
	}
	post := func(name string, path func(authzTarget) string, ok int, body func(*testing.T, authzTarget) url.Values) authzRoute {
		return authzRoute{name: "POST " + name, method: http.MethodPost, path: path, write: true, ok: ok, body: body}
	}
	q := func(base string) func(authzTarget) string {
		return func(tg authzTarget) string { return base + "?werkgever=" + apptest.ID(tg.employer) }
	}
	editC := func(tg authzTarget) string { return "/toezeggingen/" + apptest.ID(tg.commitment) + "/bewerken" }
	editR := func(tg authzTarget) string { return "/plaatsingen/" + apptest.ID(tg.report) + "/bewerken" }
	seq, quarters := 0, 0
	routes := []authzRoute{
		{name: "GET overzicht", method: http.MethodGet, path: func(authzTarget) string { return "/toezeggingen" }, global: true, ok: http.StatusOK},
		get("document", func(tg authzTarget) string { return "/toezeggingen/" + apptest.ID(tg.commitment) + "/document" }, false),
		get("profiel", func(tg authzTarget) string { return "/werkgevers/" + apptest.ID(tg.employer) }, false),
		get("toezegging toevoegen", q("/toezeggingen/nieuw"), true),
		post("toezegging toevoegen", q("/toezeggingen/nieuw"), http.StatusSeeOther, func(*testing.T, authzTarget) url.Values {
			return validCommitment(kindID(t, env, "rapportage"))
		}),
		post("toezegging toevoegen (ongeldig)", q("/toezeggingen/nieuw"), http.StatusUnprocessableEntity, func(*testing.T, authzTarget) url.Values {
			return url.Values{"status": {"getekend"}}
		}),
		get("toezegging bewerken", editC, true),
		post("toezegging bewerken", editC, http.StatusSeeOther, func(t *testing.T, tg authzTarget) url.Values {
			seq++
			return apptest.With(apptest.FormOf(t, admin, editC(tg)), "notities", fmt.Sprintf("Gewijzigd %d", seq))
		}),
		get("plaatsingen toevoegen", q("/plaatsingen/nieuw"), true),
		post("plaatsingen toevoegen", q("/plaatsingen/nieuw"), http.StatusSeeOther, func(*testing.T, authzTarget) url.Values {
			quarters++ // a quarter of its own each time, from 2014
			return url.Values{"jaar": {fmt.Sprint(2014 + quarters/4)}, "kwartaal": {fmt.Sprint(quarters%4 + 1)}, "mensen": {"1"}, "uren": {"20"}}
		}),
		post("plaatsingen toevoegen (ongeldig)", q("/plaatsingen/nieuw"), http.StatusUnprocessableEntity, func(*testing.T, authzTarget) url.Values {
			return url.Values{"jaar": {"2019"}, "kwartaal": {"1"}}
		}),
		get("plaatsingen corrigeren", editR, true),
		post("plaatsingen corrigeren", editR, http.StatusSeeOther, func(t *testing.T, tg authzTarget) url.Values {
			seq++
			return apptest.With(apptest.FormOf(t, admin, editR(tg)), "uren", fmt.Sprint(20+seq%20))
		}),
		get("link sturen", q("/plaatsingen/link"), true),
		post("link sturen", q("/plaatsingen/link"), http.StatusSeeOther, func(_ *testing.T, tg authzTarget) url.Values {
			return url.Values{"contactpersoon": {apptest.ID(tg.contact)}}
		}),
		post("link intrekken", func(tg authzTarget) string { return "/plaatsingen/link/" + apptest.ID(tg.link) + "/intrekken" },
			http.StatusSeeOther, func(*testing.T, authzTarget) url.Values { return url.Values{} }),
		{name: "GET voorwaarden", method: http.MethodGet, path: func(authzTarget) string { return "/toezeggingen/voorwaarden" },
			editors: true, ok: http.StatusOK},
		{name: "POST voorwaarden", method: http.MethodPost, path: func(authzTarget) string { return "/toezeggingen/voorwaarden" },
			editors: true, write: true, ok: http.StatusSeeOther, body: func(_ *testing.T, tg authzTarget) url.Values {
				return url.Values{"netwerk": {apptest.ID(tg.network)}, "soorten": {apptest.ID(kindID(t, env, "rapportage"))}}
			}},
		{name: "POST eigen soort", method: http.MethodPost, path: func(authzTarget) string { return "/toezeggingen/voorwaarden/soort" },
			editors: true, write: true, ok: http.StatusSeeOther, body: func(_ *testing.T, tg authzTarget) url.Values {
				seq++
				return url.Values{"netwerk": {apptest.ID(tg.network)}, "naam": {fmt.Sprintf("Eigen soort %d", seq)}}
			}},
	}

	for _, r := range roles {
		for _, tg := range targets {
			for _, rt := range routes {
				label := fmt.Sprintf("%s | %s | %s", r.name, tg.name, rt.name)
				path := rt.path(tg)
				want := rt.ok
				switch {
				case r.anon:
					want = http.StatusSeeOther
				case rt.admin && !r.admin:
					want = http.StatusForbidden
				case rt.editors && !r.admin && len(r.writes) == 0:
					want = http.StatusForbidden
				case rt.admin, rt.global:
				case rt.editors && rt.method == http.MethodGet:
				case !r.reads[tg.network]:
					want = http.StatusNotFound
				case rt.write && !r.writes[tg.network]:
					want = http.StatusForbidden
				}
				var res *apptest.Response
				before := apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log`)
				if rt.method == http.MethodGet {
					res = r.client.Get(path)
				} else {
					res = r.client.PostForm(path, rt.body(t, tg))
				}
				if res.StatusCode != want {
					t.Errorf("%s: status %d, want %d", label, res.StatusCode, want)
					continue
				}
				if r.anon && !strings.HasPrefix(res.Header.Get("Location"), "/inloggen") {
					t.Errorf("%s: redirect to %q, want /inloggen", label, res.Header.Get("Location"))
				}
				after := apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log`)
				if rt.method == http.MethodPost && want != http.StatusSeeOther && after != before {
					t.Errorf("%s: a refused request wrote %d audit entries", label, after-before)
				}
				if want == http.StatusNotFound && strings.Contains(res.Body, "verklaring.pdf") {
					t.Errorf("%s: a 404 shows the record", label)
				}
			}
			// Reopen the link for the next role.
			apptest.Exec(t, env, `UPDATE placement_links SET revoked_at = NULL WHERE id = $1`, tg.link)
		}
	}
}
