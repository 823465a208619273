package partners_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/identity"
)

func pPath(id int64, rest string) string { return fmt.Sprintf("/partners/%d%s", id, rest) }

func rPath(id int64) string { return fmt.Sprintf("/verwijzingen/%d", id) }

func newPath(employer int64) string { return fmt.Sprintf("/verwijzingen/nieuw?werkgever=%d", employer) }

// networkAt returns the id of the demo network at position pos (1-based).
func networkAt(t testing.TB, env *apptest.Env, pos int) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `SELECT id FROM networks ORDER BY id OFFSET $1 LIMIT 1`, pos-1)
}

func regionID(t testing.TB, env *apptest.Env, name string) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `SELECT id FROM regions WHERE name = $1`, name)
}

func tagID(t testing.TB, env *apptest.Env, name string) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `SELECT id FROM tags WHERE kind = 'uitdaging' AND name = $1`, name)
}

// newPartner inserts a partner in a region, helping with the challenges.
func newPartner(t testing.TB, env *apptest.Env, region int64, name, email string, challenges ...int64) int64 {
	t.Helper()
	p := apptest.Scalar[int64](t, env, `INSERT INTO partners (region_id, kind, name, email, contact_name) VALUES ($1, 'anders', $2, $3, 'Pim Partner')
		RETURNING id`, region, name, email)
	for _, c := range challenges {
		apptest.Exec(t, env, `INSERT INTO partner_tags (partner_id, tag_id) VALUES ($1, $2)`, p, c)
	}
	return p
}

// newEmployer inserts an employer in a network and region with the
// challenges and one active contact (with an e-mail address unless email
// is ""); it returns the employer and the contact.
func newEmployer(t testing.TB, env *apptest.Env, network, region int64, name, email string, challenges ...int64) (int64, int64) {
	t.Helper()
	e := apptest.Scalar[int64](t, env, `INSERT INTO employers (network_id, name, city, region_id) VALUES ($1, $2, 'Teststad', $3) RETURNING id`,
		network, name, nullID(region))
	for _, c := range challenges {
		apptest.Exec(t, env, `INSERT INTO employer_tags (employer_id, tag_id) VALUES ($1, $2)`, e, c)
	}
	c := apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, email, phone, job_title, function, level, is_primary)
		VALUES ($1, 'Carla Contact', $2, '06-12345678', 'HR-adviseur', 'hr', 'tactisch', true) RETURNING id`, e, email)
	return e, c
}

func nullID(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

// newReferral inserts a referral of an employer by a network.
func newReferral(t testing.TB, env *apptest.Env, employer, network, partner int64, question, status string) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `INSERT INTO referrals (employer_id, network_id, partner_id, question, referred_on, status)
		VALUES ($1, $2, $3, $4, current_date - 5, $5) RETURNING id`, employer, network, partner, question, status)
}

// asUser returns a context signed in as a coordinator of network (the demo
// coordinator's account under another name), so the audit trail names them.
func asUser(t testing.TB, env *apptest.Env, network int64) context.Context {
	uid := apptest.Scalar[int64](t, env, `SELECT id FROM users WHERE email = $1`, apptest.Coordinator)
	return identity.With(context.Background(), &identity.User{ID: uid, Name: "Test Coördinator", Email: "test.coordinator@example.org",
		Role: identity.Coordinator, Networks: []identity.Network{{ID: network}}})
}

func day(offset int) time.Time {
	now := time.Now()
	return time.Date(now.Year(), now.Month(), now.Day()+offset, 0, 0, 0, 0, time.UTC)
}

func iso(offset int) string { return day(offset).Format("2006-01-02") }

func auditRows(t testing.TB, env *apptest.Env) int {
	return apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log`)
}

// items are the texts of the selected elements, joined by " | ".
func items(s *goquery.Selection) string {
	var out []string
	s.Each(func(_ int, e *goquery.Selection) { out = append(out, apptest.Text(e)) })
	return strings.Join(out, " | ")
}

// cells are the texts of a table row's cells, joined by " | ".
func cells(row *goquery.Selection) string { return items(row.Find("td")) }

// locationID returns the id at the end of a redirect's Location.
func locationID(t testing.TB, res *apptest.Response, prefix string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), prefix), 10, 64)
	if err != nil {
		t.Fatalf("redirect to %q, want %s<id>", res.Header.Get("Location"), prefix)
	}
	return n
}
