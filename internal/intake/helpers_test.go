package intake_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// freshEmployer returns a demo member of network pos (1-based) that has no
// intake yet, and its first active contact with an e-mail address.
func freshEmployer(t testing.TB, env *apptest.Env, pos int) (employer, contact int64, name string) {
	t.Helper()
	err := env.Pool.QueryRow(context.Background(), `SELECT e.id, c.id, e.name FROM employers e
		JOIN contacts c ON c.employer_id = e.id AND c.email <> '' AND c.active_until IS NULL
		WHERE e.network_id = (SELECT id FROM networks ORDER BY id OFFSET $1 LIMIT 1) AND e.status = 'lid'
		AND NOT EXISTS (SELECT 1 FROM intakes i WHERE i.employer_id = e.id)
		ORDER BY e.id, c.id LIMIT 1`, pos-1).Scan(&employer, &contact, &name)
	if err != nil {
		t.Fatalf("fresh employer: %v", err)
	}
	return employer, contact, name
}

// invite invites contact to employer's intake as c and returns the intake
// id and the personal link (path only) shown once on the intake page.
func invite(t testing.TB, c *apptest.Client, employer, contact int64) (int64, string) {
	t.Helper()
	res := c.PostForm("/intakes/nieuw", url.Values{"werkgever": {apptest.ID(employer)}, "contactpersoon": {apptest.ID(contact)}, "dagen": {"30"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: status %d\n%s", res.StatusCode, res.Body)
	}
	loc := res.Header.Get("Location")
	intakeID, err := strconv.ParseInt(strings.TrimPrefix(loc, "/intakes/"), 10, 64)
	if err != nil {
		t.Fatalf("invite redirects to %q", loc)
	}
	page := c.Get(loc)
	link, ok := page.Doc(t).Find("#intake-link").Attr("value")
	if !ok {
		t.Fatalf("the intake page does not show the link once:\n%s", page.Body)
	}
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/intake/") {
		t.Fatalf("link %q", link)
	}
	return intakeID, u.Path
}

// submittedIntake is the demo's one submitted intake of the first network
// and its employer.
func submittedIntake(t testing.TB, env *apptest.Env) (intakeID, employer int64) {
	t.Helper()
	intakeID = apptest.Scalar[int64](t, env, `SELECT id FROM intakes WHERE status = 'ingediend'`)
	return intakeID, apptest.Scalar[int64](t, env, `SELECT employer_id FROM intakes WHERE id = $1`, intakeID)
}

// takeOverForm is the take-over form on intake intakeID's review page as c
// sees it, with the values a browser would submit.
func takeOverForm(t testing.TB, c *apptest.Client, intakeID int64) url.Values {
	t.Helper()
	review := c.Get("/intakes/" + apptest.ID(intakeID))
	apptest.WantStatus(t, review, http.StatusOK)
	return apptest.FormValues(review.Doc(t), `form[action$="/verwerken"]`)
}

// takeOver posts the take-over form of intake intakeID as c.
func takeOver(c *apptest.Client, intakeID int64, form url.Values) *apptest.Response {
	return c.PostForm("/intakes/"+apptest.ID(intakeID)+"/verwerken", form)
}
