package employers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// TestDuplicateAtEntry: a new employer whose name is an existing one's but
// for the legal form, punctuation, case and accents, or whose KvK number
// is taken, asks "Bestaat deze werkgever al?" with links; saving anyway is
// a deliberate second submit.
func TestDuplicateAtEntry(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	pool := env.Pool
	coord := env.Login(t, apptest.Coordinator)
	_, network := env.EmployerOf(t, 1, "")
	net := strconv.FormatInt(network, 10)
	garage := apptest.Scalar[int64](t, pool, `INSERT INTO employers (network_id, name, city) VALUES ($1, 'Garage Nijhuis BV', 'Enschede') RETURNING id`, network)
	cafe := apptest.Scalar[int64](t, pool, `INSERT INTO employers (network_id, name, city) VALUES ($1, 'Café De Brug V.O.F.', 'Hengelo') RETURNING id`, network)
	before := apptest.Scalar[int](t, pool, `SELECT count(*)::int FROM employers`)

	for name, want := range map[string]int64{"Garage Nijhuis B.V.": garage, "garage nijhuis": garage, "Cafe de Brug": cafe,
		"Café De Brug vof": cafe} {
		form := url.Values{"netwerk": {net}, "naam": {name}, "status": {"prospect"}}
		res := coord.PostForm("/werkgevers/nieuw", form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status %d, want the question", name, res.StatusCode)
		}
		doc := res.Doc(t)
		if !strings.Contains(doc.Find(".error-summary").Text(), "Bestaat deze werkgever al?") {
			t.Errorf("%s: no question in the error summary", name)
		}
		if doc.Find(`#mogelijke-dubbelen a[href="/werkgevers/`+strconv.FormatInt(want, 10)+`"]`).Length() != 1 {
			t.Errorf("%s: no link to the existing employer %d:\n%s", name, want, doc.Find("#mogelijke-dubbelen").Text())
		}
		if got := doc.Find(`input[name="naam"]`).AttrOr("value", ""); got != name {
			t.Errorf("%s: the form lost the name: %q", name, got)
		}
	}
	if n := apptest.Scalar[int](t, pool, `SELECT count(*)::int FROM employers`); n != before {
		t.Fatalf("%d employers saved without the choice", n-before)
	}
	// A name that is merely alike is no question.
	res := coord.PostForm("/werkgevers/nieuw", url.Values{"netwerk": {net}, "naam": {"Garage Nijhuis Oost"}, "status": {"prospect"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("another name: status %d", res.StatusCode)
	}
	// The deliberate choice saves.
	res = coord.PostForm("/werkgevers/nieuw", url.Values{"netwerk": {net}, "naam": {"Garage Nijhuis B.V."}, "status": {"prospect"},
		"toch_opslaan": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save anyway: status %d", res.StatusCode)
	}
	if n := apptest.Scalar[int](t, pool, `SELECT count(*)::int FROM employers WHERE name = 'Garage Nijhuis B.V.'`); n != 1 {
		t.Errorf("%d saved", n)
	}
	// The same KvK number is asked about too.
	kvk := apptest.Scalar[string](t, pool, `SELECT kvk_number FROM employers WHERE network_id = $1 AND kvk_number IS NOT NULL LIMIT 1`, network)
	res = coord.PostForm("/werkgevers/nieuw", url.Values{"netwerk": {net}, "naam": {"Heel Andere Naam"}, "kvk": {kvk}, "status": {"prospect"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Doc(t).Find("#mogelijke-dubbelen").Text(), kvk) {
		t.Errorf("same KvK: status %d", res.StatusCode)
	}
}
