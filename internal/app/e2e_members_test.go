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
// organisation's size (a mistake first), propose a colleague, register for
// the knowledge circle, and ask another member for an introduction on
// jobcarving (Vraag en aanbod); then what the coordinator sees. axe-core checks every page, at 1280 and 320 px.
func TestE2EMemberFirstVisit(t *testing.T) {
	b := newBrowser(t)
	env := b.env
	m := newMember(t, env, "eerste.bezoek@example.org")
	// Another member who offers knowledge of jobcarving and takes part in Vraag en aanbod.
	helper := memberAt(t, env, 1, 1, "Bram Helper", "bram.helper@example.org")
	jobcarving := apptest.Scalar[int64](t, env, `SELECT id FROM tags WHERE kind = 'uitdaging' AND name LIKE '%jobcarving%'`)
	apptest.Exec(t, env, `INSERT INTO employer_tags (employer_id, tag_id) SELECT $1, id FROM tags WHERE helps_with_tag_id = $2
		ON CONFLICT DO NOTHING`, helper.employerID, jobcarving)
	optInAs(t, env, helper)
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

	// Ask another member for an introduction on jobcarving: opt in first.
	if st := b.press(`a[href="/mijn/vraag-en-aanbod"]`); st != 200 {
		t.Fatalf("vraag en aanbod: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "vraag en aanbod, nog niet meedoen")
	if strings.Contains(b.text("main"), "Bram Helper") {
		t.Fatal("other members are shown before consent")
	}
	if st := b.press(`form[action="/mijn/vraag-en-aanbod/toestemming"] button`); st != 200 {
		t.Fatalf("opt in: status %d", st)
	}
	b.setValue("#f-uitdaging", apptest.ID(jobcarving))
	if st := b.press(`form.filter-form button[type=submit]`); st != 200 {
		t.Fatalf("filter: status %d", st)
	}
	if !strings.Contains(b.text("main"), "Bram Helper") || !strings.Contains(b.text("main"), "Biedt hulp bij deze uitdaging") {
		t.Fatalf("the jobcarving helper is not listed: %s", b.text("main"))
	}
	browsertest.Axe(t, b.ctx, "vraag en aanbod, gefilterd")
	if st := b.press(`a[href^="/mijn/vraag-en-aanbod/` + apptest.ID(helper.contactID) + `"]`); st != 200 {
		t.Fatalf("introduction form: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "kennismaking vragen")
	introButton := `form[action="/mijn/vraag-en-aanbod/` + apptest.ID(helper.contactID) + `"] button[type=submit]`
	if got := b.value("#f-onderwerp"); got != apptest.ID(jobcarving) {
		t.Errorf("the filter's challenge is not the subject: %q", got)
	}
	if st := b.press(introButton); st != 422 {
		t.Fatalf("an empty message: status %d, want 422", st)
	}
	browsertest.Axe(t, b.ctx, "kennismaking vragen met fout")
	b.typeInto("#f-bericht", "Wij willen een functie opsplitsen en zoeken ervaring met jobcarving.")
	if st := b.press(introButton); st != 200 {
		t.Fatalf("ask for the introduction: status %d", st)
	}
	if !strings.Contains(b.text("main"), "Uw verzoek is verstuurd") {
		t.Fatalf("after asking: %s", b.text("main"))
	}
	browsertest.Axe(t, b.ctx, "vraag en aanbod na verzoek")
	var intro []string
	for _, msg := range env.DeliverMail(t) {
		if strings.Contains(msg.Text, "ervaring met jobcarving") {
			intro = append(intro, strings.Join(msg.To, ","))
		}
	}
	if len(intro) != 1 || !strings.Contains(intro[0], m.email) || !strings.Contains(intro[0], helper.email) || !strings.Contains(intro[0], apptest.Coordinator) {
		t.Errorf("introduction mails: %v, want one to both members and the coordinator", intro)
	}
	for _, p := range []struct{ link, name string }{{"/mijn/afspraken", "afspraken en plaatsingen"}, {"/mijn/gegevens", "mijn gegevens"}} {
		if st := b.press(`a[href="` + p.link + `"]`); st != 200 {
			t.Fatalf("%s: status %d", p.link, st)
		}
		browsertest.Axe(t, b.ctx, p.name)
	}

	// At 320 px nothing scrolls sideways.
	b.run(chromedp.EmulateViewport(320, 800))
	for _, p := range []string{"/mijn/", "/mijn/organisatie", "/mijn/collegas", "/mijn/bijeenkomsten", "/mijn/vraag-en-aanbod",
		"/mijn/vraag-en-aanbod/" + apptest.ID(helper.contactID), "/mijn/afspraken", "/mijn/gegevens"} {
		b.open(p, 200)
		browsertest.Axe(t, b.ctx, p+" op 320 px")
		b.noHorizontalOverflow(p)
	}
	b.run(chromedp.EmulateViewport(1280, 900))

	// The coordinator sees the correction, the proposal and the
	// introduction on the profile (and the introduction on the helper's).
	if st := b.press(`form[action="/mijn/uitloggen"] button`); st != 200 || b.path() != "/mijn/inloggen?uitgelogd=1" {
		t.Fatalf("sign out: status %d at %s", st, b.path())
	}
	b.open("/mijn/", 200) // sent back to the members' sign-in
	if p := b.path(); p != "/mijn/inloggen" {
		t.Errorf("after signing out /mijn/ shows %s", p)
	}
	c := env.Login(t, apptest.Coordinator)
	body := c.Get("/werkgevers/" + apptest.ID(m.employerID) + "/").Body
	for _, want := range []string{"door de werkgever zelf, via de ledenpagina", "Sam Collega", "Kennismaking via Vraag en aanbod"} {
		if !strings.Contains(body, want) {
			t.Errorf("the coordinator's profile lacks %q", want)
		}
	}
	if body := c.Get("/werkgevers/" + apptest.ID(helper.employerID) + "/").Body; !strings.Contains(body, "Kennismaking via Vraag en aanbod") {
		t.Error("the helper's profile does not show the introduction")
	}
}
