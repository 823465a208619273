package app_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/browsertest"
)

// TestE2EMemberFirstVisit is a member's first visit as the issue tells it:
// ask for a link, sign in from the mail (delivered over SMTP), correct the
// organisation's size (a mistake first), and propose a colleague; then what
// the coordinator sees. axe-core checks every page, at 1280 and 320 px.
func TestE2EMemberFirstVisit(t *testing.T) {
	b := newBrowser(t)
	env := b.env
	m := newMember(t, env, "eerste.bezoek@example.org")
	circle := apptest.Scalar[int64](t, env, `INSERT INTO events (network_id, kind, title, starts_at, ends_at, capacity, location, uid)
		VALUES ($1, 'kenniskring', 'Kenniskring jobcarving', now() + interval '10 days', now() + interval '10 days 2 hours', 12,
		'Fabriek Noord, Zwolle', gen_random_uuid()::text) RETURNING id`, m.networkID)

	b.open("/mijn/inloggen", 200)
	browsertest.Axe(t, b.ctx, "inloggen voor leden")
	b.typeInto("#f-email", m.email)
	if st := b.press(`form[action="/mijn/inloggen"] button[type=submit]`); st != 200 {
		t.Fatalf("request link: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "kijk in uw e-mail")

	var link string
	for _, msg := range env.DeliverMail(t) {
		if len(msg.To) == 1 && msg.To[0] == m.email {
			if found := memberLinkRe.FindString(msg.Text); found != "" {
				link = found
			}
		}
	}
	if link == "" {
		t.Fatal("no sign-in mail with a link arrived")
	}
	b.open(link, 200)
	browsertest.Axe(t, b.ctx, "inloglink bevestigen")
	if st := b.press(`main form button[type=submit]`); st != 200 {
		t.Fatalf("sign in: status %d", st)
	}
	if p := b.path(); p != "/mijn/" {
		t.Fatalf("after sign-in at %s, want /mijn/", p)
	}
	browsertest.Axe(t, b.ctx, "onze organisatie")

	// Correct the size: a word first (refused, kept), then the number.
	if st := b.press(`a[href="/mijn/organisatie"]`); st != 200 {
		t.Fatalf("profile form: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "gegevens corrigeren")
	b.typeInto("#f-medewerkers", "ongeveer honderd")
	if st := b.press(`form[action="/mijn/organisatie"] button[type=submit]`); st != 422 {
		t.Fatalf("a word as size: status %d, want 422", st)
	}
	browsertest.Axe(t, b.ctx, "gegevens corrigeren met fout")
	if got := b.value("#f-medewerkers"); got != "ongeveer honderd" {
		t.Fatalf("the typed size is lost: %q", got)
	}
	b.typeInto("#f-medewerkers", "135")
	if st := b.press(`form[action="/mijn/organisatie"] button[type=submit]`); st != 200 {
		t.Fatalf("save profile: status %d", st)
	}
	if !strings.Contains(b.text("main"), "bijgewerkt") || !strings.Contains(b.text("main"), "135") {
		t.Fatalf("after saving: %s", b.text("main"))
	}

	// Propose a colleague.
	if st := b.press(`a[href="/mijn/collegas"]`); st != 200 {
		t.Fatalf("colleagues: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "collega's")
	b.typeInto("#f-naam", "Sam Collega")
	b.typeInto("#f-email", "sam.collega@example.org")
	b.run(chromedp.SetValue("#f-functie", "mvo", chromedp.ByQuery))
	b.toggle(`input[name=niveau][value=strategisch]`)
	if st := b.press(`form[action="/mijn/collegas"] button[type=submit]`); st != 200 {
		t.Fatalf("propose colleague: status %d", st)
	}
	if !strings.Contains(b.text("main"), "Sam Collega") {
		t.Fatal("the proposed colleague is not listed")
	}
	browsertest.Axe(t, b.ctx, "collega voorgesteld")

	// Register for the knowledge circle.
	if st := b.press(`a[href="/mijn/bijeenkomsten"]`); st != 200 {
		t.Fatalf("events: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "bijeenkomsten")
	if st := b.press(`form[action="/mijn/bijeenkomsten/` + apptest.ID(circle) + `"] button`); st != 200 {
		t.Fatalf("register: status %d", st)
	}
	if !strings.Contains(b.text("main"), "U bent aangemeld") {
		t.Fatalf("after registering: %s", b.text("main"))
	}
	browsertest.Axe(t, b.ctx, "bijeenkomsten na aanmelden")

	// At 320 px nothing scrolls sideways.
	b.run(chromedp.EmulateViewport(320, 800))
	for _, p := range []string{"/mijn/", "/mijn/organisatie", "/mijn/collegas", "/mijn/bijeenkomsten"} {
		b.open(p, 200)
		browsertest.Axe(t, b.ctx, p+" op 320 px")
		b.noHorizontalOverflow(p)
	}
	b.run(chromedp.EmulateViewport(1280, 900))

	// The coordinator sees the correction and the proposal on the profile.
	if st := b.press(`form[action="/mijn/uitloggen"] button`); st != 200 || b.path() != "/mijn/inloggen?uitgelogd=1" {
		t.Fatalf("sign out: status %d at %s", st, b.path())
	}
	b.open("/mijn/", 200) // sent back to the members' sign-in
	if p := b.path(); p != "/mijn/inloggen" {
		t.Errorf("after signing out /mijn/ shows %s", p)
	}
	c := env.Login(t, apptest.Coordinator)
	body := c.Get("/werkgevers/" + apptest.ID(m.employerID) + "/").Body
	for _, want := range []string{"door de werkgever zelf, via de ledenpagina", "Sam Collega"} {
		if !strings.Contains(body, want) {
			t.Errorf("the coordinator's profile lacks %q", want)
		}
	}
}
