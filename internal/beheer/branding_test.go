package beheer_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func upload(t *testing.T, env *apptest.Env, c *apptest.Client, path string, data []byte) *apptest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("logo", "logo.png")
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, env.URL(path), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

func TestNetworkBranding(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Login(t, apptest.Beheerder)
	id := scalar[int64](t, env.Pool, `SELECT min(id) FROM networks`)
	name := scalar[string](t, env.Pool, `SELECT name FROM networks WHERE id = $1`, id)
	path := "/beheer/netwerken/" + itoa(id)
	// Colour and sender name, with a too light colour refused.
	if res := post(admin, path, "naam", name, "schaal", "PSO", "kleur", "#ffcc00"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("light accent: %d", res.StatusCode)
	}
	if res := post(admin, path, "naam", name, "schaal", "PSO", "kleur", "rood"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("accent not #rrggbb: %d", res.StatusCode)
	}
	if res := post(admin, path, "naam", name, "schaal", "PSO", "afzender", "Evil <x@y>"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("sender name with an address: %d", res.StatusCode)
	}
	if res := post(admin, path, "naam", name, "schaal", "PSO", "kleur", "#7A1F5C", "afzender", "Netwerk Twente"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("branding: %d", res.StatusCode)
	}
	css := env.Anonymous(t).Get("/netwerkstijl/" + itoa(id) + ".css")
	if css.StatusCode != http.StatusOK || !strings.Contains(css.Body, "--color-accent: #7a1f5c") || !strings.HasPrefix(css.Header.Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet: %d %q", css.StatusCode, css.Body)
	}
	// Logo: SVG, not-PNG, too large and too many pixels refused; a PNG kept.
	for label, data := range map[string][]byte{
		"svg":       []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
		"not png":   []byte("GIF89a...."),
		"too large": append(pngOf(t, 10, 10), make([]byte, 210<<10)...),
		"too wide":  pngOf(t, 2001, 1),
		"empty":     nil,
	} {
		if res := upload(t, env, admin, path+"/logo", data); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "field-error") {
			t.Errorf("logo %s: %d", label, res.StatusCode)
		}
	}
	logo := pngOf(t, 120, 40)
	if res := upload(t, env, admin, path+"/logo", logo); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logo: %d", res.StatusCode)
	}
	res := env.Anonymous(t).Get("/netwerklogo/" + itoa(id) + ".png")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" || res.Body != string(logo) {
		t.Errorf("public logo: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if res := admin.PostForm(path+"/logo/verwijderen", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("remove logo: %d", res.StatusCode)
	}
	if res := env.Anonymous(t).Get("/netwerklogo/" + itoa(id) + ".png"); res.StatusCode != http.StatusNotFound {
		t.Errorf("removed logo: %d", res.StatusCode)
	}
}
