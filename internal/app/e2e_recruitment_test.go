package app_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/browsertest"
)

// TestE2ERecruitmentByKeyboard: an employer fills in the public interest
// form by keyboard (an error first), and the coordinator moves the new
// prospect on the board by keyboard. axe-core checks every page.
func TestE2ERecruitmentByKeyboard(t *testing.T) {
	b := newBrowser(t)
	env := b.env

	// The network's own logo and accent colour (set in /beheer) show on
	// its public form, and axe still passes with them.
	apptest.Exec(t, env.Pool, `UPDATE networks SET accent_color = '#7a1f5c', logo_png = $1, logo_updated_at = now()
		WHERE name = '99vanTwente'`, logoPNG(t))

	// The public form: skip link, then every field by Tab in order; the
	// honeypot is never a Tab stop.
	b.open("/aanmelden/99vantwente/", 200)
	browsertest.Axe(t, b.ctx, "aanmeldformulier")
	var logoWidth int
	var header string
	b.eval(`(() => { const i = document.querySelector('header img.brand-logo[src^="/netwerklogo/"]'); return i && i.complete ? i.naturalWidth : 0; })()`, &logoWidth)
	b.eval(`getComputedStyle(document.querySelector('.site-header')).backgroundColor`, &header)
	if logoWidth != 64 || header != "rgb(122, 31, 92)" {
		t.Errorf("network branding: logo %d px wide, header colour %s; want the logo and rgb(122, 31, 92)", logoWidth, header)
	}
	b.skipLink()
	b.tabTo("#f-naam", 3)
	b.run(browsertest.TypeKeys("Fatima el Amrani"))
	if st := b.load(browsertest.Enter()); st != 422 {
		t.Fatalf("an incomplete form: status %d, want 422", st)
	}
	browsertest.Axe(t, b.ctx, "aanmeldformulier met fouten")
	if got := b.value("#f-naam"); got != "Fatima el Amrani" {
		t.Fatalf("typed name lost: %q", got)
	}
	if !strings.Contains(b.text(".error-summary"), "Vul de naam van de organisatie in.") {
		t.Fatalf("error summary: %s", b.text(".error-summary"))
	}
	// The error summary has focus; from it, Tab goes through its links and
	// then the fields.
	b.tabTo("#f-organisatie", 25)
	b.run(browsertest.TypeKeys("Bakkerij De Korenschoof"))
	b.tabTo("#f-kvk", 1)
	b.tabTo("#f-postcode", 1)
	b.run(browsertest.TypeKeys("7511 AB"))
	b.tabTo("#f-functie", 1)
	b.run(chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown)) // Directie / DGA, then HR
	if v := b.value("#f-functie"); v != "hr" {
		t.Fatalf("function chosen by keyboard: %q", v)
	}
	b.tabTo("#f-email", 1)
	b.run(browsertest.TypeKeys("fatima@korenschoof.example"))
	b.tabTo("#f-telefoon", 1)
	b.tabTo("#f-hoopt", 1)
	b.run(browsertest.TypeKeys("Ervaringen van andere werkgevers"))
	b.tabTo("#f-biedt", 1)
	b.tabTo("#f-toestemming", 1) // not the honeypot in between
	b.run(browsertest.Space())
	b.tabTo("main form button[type=submit]", 1)
	if st := b.load(browsertest.Enter()); st != 200 || b.path() != "/aanmelden/99vantwente/bedankt" {
		t.Fatalf("submit by keyboard: status %d at %s", st, b.path())
	}
	browsertest.Axe(t, b.ctx, "aanmelding bedankt")
	var id int64
	if err := env.Pool.QueryRow(context.Background(), `SELECT id FROM prospects WHERE name = 'Bakkerij De Korenschoof'
		AND source = 'eigen_aanmelding' AND contact_function = 'hr'`).Scan(&id); err != nil {
		t.Fatalf("the submission is not stored: %v", err)
	}
	card := "fase-" + apptest.ID(id)

	// The coordinator's board: the card's own form, by keyboard.
	b.signIn(apptest.Coordinator)
	b.open("/werving/", 200)
	browsertest.Axe(t, b.ctx, "wervingsbord")
	browsertest.Screenshot(t, b.ctx, "wervingsbord")
	b.skipLink()
	b.tabTo("#"+card, 80)
	b.run(chromedp.KeyEvent(kb.ArrowDown)) // Gesignaleerd → Benaderd
	if v := b.value("#" + card); v != "benaderd" {
		t.Fatalf("stage chosen by keyboard: %q", v)
	}
	b.run(browsertest.Tab(1))
	if f := browsertest.Focused(t, b.ctx); f.Tag != "button" || !strings.Contains(f.Text, "Verplaatsen") {
		t.Fatalf("after the stage, Tab reaches <%s> %q, want the move button", f.Tag, f.Text)
	}
	if st := b.load(browsertest.Enter()); st != 200 {
		t.Fatalf("move by keyboard: status %d", st)
	}
	if got := b.text(".flash"); !strings.Contains(got, "Bakkerij De Korenschoof staat nu in de fase Benaderd.") {
		t.Errorf("flash after moving: %q", got)
	}
	if b.count("#fase-benaderd #"+card) != 1 {
		t.Error("the card is not in the column Benaderd")
	}

	// Dropping without a reason is refused on the prospect's page.
	b.open("/werving/"+apptest.ID(id)+"/", 200)
	browsertest.Axe(t, b.ctx, "werving: werkgever")
	b.setValue("#f-fase", "afgevallen")
	if st := b.press("main form button[type=submit]"); st != 422 {
		t.Fatalf("dropped without a reason: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "werving: werkgever met fouten")

	// The list.
	b.open("/werving/lijst?fase=benaderd", 200)
	browsertest.Axe(t, b.ctx, "werving: lijst")
	if !strings.Contains(b.text("main table"), "Bakkerij De Korenschoof") {
		t.Error("the list filtered on Benaderd lacks the prospect")
	}
	b.open("/werving/nieuw", 200)
	browsertest.Axe(t, b.ctx, "werving: toevoegen")

	// Correcting the details: a bad address is refused next to its field,
	// with the typed value kept; then the coordinator gives the prospect a
	// dated next step, which /taken lists.
	b.open("/werving/"+apptest.ID(id)+"/wijzigen", 200)
	browsertest.Axe(t, b.ctx, "werving: gegevens wijzigen")
	b.typeInto("#f-email", "fatima@")
	if st := b.press("main form button[type=submit]"); st != 422 {
		t.Fatalf("a bad address: status %d, want 422", st)
	}
	browsertest.Axe(t, b.ctx, "werving: gegevens wijzigen met fouten")
	if got := b.text("#f-email-error"); !strings.Contains(got, "Vul een e-mailadres in als naam@voorbeeld.nl.") {
		t.Errorf("error next to the address: %q", got)
	}
	b.typeInto("#f-email", "fatima@korenschoof.example")
	var owner string
	if err := env.Pool.QueryRow(context.Background(), `SELECT id::text FROM users WHERE email = $1`, apptest.Coordinator).Scan(&owner); err != nil {
		t.Fatal(err)
	}
	b.setValue("#f-eigenaar", owner)
	b.setValue("#f-volgende_stap_op", "2030-01-31")
	b.typeInto("#f-volgende_stap", "Bellen voor een kennismaking")
	if st := b.press("main form button[type=submit]"); st != 200 || b.path() != "/werving/"+apptest.ID(id)+"/" {
		t.Fatalf("save the details: status %d at %s", st, b.path())
	}
	b.open("/taken", 200)
	browsertest.Axe(t, b.ctx, "taken met de werving")
	if got := b.text("#stap-" + apptest.ID(id)); !strings.Contains(got, "Bellen voor een kennismaking") {
		t.Errorf("the next step is not on /taken: %q", got)
	}

	// The wish profile: stated by keyboard-operable controls, then read.
	var network string
	if err := env.Pool.QueryRow(context.Background(), `SELECT network_id::text FROM prospects WHERE id = $1`, id).Scan(&network); err != nil {
		t.Fatal(err)
	}
	b.open("/netwerken/"+network+"/wensprofiel/bewerken", 200)
	browsertest.Axe(t, b.ctx, "wensprofiel bewerken")
	b.typeInto("#f-doel", "30")
	b.typeInto("#f-groei", "3")
	b.toggle(`input[name=functies][value=mvo]`)
	b.typeInto("#f-plaatsen", "Nergenshuizen")
	if st := b.press("main form button[type=submit]"); st != 200 || !strings.HasSuffix(b.path(), "/wensprofiel") {
		t.Fatalf("save the wish profile: status %d at %s", st, b.path())
	}
	browsertest.Axe(t, b.ctx, "wensprofiel")
	if got := b.text(".findings"); !strings.Contains(got, "Er ontbreken werkgevers uit Nergenshuizen.") {
		t.Errorf("findings: %s", got)
	}
}

// logoPNG is a 64 × 32 logo, as the beheerder uploads one.
func logoPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 32))
	for x := range 64 {
		for y := range 32 {
			img.Set(x, y, color.RGBA{R: 122, G: 31, B: 92, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
