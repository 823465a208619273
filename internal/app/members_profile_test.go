package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

func TestMemberSeesOwnOrganisationOnly(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	m := newMember(t, env, "eigen@example.org")
	other, _ := env.EmployerOf(t, 2, "")
	apptest.Exec(t, env, `UPDATE employers SET notes = 'GEHEIME-NOTITIE' WHERE id = $1`, m.employerID)
	c := signInMember(t, env, m)
	res := c.Get("/mijn/?werkgever=" + apptest.ID(other))
	apptest.WantStatus(t, res, http.StatusOK)
	name := apptest.Scalar[string](t, env, `SELECT name FROM employers WHERE id = $1`, m.employerID)
	otherName := apptest.Scalar[string](t, env, `SELECT name FROM employers WHERE id = $1`, other)
	if !strings.Contains(res.Body, name) || strings.Contains(res.Body, otherName) {
		t.Errorf("overview: want %q and not %q", name, otherName)
	}
	if strings.Contains(res.Body, "GEHEIME-NOTITIE") {
		t.Error("the network's internal notes are shown to the member")
	}
	// A posted employer id is not read: the organisation is the session's.
	form := apptest.FormValues(c.Get("/mijn/organisatie").Doc(t), "form[action='/mijn/organisatie']")
	form.Set("naam", "Overgenomen BV")
	form.Set("werkgever", apptest.ID(other))
	apptest.WantStatus(t, c.PostForm("/mijn/organisatie?werkgever="+apptest.ID(other), form), http.StatusSeeOther)
	if got := apptest.Scalar[string](t, env, `SELECT name FROM employers WHERE id = $1`, other); got != otherName {
		t.Errorf("another network's employer was renamed to %q", got)
	}
}

func TestMemberCorrectsProfile(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	m := newMember(t, env, "corrigeer@example.org")
	c := signInMember(t, env, m)
	form := apptest.FormValues(c.Get("/mijn/organisatie").Doc(t), "form[action='/mijn/organisatie']")
	before := apptest.Scalar[int](t, env, `SELECT count(*) FROM employer_tags WHERE employer_id = $1`, m.employerID)

	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("medewerkers", "veel")
	bad.Set("website", "javascript:alert(1)")
	bad.Set("naam", strings.Repeat("x", 5000))
	bad.Add("tags", "999999")
	res := c.PostForm("/mijn/organisatie", bad)
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	for _, msg := range []string{"Vul het aantal medewerkers in als heel getal", "Vul een webadres in", "Maak dit korter", "Kies uitdagingen en aanbod uit de lijst"} {
		if !strings.Contains(res.Body, msg) {
			t.Errorf("422 page lacks %q", msg)
		}
	}
	if !strings.Contains(res.Body, `value="veel"`) {
		t.Error("the typed input is not kept")
	}

	form.Set("medewerkers", "135")
	form.Set("website", "https://www.voorbeeld.nl")
	jobcarving := apptest.Scalar[int64](t, env, `SELECT id FROM tags WHERE kind = 'uitdaging' AND name LIKE '%jobcarving%'`)
	form.Add("tags", apptest.ID(jobcarving))
	apptest.WantStatus(t, c.PostForm("/mijn/organisatie", form), http.StatusSeeOther)
	if got := apptest.Scalar[int](t, env, `SELECT employee_count FROM employers WHERE id = $1`, m.employerID); got != 135 {
		t.Errorf("employee count %d, want 135", got)
	}
	if after := apptest.Scalar[int](t, env, `SELECT count(*) FROM employer_tags WHERE employer_id = $1`, m.employerID); after < before {
		t.Errorf("tags went from %d to %d", before, after)
	}
	changes := apptest.Scalar[string](t, env, `SELECT changes::text FROM audit_log WHERE entity = 'employer' AND entity_id = $1
		AND source = 'werkgever' AND actor = 'Mila Lid' ORDER BY id DESC LIMIT 1`, m.employerID)
	if !strings.Contains(changes, `"medewerkers"`) || !strings.Contains(changes, `"135"`) || !strings.Contains(changes, "voorbeeld.nl") {
		t.Errorf("audit entry %s lacks the change", changes)
	}
	// What the coordinator sees afterwards: the change, from the employer.
	profile := env.Login(t, apptest.Coordinator).Get("/werkgevers/" + apptest.ID(m.employerID) + "/")
	apptest.WantStatus(t, profile, http.StatusOK)
	if !strings.Contains(profile.Body, "door de werkgever zelf, via de ledenpagina") {
		t.Error("the coordinator's history does not say the employer made the change")
	}
	// A stale form (someone else saved in between) is a conflict, not an overwrite.
	apptest.WantStatus(t, c.PostForm("/mijn/organisatie", form), http.StatusConflict)
}

func TestMemberProposesColleague(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	m := newMember(t, env, "voorsteller@example.org")
	c := signInMember(t, env, m)
	res := c.PostForm("/mijn/collegas", url.Values{"naam": {""}, "email": {"fout"}, "functie": {"baas"}, "niveau": {"koning"}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	for _, msg := range []string{"Vul de naam van uw collega in.", "Vul een geldig e-mailadres in", "Kies de functie", "Kies het niveau"} {
		if !strings.Contains(res.Body, msg) {
			t.Errorf("422 page lacks %q", msg)
		}
	}
	res = c.PostForm("/mijn/collegas", url.Values{"naam": {"Sam Collega"}, "email": {"Sam@Example.org"}, "functie": {"mvo"}, "niveau": {"strategisch"}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	page := c.Get("/mijn/collegas")
	if !strings.Contains(page.Body, "Sam Collega") || !strings.Contains(page.Body, "wacht op de coördinator") {
		t.Error("the proposal is not listed as waiting")
	}
	id := apptest.Scalar[int64](t, env, `SELECT id FROM colleague_proposals WHERE employer_id = $1 AND email = 'sam@example.org' AND status = 'voorgesteld'`, m.employerID)

	// Another network's coordinator does not see it; the board may not decide.
	apptest.WantStatus(t, env.Login(t, apptest.Coordinator2).PostForm("/voorstellen/"+apptest.ID(id)+"/accepteren", nil), http.StatusNotFound)
	apptest.WantStatus(t, env.Login(t, apptest.Bestuur).PostForm("/voorstellen/"+apptest.ID(id)+"/accepteren", nil), http.StatusForbidden)
	// A member cannot decide on their own proposal.
	apptest.WantStatus(t, c.PostForm("/voorstellen/"+apptest.ID(id)+"/accepteren", nil), http.StatusForbidden)

	coord := env.Login(t, apptest.Coordinator)
	profile := coord.Get("/werkgevers/" + apptest.ID(m.employerID) + "/")
	if !strings.Contains(profile.Body, "Voorgestelde collega") || !strings.Contains(profile.Body, "Sam Collega") {
		t.Fatal("the coordinator does not see the proposal on the profile")
	}
	apptest.WantStatus(t, coord.PostForm("/voorstellen/"+apptest.ID(id)+"/accepteren", nil), http.StatusSeeOther)
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM contacts WHERE employer_id = $1 AND email = 'sam@example.org' AND function = 'mvo' AND level = 'strategisch'`, m.employerID); n != 1 {
		t.Errorf("%d contacts made, want 1", n)
	}
	// A second click makes no second contact.
	apptest.WantStatus(t, coord.PostForm("/voorstellen/"+apptest.ID(id)+"/accepteren", nil), http.StatusSeeOther)
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM contacts WHERE email = 'sam@example.org'`); n != 1 {
		t.Errorf("%d contacts after a second click, want 1", n)
	}
	page = c.Get("/mijn/collegas")
	if !strings.Contains(page.Body, "Sam Collega") || strings.Contains(page.Body, "wacht op de coördinator") {
		t.Error("after acceptance the colleague should be a contact, no longer waiting")
	}
}
