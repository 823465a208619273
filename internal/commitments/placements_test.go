package commitments_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/commitments"
)

func validReport(p commitments.Period) url.Values {
	return url.Values{"jaar": {strconv.Itoa(p.Year)}, "kwartaal": {strconv.Itoa(p.Quarter)}, "ambitie": {"3"},
		"mensen": {"2"}, "uren": {"51"}, "in_dienst": {"1"}, "gedetacheerd": {"1"}, "versie": {""}}
}

func TestJobsTenths(t *testing.T) {
	for hours, want := range map[int]int{510: 20, 0: 0, 255: 10, 1: 0, 13: 1, 12: 0, 638: 25, 960: 38, 520: 20, 525: 21} {
		if got := commitments.JobsTenths(hours); got != want {
			t.Errorf("%d tenths of hours: %d tenths of jobs, want %d", hours, got, want)
		}
	}
}

// TestPlacementValidation: every rule of the placement form gives 422 with
// its message next to its field, keeps the input and stores nothing.
func TestPlacementValidation(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, _ := bareMember(t, env, 1)
	path := "/plaatsingen/nieuw?werkgever=" + apptest.ID(employer)
	now := commitments.PeriodOf(time.Now())
	next := commitments.Period{Year: now.Year, Quarter: now.Quarter + 1}
	if now.Quarter == 4 {
		next = commitments.Period{Year: now.Year + 1, Quarter: 1}
	}
	base := validReport(now.Prev())

	cases := []struct {
		name  string
		form  url.Values
		field string
		want  string
	}{
		{"a future quarter", apptest.With(base, "jaar", strconv.Itoa(next.Year), "kwartaal", strconv.Itoa(next.Quarter)), "kwartaal", "is nog niet begonnen"},
		{"next year", apptest.With(base, "jaar", strconv.Itoa(now.Year+1)), "kwartaal", "is nog niet begonnen"},
		{"before the banenafspraak", apptest.With(base, "jaar", "2012"), "jaar", "Plaatsingen tellen vanaf 2013"},
		{"not a year", apptest.With(base, "jaar", "vorig jaar"), "jaar", "Vul een jaartal in"},
		{"no quarter", apptest.With(base, "kwartaal", ""), "kwartaal", "Kies het kwartaal."},
		{"a fifth quarter", apptest.With(base, "kwartaal", "5"), "kwartaal", "Kies het kwartaal."},
		{"no people", apptest.With(base, "mensen", ""), "mensen", "Vul in hoeveel mensen uit de doelgroep er werken; 0 is ook een antwoord."},
		{"half a person", apptest.With(base, "mensen", "2,5"), "mensen", "Vul het aantal mensen in als een heel getal"},
		{"negative people", apptest.With(base, "mensen", "-1"), "mensen", "Vul het aantal mensen in als een heel getal"},
		{"people without hours", apptest.With(base, "uren", ""), "uren", "Vul in hoeveel uur zij samen per week werken."},
		{"more than 48 hours each", apptest.With(base, "uren", "96,1"), "uren", "Dat is meer dan 48 uur per week per persoon."},
		{"one person over 48 hours, not \"1 mensen\"", apptest.With(base, "mensen", "1", "in_dienst", "1", "gedetacheerd", "0", "uren", "50"), "uren",
			"Dat is meer dan 48 uur per week. Vul in hoeveel uur deze persoon per week werkt."},
		{"hours without people", apptest.With(base, "mensen", "0", "in_dienst", "0", "gedetacheerd", "0", "uren", "8"), "uren", "Er werkt niemand uit de doelgroep."},
		{"hours with a thousands point", apptest.With(base, "uren", "1.250"), "uren", "Vul het aantal uren in als een getal, bijvoorbeeld 52,5."},
		{"hours in words", apptest.With(base, "uren", "veel"), "uren", "Vul het aantal uren in als een getal"},
		{"negative hours", apptest.With(base, "uren", "-4"), "uren", "Vul het aantal uren in als een getal"},
		{"half a job as ambition", apptest.With(base, "ambitie", "2,5"), "ambitie", "Vul de ambitie in als een heel aantal banen"},
		{"employed not a number", apptest.With(base, "in_dienst", "een"), "in_dienst", "Vul een heel getal in, of laat het veld leeg."},
		{"employed and seconded above people", apptest.With(base, "in_dienst", "2", "gedetacheerd", "1"), "gedetacheerd",
			"In dienst en gedetacheerd samen (3) is meer dan het aantal mensen (2)."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := coord.PostForm(path, tc.form)
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			doc := res.Doc(t)
			apptest.CheckFieldError(t, doc, tc.field, tc.want)
			if got := apptest.FieldsWithErrors(doc); !slices.Equal(got, []string{tc.field}) {
				t.Errorf("fields with errors %v, want only %s", got, tc.field)
			}
			for _, f := range []string{"mensen", "uren", "ambitie"} {
				if apptest.ValueOf(doc, f) != tc.form.Get(f) {
					t.Errorf("%s not kept: %q, sent %q", f, apptest.ValueOf(doc, f), tc.form.Get(f))
				}
			}
			if !strings.Contains(res.Body, "Er worden geen persoonsgegevens van medewerkers gevraagd of bewaard") {
				t.Error("the form does not say it asks no personal data")
			}
		})
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM placement_reports WHERE employer_id = $1`, employer); n != 0 {
		t.Fatalf("%d reports stored from invalid forms", n)
	}

	// The edges that are allowed: nobody and no hours; exactly 48 hours
	// each; hours rounded to one decimal; the current quarter.
	for _, form := range []url.Values{
		apptest.With(base, "mensen", "0", "uren", "", "in_dienst", "", "gedetacheerd", "", "ambitie", ""),
		apptest.With(base, "jaar", strconv.Itoa(now.Prev().Prev().Year), "kwartaal", strconv.Itoa(now.Prev().Prev().Quarter), "uren", "96"),
		apptest.With(base, "jaar", strconv.Itoa(now.Year), "kwartaal", strconv.Itoa(now.Quarter), "uren", "52,25"),
	} {
		apptest.WantStatus(t, coord.PostForm(path, form), http.StatusSeeOther)
	}
	got := apptest.Scalar[string](t, env, `SELECT string_agg(people || ':' || weekly_hours || ':' || coalesce(ambition_jobs::text, '-'), ' '
		ORDER BY year, quarter) FROM placement_reports WHERE employer_id = $1`, employer)
	if got != "2:96.0:3 0:0.0:- 2:52.3:3" {
		t.Errorf("stored %q", got)
	}
}

// TestPlacementCorrectionsKeepHistory: 51 hours are 2,0 jobs; a second
// report for the quarter is refused; each correction is an audit entry with
// the figures before and after, shown in the profile's history.
func TestPlacementCorrectionsKeepHistory(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, _ := bareMember(t, env, 1)
	prev := commitments.PeriodOf(time.Now()).Prev()
	path := "/plaatsingen/nieuw?werkgever=" + apptest.ID(employer)

	res := coord.PostForm(path, validReport(prev))
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/werkgevers/"+apptest.ID(employer)+"#plaatsingen" {
		t.Errorf("redirect to %q", loc)
	}
	r := apptest.Scalar[int64](t, env, `SELECT id FROM placement_reports WHERE employer_id = $1 AND source = 'coordinator'`, employer)
	row := strings.Join(coord.Get("/werkgevers/"+apptest.ID(employer)).Doc(t).
		Find(`section[aria-labelledby="plaatsingen"] tr:has(th:contains("`+prev.String()+`")) td`).Map(func(_ int, s *goquery.Selection) string {
		return apptest.Text(s)
	}), "|")
	if !strings.HasPrefix(row, "3|2|51,0|2,0|1|1|Coördinator|") {
		t.Errorf("the profile's row of %s: %q, want 51,0 hours and 2,0 jobs", prev, row)
	}

	res = coord.PostForm(path, validReport(prev))
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	apptest.CheckFieldError(t, res.Doc(t), "kwartaal", "zijn al cijfers vastgelegd")

	edit := "/plaatsingen/" + apptest.ID(r) + "/bewerken"
	apptest.WantStatus(t, coord.PostForm(edit, apptest.With(apptest.FormOf(t, coord, edit), "mensen", "3", "uren", "63,8")), http.StatusSeeOther)
	apptest.WantStatus(t, coord.PostForm(edit, apptest.With(apptest.FormOf(t, coord, edit), "uren", "70")), http.StatusSeeOther)
	type entry struct{ action, people, hours, jobs string }
	rows, err := env.Pool.Query(t.Context(), `SELECT action, coalesce(changes->'mensen'->>'old', '') || '→' || coalesce(changes->'mensen'->>'new', ''),
		coalesce(changes->'uren'->>'old', '') || '→' || coalesce(changes->'uren'->>'new', ''),
		coalesce(changes->'banen'->>'old', '') || '→' || coalesce(changes->'banen'->>'new', '')
		FROM audit_log WHERE entity = 'placement' AND entity_id = $1 AND employer_id = $2 ORDER BY id`, r, employer)
	if err != nil {
		t.Fatal(err)
	}
	var got []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.action, &e.people, &e.hours, &e.jobs); err != nil {
			t.Fatal(err)
		}
		got = append(got, e)
	}
	want := []entry{
		{"aangemaakt", "→2", "→51,0", "→2,0"},
		{"gewijzigd", "2→3", "51,0→63,8", "2,0→2,5"},
		{"gewijzigd", "→", "63,8→70,0", "2,5→2,7"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("audit entries\n got %v\nwant %v", got, want)
	}
	hist := section(t, coord, employer, "geschiedenis")
	if strings.Count(hist, "Plaatsingen over "+prev.String()+" gecorrigeerd") != 2 || !strings.Contains(hist, "51,0") {
		t.Errorf("history: %.800s", hist)
	}

	// A correction saved meanwhile by someone else: 409, the input kept.
	form := apptest.FormOf(t, coord, edit)
	apptest.Exec(t, env, `UPDATE placement_reports SET version = version + 1, people = 4 WHERE id = $1`, r)
	res = coord.PostForm(edit, apptest.With(form, "uren", "71"))
	apptest.WantStatus(t, res, http.StatusConflict)
	if apptest.ValueOf(res.Doc(t), "uren") != "71" {
		t.Error("the input is not kept after a conflict")
	}
}
