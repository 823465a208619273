package employers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
)

// diffTable reads the conflict view's table of differences as field →
// [saved, yours].
func diffTable(doc *goquery.Document) map[string][2]string {
	out := map[string][2]string{}
	doc.Find(".error-summary table tbody tr").Each(func(_ int, tr *goquery.Selection) {
		tds := tr.Find("td")
		out[strings.TrimSpace(tr.Find("th").Text())] = [2]string{strings.TrimSpace(tds.Eq(0).Text()), strings.TrimSpace(tds.Eq(1).Text())}
	})
	return out
}

// TestConcurrentEditNoLostUpdate: two people open the same profile; the
// second to save gets 409 with their input kept and the differences shown,
// the first one's save stands, and saving again from there is deliberate.
func TestConcurrentEditNoLostUpdate(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	pool := env.Pool
	first := env.Login(t, apptest.Coordinator)
	second := env.Login(t, apptest.Beheerder)
	id, _ := env.EmployerOf(t, 1, "")
	path := ePath(id, "/bewerken")

	formA := formOf(t, first, path)
	formB := formOf(t, second, path)
	origCity := formA.Get("plaats")

	if res := first.PostForm(path, with(formA, "plaats", "Eerstestad", "notities", "Notitie van de eerste")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", res.StatusCode)
	}
	audit := auditRows(t, pool)
	doc := staleSave(t, second, path, formB, "plaats", "Tweedestad", "medewerkers", "77")
	summary := doc.Find(".error-summary").First()
	if !strings.Contains(summary.Text(), "Corien de Vries") {
		t.Errorf("conflict notice does not say who saved meanwhile: %q", summary.Text())
	}
	diff := diffTable(doc)
	if got := diff["Plaats"]; got != [2]string{"Eerstestad", "Tweedestad"} {
		t.Errorf("difference for Plaats: %q", got)
	}
	if got := diff["Notities"]; got[0] != "Notitie van de eerste" {
		t.Errorf("difference for Notities: %q", got)
	}
	if _, ok := diff["Naam"]; ok {
		t.Errorf("unchanged name listed as a difference")
	}
	// No lost update: the first save stands, nothing else was written.
	if city := apptest.Scalar[string](t, pool, `SELECT city FROM employers WHERE id = $1`, id); city != "Eerstestad" {
		t.Errorf("city in the database %q, want the first save's (was %q)", city, origCity)
	}
	if n := auditRows(t, pool); n != audit {
		t.Errorf("the refused save wrote %d audit rows", n-audit)
	}

	// Saving the conflict form again is a deliberate overwrite.
	again := apptest.FormValues(doc, mainForm)
	if res := second.PostForm(path, again); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save again after the conflict: %d", res.StatusCode)
	}
	if city := apptest.Scalar[string](t, pool, `SELECT city FROM employers WHERE id = $1`, id); city != "Tweedestad" {
		t.Errorf("after deliberate save: city %q", city)
	}
	// The first user's stale form now conflicts in turn.
	if res := first.PostForm(path, with(formA, "plaats", "Derdestad")); res.StatusCode != http.StatusConflict {
		t.Errorf("stale form after the overwrite: %d, want 409", res.StatusCode)
	}
	// A form without (or with a broken) version never overwrites silently.
	for _, v := range []string{"", "abc", "0"} {
		if res := first.PostForm(path, with(formA, "versie", v, "plaats", "Zonderversie")); res.StatusCode != http.StatusConflict {
			t.Errorf("versie=%q: %d, want 409", v, res.StatusCode)
		}
	}
}

// TestConcurrentContactEdit: the same for a contact, and for ending one
// that was changed meanwhile.
func TestConcurrentContactEdit(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	pool := env.Pool
	first := env.Login(t, apptest.Coordinator)
	second := env.Login(t, apptest.Beheerder)
	id, _ := env.EmployerOf(t, 1, "")
	contact := insertContact(t, pool, id, "Sanne Visser")
	path := cPath(id, contact, "/bewerken")

	formA := formOf(t, first, path)
	formB := formOf(t, second, path)
	endB := formOf(t, second, cPath(id, contact, "/beeindigen"))
	if res := first.PostForm(path, with(formA, "telefoon", "053-1111111")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", res.StatusCode)
	}
	doc := staleSave(t, second, path, formB, "telefoon", "053-2222222", "functietitel", "Teamleider")
	if !strings.Contains(doc.Find(".error-summary").Text(), "Iemand anders heeft deze contactpersoon intussen gewijzigd") {
		t.Errorf("no conflict message")
	}
	// The differences: the phone both changed, the job title only the loser.
	diff := diffTable(doc)
	if got := diff["Telefoonnummer"]; got != [2]string{"053-1111111", "053-2222222"} {
		t.Errorf("difference for the phone: %v (table %v)", got, diff)
	}
	if _, ok := diff["Functietitel"]; !ok {
		t.Errorf("no difference listed for the job title: %v", diff)
	}
	if _, ok := diff["Naam"]; ok {
		t.Errorf("an unchanged field is listed as a difference: %v", diff)
	}
	if phone := apptest.Scalar[string](t, pool, `SELECT phone FROM contacts WHERE id = $1`, contact); phone != "053-1111111" {
		t.Errorf("phone %q, want the first save's", phone)
	}
	// Ending on a stale version is a conflict too; the contact stays active.
	if res := second.PostForm(cPath(id, contact, "/beeindigen"), endB); res.StatusCode != http.StatusConflict {
		t.Errorf("end with a stale version: %d, want 409", res.StatusCode)
	}
	if active := apptest.Scalar[bool](t, pool, `SELECT active_until IS NULL FROM contacts WHERE id = $1`, contact); !active {
		t.Errorf("contact ended on a stale version")
	}
	// Saving again from the conflict form succeeds deliberately.
	if res := second.PostForm(path, apptest.FormValues(doc, mainForm)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save again: %d", res.StatusCode)
	}
	if phone := apptest.Scalar[string](t, pool, `SELECT phone FROM contacts WHERE id = $1`, contact); phone != "053-2222222" {
		t.Errorf("after deliberate save: phone %q", phone)
	}
	// Ending an already ended contact is refused, also from a fresh form.
	endForm := formOf(t, first, cPath(id, contact, "/beeindigen"))
	if res := first.PostForm(cPath(id, contact, "/beeindigen"), endForm); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("end: %d", res.StatusCode)
	}
	if res := second.PostForm(cPath(id, contact, "/beeindigen"), endForm); res.StatusCode != http.StatusConflict {
		t.Errorf("end twice: %d, want 409", res.StatusCode)
	}
	if res := second.Get(cPath(id, contact, "/beeindigen")); res.StatusCode != http.StatusConflict {
		t.Errorf("end form of an ended contact: %d, want 409", res.StatusCode)
	}
}

// TestParallelSavesOneWins: N saves of the same version at the same time;
// exactly one succeeds, the others get 409, and one version step and one
// audit entry are written.
func TestParallelSavesOneWins(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	pool := env.Pool
	c := env.Login(t, apptest.Coordinator)
	id, _ := env.EmployerOf(t, 1, "")
	path := ePath(id, "/bewerken")
	form := formOf(t, c, path)
	version := apptest.Scalar[int](t, pool, `SELECT version FROM employers WHERE id = $1`, id)
	audit := auditRows(t, pool)

	const n = 12
	statuses := make([]int, n)
	errs := make([]error, n)
	var start, wg sync.WaitGroup
	start.Add(1)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := with(form, "notities", "Parallel "+string(rune('A'+i))).Encode()
			req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, env.URL(path), strings.NewReader(body))
			if err != nil {
				errs[i] = err
				return
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			start.Wait()
			res, err := c.HTTP.Do(req)
			if err != nil {
				errs[i] = err
				return
			}
			res.Body.Close()
			statuses[i] = res.StatusCode
		}()
	}
	start.Done()
	wg.Wait()
	won, lost := 0, 0
	for i, s := range statuses {
		switch {
		case errs[i] != nil:
			t.Errorf("request %d: %v", i, errs[i])
		case s == http.StatusSeeOther:
			won++
		case s == http.StatusConflict:
			lost++
		default:
			t.Errorf("request %d: status %d", i, s)
		}
	}
	if won != 1 || lost != n-1 {
		t.Errorf("%d saves succeeded and %d conflicted, want 1 and %d", won, lost, n-1)
	}
	if v := apptest.Scalar[int](t, pool, `SELECT version FROM employers WHERE id = $1`, id); v != version+1 {
		t.Errorf("version %d -> %d, want one step", version, v)
	}
	if got := auditRows(t, pool) - audit; got != 1 {
		t.Errorf("%d audit rows written, want 1", got)
	}
	notes := apptest.Scalar[string](t, pool, `SELECT notes FROM employers WHERE id = $1`, id)
	if !strings.HasPrefix(notes, "Parallel ") {
		t.Errorf("notes %q", notes)
	}
}

// staleSave posts form, changed by kv (name, value, ...), as c to path
// after someone else saved: a 409, and the form shown again keeps every
// value of kv as typed. It returns that form.
func staleSave(t *testing.T, c *apptest.Client, path string, form url.Values, kv ...string) *goquery.Document {
	t.Helper()
	res := c.PostForm(path, with(form, kv...))
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("second save: %d, want 409", res.StatusCode)
	}
	doc := res.Doc(t)
	for i := 0; i+1 < len(kv); i += 2 {
		if got := valueOf(doc, kv[i]); got != kv[i+1] {
			t.Errorf("conflict form shows %s %q, want the input kept", kv[i], got)
		}
	}
	return doc
}
