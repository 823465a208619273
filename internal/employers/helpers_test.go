package employers_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/app/apptest"
)

func ePath(id int64, rest string) string { return fmt.Sprintf("/werkgevers/%d%s", id, rest) }

func cPath(e, c int64, rest string) string {
	return fmt.Sprintf("/werkgevers/%d/contactpersonen/%d%s", e, c, rest)
}

// mainForm selects the page's own form, not the sign-out form in the header.
const mainForm = "main form[method=post]"

// formOf fetches path and returns the values its form would submit.
func formOf(t testing.TB, c *apptest.Client, path string) url.Values {
	t.Helper()
	res := c.Get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	return apptest.FormValues(res.Doc(t), mainForm)
}

// with returns a copy of v with the given key/value pairs set.
func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

// insertContact adds an active contact who started a month ago.
func insertContact(t testing.TB, pool *pgxpool.Pool, employerID int64, name string) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, pool, `INSERT INTO contacts (employer_id, name, email, function, level, active_from)
		VALUES ($1, $2, 'test@example.org', 'hr', 'tactisch', current_date - 30) RETURNING id`, employerID, name)
}

func employerName(t testing.TB, pool *pgxpool.Pool, id int64) string {
	return apptest.Scalar[string](t, pool, `SELECT name FROM employers WHERE id = $1`, id)
}

func auditRows(t testing.TB, pool *pgxpool.Pool) int {
	return apptest.Scalar[int](t, pool, `SELECT count(*)::int FROM audit_log`)
}

// control returns the form control named name.
func control(doc *goquery.Document, name string) *goquery.Selection {
	return doc.Find(fmt.Sprintf(`main form[method=post] [name=%q]`, name)).First()
}

// checkFieldError asserts that the field named name carries an error
// containing want inside its own .form-field, marked aria-invalid.
func checkFieldError(t testing.TB, doc *goquery.Document, name, want string) {
	t.Helper()
	ctl := control(doc, name)
	if ctl.Length() == 0 {
		t.Errorf("no control %q on the form", name)
		return
	}
	field := ctl.Closest(".form-field")
	got := strings.Join(strings.Fields(field.Find(".field-error").Text()), " ")
	if got == "" {
		t.Errorf("field %q: no .field-error next to it", name)
	} else if !strings.Contains(got, want) {
		t.Errorf("field %q: error %q, want it to contain %q", name, got, want)
	}
	// Inputs, selects and textareas say so to assistive technology; a group
	// of radios or checkboxes links its fieldset to the error instead.
	switch typ := ctl.AttrOr("type", ""); {
	case typ == "radio" || typ == "checkbox":
		fs := field.Find("fieldset")
		if !strings.Contains(fs.AttrOr("aria-describedby", ""), "-error") {
			t.Errorf("field %q: fieldset not described by its error", name)
		}
	default:
		if ctl.AttrOr("aria-invalid", "") != "true" {
			t.Errorf("field %q: aria-invalid missing", name)
		}
		if !strings.Contains(ctl.AttrOr("aria-describedby", ""), "-error") {
			t.Errorf("field %q: not described by its error", name)
		}
	}
}

// fieldsWithErrors lists the names of the fields that show an error.
func fieldsWithErrors(doc *goquery.Document) []string {
	var out []string
	doc.Find("main .form-field").Each(func(_ int, f *goquery.Selection) {
		if f.Find(".field-error").Length() > 0 {
			out = append(out, f.Find("[name]").First().AttrOr("name", "?"))
		}
	})
	return out
}

// valueOf returns what the re-rendered form shows for a control.
func valueOf(doc *goquery.Document, name string) string {
	ctl := control(doc, name)
	switch goquery.NodeName(ctl) {
	case "textarea":
		return ctl.Text()
	case "select":
		return ctl.Find("option[selected]").AttrOr("value", "")
	}
	return ctl.AttrOr("value", "")
}

// htmlEscape is how templ writes text into a page.
func htmlEscape(s string) string { return html.EscapeString(s) }
