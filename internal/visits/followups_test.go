package visits_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

func followUpPath(employer int64) string { return "/opvolging/nieuw?werkgever=" + apptest.ID(employer) }

// TestFollowUpWithoutVisit: the form proposes the user as owner; a valid
// follow-up is stored without a visit and audited; each rule refuses with
// its message next to the field.
func TestFollowUpWithoutVisit(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	emp := member(t, env, networkAt(t, env, 1), 1)
	me := userID(t, env, apptest.Coordinator)

	form := apptest.FormOf(t, coord, followUpPath(emp))
	if form.Get("eigenaar") != apptest.ID(me) {
		t.Errorf("proposed owner %q, want the user", form.Get("eigenaar"))
	}
	cases := []struct{ field, value, want string }{
		{"omschrijving", "  ", "Vul in wat er moet gebeuren."},
		{"omschrijving", strings.Repeat("o", 1001), "De omschrijving mag hoogstens 1000 tekens hebben."},
		{"eigenaar", apptest.ID(userID(t, env, apptest.Coordinator2)), "Kies wie dit oppakt: een coördinator of beheerder van dit netwerk."},
		{"eigenaar", apptest.ID(userID(t, env, apptest.Bestuur)), "Kies wie dit oppakt"},
		{"eigenaar", "", "Kies wie dit oppakt"},
		{"datum", "", "Vul in wanneer dit klaar moet zijn."},
		{"datum", "1-2-2030", "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar)."},
		{"datum", day(-1), "Deze datum ligt in het verleden. Kies vandaag of later."},
		{"datum", day(4 * 366), "Deze datum ligt te ver in de toekomst."},
	}
	valid := apptest.With(form, "omschrijving", "Offerte jobcoach doorsturen", "datum", day(10))
	for _, tc := range cases {
		before := count(t, env, "follow_ups")
		res := coord.PostForm(followUpPath(emp), apptest.With(valid, tc.field, tc.value))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s=%.20q: status %d", tc.field, tc.value, res.StatusCode)
			continue
		}
		doc := res.Doc(t)
		checkFieldError(t, doc, tc.field, tc.want)
		if got := fieldsWithErrors(doc); !slices.Equal(got, []string{tc.field}) {
			t.Errorf("%s=%.20q: errors on %v", tc.field, tc.value, got)
		}
		if tc.field != "omschrijving" && doc.Find("#f-omschrijving").Text() != "Offerte jobcoach doorsturen" {
			t.Errorf("%s: description not kept", tc.field)
		}
		if count(t, env, "follow_ups") != before {
			t.Errorf("%s: stored", tc.field)
		}
	}
	admin := userID(t, env, apptest.Beheerder)
	res := coord.PostForm(followUpPath(emp), apptest.With(valid, "eigenaar", apptest.ID(admin)))
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != fmt.Sprintf("/werkgevers/%d#bezoeken", emp) {
		t.Errorf("redirect to %q", loc)
	}
	f := apptest.Scalar[int64](t, env, `SELECT id FROM follow_ups WHERE employer_id = $1 AND visit_id IS NULL AND owner_id = $2
		AND description = 'Offerte jobcoach doorsturen' AND due_on = $3::date AND created_by = $4`, emp, admin, day(10), me)
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'follow_up' AND entity_id = $1 AND employer_id = $2
		AND action = 'aangemaakt' AND changes->'eigenaar'->>'new' = 'Bea Beheer'`, f, emp); n != 1 {
		t.Errorf("%d audit entries", n)
	}
}

// TestMarkDoneAndReopen: done from /taken returns there, from the profile
// to the profile; done twice is only a message; a foreign return address
// is ignored; reopening makes it open again; each step is audited.
func TestMarkDoneAndReopen(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	emp := member(t, env, networkAt(t, env, 1), 1)
	me := userID(t, env, apptest.Coordinator)
	f := insertFollowUp(t, env, emp, me, "Brochure sturen", -2)
	done := fmt.Sprintf("/opvolging/%d/afgerond", f)
	reopen := fmt.Sprintf("/opvolging/%d/heropenen", f)
	profile := fmt.Sprintf("/werkgevers/%d#bezoeken", emp)

	// The button on /taken carries where to return.
	doc := coord.Get("/taken").Doc(t)
	button := doc.Find(fmt.Sprintf(`#taak-%d form[action=%q]`, f, done))
	if button.Length() != 1 || button.Find(`input[name=terug]`).AttrOr("value", "") != "/taken" {
		t.Fatalf("no done button on /taken for the follow-up")
	}
	res := coord.PostForm(done, url.Values{"terug": {"/taken"}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/taken" {
		t.Errorf("after done to %q", loc)
	}
	if got := apptest.Text(coord.Get("/taken").Doc(t).Find(".flash")); got != "Afgerond: Brochure sturen" {
		t.Errorf("flash %q", got)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM follow_ups WHERE id = $1 AND done_at IS NOT NULL AND done_by = $2 AND version = 2`, f, me); n != 1 {
		t.Errorf("follow-up not marked done by the user")
	}
	if coord.Get("/taken").Doc(t).Find(fmt.Sprintf("#taak-%d", f)).Length() != 0 {
		t.Errorf("a done follow-up stays on /taken")
	}

	// Twice: a message, nothing changes; a foreign address goes to the profile.
	for _, back := range []string{"https://evil.example/", "//evil.example", "/\\evil.example", "/taken\n"} {
		res = coord.PostForm(done, url.Values{"terug": {back}})
		if strings.Contains(back, "\n") {
			// A line break in a single-line field: the input gate refuses it.
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			continue
		}
		apptest.WantStatus(t, res, http.StatusSeeOther)
		if loc := res.Header.Get("Location"); loc != profile {
			t.Errorf("terug %q: to %q, want the profile", back, loc)
		}
	}
	if got := apptest.Text(coord.Get(profile).Doc(t).Find(".flash")); got != "Deze opvolging was al afgerond." {
		t.Errorf("second done: flash %q", got)
	}
	if v := apptest.Scalar[int](t, env, `SELECT version FROM follow_ups WHERE id = $1`, f); v != 2 {
		t.Errorf("done twice changed the follow-up: version %d", v)
	}

	// The profile lists it as done, with a button to reopen it there.
	sec := coord.Get(fmt.Sprintf("/werkgevers/%d", emp)).Doc(t).Find("section[aria-labelledby=bezoeken] details")
	if !strings.Contains(apptest.Text(sec), "Brochure sturen") || !strings.Contains(apptest.Text(sec), "door Corien de Vries") {
		t.Errorf("done list %q", apptest.Text(sec))
	}
	if sec.Find(fmt.Sprintf(`form[action=%q] input[name=terug][value=%q]`, reopen, profile)).Length() != 1 {
		t.Errorf("no reopen button returning to the profile")
	}
	res = coord.PostForm(reopen, url.Values{"terug": {profile}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != profile {
		t.Errorf("after reopening to %q", loc)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM follow_ups WHERE id = $1 AND done_at IS NULL AND done_by IS NULL`, f); n != 1 {
		t.Errorf("follow-up not open again")
	}
	apptest.WantStatus(t, coord.PostForm(reopen, nil), http.StatusSeeOther)
	if got := apptest.Text(coord.Get(profile).Doc(t).Find(".flash")); got != "Deze opvolging stond al open." {
		t.Errorf("second reopen: flash %q", got)
	}
	if got := apptest.Scalar[string](t, env, `SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE entity = 'follow_up'
		AND entity_id = $1 AND employer_id = $2`, f, emp); got != "afgerond,heropend" {
		t.Errorf("audit actions %q", got)
	}
	history := apptest.Text(coord.Get(fmt.Sprintf("/werkgevers/%d", emp)).Doc(t).Find("section[aria-labelledby=geschiedenis]"))
	for _, want := range []string{"Opvolging afgerond: Brochure sturen", "Opvolging heropend: Brochure sturen"} {
		if !strings.Contains(history, want) {
			t.Errorf("history lacks %q", want)
		}
	}
}
