package recruitment_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/web"
)

// TestNextStepsOnTasks: the coordinator's dated next steps of open
// prospects are on /taken, soonest first, the overdue one marked and
// counted in the Taken badge; steps without a date, of dropped prospects
// or of someone else are not.
func TestNextStepsOnTasks(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	emptyPipeline(t, env)
	network, _ := firstNetwork(t, env)
	c := env.Login(t, apptest.Coordinator)
	before := badge(t, c)
	me := apptest.Scalar[int64](t, env, `SELECT id FROM users WHERE email = $1`, apptest.Coordinator)
	other := apptest.Scalar[int64](t, env, `SELECT id FROM users WHERE email = $1`, apptest.Beheerder)
	today := nltime.Today()
	for _, p := range []struct {
		name, stage string
		owner       int64
		on          any
	}{
		{"Stap Later BV", "benaderd", me, today.AddDate(0, 0, 7)},
		{"Stap Verlopen BV", "in_gesprek", me, today.AddDate(0, 0, -2)},
		{"Zonder Datum BV", "benaderd", me, nil},
		{"Afgevallen Verlopen BV", "afgevallen", me, today.AddDate(0, 0, -5)},
		{"Van Een Ander BV", "benaderd", other, today.AddDate(0, 0, -5)},
	} {
		reason := any(nil)
		if p.stage == "afgevallen" {
			reason = "geen_tijd"
		}
		apptest.Exec(t, env, `INSERT INTO prospects (network_id, name, name_key, source, stage, drop_reason, owner_id, next_step, next_step_on)
			VALUES ($1, $2, lower($2), 'anders', $3, $4, $5, 'Bellen over ' || $2, $6)`, network, p.name, p.stage, reason, p.owner, p.on)
	}
	doc := c.Get("/taken").Doc(t)
	rows := doc.Find("#werving-stappen ~ .table-wrap tbody tr")
	var got []string
	rows.Each(func(_ int, r *goquery.Selection) { got = append(got, apptest.Text(r)) })
	if len(got) != 2 || !strings.HasPrefix(got[0], nltime.FormatDate(today.AddDate(0, 0, -2))+" te laatStap Verlopen BV") ||
		!strings.Contains(got[1], "Stap Later BV") || strings.Contains(got[1], "te laat") {
		t.Errorf("next steps on /taken: %q", got)
	}
	if after := badge(t, c); after != before+1 {
		t.Errorf("Taken badge %d, was %d: want one more", after, before)
	}
	// The board reads /taken but owns no next steps.
	if n := env.Login(t, apptest.Bestuur).Get("/taken").Doc(t).Find("#werving-stappen").Length(); n != 0 {
		t.Errorf("the board sees %d pipeline step lists", n)
	}
}

// badge is the number in the Taken navigation item (0 without one).
func badge(t *testing.T, c *apptest.Client) int {
	t.Helper()
	s := apptest.Text(c.Get("/werving/").Doc(t).Find(`nav a[href="/taken"] .nav-count`).First())
	n, _ := strconv.Atoi(strings.Fields(s + " 0")[0])
	return n
}

// TestAllNextSteps: /taken shows the first next steps with how many there
// are and a link to all of them, whose pages hold every step once, in the
// order of /taken.
func TestAllNextSteps(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	emptyPipeline(t, env)
	network, _ := firstNetwork(t, env)
	c := env.Login(t, apptest.Coordinator)
	me := apptest.Scalar[int64](t, env, `SELECT id FROM users WHERE email = $1`, apptest.Coordinator)
	n := web.TaskPageRows + 7
	// Dates repeat, so the name and then the id decide the order.
	apptest.Exec(t, env, `INSERT INTO prospects (network_id, name, name_key, source, stage, owner_id, next_step, next_step_on)
		SELECT $1, 'Stap ' || (g % 9), 'stap ' || g, 'anders', 'benaderd', $2, 'Bellen', current_date + (g % 4)
		FROM generate_series(1, $3::int) g`, network, me, n)
	want := apptest.Scalar[[]int64](t, env, `SELECT array_agg(id ORDER BY next_step_on, lower(name), id) FROM prospects`)

	more := c.Get("/taken").Doc(t).Find("section[aria-labelledby=werving-stappen] .meer")
	if got, w := apptest.Text(more), fmt.Sprintf("%d van %d · Alle %d bekijken: Volgende stappen in de werving", web.TaskRows, n, n); got != w {
		t.Errorf("/taken: %q, want %q", got, w)
	}
	if more.Find(`a[href="/taken/werving"]`).Length() != 1 {
		t.Errorf("/taken: no link to all next steps")
	}
	var got []int64
	for page := 1; page <= 2; page++ {
		c.Get(fmt.Sprintf("/taken/werving?pagina=%d", page)).Doc(t).Find("tr.werving-stap").Each(func(_ int, r *goquery.Selection) {
			id, _ := strconv.ParseInt(strings.TrimPrefix(r.AttrOr("id", ""), "stap-"), 10, 64)
			got = append(got, id)
		})
	}
	if !slices.Equal(got, want) {
		t.Errorf("the pages hold\n%v, want\n%v", got, want)
	}
}
