package intake_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
)

// fillStep posts step n of the questionnaire at link with valid answers,
// starting from what the page shows (the prefill), and expects to move on.
func fillStep(t *testing.T, env *apptest.Env, c *apptest.Client, link string, n int) {
	t.Helper()
	page := c.Get(link + "/stap/" + apptest.ID(int64(n)))
	apptest.WantStatus(t, page, http.StatusOK)
	doc := page.Doc(t)
	v := apptest.FormValues(doc, "form[data-autosave]")
	switch n {
	case 1:
		if v.Get("sector") == "" {
			v.Set("sector", apptest.ID(apptest.Scalar[int64](t, env, `SELECT id FROM sectors ORDER BY code LIMIT 1`)))
		}
		if v.Get("medewerkers") == "" {
			v.Set("medewerkers", "120")
		}
		if v.Get("regio") == "" {
			v.Set("regio", apptest.ID(apptest.Scalar[int64](t, env, `SELECT id FROM regions ORDER BY name LIMIT 1`)))
		}
	case 2:
		v.Set("uitdagingen", apptest.ID(apptest.Scalar[int64](t, env, `SELECT id FROM tags WHERE kind = 'uitdaging' ORDER BY position LIMIT 1`)))
	case 4:
		v.Set("niveau", "onbekend")
	case 6:
		v.Set("banen_ambitie", "2")
		v.Set("mensen_nu", "3")
		v.Set("uren_nu", "51")
	case 7:
		doc.Find(`input[type=radio][name^="bereid_"]`).Each(func(_ int, s *goquery.Selection) {
			v.Set(s.AttrOr("name", ""), "ja")
		})
		if len(v["themas"]) == 0 {
			v.Set("themas", apptest.ID(apptest.Scalar[int64](t, env, `SELECT id FROM themes ORDER BY position LIMIT 1`)))
		}
	}
	v.Set("actie", "volgende")
	res := c.PostForm(link+"/stap/"+apptest.ID(int64(n)), v)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("step %d: status %d\n%s", n, res.StatusCode, errorSummary(res))
	}
}

func errorSummary(res *apptest.Response) string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(res.Body))
	if err != nil {
		return res.Body
	}
	return strings.Join(strings.Fields(doc.Find(".error-summary").Text()), " ")
}

func TestInviteFillSubmitAndTakeOver(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, contact, name := freshEmployer(t, env, 1)

	intakeID, link := invite(t, coord, employer, contact)
	// The link is shown once: a second visit does not show it again.
	if again := coord.Get("/intakes/" + apptest.ID(intakeID)); strings.Contains(again.Body, link) {
		t.Fatal("the personal link is shown a second time")
	}
	if got := apptest.Scalar[int](t, env, `SELECT count(*) FROM mail_outbox WHERE kind = 'intake_uitnodiging' AND employer_id = $1`, employer); got != 1 {
		t.Fatalf("%d invitation mails queued, want 1", got)
	}
	if apptest.Scalar[string](t, env, `SELECT status FROM intakes WHERE id = $1`, intakeID) != "uitgenodigd" {
		t.Fatal("a new intake is not uitgenodigd")
	}

	employerSide := env.Anonymous(t)
	first := employerSide.Get(link)
	apptest.WantStatus(t, first, http.StatusSeeOther)
	if !strings.HasSuffix(first.Header.Get("Location"), link+"/stap/1") {
		t.Fatalf("a new intake opens at %q", first.Header.Get("Location"))
	}
	step1 := employerSide.Get(link + "/stap/1")
	apptest.WantStatus(t, step1, http.StatusOK)
	if got := step1.Doc(t).Find(`input[name=naam]`).AttrOr("value", ""); got != name {
		t.Fatalf("step 1 is not prefilled from the profile: naam %q, want %q", got, name)
	}
	if step1.Header.Get("Referrer-Policy") != "no-referrer" || step1.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("the questionnaire leaks its link: Referrer-Policy %q, Cache-Control %q",
			step1.Header.Get("Referrer-Policy"), step1.Header.Get("Cache-Control"))
	}
	if apptest.Scalar[string](t, env, `SELECT status FROM intakes WHERE id = $1`, intakeID) != "geopend" {
		t.Fatal("opening the link does not mark the intake geopend")
	}

	// Submitting too early says which steps are missing and changes nothing.
	early := employerSide.PostForm(link+"/stap/8", url.Values{})
	apptest.WantStatus(t, early, http.StatusUnprocessableEntity)
	if !strings.Contains(early.Body, "Rond eerst deze stappen af") {
		t.Fatalf("early submit does not say what is missing: %s", errorSummary(early))
	}

	for n := 1; n <= 7; n++ {
		fillStep(t, env, employerSide, link, n)
	}
	res := employerSide.PostForm(link+"/stap/8", url.Values{})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if !strings.HasSuffix(res.Header.Get("Location"), link+"/ingediend") {
		t.Fatalf("submit redirects to %q", res.Header.Get("Location"))
	}
	if apptest.Scalar[string](t, env, `SELECT status FROM intakes WHERE id = $1`, intakeID) != "ingediend" {
		t.Fatal("the intake is not ingediend")
	}
	if got := apptest.Scalar[int](t, env, `SELECT count(*) FROM mail_outbox WHERE kind = 'intake_bevestiging' AND employer_id = $1`, employer); got != 1 {
		t.Fatalf("%d confirmation mails, want 1", got)
	}
	copyPage := employerSide.Get(link + "/ingediend")
	apptest.WantStatus(t, copyPage, http.StatusOK)
	if copyPage.Doc(t).Find("form").Length() != 0 {
		t.Fatal("the read-only copy has a form")
	}
	// A submitted intake cannot be changed through the link any more.
	late := employerSide.PostForm(link+"/stap/6", url.Values{"banen_ambitie": {"99"}, "actie": {"volgende"}})
	apptest.WantStatus(t, late, http.StatusSeeOther)
	if apptest.Scalar[string](t, env, `SELECT answers->'6'->'banen_ambitie'->>0 FROM intakes WHERE id = $1`, intakeID) != "2" {
		t.Fatal("a submitted intake was changed through its link")
	}

	// The coordinator sees it waiting in the navigation and takes two
	// answers over.
	list := coord.Get("/intakes")
	if got := strings.TrimSpace(list.Doc(t).Find(`a[href="/intakes"] .nav-count`).Text()); !strings.HasPrefix(got, "2") {
		t.Fatalf("navigation count %q, want 2 waiting intakes (the demo's and this one)", got)
	}
	review := coord.Get("/intakes/" + apptest.ID(intakeID))
	apptest.WantStatus(t, review, http.StatusOK)
	apptest.Exec(t, env, `UPDATE employers SET employee_count = 7 WHERE id = $1`, employer) // differs from the 120 or prefill
	form := takeOverForm(t, coord, intakeID)
	form["overnemen"] = []string{"medewerkers", "uitdagingen"}
	res = takeOver(coord, intakeID, form)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	answered := apptest.Scalar[string](t, env, `SELECT answers->'1'->'medewerkers'->>0 FROM intakes WHERE id = $1`, intakeID)
	if got := apptest.Scalar[string](t, env, `SELECT employee_count::text FROM employers WHERE id = $1`, employer); got != answered {
		t.Fatalf("employee count %s after take-over, want the answer %s", got, answered)
	}
	if apptest.Scalar[string](t, env, `SELECT status FROM intakes WHERE id = $1`, intakeID) != "verwerkt" {
		t.Fatal("the intake is not verwerkt")
	}
	src := apptest.Scalar[string](t, env, `SELECT source FROM audit_log WHERE entity = 'employer' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, employer)
	if !strings.HasPrefix(src, "intake ") {
		t.Fatalf("the profile change is logged with source %q, want the intake", src)
	}
	profile := coord.Get("/werkgevers/" + apptest.ID(employer))
	hist := profile.Doc(t).Find("#geschiedenis").Parent().Text()
	if !strings.Contains(hist, "intake") {
		t.Fatalf("the profile's Geschiedenis does not show the take-over:\n%s", hist)
	}
	// Each changed field is one line, once, and no template keyword leaks.
	var lines []string
	profile.Doc(t).Find("#geschiedenis").Parent().Find("ul.diff li").Each(func(_ int, li *goquery.Selection) {
		lines = append(lines, strings.Join(strings.Fields(li.Text()), " "))
	})
	seen := map[string]bool{}
	for _, l := range lines {
		if seen[l] {
			t.Errorf("history line %q appears twice in %q", l, lines)
		}
		seen[l] = true
	}
	if strings.Contains(hist, "continue") {
		t.Errorf("the Geschiedenis prints a literal continue:\n%s", hist)
	}
}

func TestTakeOverRefusesAStaleProfile(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	intakeID, employer := submittedIntake(t, env)
	form := takeOverForm(t, coord, intakeID)
	form["overnemen"] = []string{"medewerkers"}
	before := apptest.Scalar[string](t, env, `SELECT coalesce(employee_count::text, '') FROM employers WHERE id = $1`, employer)
	// Another coordinator saves the profile in between.
	apptest.Exec(t, env, `UPDATE employers SET notes = 'tussendoor', version = version + 1 WHERE id = $1`, employer)
	res := takeOver(coord, intakeID, form)
	apptest.WantStatus(t, res, http.StatusConflict)
	if got := apptest.Scalar[string](t, env, `SELECT coalesce(employee_count::text, '') FROM employers WHERE id = $1`, employer); got != before {
		t.Fatalf("a stale take-over changed the profile: %s -> %s", before, got)
	}
	if apptest.Scalar[string](t, env, `SELECT status FROM intakes WHERE id = $1`, intakeID) != "ingediend" {
		t.Fatal("a refused take-over marked the intake verwerkt")
	}
	if !res.Doc(t).Find(`input[name=overnemen][value=medewerkers]`).Is("[checked]") {
		t.Fatal("the coordinator's choice is not kept after the conflict")
	}
	// The page shown again after a refused POST keeps the navigation counts.
	if got := strings.TrimSpace(res.Doc(t).Find(`a[href="/intakes"] .nav-count`).Text()); !strings.HasPrefix(got, "1") {
		t.Errorf("navigation count %q on the refused take-over, want 1 waiting intake", got)
	}
}

func TestColleaguesBecomeContacts(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	intakeID, employer := submittedIntake(t, env)
	form := takeOverForm(t, coord, intakeID)
	form["collega"] = []string{"0"}
	res := takeOver(coord, intakeID, form)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	email := apptest.Scalar[string](t, env, `SELECT answers->'5'->'collega_email'->>0 FROM intakes WHERE id = $1`, intakeID)
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM contacts WHERE employer_id = $1 AND email = $2`, employer, email); n != 1 {
		t.Fatalf("%d contacts with the proposed colleague's address, want 1", n)
	}
}

func TestDraftsKeepEverythingTyped(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, contact, _ := freshEmployer(t, env, 1)
	intakeID, link := invite(t, coord, employer, contact)
	c := env.Anonymous(t)

	// Invalid input is refused with the reason next to the field, and kept.
	res := c.PostForm(link+"/stap/6", url.Values{"banen_ambitie": {"veel"}, "mensen_nu": {"2"}, "uren_nu": {"500"}, "actie": {"volgende"}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	doc := res.Doc(t)
	if doc.Find("#f-banen_ambitie-error").Length() != 1 || doc.Find("#f-uren_nu-error").Length() != 1 {
		t.Fatalf("errors are not next to their fields: %s", errorSummary(res))
	}
	if got := doc.Find("#f-banen_ambitie").AttrOr("value", ""); got != "veel" {
		t.Fatalf("the input is not kept: %q", got)
	}
	// ... and still there when the employer comes back another day.
	again := c.Get(link + "/stap/6")
	if got := again.Doc(t).Find("#f-uren_nu").AttrOr("value", ""); got != "500" {
		t.Fatalf("the half-filled step was lost: uren_nu %q", got)
	}

	// "Opslaan en later verder" keeps raw input and stays on the step.
	res = c.PostForm(link+"/stap/3", url.Values{"kennis_onderwerpen": {"Jobcarving in de bakkerij"}, "actie": {"concept"}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	// Moving back keeps what was typed on the step left behind.
	res = c.PostForm(link+"/stap/4", url.Values{"niveau": {"onbekend"}, "actie": {"vorige"}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if !strings.HasSuffix(res.Header.Get("Location"), "/stap/3") {
		t.Fatalf("back from step 4 goes to %q", res.Header.Get("Location"))
	}
	if got := c.Get(link+"/stap/4").Doc(t).Find(`input[name=niveau][checked]`).AttrOr("value", ""); got != "onbekend" {
		t.Fatalf("moving back lost the answer of step 4: %q", got)
	}
	// The autosave of the script answers 204 and keeps the text.
	res = c.PostForm(link+"/stap/2", url.Values{"uitdagingen_toelichting": {"Begeleiding is lastig"}, "actie": {"autosave"}})
	apptest.WantStatus(t, res, http.StatusNoContent)

	// A fresh browser (no cookies at all) resumes on the last step opened.
	fresh := env.Anonymous(t)
	res = fresh.Get(link)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if !strings.HasSuffix(res.Header.Get("Location"), "/stap/2") {
		t.Fatalf("the link resumes at %q, want step 2", res.Header.Get("Location"))
	}
	if got := fresh.Get(link + "/stap/2").Doc(t).Find("#f-uitdagingen_toelichting").Text(); got != "Begeleiding is lastig" {
		t.Fatalf("autosaved text lost: %q", got)
	}
	if got := fresh.Get(link + "/stap/3").Doc(t).Find("#f-kennis_onderwerpen").Text(); got != "Jobcarving in de bakkerij" {
		t.Fatalf("draft lost: %q", got)
	}
	if s := apptest.Scalar[string](t, env, `SELECT status FROM intakes WHERE id = $1`, intakeID); s != "bezig" {
		t.Fatalf("status %q after saving, want bezig", s)
	}
}

func TestSendBackExtendRevoke(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	intakeID := apptest.Scalar[int64](t, env, `SELECT id FROM intakes WHERE status = 'ingediend'`)

	res := coord.PostForm("/intakes/"+apptest.ID(intakeID)+"/terugsturen", url.Values{"vraag": {"  "}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	if res.Doc(t).Find("#f-vraag-error").Length() != 1 {
		t.Fatal("an empty question gets no message next to the field")
	}
	res = coord.PostForm("/intakes/"+apptest.ID(intakeID)+"/terugsturen", url.Values{"vraag": {"Hoeveel uur werken de drie mensen nu?"}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	page := coord.Get("/intakes/" + apptest.ID(intakeID))
	link, _ := page.Doc(t).Find("#intake-link").Attr("value")
	u, _ := url.Parse(link)
	if u == nil || !strings.HasPrefix(u.Path, "/intake/") {
		t.Fatalf("no new link after sending back: %q", link)
	}
	if s := apptest.Scalar[string](t, env, `SELECT status FROM intakes WHERE id = $1`, intakeID); s != "bezig" {
		t.Fatalf("status %q after sending back, want bezig", s)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM mail_outbox WHERE kind = 'intake_vraag' AND body_text LIKE '%drie mensen%'`); n != 1 {
		t.Fatalf("%d question mails, want 1", n)
	}
	c := env.Anonymous(t)
	step := c.Get(u.Path + "/stap/8")
	apptest.WantStatus(t, step, http.StatusOK)
	if !strings.Contains(step.Body, "drie mensen") {
		t.Fatal("the employer does not see the coordinator's question")
	}

	// Revoked: the link answers 410 with a friendly page and no data.
	res = coord.PostForm("/intakes/"+apptest.ID(intakeID)+"/intrekken", nil)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	gone := c.Get(u.Path + "/stap/1")
	apptest.WantStatus(t, gone, http.StatusGone)
	name := apptest.Scalar[string](t, env, `SELECT e.name FROM intakes i JOIN employers e ON e.id = i.employer_id WHERE i.id = $1`, intakeID)
	if strings.Contains(gone.Body, name) {
		t.Fatal("a revoked link still shows the employer's name")
	}
	// Extending a revoked intake is refused; a new invitation reopens it.
	res = coord.PostForm("/intakes/"+apptest.ID(intakeID)+"/verlengen", nil)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if s := apptest.Scalar[string](t, env, `SELECT status FROM intakes WHERE id = $1`, intakeID); s != "ingetrokken" {
		t.Fatalf("status %q", s)
	}
}

func TestExtendMovesTheEnd(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, contact, _ := freshEmployer(t, env, 1)
	intakeID, link := invite(t, coord, employer, contact)
	apptest.Exec(t, env, `UPDATE intakes SET expires_at = now() - interval '1 day' WHERE id = $1`, intakeID)
	c := env.Anonymous(t)
	apptest.WantStatus(t, c.Get(link+"/stap/1"), http.StatusGone)
	list := coord.Get("/intakes?status=verlopen")
	if !strings.Contains(list.Body, "/intakes/"+apptest.ID(intakeID)) {
		t.Fatal("the expired intake is not listed under verlopen")
	}
	res := coord.PostForm("/intakes/"+apptest.ID(intakeID)+"/verlengen", nil)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	apptest.WantStatus(t, c.Get(link+"/stap/1"), http.StatusOK)
}
