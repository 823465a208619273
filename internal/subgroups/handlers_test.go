package subgroups_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
)

func TestCreateShowAndEdit(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1 := networkAt(t, env, 1)
	lead := activeContacts(t, env, net1, 0, 1)[0]
	leadName := apptest.Scalar[string](t, env, `SELECT name FROM contacts WHERE id = $1`, lead)

	// The form offers the network's active contacts as lead, "Naam — Werkgever".
	doc := coord.Get("/subgroepen/nieuw").Doc(t)
	option := doc.Find(fmt.Sprintf(`select[name=kartrekker] option[value="%d"]`, lead))
	employer := apptest.Scalar[string](t, env, `SELECT e.name FROM contacts c JOIN employers e ON e.id = c.employer_id WHERE c.id = $1`, lead)
	if got := apptest.Text(option); got != leadName+" — "+employer {
		t.Errorf("lead option %q, want %q", got, leadName+" — "+employer)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM contacts c JOIN employers e ON e.id = c.employer_id
		WHERE e.network_id = $1 AND c.active_until IS NULL`, net1); doc.Find("select[name=kartrekker] option[value!='']").Length() != n {
		t.Errorf("%d lead options, want the %d active contacts of the network", doc.Find("select[name=kartrekker] option[value!='']").Length(), n)
	}

	v := validForm(net1, "Werkgroep Passend werk")
	v.Set("thema", apptest.ID(apptest.Scalar[int64](t, env, `SELECT id FROM themes WHERE name = 'Jobcarving en passend werk'`)))
	v["functies"] = []string{"hr", "leidinggevende"}
	v.Set("kartrekker", apptest.ID(lead))
	res := coord.PostForm("/subgroepen/nieuw", v)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	sid, err := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), "/subgroepen/"), 10, 64)
	if err != nil {
		t.Fatalf("redirect to %q", res.Header.Get("Location"))
	}
	page := coord.Get(sPath(sid, ""))
	apptest.WantStatus(t, page, http.StatusOK)
	doc = page.Doc(t)
	if got := apptest.Text(doc.Find(".flash")); got != "Subgroep Werkgroep Passend werk is toegevoegd." {
		t.Errorf("flash %q", got)
	}
	summary := apptest.Text(doc.Find(".summary-list"))
	for _, want := range []string{"Jobcarving en passend werk", "HR, Leidinggevende", leadName, employer} {
		if !strings.Contains(summary, want) {
			t.Errorf("details lack %q: %q", want, summary)
		}
	}
	if got := apptest.Text(doc.Find("h1")); got != "Werkgroep Passend werk" {
		t.Errorf("heading %q", got)
	}

	// Edit: the stored values are in the form; a change is saved and audited.
	form := apptest.FormOf(t, coord, sPath(sid, "/bewerken"))
	if form.Get("kartrekker") != apptest.ID(lead) || !slices.Equal(form["functies"], []string{"hr", "leidinggevende"}) || form.Get("versie") != "1" {
		t.Errorf("edit form %v", form)
	}
	res = coord.PostForm(sPath(sid, "/bewerken"), apptest.With(form, "naam", "Werkgroep Jobcarving", "einddatum", time.Now().AddDate(0, 1, 0).Format("2006-01-02")))
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if res.Header.Get("Location") != sPath(sid, "") {
		t.Errorf("after saving to %q", res.Header.Get("Location"))
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'subgroup' AND entity_id = $1 AND action = 'gewijzigd'
		AND changes->'naam'->>'new' = 'Werkgroep Jobcarving' AND changes ? 'einddatum' AND actor = 'Corien de Vries'`, sid); n != 1 {
		t.Errorf("%d audit entries for the edit", n)
	}
	if got := apptest.Text(coord.Get(sPath(sid, "")).Doc(t).Find(".lead .tag")); !strings.HasPrefix(got, "eindigt op ") {
		t.Errorf("an end date ahead reads %q", got)
	}

	// The list finds it by name, kind and theme, with its lead.
	list := coord.Get("/subgroepen?q=jobcarv&soort=kenniskring").Doc(t)
	if got := apptest.Text(list.Find(fmt.Sprintf(`table a[href=%q]`, sPath(sid, "")))); got != "Werkgroep Jobcarving" {
		t.Errorf("list link %q", got)
	}
	if !strings.Contains(apptest.Text(list.Find("tbody")), leadName) {
		t.Errorf("list does not name the lead")
	}
	if got := apptest.Text(coord.Get("/subgroepen?soort=werkgroep&q=jobcarv").Doc(t).Find(".result-count")); got != "0 subgroepen gevonden" {
		t.Errorf("kind filter: %q", got)
	}
}

func TestListShowsOwnNetworksOnly(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	mine := newSubgroup(t, env, net1, "Zichtbaar voor netwerk 1")
	theirs := newSubgroup(t, env, net2, "Geheime groep van netwerk 2")

	doc := env.Login(t, apptest.Coordinator).Get("/subgroepen").Doc(t)
	body := doc.Find("main").Text()
	if !strings.Contains(body, "Zichtbaar voor netwerk 1") || strings.Contains(body, "Geheime groep") {
		t.Errorf("coordinator's list: %q", apptest.Text(doc.Find("tbody")))
	}
	if doc.Find("th:contains('Netwerk')").Length() != 0 {
		t.Errorf("a coordinator of one network sees a network column")
	}
	want := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM subgroups WHERE network_id = $1`, net1)
	if got := apptest.Text(doc.Find(".result-count")); got != fmt.Sprintf("%d subgroepen gevonden", want) {
		t.Errorf("count %q, want %d", got, want)
	}
	// The board reads every network of theirs, with the network named; no
	// button to add.
	doc = env.Login(t, apptest.Bestuur).Get("/subgroepen?netwerk=" + apptest.ID(net2)).Doc(t)
	if !strings.Contains(doc.Find("main").Text(), "Geheime groep") || strings.Contains(doc.Find("main").Text(), "Zichtbaar voor netwerk 1") {
		t.Errorf("network filter: %q", apptest.Text(doc.Find("tbody")))
	}
	if doc.Find(`a[href="/subgroepen/nieuw"]`).Length() != 0 {
		t.Errorf("bestuur is offered to add a subgroup")
	}
	_, _ = mine, theirs
}

// fieldCase is one invalid value for one field.
type fieldCase struct {
	field, value, want string
	keep               bool // the re-rendered form shows the value as typed
}

// TestFormValidation posts the form with one bad field at a time: 422, the
// Dutch message next to that field (and no other) and in the summary, the
// input kept, and nothing saved.
func TestFormValidation(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	foreign := activeContacts(t, env, net2, 0, 1)[0]
	gone := insertContact(t, env, net1, "Al Vertrokken")
	apptest.Exec(t, env, `UPDATE contacts SET active_until = current_date WHERE id = $1`, gone)

	cases := []fieldCase{
		{"naam", "", "Vul de naam van de subgroep in.", true},
		{"naam", "   ", "Vul de naam van de subgroep in.", false},
		{"naam", strings.Repeat("x", 121), "De naam mag hoogstens 120 tekens hebben.", true},
		{"naam", "inclusief INKOPEN", "Er is in dit netwerk al een subgroep met de naam inclusief INKOPEN. Kies een andere naam.", true},
		{"soort", "", "Kies de soort subgroep.", false},
		{"soort", "club", "Kies de soort subgroep.", false},
		{"thema", "999999", "Kies een thema uit de lijst.", false},
		{"beschrijving", strings.Repeat("b", 4001), "De beschrijving mag hoogstens 4000 tekens hebben.", true},
		{"functies", "bestuurder", "Een van de gekozen functies bestaat niet (meer).", false},
		{"kartrekker", apptest.ID(foreign), "Kies als kartrekker een actieve contactpersoon van een werkgever in dit netwerk.", false},
		{"kartrekker", apptest.ID(gone), "Kies als kartrekker een actieve contactpersoon van een werkgever in dit netwerk.", false},
		{"kartrekker", "abc", "Kies als kartrekker een actieve contactpersoon van een werkgever in dit netwerk.", false},
		{"einddatum", "31-12-2030", "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).", true},
		{"einddatum", "2999-01-01", "Deze datum ligt te ver in de toekomst.", true},
		{"einddatum", "1950-01-01", "Deze datum ligt te ver terug.", true},
		{"netwerk", apptest.ID(net2), "Kies het netwerk van deze subgroep.", false},
	}
	for _, path := range []string{"/subgroepen/nieuw", sPath(demoSubgroup(t, env, 1, "Kenniskring HR"), "/bewerken")} {
		base := validForm(net1, "Nieuwe kenniskring")
		if path != "/subgroepen/nieuw" {
			base = apptest.FormOf(t, coord, path)
		}
		for i, tc := range cases {
			label := fmt.Sprintf("%s %s=%.20q", path, tc.field, tc.value)
			kept := fmt.Sprintf("Bewaard %d", i)
			keepField := "beschrijving"
			if tc.field == keepField {
				keepField = "naam"
			}
			v := apptest.With(base, tc.field, tc.value, keepField, kept)
			before := auditRows(t, env)
			res := coord.PostForm(path, v)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", label, res.StatusCode)
				continue
			}
			doc := res.Doc(t)
			apptest.CheckFieldError(t, doc, tc.field, tc.want)
			if got := apptest.FieldsWithErrors(doc); !slices.Equal(got, []string{tc.field}) {
				t.Errorf("%s: errors on %v, want only on %s: %s", label, got, tc.field, apptest.Text(doc.Find(".error-summary")))
			}
			if tc.keep {
				if got := apptest.ValueOf(doc, tc.field); got != tc.value {
					t.Errorf("%s: form shows %.30q, want the input kept", label, got)
				}
			}
			if got := apptest.ValueOf(doc, keepField); got != kept {
				t.Errorf("%s: %s shows %q, want %q kept", label, keepField, got, kept)
			}
			if !strings.HasPrefix(doc.Find("title").Text(), "Fout:") {
				t.Errorf("%s: title %q", label, doc.Find("title").Text())
			}
			if n := auditRows(t, env); n != before {
				t.Errorf("%s: audit trail written", label)
			}
		}
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM subgroups WHERE name LIKE 'Bewaard%' OR name = 'Nieuwe kenniskring'`); n != 0 {
		t.Errorf("%d invalid subgroups saved", n)
	}

	// Renaming a subgroup to another one's name in the network is refused.
	hr := demoSubgroup(t, env, 1, "Kenniskring HR")
	res := coord.PostForm(sPath(hr, "/bewerken"), apptest.With(apptest.FormOf(t, coord, sPath(hr, "/bewerken")), "naam", "Masterclass Directie"))
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	apptest.CheckFieldError(t, res.Doc(t), "naam", "Er is in dit netwerk al een subgroep met de naam Masterclass Directie.")
}

// TestLeadAndNetworkRules: an administrator, who may write everywhere,
// hears why a contact of another network cannot lead; the subgroup of a
// network moves only while it has no members.
func TestLeadAndNetworkRules(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Login(t, apptest.Beheerder)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	foreign := activeContacts(t, env, net2, 0, 1)[0]
	name := apptest.Scalar[string](t, env, `SELECT name FROM contacts WHERE id = $1`, foreign)

	v := validForm(net1, "Groep met vreemde kartrekker")
	v.Set("kartrekker", apptest.ID(foreign))
	res := admin.PostForm("/subgroepen/nieuw", v)
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	apptest.CheckFieldError(t, res.Doc(t), "kartrekker", name+" werkt bij een werkgever in een ander netwerk.")
	// Chosen network 1: the lead list offers network 1's contacts only.
	if res.Doc(t).Find(fmt.Sprintf(`select[name=kartrekker] option[value="%d"]`, foreign)).Length() != 0 {
		t.Errorf("the re-rendered form offers a contact of another network")
	}

	sg := demoSubgroup(t, env, 1, "Inclusief inkopen")
	res = admin.PostForm(sPath(sg, "/bewerken"), apptest.With(apptest.FormOf(t, admin, sPath(sg, "/bewerken")), "netwerk", apptest.ID(net2), "kartrekker", ""))
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	apptest.CheckFieldError(t, res.Doc(t), "netwerk", "Deze subgroep heeft al leden uit zijn netwerk")
	empty := newSubgroup(t, env, net1, "Lege groep")
	res = admin.PostForm(sPath(empty, "/bewerken"), apptest.With(apptest.FormOf(t, admin, sPath(empty, "/bewerken")), "netwerk", apptest.ID(net2)))
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if nw := apptest.Scalar[int64](t, env, `SELECT network_id FROM subgroups WHERE id = $1`, empty); nw != net2 {
		t.Errorf("empty subgroup not moved")
	}

	// A lead who has left is named on the form; saving drops them.
	lead := apptest.Scalar[int64](t, env, `SELECT lead_contact_id FROM subgroups WHERE id = $1`, sg)
	apptest.Exec(t, env, `UPDATE contacts SET active_until = current_date, is_primary = false WHERE id = $1`, lead)
	doc := admin.Get(sPath(sg, "/bewerken")).Doc(t)
	if hint := apptest.Text(doc.Find("#f-kartrekker-hint")); !strings.Contains(hint, "is niet meer actief") {
		t.Errorf("lead hint %q", hint)
	}
}

// TestVersionConflict: two people edit the same subgroup; the second to
// save gets 409 with their input kept and the differences shown; saving
// again from there is deliberate.
func TestVersionConflict(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	first := env.Login(t, apptest.Coordinator)
	second := env.Login(t, apptest.Beheerder)
	sg := demoSubgroup(t, env, 1, "Kenniskring HR")
	path := sPath(sg, "/bewerken")
	formA, formB := apptest.FormOf(t, first, path), apptest.FormOf(t, second, path)

	apptest.WantStatus(t, first.PostForm(path, apptest.With(formA, "beschrijving", "Van de eerste")), http.StatusSeeOther)
	before := auditRows(t, env)
	res := second.PostForm(path, apptest.With(formB, "naam", "Kenniskring HR en werving"))
	apptest.WantStatus(t, res, http.StatusConflict)
	doc := res.Doc(t)
	if got := apptest.ValueOf(doc, "naam"); got != "Kenniskring HR en werving" {
		t.Errorf("conflict form shows naam %q, want the input kept", got)
	}
	notice := apptest.Text(doc.Find(".error-summary").First())
	if !strings.Contains(notice, "Iemand anders heeft deze subgroep intussen gewijzigd") || !strings.Contains(notice, "Corien de Vries") {
		t.Errorf("conflict notice %q", notice)
	}
	rows := map[string]string{}
	doc.Find(".error-summary tbody tr").Each(func(_ int, tr *goquery.Selection) {
		rows[apptest.Text(tr.Find("th"))] = apptest.Text(tr.Find("td").Eq(0)) + " | " + apptest.Text(tr.Find("td").Eq(1))
	})
	if rows["Beschrijving"] != "Van de eerste | "+formB.Get("beschrijving") || rows["Naam"] != "Kenniskring HR | Kenniskring HR en werving" {
		t.Errorf("differences %v", rows)
	}
	if n := auditRows(t, env); n != before {
		t.Errorf("refused save wrote the audit trail")
	}
	if got := apptest.Scalar[string](t, env, `SELECT name FROM subgroups WHERE id = $1`, sg); got != "Kenniskring HR" {
		t.Errorf("lost update: name %q", got)
	}
	again := apptest.FormValues(doc, apptest.MainForm)
	if again.Get("versie") != "2" {
		t.Errorf("conflict form carries version %q, want 2", again.Get("versie"))
	}
	apptest.WantStatus(t, second.PostForm(path, again), http.StatusSeeOther)
	if got := apptest.Scalar[string](t, env, `SELECT name FROM subgroups WHERE id = $1`, sg); got != "Kenniskring HR en werving" {
		t.Errorf("deliberate overwrite: name %q", got)
	}
}
