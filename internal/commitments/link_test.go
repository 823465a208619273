package commitments_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/commitments"
)

var placementLinkRe = regexp.MustCompile(`https?://[^\s"]+/plaatsing/[A-Za-z0-9_-]{43}`)

// contactWithEmail returns an active contact with an e-mail address of the
// employer, and its name.
func contactWithEmail(t testing.TB, env *apptest.Env, employer int64) (int64, string) {
	t.Helper()
	var c int64
	var name string
	err := env.Pool.QueryRow(context.Background(), `SELECT id, name FROM contacts WHERE employer_id = $1 AND email <> ''
		AND active_until IS NULL ORDER BY id LIMIT 1`, employer).Scan(&c, &name)
	if err != nil {
		t.Fatalf("contact: %v", err)
	}
	return c, name
}

// sendLink makes a link for the employer as c and returns its path, shown
// once on the profile.
func sendLink(t testing.TB, env *apptest.Env, c *apptest.Client, employer, contact int64) string {
	t.Helper()
	res := c.PostForm("/plaatsingen/link?werkgever="+apptest.ID(employer), url.Values{"contactpersoon": {apptest.ID(contact)}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/werkgevers/"+apptest.ID(employer)+"#plaatsingen" {
		t.Fatalf("redirect to %q", loc)
	}
	page := c.Get("/werkgevers/" + apptest.ID(employer))
	link, ok := page.Doc(t).Find("#plaatsingslink").Attr("value")
	if !ok {
		t.Fatalf("the profile does not show the link once")
	}
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/plaatsing/") {
		t.Fatalf("link %q", link)
	}
	return u.Path
}

// TestEmployerReportsThroughItsLink: the coordinator sends a link (mailed
// in the same transaction, shown once); the employer reports without
// signing in, with the same validation; the report is stored as the
// employer's and audited; a revoked, replaced or expired link shows a
// friendly page and no data.
func TestEmployerReportsThroughItsLink(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, name := bareMember(t, env, 1)
	contact, contactName := contactWithEmail(t, env, employer)
	other := apptest.Scalar[int64](t, env, `SELECT id FROM employers WHERE network_id = $1 AND id <> $2 ORDER BY id LIMIT 1`,
		networkAt(t, env, 1), employer)
	otherName := apptest.Scalar[string](t, env, `SELECT name FROM employers WHERE id = $1`, other)
	reportsOf := func(e int64) string {
		return apptest.Scalar[string](t, env, `SELECT coalesce(string_agg(year::text || quarter::text || ':' || people || ':' || weekly_hours || ':' || version, ' '
			ORDER BY year, quarter), '') FROM placement_reports WHERE employer_id = $1`, e)
	}
	otherBefore := reportsOf(other)

	link := sendLink(t, env, coord, employer, contact)
	if _, ok := coord.Get("/werkgevers/" + apptest.ID(employer)).Doc(t).Find("#plaatsingslink").Attr("value"); ok {
		t.Error("the link is shown a second time")
	}
	body := apptest.Scalar[string](t, env, `SELECT body_text FROM mail_outbox WHERE kind = 'plaatsingen_link' AND employer_id = $1`, employer)
	if m := placementLinkRe.FindString(body); !strings.HasSuffix(m, link) || !strings.Contains(body, "geen namen") {
		t.Errorf("mail: %s", body)
	}
	hash := apptest.Scalar[[]byte](t, env, `SELECT token_hash FROM placement_links WHERE employer_id = $1`, employer)
	if len(hash) != 32 || strings.Contains(string(hash), strings.TrimPrefix(link, "/plaatsing/")) {
		t.Error("the token is not stored as a hash")
	}
	if d := apptest.Scalar[float64](t, env, `SELECT extract(epoch FROM expires_at - now()) / 86400 FROM placement_links WHERE employer_id = $1`, employer); d < 29.9 || d > 30.1 {
		t.Errorf("link works %.1f days", d)
	}

	visitor := env.Anonymous(t)
	res := visitor.Get(link)
	apptest.WantStatus(t, res, http.StatusOK)
	if !strings.Contains(res.Body, name) || strings.Contains(res.Body, otherName) {
		t.Error("the link's page does not show its own employer only")
	}
	if res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("private page headers: %v", res.Header)
	}
	if !strings.Contains(res.Body, "Er worden geen persoonsgegevens van medewerkers gevraagd of bewaard") {
		t.Error("the page does not say it asks no personal data")
	}
	// The page speaks to the employer: "u" and "uw organisatie" throughout,
	// never of "de werkgever" as of someone else.
	if main := apptest.Text(res.Doc(t).Find("main")); strings.Contains(strings.ToLower(main), "de werkgever") ||
		!strings.Contains(main, "bij u werken") || !strings.Contains(main, "hoeveel banen wil uw organisatie") ||
		!strings.Contains(main, "dat bij u werkt") {
		t.Errorf("the employer's page mixes \"u\" and \"de werkgever\": %s", main)
	}

	// The same rules as the coordinator's form.
	prev := commitments.PeriodOf(time.Now()).Prev()
	period := func(p commitments.Period) string {
		return apptest.ID(int64(p.Year)) + "-" + apptest.ID(int64(p.Quarter))
	}
	form := url.Values{"periode": {period(prev)}, "ambitie": {"4"}, "mensen": {"3"}, "uren": {"76,5"}, "in_dienst": {"2"}, "gedetacheerd": {"1"}}
	res = visitor.PostForm(link, apptest.With(form, "gedetacheerd", "2"))
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	apptest.CheckFieldError(t, res.Doc(t), "gedetacheerd", "is meer dan het aantal mensen")
	res = visitor.PostForm(link, apptest.With(form, "periode", period(prev.Prev())))
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	apptest.CheckFieldError(t, res.Doc(t), "periode", "Kies over welk kwartaal u cijfers doorgeeft.")

	// Saved for its own employer, whatever else the post says.
	res = visitor.PostForm(link, apptest.With(form, "werkgever", apptest.ID(other), "employer_id", apptest.ID(other)))
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM placement_reports WHERE employer_id = $1 AND source = 'werkgever'
		AND year = $2 AND quarter = $3 AND weekly_hours = 76.5`, employer, prev.Year, prev.Quarter); n != 1 {
		t.Errorf("%d reports stored from the link", n)
	}
	if reportsOf(other) != otherBefore {
		t.Error("the link reached another employer")
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log WHERE entity = 'placement' AND employer_id = $1
		AND source = 'plaatsingslink' AND actor = $2 AND user_id IS NULL`, employer, contactName); n != 1 {
		t.Errorf("%d audit entries by the employer's contact", n)
	}
	thanks := visitor.Get(res.Header.Get("Location"))
	apptest.WantStatus(t, thanks, http.StatusOK)
	if !strings.Contains(apptest.Text(thanks.Doc(t).Find(".flash")), "Uw cijfers over "+prev.String()+" zijn opgeslagen") ||
		!strings.Contains(thanks.Body, "3 mensen, 76,5 uur per week, 3,0 banen") {
		t.Errorf("thanks page: %.2000s", thanks.Body)
	}
	// Reporting again corrects the quarter, with the history kept.
	apptest.WantStatus(t, visitor.PostForm(link, apptest.With(form, "mensen", "4", "in_dienst", "3")), http.StatusSeeOther)
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log WHERE entity = 'placement' AND employer_id = $1 AND action = 'gewijzigd'
		AND changes->'mensen'->>'old' = '3' AND changes->'mensen'->>'new' = '4'`, employer); n != 1 {
		t.Error("the employer's correction is not in the history")
	}

	// Revoked: 410 and nothing of the employer; posting changes nothing.
	l := apptest.Scalar[int64](t, env, `SELECT id FROM placement_links WHERE employer_id = $1`, employer)
	apptest.WantStatus(t, coord.PostForm("/plaatsingen/link/"+apptest.ID(l)+"/intrekken", nil), http.StatusSeeOther)
	reports := apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log WHERE entity = 'placement'`)
	for _, r := range []*apptest.Response{visitor.Get(link), visitor.PostForm(link, apptest.With(form, "mensen", "9", "in_dienst", "0", "gedetacheerd", "0"))} {
		apptest.WantStatus(t, r, http.StatusGone)
		if strings.Contains(r.Body, name) || strings.Contains(r.Body, "76,5") {
			t.Error("a revoked link shows the employer's data")
		}
	}
	if apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log WHERE entity = 'placement'`) != reports {
		t.Error("a revoked link changed a report")
	}

	// A new link replaces the old one; an expired link is closed too.
	first := sendLink(t, env, coord, employer, contact)
	second := sendLink(t, env, coord, employer, contact)
	apptest.WantStatus(t, visitor.Get(first), http.StatusGone)
	apptest.WantStatus(t, visitor.Get(second), http.StatusOK)
	apptest.Exec(t, env, `UPDATE placement_links SET expires_at = now() - interval '1 minute' WHERE employer_id = $1 AND revoked_at IS NULL`, employer)
	res = visitor.Get(second)
	apptest.WantStatus(t, res, http.StatusGone)
	if strings.Contains(res.Body, name) {
		t.Error("an expired link shows the employer's name")
	}
	for _, bad := range []string{"/plaatsing/onzin", "/plaatsing/" + strings.Repeat("A", 43)} {
		res := visitor.Get(bad)
		apptest.WantStatus(t, res, http.StatusNotFound)
		if !strings.Contains(res.Body, "Deze link kennen we niet") {
			t.Errorf("%s: no friendly page", bad)
		}
	}
}

// TestLinkForm: the link goes to an active contact of the employer with an
// e-mail address; anyone else is refused next to the field.
func TestLinkForm(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, _ := bareMember(t, env, 1)
	apptest.WantStatus(t, coord.Get("/plaatsingen/link?werkgever="+apptest.ID(employer)), http.StatusOK)
	stranger := apptest.Scalar[int64](t, env, `SELECT id FROM contacts WHERE employer_id <> $1 AND email <> '' ORDER BY id LIMIT 1`, employer)
	former := apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, email, function, level, active_from, active_until)
		VALUES ($1, 'Oud Contact', 'oud.contact@voorbeeld.example', 'hr', 'tactisch', current_date - 400, current_date - 10) RETURNING id`, employer)
	for _, c := range []string{apptest.ID(stranger), apptest.ID(former), "", "x"} {
		res := coord.PostForm("/plaatsingen/link?werkgever="+apptest.ID(employer), url.Values{"contactpersoon": {c}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		apptest.CheckFieldError(t, res.Doc(t), "contactpersoon", "Kies de contactpersoon die de cijfers doorgeeft")
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM placement_links WHERE employer_id = $1`, employer); n != 0 {
		t.Errorf("%d links made from refused forms", n)
	}
}
