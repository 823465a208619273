package app_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/mailings"
	"netwerkportaal/internal/platform/browsertest"
)

var e2eUnsubscribeRe = regexp.MustCompile(`^<https?://[^/]+(/afmelden/[A-Za-z0-9_-]{43})>$`)

// TestE2EMailingByKeyboard: a coordinator writes a mailing to all members
// by keyboard (an unknown merge field first: 422 at the field), previews
// recipients and mail, sends it and follows the progress; a recipient
// unsubscribes through the link in the mail. axe-core checks every page.
func TestE2EMailingByKeyboard(t *testing.T) {
	b := newBrowser(t)
	env := b.env
	b.signIn(apptest.Coordinator)

	if st := b.navTo("/mailings/"); st != 200 {
		t.Fatalf("the navigation's Mail aan leden: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "mailings")
	b.skipLink()
	b.tabTo(`main a[href="/mailings/nieuw"]`, 5)
	if st := b.load(browsertest.Enter()); st != 200 {
		t.Fatalf("new mailing: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "nieuwe mailing")
	b.skipLink()
	b.tabTo("#f-onderwerp", 12)
	b.run(browsertest.TypeKeys("Nieuws voor {{organisatie}}"))
	b.tabTo("#f-tekst", 1)
	b.run(browsertest.TypeKeys("Beste {{voornaam}},"))
	b.tabTo("main form button[type=submit]", 1)
	if st := b.load(browsertest.Enter()); st != 422 {
		t.Fatalf("an unknown merge field: status %d, want 422", st)
	}
	browsertest.Axe(t, b.ctx, "nieuwe mailing met fouten")
	if got := b.text(".error-summary"); !strings.Contains(got, "Onbekend invulveld {{voornaam}}") {
		t.Fatalf("error summary: %s", got)
	}
	if got := b.value("#f-onderwerp"); got != "Nieuws voor {{organisatie}}" {
		t.Fatalf("subject lost: %q", got)
	}
	b.tabTo("#f-tekst", 25)
	b.clearFocused()
	b.run(browsertest.TypeKeys("Beste {{naam}}, tot op de volgende bijeenkomst!"))
	b.tabTo("main form button[type=submit]", 1)
	if st := b.load(browsertest.Enter()); st != 200 || !strings.HasPrefix(b.path(), "/mailings/") {
		t.Fatalf("saving by keyboard: status %d at %s", st, b.path())
	}
	preview := b.path()
	count := b.text("main p[role=status]")
	if !strings.Contains(count, "contactpersonen") {
		t.Fatalf("preview count: %q", count)
	}
	if !strings.Contains(b.text(".mail-body"), "tot op de volgende bijeenkomst!") || strings.Contains(b.text(".mail-body"), "{{naam}}") {
		t.Errorf("preview of the mail: %q", b.text(".mail-body"))
	}
	browsertest.Axe(t, b.ctx, "mailing: voorbeeld")
	b.skipLink()
	b.tabTo("main details summary", 10)
	b.run(browsertest.Enter())
	if b.count("main details[open]") != 1 {
		t.Fatal("the recipients' list does not open by keyboard")
	}
	browsertest.Axe(t, b.ctx, "mailing: voorbeeld met ontvangers")
	browsertest.Screenshot(t, b.ctx, "mailing-voorbeeld")

	b.open(preview, 200)
	b.skipLink()
	b.tabTo(`main a[href$="/versturen"]`, 5)
	if st := b.load(browsertest.Enter()); st != 200 {
		t.Fatalf("confirmation page: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "mailing: versturen bevestigen")
	b.skipLink()
	b.tabTo("main form button[type=submit]", 5)
	if st := b.load(browsertest.Enter()); st != 200 || b.path() != preview {
		t.Fatalf("sending by keyboard: status %d at %s", st, b.path())
	}
	if got := b.text("main p[role=status]"); !strings.Contains(got, "0 van ") {
		t.Errorf("progress right after sending: %q", got)
	}
	browsertest.Axe(t, b.ctx, "mailing: wordt verstuurd")

	w := mailings.NewWorker(env.Pool, env.URL(""))
	for {
		n, err := w.QueueDue(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	msgs := env.DeliverMail(t)
	if err := w.Finish(context.Background()); err != nil {
		t.Fatal(err)
	}
	b.open(preview, 200)
	total := apptest.Scalar[int](t, env, `SELECT recipient_count FROM mailings`)
	if got := b.text("main p[role=status]"); !strings.Contains(got, apptest.ID(int64(total))+" van "+apptest.ID(int64(total))+" verstuurd") {
		t.Errorf("progress after delivery: %q (of %d)", got, total)
	}
	browsertest.Axe(t, b.ctx, "mailing: verstuurd")
	browsertest.Screenshot(t, b.ctx, "mailing-verstuurd")
	b.open("/mailings/", 200)
	browsertest.Axe(t, b.ctx, "mailings met een verstuurde")

	// A recipient unsubscribes through the link in the mail, by keyboard.
	var link string
	for _, m := range msgs {
		if sm := e2eUnsubscribeRe.FindStringSubmatch(m.Header.Get("List-Unsubscribe")); sm != nil {
			link = sm[1]
			break
		}
	}
	if link == "" {
		t.Fatal("no mail with a List-Unsubscribe header")
	}
	b.open(link, 200)
	browsertest.Axe(t, b.ctx, "afmelden")
	b.skipLink()
	b.tabTo("main form button[type=submit]", 5)
	if st := b.load(browsertest.Enter()); st != 200 || !strings.Contains(b.text("main"), "U bent afgemeld") {
		t.Fatalf("unsubscribing by keyboard: status %d, %q", st, b.text("main"))
	}
	browsertest.Axe(t, b.ctx, "afgemeld")
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM contacts WHERE mailings_opted_out_at IS NOT NULL`); n != 1 {
		t.Errorf("%d contacts unsubscribed, want 1", n)
	}

	// The beheerder mails a filtered employer list: first the network.
	b.open("/werkgevers", 200)
	b.signOut()
	b.signIn(apptest.Beheerder)
	b.open("/werkgevers?status=lid&directie=ja", 200)
	if st := b.load(chromedp.Click(`main a[href^="/mailings/nieuw?"]`, chromedp.ByQuery)); st != 200 {
		t.Fatalf("mail this selection: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "mailing: netwerk kiezen")
	if st := b.load(chromedp.Click(`main li a`, chromedp.ByQuery)); st != 200 {
		t.Fatalf("choosing the network: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "mailing met filters van de werkgeverslijst")
	if got := b.value(`main form input[type=hidden][name=directie]`); got != "ja" {
		t.Errorf("the list's filter is not carried into the form: %q", got)
	}
}
