package intake_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/intake"
	"netwerkportaal/internal/platform/config"
)

// TestLinkReachesNothingElse tries a valid personal link on every route of
// the portal, in every place a token could be carried: path parameters,
// query string, session cookie and Authorization header. Only the
// questionnaire's own pages may answer with the employer's data.
func TestLinkReachesNothingElse(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, contact, name := freshEmployer(t, env, 1)
	_, link := invite(t, coord, employer, contact)
	token := strings.TrimPrefix(link, "/intake/")
	otherName := apptest.Scalar[string](t, env, `SELECT e.name FROM intakes i JOIN employers e ON e.id = i.employer_id
		WHERE i.status = 'ingediend'`)

	router := app.New(env.Pool, config.Config{BaseURL: "http://x"}, app.Options{}).(chi.Routes)
	visitor := env.Anonymous(t)
	tried := 0
	err := chi.Walk(router, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		path := fillParams(route, token)
		own := strings.HasPrefix(route, "/intake/{token}")
		for _, carrier := range []string{"path", "query", "cookie", "bearer"} {
			req, _ := http.NewRequest(method, env.URL(path), strings.NewReader(url.Values{"token": {token}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			switch carrier {
			case "query":
				q := req.URL.Query()
				q.Set("token", token)
				req.URL.RawQuery = q.Encode()
			case "cookie":
				req.AddCookie(&http.Cookie{Name: "np_sessie", Value: token})
			case "bearer":
				req.Header.Set("Authorization", "Bearer "+token)
			}
			res := visitor.Do(req)
			tried++
			if strings.Contains(res.Body, otherName) {
				t.Errorf("%s %s (%s): shows another employer's name", method, path, carrier)
			}
			if own {
				continue
			}
			if strings.Contains(res.Body, name) {
				t.Errorf("%s %s (%s): shows the employer's name outside the questionnaire", method, path, carrier)
			}
			if res.StatusCode == http.StatusOK && !public(route) {
				t.Errorf("%s %s (%s): status 200 for a visitor with only a link", method, path, carrier)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if tried < 40 {
		t.Fatalf("only %d requests tried: is the route walk broken?", tried)
	}
}

// public routes answer anyone, with nothing about any employer.
func public(route string) bool {
	// A network's stylesheet is public branding: for an unknown id it is empty.
	for _, p := range []string{"/inloggen", "/mijn/inloggen", "/wachtwoord-vergeten", "/healthz", "/readyz", "/static/*",
		"/favicon.ico", "/taal", "/netwerkstijl/{id}.css"} {
		if route == p {
			return true
		}
	}
	return false
}

// fillParams puts value in every {param} (and the catch-all) of a route.
func fillParams(route, value string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(route, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(route[i:], '}')
		b.WriteString(route[:i] + value)
		route = route[i+j+1:]
	}
	b.WriteString(route)
	return strings.ReplaceAll(b.String(), "*", "x.css")
}

func TestBadLinksGetAFriendlyPage(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, contact, name := freshEmployer(t, env, 1)
	intakeID, link := invite(t, coord, employer, contact)
	token := strings.TrimPrefix(link, "/intake/")
	c := env.Anonymous(t)

	cases := map[string]struct {
		path string
		want int
	}{
		"garbage":        {"/intake/nonsense", http.StatusNotFound},
		"hostile":        {"/intake/" + url.PathEscape("'; DROP TABLE intakes;--") + "/stap/1", http.StatusNotFound},
		"one char off":   {"/intake/" + flip(token) + "/stap/1", http.StatusNotFound},
		"unknown step":   {link + "/stap/9", http.StatusNotFound},
		"step zero":      {link + "/stap/0", http.StatusNotFound},
		"very long path": {"/intake/" + strings.Repeat("a", 5000), http.StatusNotFound},
	}
	for name, tc := range cases {
		res := c.Get(tc.path)
		if res.StatusCode != tc.want {
			t.Errorf("%s: status %d, want %d", name, res.StatusCode, tc.want)
		}
		if !strings.Contains(res.Body, "coördinator") {
			t.Errorf("%s: the page does not say whom to ask", name)
		}
	}
	apptest.Exec(t, env, `UPDATE intakes SET expires_at = now() - interval '1 minute' WHERE id = $1`, intakeID)
	res := c.Get(link + "/stap/1")
	apptest.WantStatus(t, res, http.StatusGone)
	if strings.Contains(res.Body, name) {
		t.Fatal("an expired link shows the employer's name")
	}
	res = c.PostForm(link+"/stap/1", url.Values{"naam": {"Overgenomen BV"}, "actie": {"volgende"}})
	apptest.WantStatus(t, res, http.StatusGone)
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM intakes WHERE answers::text LIKE '%Overgenomen BV%'`); n != 0 {
		t.Fatal("an expired link stored answers")
	}
}

func flip(s string) string {
	b := []byte(s)
	if b[0] == 'A' {
		b[0] = 'B'
	} else {
		b[0] = 'A'
	}
	return string(b)
}

func TestCoordinatorsOnlyInTheirNetworks(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	net1Intake := apptest.Scalar[int64](t, env, `SELECT id FROM intakes WHERE status = 'ingediend'`)
	coord2 := env.Login(t, apptest.Coordinator2)
	apptest.WantStatus(t, coord2.Get("/intakes/"+apptest.ID(net1Intake)), http.StatusNotFound)
	apptest.WantStatus(t, coord2.PostForm("/intakes/"+apptest.ID(net1Intake)+"/verwerken", url.Values{}), http.StatusNotFound)
	apptest.WantStatus(t, coord2.PostForm("/intakes/"+apptest.ID(net1Intake)+"/intrekken", url.Values{}), http.StatusNotFound)
	if strings.Contains(coord2.Get("/intakes").Body, "/intakes/"+apptest.ID(net1Intake)+`"`) {
		t.Fatal("another network's intake is listed")
	}
	employer, contact, _ := freshEmployer(t, env, 1)
	res := coord2.PostForm("/intakes/nieuw", url.Values{"werkgever": {apptest.ID(employer)}, "contactpersoon": {apptest.ID(contact)}, "dagen": {"30"}})
	apptest.WantStatus(t, res, http.StatusNotFound)

	board := env.Login(t, apptest.Bestuur)
	apptest.WantStatus(t, board.Get("/intakes/"+apptest.ID(net1Intake)), http.StatusOK)
	apptest.WantStatus(t, board.PostForm("/intakes/"+apptest.ID(net1Intake)+"/verwerken", url.Values{}), http.StatusForbidden)
	apptest.WantStatus(t, board.Get("/intakes/nieuw?werkgever="+apptest.ID(employer)), http.StatusForbidden)
	if apptest.Scalar[string](t, env, `SELECT status FROM intakes WHERE id = $1`, net1Intake) != "ingediend" {
		t.Fatal("a refused request changed the intake")
	}
}

func TestInvitationForm(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, contact, _ := freshEmployer(t, env, 1)
	noMail := apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, function, level) VALUES ($1, 'Piet Zonder Mail', 'hr', 'tactisch') RETURNING id`, employer)
	otherEmployersContact := apptest.Scalar[int64](t, env, `SELECT id FROM contacts WHERE employer_id <> $1 AND email <> '' LIMIT 1`, employer)
	form := coord.Get("/intakes/nieuw?werkgever=" + apptest.ID(employer))
	apptest.WantStatus(t, form, http.StatusOK)

	for name, tc := range map[string]struct {
		v     url.Values
		field string
	}{
		"no contact":            {url.Values{"dagen": {"30"}}, "contactpersoon"},
		"contact without email": {url.Values{"contactpersoon": {apptest.ID(noMail)}, "dagen": {"30"}}, "contactpersoon"},
		"another's contact":     {url.Values{"contactpersoon": {apptest.ID(otherEmployersContact)}, "dagen": {"30"}}, "contactpersoon"},
		"zero days":             {url.Values{"contactpersoon": {apptest.ID(contact)}, "dagen": {"0"}}, "dagen"},
		"days not a number":     {url.Values{"contactpersoon": {apptest.ID(contact)}, "dagen": {"dertig"}}, "dagen"},
	} {
		tc.v.Set("werkgever", apptest.ID(employer))
		res := coord.PostForm("/intakes/nieuw", tc.v)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", name, res.StatusCode)
			continue
		}
		if res.Doc(t).Find("#f-"+tc.field+"-error").Length() != 1 {
			t.Errorf("%s: no message next to %s", name, tc.field)
		}
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM intakes WHERE employer_id = $1`, employer); n != 0 {
		t.Fatalf("refused invitations created %d intakes", n)
	}
	// A submitted intake of this year cannot be invited again: 409.
	submitted := apptest.Scalar[int64](t, env, `SELECT employer_id FROM intakes WHERE status = 'ingediend'`)
	sc := apptest.Scalar[int64](t, env, `SELECT contact_id FROM intakes WHERE status = 'ingediend'`)
	res := coord.PostForm("/intakes/nieuw", url.Values{"werkgever": {apptest.ID(submitted)}, "contactpersoon": {apptest.ID(sc)}, "dagen": {"30"}})
	apptest.WantStatus(t, res, http.StatusConflict)
}

func TestReinviteReplacesTheLink(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, contact, _ := freshEmployer(t, env, 1)
	first, oldLink := invite(t, coord, employer, contact)
	c := env.Anonymous(t)
	apptest.WantStatus(t, c.PostForm(oldLink+"/stap/3", url.Values{"kennis_onderwerpen": {"Inclusief inkopen"}, "actie": {"concept"}}), http.StatusSeeOther)
	second, newLink := invite(t, coord, employer, contact)
	if first != second {
		t.Fatalf("a second invitation this year made intake %d beside %d", second, first)
	}
	apptest.WantStatus(t, c.Get(oldLink+"/stap/1"), http.StatusNotFound)
	page := c.Get(newLink + "/stap/3")
	apptest.WantStatus(t, page, http.StatusOK)
	if got := page.Doc(t).Find("#f-kennis_onderwerpen").Text(); got != "Inclusief inkopen" {
		t.Fatalf("a new link lost what was filled in: %q", got)
	}
}

func TestNextYearStartsFromLastYear(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	// Move the demo's submitted intake (and the one before it) a year back,
	// as if it were last year's, and invite again.
	prev, employer := submittedIntake(t, env)
	contact := apptest.Scalar[int64](t, env, `SELECT contact_id FROM intakes WHERE id = $1`, prev)
	apptest.Exec(t, env, `UPDATE intakes SET year = year - 1 WHERE employer_id = $1`, employer)
	next, link := invite(t, coord, employer, contact)
	if next == prev {
		t.Fatal("no new intake for the new year")
	}
	if got := apptest.Scalar[int64](t, env, `SELECT based_on_id FROM intakes WHERE id = $1`, next); got != prev {
		t.Fatalf("based on %d, want last year's %d", got, prev)
	}
	want := apptest.Scalar[string](t, env, `SELECT answers->'6'->'banen_ambitie'->>0 FROM intakes WHERE id = $1`, prev)
	page := env.Anonymous(t).Get(link + "/stap/6")
	if got := page.Doc(t).Find("#f-banen_ambitie").AttrOr("value", ""); got != want {
		t.Fatalf("this year's ambition is prefilled with %q, want last year's %q", got, want)
	}
	// The coordinator can compare the years side by side.
	review := coord.Get("/intakes/" + apptest.ID(next))
	if review.Doc(t).Find("table th:contains('"+apptest.Scalar[string](t, env, `SELECT (year)::text FROM intakes WHERE id = $1`, prev)+"')").Length() == 0 {
		t.Fatal("the review page does not show last year's answers beside this year's")
	}
}

// TestHostileDraftsAreRefused: finding 2 (NUL and invalid UTF-8 in the
// autosave, concept and back of every step gave 500s) and finding 7 (6.6 MB
// of drafts per intake were accepted). Refused now, and nothing is stored.
func TestHostileDraftsAreRefused(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, contact, _ := freshEmployer(t, env, 1)
	intakeID, link := invite(t, coord, employer, contact)
	c := env.Anonymous(t)
	before := apptest.Scalar[string](t, env, `SELECT answers::text FROM intakes WHERE id = $1`, intakeID)
	for step := 1; step <= 7; step++ {
		for _, action := range []string{"autosave", "concept", "vorige", "volgende"} {
			for _, bad := range []string{"a\x00b", "a\xffb"} {
				form := url.Values{"actie": {action}}
				for _, f := range []string{"naam", "plaats", "uitdagingen_toelichting", "verwachtingen", "bereid_x"} {
					form.Set(f, bad)
				}
				res := c.PostForm(link+"/stap/"+strconv.Itoa(step), form)
				if res.StatusCode != http.StatusUnprocessableEntity {
					t.Errorf("step %d %s %q: status %d, want 422", step, action, bad, res.StatusCode)
				}
			}
		}
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM intakes WHERE id = $1 AND (drafts <> '{}' OR answers::text <> $2)`, intakeID, before); n != 0 {
		var d, a string
		env.Pool.QueryRow(context.Background(), `SELECT drafts::text, answers::text FROM intakes WHERE id = $1`, intakeID).Scan(&d, &a)
		t.Fatalf("hostile input was stored in the drafts: %.300s %.300s", d, a)
	}

	// Many conditions of a single line each: every value within its own
	// limit, the whole far over the drafts' limit.
	big := url.Values{"actie": {"concept"}}
	for i := range 300 {
		big.Set("bereid_"+strconv.Itoa(i), strings.Repeat("x", 900))
	}
	for step := 1; step <= 7; step++ {
		res := c.PostForm(link+"/stap/"+strconv.Itoa(step), big)
		if res.StatusCode >= 500 {
			t.Fatalf("step %d: status %d", step, res.StatusCode)
		}
	}
	if n := apptest.Scalar[int](t, env, `SELECT octet_length(drafts::text) FROM intakes WHERE id = $1`, intakeID); n > intake.MaxDraftBytes {
		t.Fatalf("drafts hold %d bytes, over the limit of %d", n, intake.MaxDraftBytes)
	}
	res := c.PostForm(link+"/stap/"+strconv.Itoa(intake.StepConditions), big)
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
}
