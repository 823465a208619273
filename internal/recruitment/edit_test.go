package recruitment_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// TestEditProspect: a coordinator corrects a prospect's details. Bad input
// is refused with Dutch messages next to the fields and nothing changes; a
// good edit is stored, audit-logged and shown in the prospect's history; a
// stale form is a conflict; the board reads but does not edit, and another
// network's coordinator does not find it.
func TestEditProspect(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	network, _ := firstNetwork(t, env)
	id := apptest.Scalar[int64](t, env, `INSERT INTO prospects (network_id, name, name_key, source, contact_name, stage)
		VALUES ($1, 'Drukkerij Hengelo', 'drukkerij hengelo', 'gemeente', 'Jan Pers', 'benaderd') RETURNING id`, network)
	path := "/werving/" + apptest.ID(id) + "/wijzigen"
	c := env.Login(t, apptest.Coordinator)

	doc := c.Get(path).Doc(t)
	if v, _ := doc.Find("#f-organisatie").Attr("value"); v != "Drukkerij Hengelo" {
		t.Errorf("the form is not filled: %q", v)
	}
	if !strings.Contains(apptest.Text(c.Get("/werving/"+apptest.ID(id)+"/").Doc(t).Find("main")), "Gegevens wijzigen") {
		t.Error("the prospect's page does not link to the edit form")
	}
	good := url.Values{"versie": {"1"}, "organisatie": {"Drukkerij Hengelo B.V."}, "kvk": {"12345678"}, "postcode": {"7551ab"},
		"naam": {"Jan Pers"}, "functie": {"directie"}, "email": {"jan@drukkerij.example"}, "telefoon": {"074 1234567"},
		"bron": {"gemeente"}, "bron_toelichting": {"Gemeente Hengelo"}, "volgende_stap": {"Bellen"}, "volgende_stap_op": {"2030-01-15"}}
	bad := url.Values{}
	for k, v := range good {
		bad[k] = v
	}
	bad.Set("organisatie", "")
	bad.Set("email", "jan@")
	bad.Set("postcode", "75511")
	res := c.PostForm(path, bad)
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	doc = res.Doc(t)
	for field, want := range map[string]string{"organisatie": "Vul de naam van de organisatie in.",
		"email": "Vul een e-mailadres in als naam@voorbeeld.nl.", "postcode": "Vul een postcode in als 1234 AB."} {
		if got := apptest.Text(doc.Find("#f-" + field + "-error")); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
	if v, _ := doc.Find("#f-telefoon").Attr("value"); v != "074 1234567" {
		t.Errorf("input not kept: %q", v)
	}
	if got := apptest.Scalar[string](t, env, `SELECT name || ' ' || contact_email || ' ' || version FROM prospects WHERE id = $1`, id); got != "Drukkerij Hengelo  1" {
		t.Errorf("a refused edit changed %q", got)
	}

	apptest.WantStatus(t, c.PostForm(path, good), http.StatusSeeOther)
	if got := apptest.Scalar[string](t, env, `SELECT concat_ws('|', name, name_key, kvk_number, postcode, contact_function, contact_email,
		contact_phone, source_note, next_step, next_step_on, stage, version) FROM prospects WHERE id = $1`, id); got !=
		"Drukkerij Hengelo B.V.|drukkerij hengelo|12345678|7551 AB|directie|jan@drukkerij.example|074 1234567|Gemeente Hengelo|Bellen|2030-01-15|benaderd|2" {
		t.Errorf("stored %q", got)
	}
	if n := count(t, env, `SELECT count(*) FROM audit_log WHERE entity = 'prospect' AND entity_id = $1 AND action = 'gewijzigd'
		AND changes->'email'->>'new' = 'jan@drukkerij.example' AND changes->'organisatie'->>'old' = 'Drukkerij Hengelo'`, id); n != 1 {
		t.Errorf("%d audit entries of the edit", n)
	}
	hist := apptest.Text(c.Get("/werving/" + apptest.ID(id) + "/").Doc(t).Find("ol.history"))
	if !strings.Contains(hist, "organisatie: Drukkerij Hengelo → Drukkerij Hengelo B.V.") || !strings.Contains(hist, "email: jan@drukkerij.example") {
		t.Errorf("history: %s", hist)
	}

	// The same stale form again: a conflict, the input kept.
	res = c.PostForm(path, good)
	apptest.WantStatus(t, res, http.StatusConflict)
	if !strings.Contains(res.Body, "Iemand anders heeft deze werkgever intussen gewijzigd") {
		t.Error("no conflict message")
	}
	apptest.WantStatus(t, env.Login(t, apptest.Bestuur).Get(path), http.StatusForbidden)
	apptest.WantStatus(t, env.Login(t, apptest.Coordinator2).Get(path), http.StatusNotFound)
	apptest.WantStatus(t, env.Login(t, apptest.Coordinator2).PostForm(path, good), http.StatusNotFound)
}
