package partners_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// validPartner is a complete, valid partner form in a region.
func validPartner(region int64, name string) url.Values {
	return url.Values{"naam": {name}, "regio": {apptest.ID(region)}, "soort": {"reintegratiebureau"}, "contactpersoon": {"Rik Rozendaal"},
		"email": {"rik@werkfit.example.nl"}, "telefoon": {"053-1234567"}, "website": {"https://werkfit.example.nl"},
		"notities": {"Werkt met vaste jobcoaches."}}
}

func TestPartnerCreateShowEditAndList(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	twente := regionID(t, env, "Twente")
	coaching, keep := tagID(t, env, "Begeleiding op de werkvloer"), tagID(t, env, "Behoud en doorgroei")

	// The new form offers the coordinator's own region only, chosen already.
	doc := coord.Get("/partners/nieuw").Doc(t)
	if got := apptest.ValueOf(doc, "regio"); got != apptest.ID(twente) {
		t.Errorf("region preselected %q, want Twente", got)
	}
	if n := doc.Find("select[name=regio] option[value!='']").Length(); n != 1 {
		t.Errorf("%d regions offered to a coordinator of one region", n)
	}

	v := validPartner(twente, "Re-integratiebureau WerkFit")
	v["helpt_bij"] = []string{apptest.ID(keep), apptest.ID(coaching)}
	v.Set("website", "www.werkfit.example.nl")
	res := coord.PostForm("/partners/nieuw", v)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	pid := locationID(t, res, "/partners/")
	page := coord.Get(pPath(pid, "")).Doc(t)
	if got := apptest.Text(page.Find(".flash")); got != "Partner Re-integratiebureau WerkFit is toegevoegd." {
		t.Errorf("flash %q", got)
	}
	details := apptest.Text(page.Find(".summary-list"))
	for _, want := range []string{"Rik Rozendaal", "rik@werkfit.example.nl", "053-1234567", "https://www.werkfit.example.nl",
		"Begeleiding op de werkvloer, Behoud en doorgroei"} {
		if !strings.Contains(details, want) {
			t.Errorf("details lack %q: %q", want, details)
		}
	}
	if got := apptest.Text(page.Find(".lead")); got != "Re-integratiebureau · Twente" {
		t.Errorf("lead %q", got)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'partner' AND entity_id = $1 AND action = 'aangemaakt'
		AND actor = 'Corien de Vries' AND changes->'helpt_bij'->>'new' = 'Begeleiding op de werkvloer, Behoud en doorgroei'`, pid); n != 1 {
		t.Errorf("%d audit entries for the creation", n)
	}

	// Edit: the stored values are in the form; a change is saved and audited.
	form := apptest.FormOf(t, coord, pPath(pid, "/bewerken"))
	if !slices.Equal(form["helpt_bij"], []string{apptest.ID(coaching), apptest.ID(keep)}) || form.Get("versie") != "1" || form.Get("soort") != "reintegratiebureau" {
		t.Errorf("edit form %v", form)
	}
	res = coord.PostForm(pPath(pid, "/bewerken"), apptest.With(form, "naam", "WerkFit Twente", "telefoon", ""))
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if res.Header.Get("Location") != pPath(pid, "") {
		t.Errorf("after saving to %q", res.Header.Get("Location"))
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'partner' AND entity_id = $1 AND action = 'gewijzigd'
		AND changes->'naam'->>'new' = 'WerkFit Twente' AND changes->'telefoon'->>'old' = '053-1234567'`, pid); n != 1 {
		t.Errorf("%d audit entries for the edit", n)
	}

	// The list: by default the regions of the user's networks.
	list := coord.Get("/partners").Doc(t)
	body := apptest.Text(list.Find("tbody"))
	if !strings.Contains(body, "WerkFit Twente") || strings.Contains(body, "Groot Amsterdam") {
		t.Errorf("default list: %q", body)
	}
	want := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM partners WHERE region_id = $1`, twente)
	if got := apptest.Text(list.Find(".result-count")); got != fmt.Sprintf("%d partners gevonden", want) {
		t.Errorf("count %q, want %d", got, want)
	}
	if got := apptest.Text(list.Find("select[name=regio] option[value='']")); got != "Regio's van mijn netwerken (Twente)" {
		t.Errorf("default region option %q", got)
	}
	row := list.Find(fmt.Sprintf(`tbody a[href=%q]`, pPath(pid, ""))).Closest("tr")
	if got := cells(row); got != "WerkFit Twente | Re-integratiebureau | Twente | Begeleiding op de werkvloer, Behoud en doorgroei | 0" {
		t.Errorf("row %q", got)
	}
	// Every region, one region, a kind, a challenge, a name.
	filters := []struct {
		query string
		want  string // SQL count of partners
	}{
		{"regio=alle", `SELECT count(*)::int FROM partners`},
		{"regio=" + apptest.ID(regionID(t, env, "Groot Amsterdam")), `SELECT count(*)::int FROM partners p JOIN regions r ON r.id = p.region_id WHERE r.name = 'Groot Amsterdam'`},
		{"regio=alle&soort=wsp", `SELECT count(*)::int FROM partners WHERE kind = 'wsp'`},
		{"helpt_bij=" + apptest.ID(keep), `SELECT count(*)::int FROM partners p JOIN partner_tags pt ON pt.partner_id = p.id WHERE p.region_id = ` + apptest.ID(twente) + ` AND pt.tag_id = ` + apptest.ID(keep)},
		{"q=werkfit", `SELECT 1`},
		{"regio=alle&q=onbeperkt", `SELECT count(*)::int FROM partners WHERE name = 'Onbeperkt aan de Slag'`},
	}
	for _, f := range filters {
		want := apptest.Scalar[int](t, env, f.want)
		got := apptest.Text(coord.Get("/partners?" + f.query).Doc(t).Find(".result-count"))
		if got != fmt.Sprintf("%d partners gevonden", want) && !(want == 1 && got == "1 partner gevonden") {
			t.Errorf("%s: %q, want %d", f.query, got, want)
		}
	}
}

func TestPartnerValidation(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	twente := regionID(t, env, "Twente")
	long := func(n int) string { return strings.Repeat("a", n) }
	cases := []struct {
		field, value, want string
	}{
		{"naam", "", "Vul de naam van de partner in."},
		{"naam", long(201), "De naam mag hoogstens 200 tekens hebben."},
		{"naam", "werkgeversservicepunt twente", "Er is in Twente al een partner met de naam werkgeversservicepunt twente."},
		{"regio", "", "Kies de arbeidsmarktregio van deze partner."},
		{"regio", apptest.ID(regionID(t, env, "Groot Amsterdam")), "Kies de arbeidsmarktregio van deze partner."},
		{"soort", "makelaar", "Kies de soort organisatie."},
		{"contactpersoon", long(121), "De naam van de contactpersoon mag hoogstens 120 tekens hebben."},
		{"email", "rik@werkfit", "Vul een geldig e-mailadres in, zoals naam@organisatie.nl."},
		{"telefoon", "bel mij maar", "Vul een telefoonnummer in met alleen cijfers"},
		{"website", "javascript:alert(1)", "Vul een webadres in dat begint met http:// of https://"},
		{"website", "ftp://bestanden.example.nl", "Vul een webadres in dat begint met http:// of https://"},
		{"website", "https://localhost", "Vul een webadres in dat begint met http:// of https://"},
		{"website", "https://" + long(300) + ".nl", "Het webadres mag hoogstens 300 tekens hebben."},
		{"helpt_bij", "999999", "Een van de gekozen uitdagingen bestaat niet (meer)."},
		{"notities", long(4001), "De notities mogen hoogstens 4000 tekens hebben."},
	}
	before := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM partners`)
	for _, c := range cases {
		v := apptest.With(validPartner(twente, "Nieuwe partner"), c.field, c.value)
		res := coord.PostForm("/partners/nieuw", v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s=%.20q: status %d, want 422", c.field, c.value, res.StatusCode)
			continue
		}
		doc := res.Doc(t)
		apptest.CheckFieldError(t, doc, c.field, c.want)
		if got := apptest.FieldsWithErrors(doc); len(got) != 1 {
			t.Errorf("%s=%.20q: errors on %v, want only %s", c.field, c.value, got, c.field)
		}
		// The input is kept, so the user corrects rather than retypes.
		if got := apptest.ValueOf(doc, "contactpersoon"); c.field != "contactpersoon" && got != "Rik Rozendaal" {
			t.Errorf("%s: contact person shown as %q", c.field, got)
		}
		if c.field == "naam" || c.field == "email" || c.field == "telefoon" || c.field == "website" {
			if got := apptest.ValueOf(doc, c.field); got != strings.TrimSpace(c.value) {
				t.Errorf("%s: shown again as %.30q", c.field, got)
			}
		}
		if !strings.HasPrefix(doc.Find("title").Text(), "Fout: ") {
			t.Errorf("%s: title %q lacks Fout:", c.field, doc.Find("title").Text())
		}
	}
	if after := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM partners`); after != before {
		t.Errorf("invalid forms saved %d partners", after-before)
	}
	// The same name in another region is fine, for its own coordinator.
	res := env.Login(t, apptest.Coordinator2).PostForm("/partners/nieuw",
		apptest.With(validPartner(regionID(t, env, "Groot Amsterdam"), "Werkgeversservicepunt Twente")))
	apptest.WantStatus(t, res, http.StatusSeeOther)
	// Renaming onto another partner's name is refused as well.
	pid := newPartner(t, env, twente, "Tijdelijke naam", "")
	res = coord.PostForm(pPath(pid, "/bewerken"), apptest.With(apptest.FormOf(t, coord, pPath(pid, "/bewerken")), "naam", "Onbeperkt aan de Slag"))
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	apptest.CheckFieldError(t, res.Doc(t), "naam", "Er is in Twente al een partner met de naam Onbeperkt aan de Slag.")
}

func TestPartnerVersionConflict(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	admin := env.Login(t, apptest.Beheerder)
	pid := newPartner(t, env, regionID(t, env, "Twente"), "Jobcoach Oost", "info@jobcoach.example.nl")

	mine := apptest.FormOf(t, coord, pPath(pid, "/bewerken"))
	apptest.WantStatus(t, admin.PostForm(pPath(pid, "/bewerken"), apptest.With(apptest.FormOf(t, admin, pPath(pid, "/bewerken")), "notities", "Door de beheerder")), http.StatusSeeOther)
	res := coord.PostForm(pPath(pid, "/bewerken"), apptest.With(mine, "notities", "Door de coördinator"))
	apptest.WantStatus(t, res, http.StatusConflict)
	doc := res.Doc(t)
	conflict := apptest.Text(doc.Find(".error-summary"))
	for _, want := range []string{"Iemand anders heeft deze partner intussen gewijzigd", "Bea Beheer", "Door de beheerder", "Door de coördinator"} {
		if !strings.Contains(conflict, want) {
			t.Errorf("conflict notice lacks %q: %q", want, conflict)
		}
	}
	if got := apptest.ValueOf(doc, "notities"); got != "Door de coördinator" {
		t.Errorf("input not kept: %q", got)
	}
	if got := apptest.ValueOf(doc, "versie"); got != "2" {
		t.Errorf("version %q, want the current 2", got)
	}
	if got := apptest.Scalar[string](t, env, `SELECT notes FROM partners WHERE id = $1`, pid); got != "Door de beheerder" {
		t.Errorf("stale save changed the partner: %q", got)
	}
	// Saving again is a deliberate overwrite.
	apptest.WantStatus(t, coord.PostForm(pPath(pid, "/bewerken"), apptest.FormValues(doc, apptest.MainForm)), http.StatusSeeOther)
	if got := apptest.Scalar[string](t, env, `SELECT notes FROM partners WHERE id = $1`, pid); got != "Door de coördinator" {
		t.Errorf("overwrite not saved: %q", got)
	}
}
