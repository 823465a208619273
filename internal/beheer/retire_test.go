package beheer_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/refcache"
)

// offers says whether the employer form at path offers the value v for the
// field name (a checkbox or an option).
func offers(t *testing.T, c *apptest.Client, path, name, v string) bool {
	t.Helper()
	res := c.Get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", path, res.StatusCode)
	}
	doc := res.Doc(t)
	return doc.Find(fmt.Sprintf(`input[name=%q][value=%q], select[name=%q] option[value=%q]`, name, v, name, v)).Length() > 0
}

// A retired challenge leaves the forms but not the records: the employer
// that holds it still shows it, saves unchanged without a 422, and the
// dashboard still counts it; another employer cannot pick it. Retiring
// reaches a second instance through its reference cache.
func TestRetiredValueStaysOnRecordsOnly(t *testing.T) {
	t.Parallel()
	pool := apptest.DemoDB(t)
	cacheA, cacheB := refcache.New(pool), refcache.New(pool)
	t.Cleanup(cacheA.Close)
	t.Cleanup(cacheB.Close)
	envA := apptest.NewWith(t, pool, app.Options{ReferenceCache: cacheA})
	envB := apptest.NewWith(t, pool, app.Options{ReferenceCache: cacheB})
	dbtest.Eventually(t, func() bool { return cacheA.Listening() && cacheB.Listening() })
	admin, coord := envA.Login(t, apptest.Beheerder), envB.Login(t, apptest.Coordinator)

	holder, _ := envA.EmployerOf(t, 1, "lid")
	other := scalar[int64](t, pool, `SELECT min(id) FROM employers WHERE network_id = (SELECT network_id FROM employers WHERE id = $1) AND id <> $1`, holder)
	tag := scalar[int64](t, pool, `SELECT id FROM tags WHERE kind = 'uitdaging' ORDER BY position LIMIT 1`)
	name := scalar[string](t, pool, `SELECT name FROM tags WHERE id = $1`, tag)
	apptest.Exec(t, pool, `DELETE FROM employer_tags WHERE tag_id = $1 AND employer_id = $2`, tag, other)
	apptest.Exec(t, pool, `INSERT INTO employer_tags (employer_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, holder, tag)
	holderForm, otherForm := "/werkgevers/"+itoa(holder)+"/bewerken", "/werkgevers/"+itoa(other)+"/bewerken"
	if !offers(t, coord, otherForm, "tags", itoa(tag)) { // fills B's cache
		t.Fatal("the challenge is not offered before it is retired")
	}

	if res := post(admin, "/beheer/referentie/uitdagingen/"+itoa(tag)+"/buiten-gebruik"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("retire: %d", res.StatusCode)
	}
	if res := admin.Get("/beheer/referentie/uitdagingen"); !strings.Contains(apptest.Text(res.Doc(t).Find("#waarde-"+itoa(tag))), "Niet meer in gebruik") {
		t.Error("the list does not show the value as retired")
	}
	// Instance B learns of it through NOTIFY, not at once.
	dbtest.Eventually(t, func() bool { return !offers(t, coord, otherForm, "tags", itoa(tag)) })
	if !offers(t, coord, holderForm, "tags", itoa(tag)) {
		t.Error("the form of the employer that holds it no longer shows it")
	}
	if !strings.Contains(coord.Get("/werkgevers/"+itoa(holder)).Body, name) {
		t.Error("the profile no longer shows the retired challenge")
	}

	// Saving the holder unchanged keeps it; the other cannot pick it.
	values := apptest.FormValues(coord.Get(holderForm).Doc(t), "form[method=post]")
	if res := coord.PostForm(holderForm, values); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving unchanged: %d %s", res.StatusCode, apptest.Text(res.Doc(t).Find(".error-summary")))
	}
	if n := scalar[int](t, pool, `SELECT count(*)::int FROM employer_tags WHERE employer_id = $1 AND tag_id = $2`, holder, tag); n != 1 {
		t.Error("saving unchanged dropped the retired challenge")
	}
	values = apptest.FormValues(coord.Get(otherForm).Doc(t), "form[method=post]")
	values.Add("tags", itoa(tag))
	if res := coord.PostForm(otherForm, values); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("picking a retired challenge: %d", res.StatusCode)
	}

	// The dashboard still counts it.
	if !strings.Contains(coord.Get("/dashboard").Body, name) {
		t.Error("the dashboard no longer shows the retired challenge")
	}

	if res := post(admin, "/beheer/referentie/uitdagingen/"+itoa(tag)+"/weer-in-gebruik"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", res.StatusCode)
	}
	dbtest.Eventually(t, func() bool { return offers(t, coord, otherForm, "tags", itoa(tag)) })
	for _, action := range []string{"buiten gebruik gesteld", "weer in gebruik genomen"} {
		if n := scalar[int](t, pool, `SELECT count(*)::int FROM audit_log WHERE entity = 'referentie' AND action = $1`, action); n != 1 {
			t.Errorf("%d audit lines %q", n, action)
		}
	}
}

// The profile offers only the maturity levels of its network's scale; a
// level of another scale is refused with a Dutch message, and a level the
// employer already holds stays.
func TestMaturityNarrowedToTheNetworksScale(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	holder, network := env.EmployerOf(t, 1, "lid")
	other := scalar[int64](t, env.Pool, `SELECT min(id) FROM employers WHERE network_id = $1 AND id <> $2`, network, holder)
	apptest.Exec(t, env.Pool, `UPDATE networks SET maturity_scale = 'PSO' WHERE id = $1`, network)
	pso := scalar[int64](t, env.Pool, `SELECT min(id) FROM maturity_levels WHERE scale = 'PSO'`)
	foreign := scalar[int64](t, env.Pool, `INSERT INTO maturity_levels (scale, name, position) VALUES ('Eigen ladder', 'Trede 1', 1) RETURNING id`)
	apptest.Exec(t, env.Pool, `UPDATE employers SET maturity_level_id = $2 WHERE id = $1`, holder, foreign)
	holderForm, otherForm := "/werkgevers/"+itoa(holder)+"/bewerken", "/werkgevers/"+itoa(other)+"/bewerken"

	if !offers(t, coord, otherForm, "volwassenheid", itoa(pso)) || offers(t, coord, otherForm, "volwassenheid", itoa(foreign)) {
		t.Error("the form does not offer exactly the network's scale")
	}
	values := apptest.FormValues(coord.Get(otherForm).Doc(t), "form[method=post]")
	values.Set("volwassenheid", itoa(foreign))
	res := coord.PostForm(otherForm, values)
	if msg := apptest.Text(res.Doc(t).Find("#f-volwassenheid-error")); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msg, "volwassenheidsschaal van het netwerk (PSO)") {
		t.Errorf("a level of another scale: %d %q", res.StatusCode, msg)
	}
	// The holder keeps its level of the other scale when saved unchanged.
	if !offers(t, coord, holderForm, "volwassenheid", itoa(foreign)) {
		t.Error("the held level is not shown")
	}
	values = apptest.FormValues(coord.Get(holderForm).Doc(t), "form[method=post]")
	if res := coord.PostForm(holderForm, values); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving unchanged: %d", res.StatusCode)
	}
	if got := scalar[int64](t, env.Pool, `SELECT maturity_level_id FROM employers WHERE id = $1`, holder); got != foreign {
		t.Errorf("held level replaced by %d", got)
	}

	// A retired level leaves the form, and stays in the list's filter,
	// marked, to find the employers that hold it.
	admin := env.Login(t, apptest.Beheerder)
	if res := post(admin, "/beheer/referentie/volwassenheid/"+itoa(pso)+"/buiten-gebruik"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("retire: %d", res.StatusCode)
	}
	if offers(t, coord, otherForm, "volwassenheid", itoa(pso)) {
		t.Error("a retired level is still offered")
	}
	label := "PSO " + scalar[string](t, env.Pool, `SELECT name FROM maturity_levels WHERE id = $1`, pso) + " (niet meer in gebruik)"
	if !strings.Contains(apptest.Text(coord.Get("/werkgevers").Doc(t).Find("select[name=volwassenheid]")), label) {
		t.Errorf("the filter does not offer %q", label)
	}
}

// Every list's retirement reaches the forms that offer it: a theme and a
// function leave the subgroup form, the function the contact and event
// forms, a commitment kind the commitment form; restoring brings them back.
func TestRetiringReachesEveryForm(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin, coord := env.Login(t, apptest.Beheerder), env.Login(t, apptest.Coordinator)
	employer, _ := env.EmployerOf(t, 1, "lid")
	theme := scalar[int64](t, env.Pool, `SELECT min(id) FROM themes`)
	function := scalar[string](t, env.Pool, `SELECT code FROM function_types ORDER BY position LIMIT 1`)
	kind := scalar[int64](t, env.Pool, `SELECT min(id) FROM commitment_kinds WHERE network_id IS NULL`)
	checks := []struct{ path, field, value string }{
		{"/subgroepen/nieuw", "thema", itoa(theme)},
		{"/subgroepen/nieuw", "functies", function},
		{"/werkgevers/" + itoa(employer) + "/contactpersonen/nieuw", "functie", function},
		{"/bijeenkomsten/nieuw", "functies", function},
		{"/toezeggingen/nieuw?werkgever=" + itoa(employer), "soort", itoa(kind)},
	}
	retire := func(action string) {
		for _, p := range []string{"themas/" + itoa(theme), "functies/" + function, "toezeggingen/" + itoa(kind)} {
			if res := post(admin, "/beheer/referentie/"+p+"/"+action); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s %s: %d", action, p, res.StatusCode)
			}
		}
	}
	for _, c := range checks {
		if !offers(t, coord, c.path, c.field, c.value) {
			t.Fatalf("%s does not offer %s=%s before retiring", c.path, c.field, c.value)
		}
	}
	retire("buiten-gebruik")
	for _, c := range checks {
		if offers(t, coord, c.path, c.field, c.value) {
			t.Errorf("%s still offers the retired %s=%s", c.path, c.field, c.value)
		}
	}
	// The subgroups' filter keeps the retired theme, marked.
	themeName := scalar[string](t, env.Pool, `SELECT name FROM themes WHERE id = $1`, theme)
	if got := apptest.Text(coord.Get("/subgroepen").Doc(t).Find(`select[name=thema] option[value="` + itoa(theme) + `"]`)); got != themeName+" (niet meer in gebruik)" {
		t.Errorf("subgroup filter offers the retired theme as %q", got)
	}
	retire("weer-in-gebruik")
	for _, c := range checks {
		if !offers(t, coord, c.path, c.field, c.value) {
			t.Errorf("%s does not offer %s=%s again after restoring", c.path, c.field, c.value)
		}
	}
}
