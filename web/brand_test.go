package web

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// A page that names its network gets the network's logo and stylesheet
// from the request's lookup; without a network, a lookup or on a failed
// lookup the page keeps the portal's own look.
func TestLayoutShowsTheNetworksBrand(t *testing.T) {
	lookup := BrandLookup(func(_ context.Context, id int64) (string, string, error) {
		if id == 7 {
			return "/netwerklogo/7.png?v=1", "/netwerkstijl/7.css?v=7a1f5c", nil
		}
		return "", "", errors.New("database away")
	})
	render := func(ctx context.Context, p Page) string {
		var buf bytes.Buffer
		if err := Layout(p).Render(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	withLookup := context.WithValue(context.Background(), brandsKey{}, lookup)
	html := render(withLookup, Page{Title: "Intake", Network: &Brand{NetworkID: 7, Name: "99vanTwente"}})
	if !strings.Contains(html, `<link rel="stylesheet" href="/netwerkstijl/7.css?v=7a1f5c">`) ||
		!strings.Contains(html, `class="brand-logo" src="/netwerklogo/7.png?v=1"`) || !strings.Contains(html, "99vanTwente") {
		t.Errorf("branded page:\n%s", html)
	}
	for name, html := range map[string]string{
		"no network":    render(withLookup, Page{Title: "Werkgevers"}),
		"no lookup":     render(context.Background(), Page{Title: "Intake", Network: &Brand{NetworkID: 7, Name: "99vanTwente"}}),
		"failed lookup": render(withLookup, Page{Title: "Intake", Network: &Brand{NetworkID: 8, Name: "Ander netwerk"}}),
		"no network id": render(withLookup, Page{Title: "Intake", Network: &Brand{Name: "99vanTwente"}}),
	} {
		if strings.Contains(html, "netwerkstijl") || strings.Contains(html, "netwerklogo") {
			t.Errorf("%s: branded anyway", name)
		}
	}
}
