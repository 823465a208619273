package commitments_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/commitments"
)

// listed reports whether the overview at path lists the employer.
func listed(t testing.TB, c *apptest.Client, path, name string) bool {
	t.Helper()
	res := c.Get(path)
	apptest.WantStatus(t, res, http.StatusOK)
	return strings.Contains(apptest.Text(res.Doc(t).Find("main table")), name)
}

// TestMissingConditionsBeforeAndAfter: a member of 99vanTwente without
// anything lacks both conditions of its network; a promise does not meet
// one, a signed letter of intent does, and a placement report meets the
// reporting duty.
func TestMissingConditionsBeforeAndAfter(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, name := bareMember(t, env, 1)
	intent := kindID(t, env, "intentieverklaring")

	if sec := section(t, coord, employer, "toezeggingen"); !strings.Contains(sec, "Ontbreekt: Intentieverklaring, Ambitie- en realisatierapportage") {
		t.Errorf("profile: %s", sec)
	}
	missingPath := "/toezeggingen?mist=1&soort=" + apptest.ID(intent)
	if !listed(t, coord, "/toezeggingen?mist=1", name) || !listed(t, coord, missingPath, name) {
		t.Errorf("%s is not listed as missing something", name)
	}

	// A promise is not a signature.
	newCommitment(t, env, employer, intent, "toegezegd")
	if !listed(t, coord, missingPath, name) {
		t.Error("a promised letter of intent meets the condition")
	}
	if !strings.Contains(apptest.Text(coord.Get("/toezeggingen?netwerk="+apptest.ID(networkAt(t, env, 1))).Doc(t).Find("main table")),
		"Intentieverklaring: toegezegd, nog niet getekend") {
		t.Error("the overview does not say the letter is promised")
	}

	// Signed through the form.
	res := postMultipart(t, env, coord, "/toezeggingen/nieuw?werkgever="+apptest.ID(employer), validCommitment(intent), nil)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	sec := section(t, coord, employer, "toezeggingen")
	if !strings.Contains(sec, "Ontbreekt: Ambitie- en realisatierapportage") || strings.Contains(sec, "Ontbreekt: Intentieverklaring") {
		t.Errorf("after signing: %s", sec)
	}
	if listed(t, coord, missingPath, name) || !listed(t, coord, "/toezeggingen?mist=1", name) {
		t.Error("the overview's missing filter is wrong after signing")
	}

	// Reporting placements meets the reporting duty.
	prev := commitments.PeriodOf(time.Now()).Prev()
	res = coord.PostForm("/plaatsingen/nieuw?werkgever="+apptest.ID(employer), url.Values{"jaar": {apptest.ID(int64(prev.Year))},
		"kwartaal": {apptest.ID(int64(prev.Quarter))}, "mensen": {"1"}, "uren": {"24"}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if sec := section(t, coord, employer, "toezeggingen"); !strings.Contains(sec, "Voldoet aan alle voorwaarden van het netwerk.") {
		t.Errorf("after reporting: %s", sec)
	}
	if listed(t, coord, "/toezeggingen?mist=1", name) {
		t.Error("still listed as missing something")
	}
	if !listed(t, coord, "/toezeggingen", name) {
		t.Error("not listed at all")
	}
}

// TestConditionRule checks the view employer_condition_status, the rule
// the dashboard reads too, at its edges.
func TestConditionRule(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	employer, _ := bareMember(t, env, 2) // conditions: convenant, rapportage
	covenant, reporting := kindID(t, env, "convenant"), kindID(t, env, "rapportage")
	met := func(kind int64) bool {
		return apptest.Scalar[bool](t, env, `SELECT met FROM employer_condition_status WHERE employer_id = $1 AND kind_id = $2`, employer, kind)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM employer_condition_status WHERE employer_id = $1`, employer); n != 2 {
		t.Fatalf("%d rows for a network with two conditions", n)
	}
	c := newCommitment(t, env, employer, covenant, "getekend")
	if !met(covenant) {
		t.Error("a signed covenant without a validity does not meet the condition")
	}
	steps := []struct {
		sql  string
		want bool
	}{
		{`UPDATE commitments SET valid_from = current_date - 10, valid_until = current_date WHERE id = $1`, true},
		{`UPDATE commitments SET valid_until = current_date - 1 WHERE id = $1`, false},
		{`UPDATE commitments SET valid_from = current_date + 1, valid_until = NULL WHERE id = $1`, false},
		{`UPDATE commitments SET valid_from = NULL, status = 'verlopen' WHERE id = $1`, false},
		{`UPDATE commitments SET status = 'ingetrokken' WHERE id = $1`, false},
		{`UPDATE commitments SET status = 'getekend' WHERE id = $1`, true},
	}
	for _, s := range steps {
		apptest.Exec(t, env, s.sql, c)
		if got := met(covenant); got != s.want {
			t.Errorf("after %s: met %v, want %v", s.sql, got, s.want)
		}
	}
	// Reporting: a report of the current quarter or the four before.
	if met(reporting) {
		t.Fatal("the reporting duty is met without anything")
	}
	now := commitments.PeriodOf(time.Now())
	old := now
	for range 5 {
		old = old.Prev()
	}
	r := newReport(t, env, employer, old.Year, old.Quarter)
	if met(reporting) {
		t.Errorf("a report of %s (five quarters ago) meets the duty", old)
	}
	four := now.Prev().Prev().Prev().Prev()
	apptest.Exec(t, env, `UPDATE placement_reports SET year = $2, quarter = $3 WHERE id = $1`, r, four.Year, four.Quarter)
	if !met(reporting) {
		t.Errorf("a report of %s (four quarters ago) does not meet the duty", four)
	}
	// A network's own kind named like the reporting kind is not reporting.
	own := apptest.Scalar[int64](t, env, `INSERT INTO commitment_kinds (network_id, code, name, position) VALUES ($1, 'rapportage', 'Eigen rapportage', 9) RETURNING id`,
		networkAt(t, env, 2))
	apptest.Exec(t, env, `INSERT INTO network_conditions (network_id, kind_id) VALUES ($1, $2)`, networkAt(t, env, 2), own)
	if met(own) {
		t.Error("a placement report meets a network's own kind")
	}
}

// TestConditionsPage: the beheerder, and a coordinator for their own
// networks, choose a network's conditions and add its own kinds; the new kind is offered to that network only.
func TestConditionsPage(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Login(t, apptest.Beheerder)
	net1, net2, net3 := networkAt(t, env, 1), networkAt(t, env, 2), networkAt(t, env, 3)
	intent, reporting := kindID(t, env, "intentieverklaring"), kindID(t, env, "rapportage")
	audits := func() int { return apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log`) }

	// The board decides nothing here; a coordinator only for their own
	// networks: another network is not found.
	board, coord2 := env.Login(t, apptest.Bestuur), env.Login(t, apptest.Coordinator2)
	before := audits()
	apptest.WantStatus(t, board.Get("/toezeggingen/voorwaarden"), http.StatusForbidden)
	apptest.WantStatus(t, board.PostForm("/toezeggingen/voorwaarden", url.Values{"netwerk": {apptest.ID(net1)}}), http.StatusForbidden)
	apptest.WantStatus(t, board.PostForm("/toezeggingen/voorwaarden/soort", url.Values{"netwerk": {apptest.ID(net1)}, "naam": {"Stiekem"}}), http.StatusForbidden)
	apptest.WantStatus(t, coord2.PostForm("/toezeggingen/voorwaarden", url.Values{"netwerk": {apptest.ID(net1)}}), http.StatusNotFound)
	apptest.WantStatus(t, coord2.PostForm("/toezeggingen/voorwaarden/soort", url.Values{"netwerk": {apptest.ID(net1)}, "naam": {"Stiekem"}}), http.StatusNotFound)
	if page := coord2.Get("/toezeggingen/voorwaarden"); page.StatusCode != http.StatusOK ||
		page.Doc(t).Find("#netwerk-"+apptest.ID(net1)).Length() != 0 || page.Doc(t).Find("#netwerk-"+apptest.ID(net2)).Length() == 0 {
		t.Errorf("a coordinator's conditions page: %d, shows only their own network?", page.StatusCode)
	}
	if audits() != before || apptest.Scalar[int](t, env, `SELECT count(*) FROM commitment_kinds WHERE name = 'Stiekem'`) != 0 {
		t.Fatal("a refused request changed something")
	}

	res := admin.Get("/toezeggingen/voorwaarden")
	apptest.WantStatus(t, res, http.StatusOK)
	if !strings.Contains(res.Body, "Social return-afspraak") {
		t.Error("the third network's own kind is not on the page")
	}
	res = admin.PostForm("/toezeggingen/voorwaarden", url.Values{"netwerk": {apptest.ID(net3)}, "soorten": {apptest.ID(intent), apptest.ID(reporting)}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if got := apptest.Scalar[string](t, env, `SELECT string_agg(k.code, ',' ORDER BY k.position) FROM network_conditions c
		JOIN commitment_kinds k ON k.id = c.kind_id WHERE c.network_id = $1`, net3); got != "intentieverklaring,rapportage" {
		t.Errorf("conditions of network 3: %s", got)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log WHERE entity = 'network_conditions' AND entity_id = $1`, net3); n != 1 {
		t.Errorf("%d audit entries for the conditions", n)
	}
	// Another network's own kind cannot become a condition.
	own3 := apptest.Scalar[int64](t, env, `SELECT id FROM commitment_kinds WHERE network_id = $1`, net3)
	res = admin.PostForm("/toezeggingen/voorwaarden", url.Values{"netwerk": {apptest.ID(net1)}, "soorten": {apptest.ID(intent), apptest.ID(own3)}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	if !strings.Contains(res.Body, "Een van de gekozen soorten bestaat niet (meer) voor dit netwerk.") {
		t.Error("no message for another network's kind")
	}

	// A kind of its own, required at once, with a code made from its name.
	add := func(network int64, name string) *apptest.Response {
		return admin.PostForm("/toezeggingen/voorwaarden/soort", url.Values{"netwerk": {apptest.ID(network)}, "naam": {name},
			"beschrijving": {"U vult elk jaar de CO2-calculator in."}, "verplicht": {"1"}})
	}
	apptest.WantStatus(t, add(net1, "CO2-prestatieladder"), http.StatusSeeOther)
	var code string
	var kind int64
	if err := env.Pool.QueryRow(context.Background(), `SELECT id, code FROM commitment_kinds WHERE network_id = $1 AND name = 'CO2-prestatieladder'`,
		net1).Scan(&kind, &code); err != nil || code != "co_prestatieladder" {
		t.Fatalf("new kind: code %q, %v", code, err)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM network_conditions WHERE network_id = $1 AND kind_id = $2`, net1, kind); n != 1 {
		t.Error("the new kind is not required")
	}
	for _, dup := range []string{"co2-Prestatieladder", "Convenant", ""} {
		res := add(net1, dup)
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		if got := apptest.Text(res.Doc(t).Find("#f-naam-" + apptest.ID(net1) + "-error")); got == "" {
			t.Errorf("%q: no error next to the name", dup)
		}
	}
	apptest.WantStatus(t, add(net2, "CO2-prestatieladder"), http.StatusSeeOther) // another network may use the name
	if n := apptest.Scalar[int](t, env, `SELECT count(DISTINCT code) FROM commitment_kinds WHERE name = 'CO2-prestatieladder'`); n != 1 {
		t.Errorf("codes of the same name differ across networks: %d", n)
	}

	// The kind is offered in its own network only, and now missing there.
	coord := env.Login(t, apptest.Coordinator)
	employer, name := bareMember(t, env, 1)
	if !strings.Contains(coord.Get("/toezeggingen/nieuw?werkgever="+apptest.ID(employer)).Body, "CO2-prestatieladder") {
		t.Error("the network's own kind is not offered")
	}
	if !strings.Contains(section(t, coord, employer, "toezeggingen"), "CO2-prestatieladder") {
		t.Errorf("%s does not lack the new condition", name)
	}
	other, _ := bareMember(t, env, 2)
	res = postMultipart(t, env, env.Login(t, apptest.Coordinator2), "/toezeggingen/nieuw?werkgever="+apptest.ID(other),
		validCommitment(kind), nil)
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	apptest.CheckFieldError(t, res.Doc(t), "soort", "Kies de soort toezegging.")
}
