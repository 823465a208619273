package visits_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/nltime"
)

func ids(t testing.TB, env *apptest.Env, sql string, args ...any) []int64 {
	t.Helper()
	rows, err := env.Pool.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return out
}

// now is the time in the Netherlands, whose dates the portal uses.
func now() time.Time { return time.Now().In(nltime.Amsterdam) }

// day is today plus days, as <input type="date"> sends it.
func day(days int) string { return now().AddDate(0, 0, days).Format("2006-01-02") }

// dutch is today plus days, as the pages show it.
func dutch(days int) string { return now().AddDate(0, 0, days).Format("02-01-2006") }

// networkAt returns the id of the demo network at position pos (1-based).
func networkAt(t testing.TB, env *apptest.Env, pos int) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `SELECT id FROM networks ORDER BY id OFFSET $1 LIMIT 1`, pos-1)
}

func userID(t testing.TB, env *apptest.Env, email string) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `SELECT id FROM users WHERE email = $1`, email)
}

// member returns the n-th member (0-based) of a demo network by id.
func member(t testing.TB, env *apptest.Env, network int64, n int) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `SELECT id FROM employers WHERE network_id = $1 AND status = 'lid' ORDER BY id OFFSET $2 LIMIT 1`, network, n)
}

// activeContacts returns the ids of an employer's active contacts.
func activeContacts(t testing.TB, env *apptest.Env, employer int64) []int64 {
	t.Helper()
	return ids(t, env, `SELECT id FROM contacts WHERE employer_id = $1 AND active_until IS NULL ORDER BY id`, employer)
}

// insertContact adds an active contact to an employer.
func insertContact(t testing.TB, env *apptest.Env, employer int64, name string) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, function, level, active_from)
		VALUES ($1, $2, 'hr', 'tactisch', current_date - 30) RETURNING id`, employer, name)
}

// insertVisit stores a visit of kind daysAgo by a user, without audit.
func insertVisit(t testing.TB, env *apptest.Env, employer int64, kind string, daysAgo int, users ...int64) int64 {
	t.Helper()
	if users == nil {
		users = []int64{}
	}
	return apptest.Scalar[int64](t, env, `INSERT INTO visits (employer_id, kind, visited_on, user_ids, notes)
		VALUES ($1, $2, $3::date, $4, 'Testbezoek') RETURNING id`, employer, kind, day(-daysAgo), users)
}

// insertFollowUp stores an open follow-up due in days.
func insertFollowUp(t testing.TB, env *apptest.Env, employer, owner int64, what string, days int) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `INSERT INTO follow_ups (employer_id, description, owner_id, due_on)
		VALUES ($1, $2, $3, $4::date) RETURNING id`, employer, what, owner, day(days))
}

func count(t testing.TB, env *apptest.Env, table string) int {
	return apptest.Scalar[int](t, env, `SELECT count(*)::int FROM `+table)
}

// checkFieldError asserts that the control with element id f-<key>
// carries an error containing want inside its own .form-field, linked
// from the summary.
func checkFieldError(t testing.TB, doc *goquery.Document, key, want string) {
	t.Helper()
	ctl := doc.Find("#f-" + key)
	if ctl.Length() == 0 {
		t.Errorf("no control #f-%s on the form", key)
		return
	}
	field := ctl.Closest(".form-field")
	got := apptest.Text(field.Find(".field-error"))
	if !strings.Contains(got, want) {
		t.Errorf("field %q: error %q, want it to contain %q", key, got, want)
	}
	if goquery.NodeName(ctl) == "fieldset" {
		if !strings.Contains(ctl.AttrOr("aria-describedby", ""), "-error") {
			t.Errorf("field %q: fieldset not described by its error", key)
		}
	} else if ctl.AttrOr("aria-invalid", "") != "true" {
		t.Errorf("field %q: aria-invalid missing", key)
	}
	if doc.Find(`.error-summary a[href="#f-`+key+`"]`).Length() == 0 {
		t.Errorf("field %q: the error summary does not link to it", key)
	}
}

// fieldsWithErrors lists the element ids (without f-) of the controls
// that show an error.
func fieldsWithErrors(doc *goquery.Document) []string {
	var out []string
	doc.Find("main .form-field").Each(func(_ int, f *goquery.Selection) {
		if f.Find(".field-error").Length() > 0 {
			ctl := f.Find("fieldset, input, select, textarea").First()
			out = append(out, strings.TrimPrefix(ctl.AttrOr("id", "?"), "f-"))
		}
	})
	return out
}
