package privacy_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"netwerkportaal/internal/app/apptest"
)

// hardName is a contact whose name the old erasure left behind: quotes
// (stored as \" in JSON, so ILIKE on ::text missed them), one word (never
// swept) and diacritics.
type hardName struct {
	name, email string
	contact     int64
}

// TestErasureOfHardNames: finding 1 of the security review. A contact named
// Johannes "Hans" de Vries, invited to an intake and named in a visit note,
// stayed in the Geschiedenis and in two audit rows; a one-word name
// ("Yasmina") in a referral question, visit notes and audit entries was
// never swept. Every former value is gone after the erasure, from every
// text, JSON and array column and from the profile page.
func TestErasureOfHardNames(t *testing.T) {
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, _ := env.EmployerOf(t, 1, "lid")
	partner := apptest.Scalar[int64](t, env, `INSERT INTO partners (region_id, kind, name) VALUES ((SELECT min(id) FROM regions), 'wsp', 'WSP Namentest')
		RETURNING id`)
	people := []*hardName{
		{name: `Johannes "Hans" de Vries`, email: "hans.devries@namentest.example"},
		{name: "Yasmina", email: "yasmina@namentest.example"},
		{name: "Zoë Çelik-Østergård", email: "zoe@namentest.example"},
	}
	base := fmt.Sprintf("/werkgevers/%d/contactpersonen", employer)
	today := time.Now().Format("2006-01-02")
	for _, p := range people {
		res := coord.PostForm(base+"/nieuw", url.Values{"naam": {p.name}, "email": {p.email}, "functie": {"hr"},
			"niveau": {"tactisch"}, "actief_vanaf": {"2024-01-01"}})
		apptest.WantStatus(t, res, http.StatusSeeOther)
		p.contact = apptest.Scalar[int64](t, env, `SELECT id FROM contacts WHERE email = $1`, p.email)
		res = coord.PostForm(fmt.Sprintf("/bezoeken/nieuw?werkgever=%d", employer), url.Values{"soort": {"bezoek"},
			"datum": {today}, "contactpersonen": {fmt.Sprint(p.contact)}, "anderen": {"Bureau Namentest"},
			"notities": {"Gesprek met " + p.name + " over stages."}, "afspraken": {p.name + " belt terug."}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("visit for %s: %d\n%.2000s", p.name, res.StatusCode, res.Body)
		}
	}
	// Hans is invited to an intake; Yasmina is named in a referral question.
	res := coord.PostForm("/intakes/nieuw", url.Values{"werkgever": {fmt.Sprint(employer)},
		"contactpersoon": {fmt.Sprint(people[0].contact)}, "dagen": {"30"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("intake invitation: %d\n%.3000s", res.StatusCode, res.Body)
	}
	res = coord.PostForm(fmt.Sprintf("/verwijzingen/nieuw?werkgever=%d", employer), url.Values{"partner": {fmt.Sprint(partner)},
		"vraag": {"Yasmina zoekt een jobcoach voor een nieuwe collega."}, "datum": {today}, "status": {"open"},
		"contactpersoon": {fmt.Sprint(people[1].contact)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("referral: %d\n%.3000s", res.StatusCode, res.Body)
	}
	profile := fmt.Sprintf("/werkgevers/%d", employer)
	page := coord.Get(profile).Body
	for _, p := range people {
		if len(hits(t, env.Pool, p.name)) == 0 || !strings.Contains(page, html.EscapeString(p.name)) {
			t.Fatalf("%q is not in the database and on the profile before the erasure: the set-up is too thin", p.name)
		}
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log WHERE changes::text LIKE '%Yasmina%'`); n < 3 {
		t.Fatalf("Yasmina is in only %d audit entries before the erasure", n)
	}

	admin := env.Login(t, apptest.Beheerder)
	for _, p := range people {
		res := admin.PostForm(fmt.Sprintf("/privacy/contactpersonen/%d/wissen", p.contact), url.Values{"bevestig": {"ja"}})
		apptest.WantStatus(t, res, http.StatusSeeOther)
	}
	page = coord.Get(profile).Body
	for _, p := range people {
		for _, v := range []string{p.name, p.email} {
			if where := hits(t, env.Pool, v); len(where) > 0 {
				t.Errorf("%q is still in %v", v, where)
			}
		}
		for _, v := range []string{p.name, html.EscapeString(p.name), p.email} {
			if strings.Contains(page, v) {
				t.Errorf("the profile (Geschiedenis) still shows %q", v)
			}
		}
	}
	if strings.Contains(page, "Hans") {
		t.Error("the profile still shows the nickname Hans")
	}
	// The visits, the referral and the intake stay, without the names.
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM visits WHERE employer_id = $1 AND notes LIKE 'Gesprek met [verwijderd] over stages.'`, employer); n != 3 {
		t.Errorf("%d visit notes with the name replaced, want 3", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM referrals WHERE employer_id = $1 AND question = '[verwijderd] zoekt een jobcoach voor een nieuwe collega.'`, employer); n != 1 {
		t.Errorf("%d referral questions with the name replaced, want 1", n)
	}
}
