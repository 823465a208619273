package duplicates_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// freeKvK returns a KvK number no employer holds.
func freeKvK(t testing.TB, env *apptest.Env) string {
	t.Helper()
	return apptest.Scalar[string](t, env, `SELECT k FROM (SELECT lpad(n::text, 8, '0') AS k FROM generate_series(1, 10000) n) x
		WHERE NOT EXISTS (SELECT 1 FROM employers WHERE kvk_number = x.k) LIMIT 1`)
}

// The form offers the survivor's values and the other's where the
// survivor has none; the user's choices, field by field, are what is saved.
func TestMergeFieldByField(t *testing.T) {
	t.Parallel()
	env, c, _, s, o := setup(t)
	kvk := freeKvK(t, env)
	apptest.Exec(t, env, `UPDATE employers SET address = 'Dorpsstraat 1', notes = 'Notitie A', employee_count = 12 WHERE id = $1`, s)
	apptest.Exec(t, env, `UPDATE employers SET kvk_number = $2, notes = 'Notitie B', employee_count = 40, offers_note = 'Vergaderzaal'
		WHERE id = $1`, o, kvk)
	otherName := apptest.Scalar[string](t, env, `SELECT name FROM employers WHERE id = $1`, o)

	path := ePairPath(s, o)
	res := c.Get(path)
	apptest.WantStatus(t, res, http.StatusOK)
	doc := res.Doc(t)
	form := apptest.FormValues(doc, apptest.MainForm)
	want := map[string]string{"overlevende": apptest.ID(s), "veld_naam": apptest.ID(s), "veld_kvk": apptest.ID(o), "veld_adres": apptest.ID(s),
		"veld_medewerkers": apptest.ID(s), "veld_notities": apptest.ID(s), "veld_aanbod_toelichting": apptest.ID(o)}
	for k, v := range want {
		if form.Get(k) != v {
			t.Errorf("default %s = %q, want %q", k, form.Get(k), v)
		}
	}
	if form.Has("veld_plaats") {
		t.Error("a choice is offered for a field both have the same value in")
	}
	// Every choice is a fieldset with a legend.
	if doc.Find(`main fieldset`).Length() != doc.Find(`main fieldset > legend`).Length() || doc.Find(`main fieldset`).Length() < 7 {
		t.Error("choices without a fieldset and legend")
	}

	apptest.WantStatus(t, c.PostForm(path, apptest.With(form, "veld_naam", apptest.ID(o), "veld_medewerkers", apptest.ID(o), "veld_notities", "beide")), http.StatusSeeOther)
	var name, notes, address, offers string
	var gotKvK *string
	var employees int
	if err := env.Pool.QueryRow(t.Context(), `SELECT name, kvk_number, notes, address, offers_note, employee_count FROM employers WHERE id = $1`, s).
		Scan(&name, &gotKvK, &notes, &address, &offers, &employees); err != nil {
		t.Fatal(err)
	}
	if name != otherName || gotKvK == nil || *gotKvK != kvk || notes != "Notitie A\n\nNotitie B" || address != "Dorpsstraat 1" ||
		offers != "Vergaderzaal" || employees != 40 {
		t.Errorf("merged: %q %v %q %q %q %d", name, gotKvK, notes, address, offers, employees)
	}
	if n := count(t, env, "employers", "id", o); n != 0 {
		t.Error("the merged employer still exists")
	}
}

// The audit entry names the merged employer and what came from it; the
// profile's history says so in words.
func TestMergeAuditEntry(t *testing.T) {
	t.Parallel()
	env, c, _, s, o := setup(t)
	apptest.Exec(t, env, `UPDATE employers SET city = 'Haaksbergen' WHERE id = $1`, o)
	otherName := apptest.Scalar[string](t, env, `SELECT name FROM employers WHERE id = $1`, o)
	before := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log`)
	mergeEmployers(t, c, s, o, "veld_plaats", apptest.ID(o))
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log`); n != before+1 {
		t.Errorf("%d audit entries written, want 1", n-before)
	}
	e := mergeEntry(t, env, "employer", s)
	if e["samengevoegd_naam"].Old != otherName || e["samengevoegd_id"].Old != apptest.ID(o) {
		t.Errorf("entry does not name the merged employer: %v", e)
	}
	if e["overgenomen"].New != "Plaats" || e["plaats"].New != "Haaksbergen" || e["plaats"].Old != "Hengevelde" {
		t.Errorf("entry does not say what came from it: %v", e)
	}
	who := apptest.Scalar[string](t, env, `SELECT actor FROM audit_log WHERE entity = 'employer' AND entity_id = $1 AND action = 'samengevoegd'`, s)
	if who == "" || who == "Systeem" {
		t.Errorf("actor %q", who)
	}
	body := c.Get("/werkgevers/" + apptest.ID(s)).Body
	if !strings.Contains(body, otherName+" samengevoegd met dit profiel") {
		t.Error("the profile's history does not show the merge")
	}
	if en := c.Get("/taal?lang=en&terug=/"); en.StatusCode >= 400 {
		t.Fatalf("switch to English: %d", en.StatusCode)
	}
	if body := c.Get("/werkgevers/" + apptest.ID(s)).Body; !strings.Contains(body, otherName+" merged into this profile") {
		t.Error("the history title is not translated")
	}
}

func TestMergeContactAuditEntry(t *testing.T) {
	t.Parallel()
	env, c, _, employer, s, o := setupContacts(t)
	apptest.Exec(t, env, `UPDATE contacts SET phone = '0547 123456' WHERE id = $1`, o)
	otherName := apptest.Scalar[string](t, env, `SELECT name FROM contacts WHERE id = $1`, o)
	mergeContacts(t, c, s, o)
	e := mergeEntry(t, env, "contact", s)
	if e["samengevoegd_id"].Old != apptest.ID(o) || e["overgenomen"].New != "Telefoonnummer" {
		t.Errorf("entry %v", e)
	}
	if e["telefoon"].New != "0547 123456" {
		t.Errorf("phone change not recorded: %v", e["telefoon"])
	}
	if !strings.Contains(c.Get("/werkgevers/"+apptest.ID(employer)).Body, "Contactpersoon "+otherName+" samengevoegd met "+otherName) {
		t.Error("the history does not show the merge")
	}
	if n := count(t, env, "contacts", "id", o); n != 0 {
		t.Error("the merged contact still exists")
	}
}

// A record changed after the form was shown: 409, the page again with the
// current versions, and nothing merged.
func TestMergeVersionConflict(t *testing.T) {
	t.Parallel()
	env, c, _, s, o := setup(t)
	newContact(t, env, o, "Ina Blijft", "", 3)
	path := ePairPath(s, o)
	form := apptest.FormOf(t, c, path)
	apptest.Exec(t, env, `UPDATE employers SET notes = 'Intussen gewijzigd', version = version + 1 WHERE id = $1`, o)
	audits := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log`)

	res := c.PostForm(path, form)
	apptest.WantStatus(t, res, http.StatusConflict)
	if count(t, env, "employers", "id", o) != 1 || count(t, env, "contacts", "employer_id", o) != 1 {
		t.Error("something was merged")
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log`); n != audits {
		t.Error("an audit entry was written")
	}
	doc := res.Doc(t)
	if !strings.Contains(doc.Find(".error-summary").Text(), "intussen gewijzigd") {
		t.Error("no conflict notice")
	}
	again := apptest.FormValues(doc, apptest.MainForm)
	if again.Get("versie_b") != "2" {
		t.Errorf("the form does not carry the current version: %v", again)
	}
	// Merging again is a deliberate choice, and works.
	apptest.WantStatus(t, c.PostForm(path, again), http.StatusSeeOther)

	// Contacts too.
	cs, co := contactPair(t, env, s)
	cpath := cPairPath(cs, co)
	cform := apptest.FormOf(t, c, cpath)
	apptest.Exec(t, env, `UPDATE contacts SET version = version + 1 WHERE id = $1`, cs)
	apptest.WantStatus(t, c.PostForm(cpath, cform), http.StatusConflict)
	if count(t, env, "contacts", "id", co) != 1 {
		t.Error("contact merged despite the conflict")
	}
}

// A form that does not say what to keep is shown again with Dutch
// messages and the input kept.
func TestMergeInvalid(t *testing.T) {
	t.Parallel()
	env, c, _, s, o := setup(t)
	apptest.Exec(t, env, `UPDATE employers SET notes = $2 WHERE id = $1`, s, strings.Repeat("a", 6000))
	apptest.Exec(t, env, `UPDATE employers SET notes = $2 WHERE id = $1`, o, strings.Repeat("b", 6000))
	path := ePairPath(s, o)
	form := apptest.FormOf(t, c, path)
	posted := apptest.With(form, "overlevende", "12345", "veld_naam", apptest.ID(o))
	posted.Del("veld_notities")
	res := c.PostForm(path, posted)
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	doc := res.Doc(t)
	summary := doc.Find(".error-summary").Text()
	if !strings.Contains(summary, "Kies welke van de twee blijft bestaan.") || !strings.Contains(summary, "Kies welke waarde van notities blijft.") {
		t.Errorf("summary %q", summary)
	}
	if doc.Find(`.error-summary a[href="#f-overlevende"]`).Length() == 0 {
		t.Error("the summary does not link to the question")
	}
	if v := doc.Find(`input[name="veld_naam"][checked]`).AttrOr("value", ""); v != apptest.ID(o) {
		t.Errorf("the choice was not kept: %q", v)
	}
	if count(t, env, "employers", "id", o) != 1 {
		t.Error("merged despite the errors")
	}

	// Both notes together are too long for the column.
	res = c.PostForm(path, apptest.With(form, "veld_notities", "beide"))
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	if msg := res.Doc(t).Find(`#f-veld_notities .field-error`).Text(); !strings.Contains(msg, "12002 tekens") {
		t.Errorf("notes error %q", msg)
	}

	// A contact's chosen dates must still make a period.
	cs, co := contactPair(t, env, s)
	apptest.Exec(t, env, `UPDATE contacts SET active_from = current_date - 10 WHERE id = $1`, cs)
	apptest.Exec(t, env, `UPDATE contacts SET active_from = current_date - 400, active_until = current_date - 300 WHERE id = $1`, co)
	cpath := cPairPath(cs, co)
	res = c.PostForm(cpath, apptest.With(apptest.FormOf(t, c, cpath), "veld_actief_tot", apptest.ID(co)))
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	if msg := res.Doc(t).Find(`#f-veld_actief_tot .field-error`).Text(); !strings.Contains(msg, "vóór Actief vanaf") {
		t.Errorf("dates error %q", msg)
	}
}

// Another network's employer is 404 everywhere, the board may not merge,
// a coordinator never merges across networks, the beheerder does.
func TestMergeAuthorization(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	a1, b1 := employerPair(t, env, net1)
	a2, _ := employerPair(t, env, net2)
	ca, cb := contactPair(t, env, a1)
	coord, bestuur := env.Login(t, apptest.Coordinator), env.Login(t, apptest.Bestuur)
	post := func(c *apptest.Client, path string) *apptest.Response {
		return c.PostForm(path, url.Values{"overlevende": {strings.Split(path, "/")[3]}, "versie_a": {"1"}, "versie_b": {"1"}})
	}
	cases := []struct {
		name   string
		client *apptest.Client
		path   string
		want   int
	}{
		{"coordinator, other network in the URL", coord, ePairPath(a1, a2), http.StatusNotFound},
		{"coordinator, other network first", coord, ePairPath(a2, a1), http.StatusNotFound},
		{"coordinator2, first network's pair", env.Login(t, apptest.Coordinator2), ePairPath(a1, b1), http.StatusNotFound},
		{"coordinator2, first network's contacts", env.Login(t, apptest.Coordinator2), cPairPath(ca, cb), http.StatusNotFound},
		{"bestuur", bestuur, ePairPath(a1, b1), http.StatusForbidden},
		{"bestuur, contacts", bestuur, cPairPath(ca, cb), http.StatusForbidden},
		{"the same employer twice", coord, ePairPath(a1, a1), http.StatusNotFound},
		{"no number", coord, "/dubbelen/werkgevers/x/1", http.StatusNotFound},
	}
	for _, tc := range cases {
		if res := tc.client.Get(tc.path); res.StatusCode != tc.want {
			t.Errorf("GET %s: %d, want %d", tc.name, res.StatusCode, tc.want)
		}
		if res := post(tc.client, tc.path); res.StatusCode != tc.want {
			t.Errorf("POST %s: %d, want %d", tc.name, res.StatusCode, tc.want)
		}
	}
	if count(t, env, "employers", "id", b1) != 1 || count(t, env, "employers", "id", a2) != 1 || count(t, env, "contacts", "id", cb) != 1 {
		t.Fatal("a refused merge changed something")
	}

	// A coordinator of both networks still may not merge across them.
	apptest.Exec(t, env, `INSERT INTO user_networks (user_id, network_id) SELECT id, $2 FROM users WHERE email = $1`, apptest.Coordinator, net2)
	both := env.Login(t, apptest.Coordinator)
	res := both.Get(ePairPath(a1, a2))
	apptest.WantStatus(t, res, http.StatusForbidden)
	if !strings.Contains(res.Body, "Alleen de beheerder kan werkgevers uit verschillende netwerken samenvoegen.") {
		t.Error("the refusal does not say why")
	}
	apptest.WantStatus(t, post(both, ePairPath(a1, a2)), http.StatusForbidden)

	// Contacts of two networks: not even the beheerder.
	admin := env.Login(t, apptest.Beheerder)
	c2 := newContact(t, env, a2, "Elders Werkzaam", "", 1)
	apptest.WantStatus(t, admin.Get(cPairPath(ca, c2)), http.StatusForbidden)

	// The beheerder merges employers of two networks.
	mergeEmployers(t, admin, a1, a2, "veld_netwerk", apptest.ID(a1))
	if count(t, env, "employers", "id", a2) != 0 {
		t.Error("the beheerder's merge across networks did not happen")
	}
}
