package apptest

import (
	"fmt"
	"net/http"
	"net/url"
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
