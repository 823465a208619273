package recruitment_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/nltime"
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
