package intake_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/nltime"
)

// TestAnswersWithAHomeAreTakenOver: ambition and current jobs become the
// quarter's placement report (source intake), willingness to sign a
// commitment "toegezegd", theme interests subgroup suggestions on the
// profile; what is not taken over is in the history too.
func TestAnswersWithAHomeAreTakenOver(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, contact, _ := freshEmployer(t, env, 1)
	apptest.Exec(t, env, `DELETE FROM commitments WHERE employer_id = $1`, employer)
	now := time.Now().In(nltime.Amsterdam)
	year, quarter := now.Year(), (int(now.Month())-1)/3+1
	apptest.Exec(t, env, `DELETE FROM placement_reports WHERE employer_id = $1`, employer)
	theme := apptest.Scalar[int64](t, env, `SELECT id FROM themes ORDER BY position LIMIT 1`)
	subgroup := apptest.Scalar[int64](t, env, `INSERT INTO subgroups (network_id, name, kind, theme_id)
		SELECT network_id, 'Themagroep voor de test', 'themagroep', $2 FROM employers WHERE id = $1 RETURNING id`, employer, theme)
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM network_conditions WHERE network_id = (SELECT network_id FROM employers WHERE id = $1)`, employer); n < 2 {
		t.Fatalf("the demo network has %d conditions; the test needs two", n)
	}

	intakeID, link := invite(t, coord, employer, contact)
	employerSide := env.Anonymous(t)
	for n := 1; n <= 7; n++ {
		fillStep(t, env, employerSide, link, n)
	}
	apptest.WantStatus(t, employerSide.PostForm(link+"/stap/8", nil), http.StatusSeeOther)

	review := coord.Get("/intakes/" + apptest.ID(intakeID))
	apptest.WantStatus(t, review, http.StatusOK)
	doc := review.Doc(t)
	offered := map[string]string{}
	doc.Find("#tabel-vastleggen input[name=overnemen]").Each(func(_ int, s *goquery.Selection) {
		offered[s.AttrOr("value", "")] = strings.Join(strings.Fields(s.Closest("tr").Text()), " ")
	})
	var promises []string
	for k := range offered {
		if strings.HasPrefix(k, "toezegging_") {
			promises = append(promises, k)
		}
	}
	if !strings.Contains(offered["plaatsingen"], "Nog niet gemeld") || len(promises) < 2 || offered["thema_"+apptest.ID(theme)] == "" {
		t.Fatalf("offered %v", offered)
	}
	form := apptest.FormValues(doc, `form[action$="/verwerken"]`)
	form["overnemen"] = []string{"plaatsingen", promises[0], "thema_" + apptest.ID(theme)}
	apptest.WantStatus(t, takeOver(coord, intakeID, form), http.StatusSeeOther)

	var people, ambition int
	var hours, source string
	err := env.Pool.QueryRow(t.Context(), `SELECT people, ambition_jobs, weekly_hours::text, source FROM placement_reports
		WHERE employer_id = $1 AND year = $2 AND quarter = $3`, employer, year, quarter).Scan(&people, &ambition, &hours, &source)
	if err != nil || people != 3 || ambition != 2 || hours != "51.0" || source != "intake" {
		t.Errorf("placement report %d %d %s %s: %v", people, ambition, hours, source, err)
	}
	code := strings.TrimPrefix(promises[0], "toezegging_")
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM commitments c JOIN commitment_kinds k ON k.id = c.kind_id
		WHERE c.employer_id = $1 AND k.code = $2 AND c.status = 'toegezegd' AND c.promised_on IS NOT NULL`, employer, code); n != 1 {
		t.Errorf("%d commitments toegezegd of %s", n, code)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM commitments WHERE employer_id = $1`, employer); n != 1 {
		t.Errorf("%d commitments, want only the chosen one", n)
	}
	// The history: what was recorded and what was left, in the intake's entry.
	changes := apptest.Scalar[string](t, env, `SELECT changes::text FROM audit_log WHERE entity = 'intake' AND entity_id = $1 AND action = 'verwerkt'`, intakeID)
	if !strings.Contains(changes, `"vastgelegd"`) || !strings.Contains(changes, `"niet overgenomen"`) || !strings.Contains(changes, "Plaatsingen") {
		t.Errorf("intake history %s", changes)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'placement' AND employer_id = $1 AND source LIKE 'intake%'`, employer); n != 1 {
		t.Errorf("%d audited placement reports from the intake", n)
	}
	// The profile suggests the subgroup on the theme.
	profile := coord.Get("/werkgevers/" + apptest.ID(employer))
	if got := profile.Doc(t).Find(`#subgroepsuggesties a[href="/subgroepen/` + apptest.ID(subgroup) + `"]`); got.Length() != 1 {
		t.Errorf("no suggestion of the subgroup on the profile")
	}
}
