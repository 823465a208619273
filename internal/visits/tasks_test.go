package visits_test

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/web"
)

// TestMyFollowUps: /taken lists the user's open follow-ups in their
// networks, overdue first (with "te laat" in words), each with a done
// button; others' follow-ups, done ones and those of another network are
// not there. The menu counts the overdue ones.
func TestMyFollowUps(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	me, admin := userID(t, env, apptest.Coordinator), userID(t, env, apptest.Beheerder)
	apptest.Exec(t, env, `DELETE FROM follow_ups`)
	apptest.Exec(t, env, `DELETE FROM referrals`) // the menu count includes overdue referrals
	a, b := member(t, env, net1, 0), member(t, env, net1, 2)
	later := insertFollowUp(t, env, a, me, "Later", 10)
	overdue := insertFollowUp(t, env, b, me, "Lang geleden", -5)
	soon := insertFollowUp(t, env, a, me, "Binnenkort", 3)
	yesterday := insertFollowUp(t, env, b, me, "Gisteren", -1)
	today := insertFollowUp(t, env, a, me, "Vandaag", 0)
	insertFollowUp(t, env, a, admin, "Van de beheerder", -3)
	apptest.Exec(t, env, `UPDATE follow_ups SET done_at = now(), done_by = $1 WHERE id = $2`, me,
		insertFollowUp(t, env, a, me, "Al gedaan", -4))
	insertFollowUp(t, env, member(t, env, net2, 0), me, "Ander netwerk", -6)

	doc := coord.Get("/taken").Doc(t)
	var got []string
	doc.Find("tr.taak").Each(func(_ int, tr *goquery.Selection) { got = append(got, tr.AttrOr("id", "")) })
	want := []string{}
	for _, f := range []int64{overdue, yesterday, today, soon, later} {
		want = append(want, fmt.Sprintf("taak-%d", f))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("tasks %v, want %v", got, want)
	}
	late := map[int64]bool{overdue: true, yesterday: true}
	for _, f := range []int64{overdue, yesterday, today, soon, later} {
		row := doc.Find(fmt.Sprintf("#taak-%d", f))
		if strings.Contains(apptest.Text(row), "te laat") != late[f] {
			t.Errorf("task %d: %q, want te laat only when overdue", f, apptest.Text(row))
		}
		if row.Find(fmt.Sprintf(`form[method=post][action="/opvolging/%d/afgerond"] button`, f)).Length() != 1 {
			t.Errorf("task %d: no done button", f)
		}
		if row.Find(fmt.Sprintf(`a[href="/werkgevers/%d#bezoeken"]`, apptest.Scalar[int64](t, env, `SELECT employer_id FROM follow_ups WHERE id = $1`, f))).Length() != 1 {
			t.Errorf("task %d: no link to the employer", f)
		}
	}
	if got := apptest.Text(doc.Find(`nav a[href="/taken"] .nav-count`)); got != "2 te laat" {
		t.Errorf("menu count %q", got)
	}

	// A long list shows its first rows, how many of how many, and links
	// to the whole list, whose second page has the rest.
	for i := range 55 {
		insertFollowUp(t, env, a, me, fmt.Sprintf("Extra %d", i), 20+i)
	}
	doc = coord.Get("/taken").Doc(t)
	if n := doc.Find("tr.taak").Length(); n != web.TaskRows {
		t.Errorf("%d tasks shown, want %d", n, web.TaskRows)
	}
	more := doc.Find("section[aria-labelledby=mijn-opvolging] .meer")
	if got, want := apptest.Text(more), fmt.Sprintf("%d van 60 · Alle 60 bekijken: Mijn opvolging", web.TaskRows); got != want {
		t.Errorf("rest %q, want %q", got, want)
	}
	if more.Find(`a[href="/taken/opvolging"]`).Length() != 1 {
		t.Errorf("no link to the whole list")
	}
	doc = coord.Get("/taken/opvolging?pagina=2").Doc(t)
	if n := doc.Find("tr.taak").Length(); n != 60-web.TaskPageRows {
		t.Errorf("page 2 of the list: %d tasks, want %d", n, 60-web.TaskPageRows)
	}
	if doc.Find(`tr.taak form input[name=terug][value="/taken/opvolging?pagina=2"]`).Length() == 0 {
		t.Errorf("done on the list's page does not return to it")
	}
	if got := doc.Find(`nav[aria-label=Paginering] a[aria-current=page]`).AttrOr("href", ""); got != "/taken/opvolging?pagina=2" {
		t.Errorf("current page link %q", got)
	}
	// A page past the end, after the list shrank, leads to the first.
	if res := coord.Get("/taken/opvolging?pagina=9"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/taken/opvolging" {
		t.Errorf("page past the end: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	apptest.WantStatus(t, coord.Get("/taken/onbekend"), http.StatusNotFound)

	// The board owns nothing and may not act: no menu item, no buttons.
	board := env.Login(t, apptest.Bestuur)
	res := board.Get("/taken")
	apptest.WantStatus(t, res, http.StatusOK)
	doc = res.Doc(t)
	if doc.Find(`nav a[href="/taken"]`).Length() != 0 || doc.Find(`main form`).Length() != 0 {
		t.Errorf("bestuur gets the menu item or a form")
	}
	if !strings.Contains(apptest.Text(doc.Find(".notice")), "Als bestuurslid heeft u geen opvolgingen.") {
		t.Errorf("bestuur: %q", apptest.Text(doc.Find("main")))
	}
	// Another coordinator does not see these follow-ups.
	if n := env.Login(t, apptest.Coordinator2).Get("/taken").Doc(t).Find("tr.taak").Length(); n != 0 {
		t.Errorf("coordinator2 sees %d tasks", n)
	}
}

// TestToVisitAndStaleIntakes: "Te bezoeken" lists the members of the
// user's networks without a visit in person for twelve months (a call does
// not count), never visited first, then the oldest; "Intake verouderd"
// the members whose last answered intake is over a year old, or none.
func TestToVisitAndStaleIntakes(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	apptest.Exec(t, env, `DELETE FROM visits`)
	// Every member of network 1 was visited last month, but these:
	apptest.Exec(t, env, `INSERT INTO visits (employer_id, kind, visited_on) SELECT id, 'bezoek', current_date - 30
		FROM employers WHERE network_id = $1 AND status = 'lid'`, net1)
	lapsed, older, called, never := member(t, env, net1, 0), member(t, env, net1, 1), member(t, env, net1, 2), member(t, env, net1, 3)
	apptest.Exec(t, env, `DELETE FROM visits WHERE employer_id = ANY($1)`, []int64{lapsed, older, called, never})
	insertVisit(t, env, lapsed, "bezoek", 400)
	insertVisit(t, env, older, "bezoek", 600)
	insertVisit(t, env, called, "telefoon", 10)
	insertVisit(t, env, called, "online", 20)
	name := func(e int64) string {
		return apptest.Scalar[string](t, env, `SELECT name FROM employers WHERE id = $1`, e)
	}

	doc := coord.Get("/taken").Doc(t)
	var rows []string
	doc.Find("tr.te-bezoeken").Each(func(_ int, tr *goquery.Selection) { rows = append(rows, cells(tr)) })
	first := []string{name(called) + " | nog nooit bezocht", name(never) + " | nog nooit bezocht"}
	if name(never) < name(called) {
		first[0], first[1] = first[1], first[0]
	}
	want := append(first, name(older)+" | "+dutch(-600), name(lapsed)+" | "+dutch(-400))
	if !slices.Equal(rows, want) {
		t.Errorf("te bezoeken %v, want %v", rows, want)
	}
	if strings.Contains(apptest.Text(doc.Find("section[aria-labelledby=te-bezoeken]")), name(member(t, env, net2, 0))) {
		t.Errorf("a member of another network is listed")
	}

	// Intakes: one processed two years ago, one submitted last month, one
	// never; one with a link out now.
	apptest.Exec(t, env, `DELETE FROM intakes`)
	apptest.Exec(t, env, `UPDATE employers SET status = 'gepauzeerd' WHERE network_id = $1 AND status = 'lid' AND id <> ALL($2)`,
		net1, []int64{lapsed, older, called, never})
	intake := func(employer int64, year int, status, submitted, expires string) {
		hash := make([]byte, 32)
		rand.Read(hash)
		apptest.Exec(t, env, `INSERT INTO intakes (employer_id, year, status, token_hash, expires_at, submitted_at)
			VALUES ($1, $2, $3, $4, now() + $5::interval, now() - $6::interval)`, employer, year, status, hash, expires, submitted)
	}
	intake(lapsed, 2000, "verwerkt", "730 days", "-700 days")
	intake(older, 2001, "ingediend", "30 days", "-10 days")
	intake(called, 2002, "verwerkt", "400 days", "-380 days")
	intake(called, 2003, "uitgenodigd", "0 days", "20 days")
	doc = coord.Get("/taken").Doc(t)
	rows = nil
	doc.Find("tr.intake-verouderd").Each(func(_ int, tr *goquery.Selection) { rows = append(rows, cells(tr)) })
	want = []string{name(never) + " | nog nooit", name(lapsed) + " | " + dutch(-730), name(called) + " | " + dutch(-400) + " uitnodiging loopt"}
	if !slices.Equal(rows, want) {
		t.Errorf("intake verouderd %v, want %v", rows, want)
	}
}

// TestReferralsToFollowUp: referrals of the user's networks whose follow-up
// date has come and that still run, linked to their page.
func TestReferralsToFollowUp(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	apptest.Exec(t, env, `DELETE FROM follow_ups`)
	apptest.Exec(t, env, `DELETE FROM referrals`)
	partner := apptest.Scalar[int64](t, env, `INSERT INTO partners (region_id, kind, name) VALUES ((SELECT region_id FROM networks WHERE id = $1), 'wsp', 'WSP Testregio') RETURNING id`, net1)
	emp, other := member(t, env, net1, 0), member(t, env, net2, 0)
	referral := func(employer, network int64, status string, days int, question string) int64 {
		return apptest.Scalar[int64](t, env, `INSERT INTO referrals (employer_id, network_id, partner_id, question, referred_on, status, follow_up_on)
			VALUES ($1, $2, $3, $4, current_date - 30, $5, $6::date) RETURNING id`, employer, network, partner, question, status, day(days))
	}
	due := referral(emp, net1, "open", 0, "Vraag over loonkostensubsidie")
	late := referral(emp, net1, "doorverwezen", -3, "Vraag over jobcoaching")
	referral(emp, net1, "opgepakt", 2, "Nog niet aan de beurt")
	referral(emp, net1, "afgerond", -5, "Al afgerond")
	referral(emp, net1, "niet_gelukt", -5, "Niet gelukt")
	referral(other, net2, "open", -5, "Ander netwerk")

	sec := coord.Get("/taken").Doc(t).Find("section[aria-labelledby=verwijzingen]")
	var links []string
	sec.Find("tr.verwijzing td a[href^='/verwijzingen/']").Each(func(_ int, a *goquery.Selection) { links = append(links, a.AttrOr("href", "")) })
	if want := []string{fmt.Sprintf("/verwijzingen/%d", late), fmt.Sprintf("/verwijzingen/%d", due)}; !slices.Equal(links, want) {
		t.Errorf("referrals %v, want %v: %s", links, want, apptest.Text(sec))
	}
	if got := apptest.Text(sec.Find("tr.verwijzing").First()); !strings.Contains(got, "WSP Testregio") || !strings.Contains(got, "te laat") {
		t.Errorf("first referral %q", got)
	}
	// The menu counts the referral past its date, not the one due today.
	if got := apptest.Text(coord.Get("/taken").Doc(t).Find(`nav a[href="/taken"] .nav-count`)); got != "1 te laat" {
		t.Errorf("menu count %q", got)
	}
}

// cells is the text of a table row, cell by cell.
func cells(tr *goquery.Selection) string {
	var out []string
	tr.Find("td").Each(func(_ int, td *goquery.Selection) { out = append(out, apptest.Text(td)) })
	return strings.Join(out, " | ")
}
