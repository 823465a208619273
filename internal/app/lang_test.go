package app_test

// Language of parts (WCAG 3.1.2): in the English interface the data that
// stays Dutch (reference values, dates written out) carries lang="nl"; in
// the Dutch interface nothing in the page content repeats the page's
// language.

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/i18n"
)

// langOf is the language the text of s is read in: the lang of its nearest
// element that has one.
func langOf(s *goquery.Selection) string {
	l, _ := s.Closest("[lang]").Attr("lang")
	return l
}

// findText is the innermost element of main whose own text is exactly want.
func findText(doc *goquery.Document, want string) *goquery.Selection {
	return doc.Find("main *").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Join(strings.Fields(s.Text()), " ") == want && s.Children().Length() == 0
	})
}

func TestDutchDataIsMarkedInTheEnglishInterface(t *testing.T) {
	env := apptest.New(t)
	ctx := context.Background()
	c := env.Login(t, apptest.Coordinator)
	id, _ := env.EmployerOf(t, 1, "lid")
	profile := "/werkgevers/" + apptest.ID(id)

	// What the page should show in Dutch, read from the database.
	sector := apptest.Scalar[string](t, env, `SELECT s.code || ' ' || s.name FROM employers e JOIN sectors s ON s.id = e.sector_id WHERE e.id = $1`, id)
	challenge := apptest.Scalar[string](t, env, `SELECT t.name FROM employer_tags et JOIN tags t ON t.id = et.tag_id
		WHERE et.employer_id = $1 AND t.kind = 'uitdaging' ORDER BY t.position LIMIT 1`, id)
	eventID := apptest.Scalar[int64](t, env, `SELECT id FROM events ORDER BY starts_at DESC LIMIT 1`)
	var when string
	if err := env.Pool.QueryRow(ctx, `SELECT to_char(starts_at AT TIME ZONE 'Europe/Amsterdam', 'FMDD')`+
		` FROM events WHERE id = $1`, eventID).Scan(&when); err != nil {
		t.Fatal(err)
	}

	u, _ := url.Parse(env.URL("/"))
	setLang := func(l string) { c.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "taal", Value: l, Path: "/"}}) }

	setLang("en")
	doc := c.Get(profile).Doc(t)
	if l, _ := doc.Find("html").Attr("lang"); l != "en" {
		t.Fatalf("profile in English: html lang %q", l)
	}
	for name, want := range map[string]string{"sector": sector, "challenge": challenge} {
		s := findText(doc, want)
		if s.Length() == 0 {
			t.Errorf("profile in English: no %s %q", name, want)
			continue
		}
		if l := langOf(s.First()); l != "nl" {
			t.Errorf("profile in English: %s %q is read as %q, want nl", name, want, l)
		}
	}
	// A size class has an English name: it is translated, not marked.
	size := apptest.Scalar[string](t, env, `SELECT sc.name FROM employers e JOIN size_classes sc
		ON e.employee_count BETWEEN sc.min_employees AND coalesce(sc.max_employees, 2147483647) WHERE e.id = $1`, id)
	english := i18n.T(i18n.WithLang(ctx, i18n.EN), size)
	if main := apptest.Text(doc.Find("main")); english == size || !strings.Contains(main, "("+english+")") || strings.Contains(main, size) {
		i := strings.Index(main, "10-49")
		t.Errorf("profile in English: size class %q should read %q: %q", size, english, main[max(0, i-80):min(len(main), i+80)])
	}

	// The list: the sector column and the sector filter's choices.
	doc = c.Get("/werkgevers").Doc(t)
	if s := doc.Find(`select[name=sector] option[value!=""]`); s.Length() == 0 || langOf(s.First()) != "nl" {
		t.Error("list in English: the sector choices are not marked Dutch")
	}
	if s := findText(doc, sector); s.Length() == 0 || langOf(s.First()) != "nl" {
		t.Errorf("list in English: sector %q not marked Dutch", sector)
	}

	// An event's date, written out in Dutch.
	doc = c.Get("/bijeenkomsten/" + apptest.ID(eventID)).Doc(t)
	dates := doc.Find("main [lang=nl]").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Text(), "dag "+when+" ")
	})
	if dates.Length() == 0 {
		t.Errorf("event in English: its date (day %s) is not marked Dutch", when)
	}

	// The dashboard's sector table.
	doc = c.Get("/dashboard").Doc(t)
	if s := doc.Find(`#tabel-sectoren tbody [lang=nl]`); s.Length() == 0 {
		t.Error("dashboard in English: the sectors table has no Dutch-marked names")
	}

	// In Dutch nothing in the content says lang: the page already does.
	setLang("nl")
	for _, p := range []string{profile, "/werkgevers", "/bijeenkomsten/" + apptest.ID(eventID), "/dashboard"} {
		doc := c.Get(p).Doc(t)
		if l, _ := doc.Find("html").Attr("lang"); l != "nl" {
			t.Errorf("%s in Dutch: html lang %q", p, l)
		}
		if n := doc.Find("main [lang]").Length(); n > 0 {
			h, _ := goquery.OuterHtml(doc.Find("main [lang]").First())
			t.Errorf("%s in Dutch: %d redundant lang attributes, e.g. %s", p, n, h)
		}
	}
}
