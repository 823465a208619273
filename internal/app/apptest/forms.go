package apptest

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// MainForm selects the page's own form, not the sign-out form in the header.
const MainForm = "main form[method=post]"

// FormOf fetches path and returns the values its form would submit.
func FormOf(t testing.TB, c *Client, path string) url.Values {
	t.Helper()
	res := c.Get(path)
	WantStatus(t, res, http.StatusOK)
	return FormValues(res.Doc(t), MainForm)
}

// With returns a copy of v with the given key/value pairs set.
func With(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

// Control is the main form's first control named name.
func Control(doc *goquery.Document, name string) *goquery.Selection {
	return doc.Find(fmt.Sprintf(MainForm+` [name=%q]`, name)).First()
}

// FieldsWithErrors lists the names of the fields that show an error.
func FieldsWithErrors(doc *goquery.Document) []string {
	var out []string
	doc.Find("main .form-field").Each(func(_ int, f *goquery.Selection) {
		if f.Find(".field-error").Length() > 0 {
			out = append(out, f.Find("[name]").First().AttrOr("name", "?"))
		}
	})
	return out
}

// ValueOf returns what the re-rendered form shows for a control: the text
// of a textarea, the selected option, the checked radio or checkbox, or the
// value of an input.
func ValueOf(doc *goquery.Document, name string) string {
	ctl := Control(doc, name)
	switch goquery.NodeName(ctl) {
	case "textarea":
		return ctl.Text()
	case "select":
		return ctl.Find("option[selected]").AttrOr("value", "")
	}
	if typ := ctl.AttrOr("type", ""); typ == "radio" || typ == "checkbox" {
		return doc.Find(fmt.Sprintf(MainForm+` [name=%q][checked]`, name)).AttrOr("value", "")
	}
	return ctl.AttrOr("value", "")
}

// CheckFieldError checks that the form shows want in the error next to the
// control named name, that assistive technology is told (aria-invalid, or
// the radios' or checkboxes' fieldset described by the error) and that the
// error summary links to the field.
func CheckFieldError(t testing.TB, doc *goquery.Document, name, want string) {
	t.Helper()
	ctl := Control(doc, name)
	if ctl.Length() == 0 {
		t.Errorf("no control %q on the form", name)
		return
	}
	field := ctl.Closest(".form-field")
	got := Text(field.Find(".field-error"))
	if !strings.Contains(got, want) {
		t.Errorf("field %q: error %q, want it to contain %q", name, got, want)
	}
	typ := ctl.AttrOr("type", "")
	switch {
	case typ == "radio" || (typ == "checkbox" && field.Find("fieldset").Length() > 0):
		if !strings.Contains(field.Find("fieldset").AttrOr("aria-describedby", ""), "-error") {
			t.Errorf("field %q: fieldset not described by its error", name)
		}
	case typ == "checkbox":
		if !strings.Contains(ctl.AttrOr("aria-describedby", ""), "-error") {
			t.Errorf("field %q: checkbox not described by its error", name)
		}
	case ctl.AttrOr("aria-invalid", "") != "true":
		t.Errorf("field %q: aria-invalid missing", name)
	}
	if doc.Find(`.error-summary a[href="#f-`+name+`"]`).Length() == 0 {
		t.Errorf("field %q: the error summary does not link to it", name)
	}
}
