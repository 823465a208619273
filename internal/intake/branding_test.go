package intake_test

import (
	"net/http"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// The intake link shows the network's own logo and accent colour; the
// colour comes as a stylesheet, darkened where the beheerder's choice would
// be too light on the portal's tinted blocks.
func TestIntakeShowsTheNetworksLogoAndColour(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	employer, contact, _ := freshEmployer(t, env, 1)
	network := apptest.Scalar[int64](t, env.Pool, `SELECT network_id FROM employers WHERE id = $1`, employer)
	// #767676 is just readable on white, not on #f3f4f6.
	apptest.Exec(t, env.Pool, `UPDATE networks SET accent_color = '#767676', logo_png = '\x89504e47'::bytea, logo_updated_at = now() WHERE id = $1`, network)
	_, link := invite(t, env.Login(t, apptest.Coordinator), employer, contact)

	employee := env.Anonymous(t)
	res := employee.Get(link)
	if loc := res.Header.Get("Location"); loc != "" { // the link resumes at its step
		res = employee.Get(loc)
	}
	doc := res.Doc(t)
	style, _ := doc.Find(`head link[href^="/netwerkstijl/` + apptest.ID(network) + `.css"]`).Attr("href")
	if style == "" || doc.Find(`header img.brand-logo[src^="/netwerklogo/`+apptest.ID(network)+`.png"]`).Length() != 1 {
		t.Fatalf("intake page without the network's stylesheet (%q) or logo", style)
	}
	res = env.Anonymous(t).Get(style)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "--color-primary: #") || strings.Contains(res.Body, "#767676") {
		t.Errorf("stylesheet %d: %s", res.StatusCode, res.Body)
	}
}
