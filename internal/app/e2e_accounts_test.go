package app_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/auth"
	"netwerkportaal/internal/platform/browsertest"
	"netwerkportaal/internal/platform/db/dbtest"
)

var setPasswordLink = regexp.MustCompile(`/wachtwoord-instellen/[A-Za-z0-9_-]{43}`)

// TestE2EFirstStart is issue 11's "done means": from an empty database, in a
// browser, without SQL or CLI: set up the first beheerder, create two
// networks, invite two coordinators, who set their passwords and sign in,
// and one of them forgets it and resets it. axe checks every page and its
// error states.
func TestE2EFirstStart(t *testing.T) {
	parallelBrowserTest(t)
	pool := dbtest.New(t)
	env := apptest.NewEmpty(t, pool)
	b := &browser{t: t, ctx: browsertest.New(t), env: env}
	submit := chromedp.Click(`main form[method=post] button[type=submit]`, chromedp.ByQuery)
	mailedLink := func(to string) string {
		t.Helper()
		var body string
		if err := pool.QueryRow(t.Context(), `SELECT body_text FROM mail_outbox WHERE to_addr = $1 ORDER BY id DESC LIMIT 1`, to).Scan(&body); err != nil {
			t.Fatalf("mail to %s: %v", to, err)
		}
		l := setPasswordLink.FindString(body)
		if l == "" {
			t.Fatalf("no link in the mail to %s", to)
		}
		return l
	}
	signIn := func(email, password string) {
		t.Helper()
		b.open("/inloggen", 200)
		b.typeInto("#f-email", email)
		b.typeInto("#f-wachtwoord", password)
		if st := b.load(submit); st != 200 || b.path() != "/werkgevers" {
			t.Fatalf("sign in as %s: %d at %s", email, st, b.path())
		}
	}
	signOut := func() {
		t.Helper()
		b.signOut() // through the account menu
	}
	setPassword := func(link, password string) {
		t.Helper()
		b.open(link, 200)
		browsertest.Axe(t, b.ctx, "wachtwoord instellen")
		b.typeInto("#f-wachtwoord", "kort")
		b.typeInto("#f-herhaling", "kort")
		if st := b.load(submit); st != 422 || b.count(".field-error") == 0 {
			t.Fatalf("short password: %d", st)
		}
		browsertest.Axe(t, b.ctx, "wachtwoord instellen met fouten")
		b.typeInto("#f-wachtwoord", password)
		b.typeInto("#f-herhaling", password)
		if st := b.load(submit); st != 200 || b.path() != "/inloggen?wachtwoord=1" {
			t.Fatalf("set password: %d at %s", st, b.path())
		}
	}

	// `portal serve` prints this link on an empty database.
	token, ok, err := auth.NewStore(pool).SetupLink(t.Context())
	if err != nil || !ok {
		t.Fatalf("setup link: %v %v", ok, err)
	}
	b.open("/inrichten/"+token, 200)
	browsertest.Axe(t, b.ctx, "inrichten")
	if st := b.load(submit); st != 422 || b.count(".field-error") < 3 {
		t.Fatalf("empty setup form: %d, %d errors", st, b.count(".field-error"))
	}
	browsertest.Axe(t, b.ctx, "inrichten met fouten")
	b.typeInto("#f-naam", "Bea Heer")
	b.typeInto("#f-email", "bea@example.org")
	b.typeInto("#f-wachtwoord", "koffie-fiets-regenjas")
	b.typeInto("#f-herhaling", "koffie-fiets-regenjas")
	if st := b.load(submit); st != 200 || b.path() != "/beheer/netwerken/nieuw" {
		t.Fatalf("setup: %d at %s", st, b.path())
	}
	browsertest.Axe(t, b.ctx, "eerste netwerk")

	// Two networks, the first try without a name.
	if st := b.load(submit); st != 422 {
		t.Fatalf("network without name: %d", st)
	}
	browsertest.Axe(t, b.ctx, "netwerk met fouten")
	for _, name := range []string{"99vanTwente", "99vanAmsterdam"} {
		b.open("/beheer/netwerken/nieuw", 200)
		b.typeInto("#f-naam", name)
		if st := b.load(submit); st != 200 || b.path() != "/beheer/netwerken" {
			t.Fatalf("network %s: %d at %s", name, st, b.path())
		}
	}
	browsertest.Axe(t, b.ctx, "netwerken")
	if n := b.count("main tbody tr"); n != 2 {
		t.Errorf("%d networks listed, want 2", n)
	}
	b.open("/beheer", 200)
	browsertest.Axe(t, b.ctx, "beheer")

	// Two coordinators, one per network; the first try without a network.
	b.open("/beheer/gebruikers/nieuw", 200)
	browsertest.Axe(t, b.ctx, "gebruiker uitnodigen")
	b.typeInto("#f-naam", "Cor Twente")
	b.typeInto("#f-email", "cor@example.org")
	if st := b.load(submit); st != 422 {
		t.Fatalf("invitation without network: %d", st)
	}
	browsertest.Axe(t, b.ctx, "gebruiker uitnodigen met fouten")
	for i, c := range []struct{ name, email string }{{"Cor Twente", "cor@example.org"}, {"Ada Amsterdam", "ada@example.org"}} {
		b.open("/beheer/gebruikers/nieuw", 200)
		b.typeInto("#f-naam", c.name)
		b.typeInto("#f-email", c.email)
		var ids []string
		b.eval(`[...document.querySelectorAll('input[name=netwerken]')].map(e => e.id)`, &ids)
		if len(ids) != 2 {
			t.Fatalf("%d network checkboxes", len(ids))
		}
		b.eval(`document.querySelectorAll('input[name=netwerken]').forEach(e => e.checked = false)`, nil)
		b.run(chromedp.Click("#"+ids[i], chromedp.ByQuery))
		if st := b.load(submit); st != 200 || b.path() != "/beheer/gebruikers" {
			t.Fatalf("invite %s: %d at %s", c.email, st, b.path())
		}
	}
	browsertest.Axe(t, b.ctx, "gebruikers")
	b.open("/beheer/logboek", 200)
	browsertest.Axe(t, b.ctx, "logboek")
	b.open("/beheer/referentie/volwassenheid", 200)
	browsertest.Axe(t, b.ctx, "vaste lijst")
	b.typeInto("#f-schaal", "")
	if st := b.load(chromedp.Click(`form[action="/beheer/referentie/volwassenheid"] button`, chromedp.ByQuery)); st != 422 {
		t.Fatalf("reference value without scale and name: %d", st)
	}
	browsertest.Axe(t, b.ctx, "vaste lijst met fouten")
	if st := b.load(chromedp.Click(`form[action$="/buiten-gebruik"] button`, chromedp.ByQuery)); st != 200 ||
		b.count(`form[action$="/weer-in-gebruik"]`) != 1 || !strings.Contains(b.text(".flash"), "buiten gebruik gesteld") {
		t.Fatalf("retire a value: %d, %d restorable", st, b.count(`form[action$="/weer-in-gebruik"]`))
	}
	browsertest.Axe(t, b.ctx, "vaste lijst met een waarde buiten gebruik")
	b.open("/beheer/gebruikers/"+b.firstUserID(), 200)
	browsertest.Axe(t, b.ctx, "gebruiker wijzigen")
	signOut()

	// The coordinators set their passwords through the mailed links and
	// sign in.
	corLink := mailedLink("cor@example.org")
	setPassword(corLink, "tulpen-molen-kaas")
	signIn("cor@example.org", "tulpen-molen-kaas")
	b.open("/account", 200)
	browsertest.Axe(t, b.ctx, "mijn account")
	if st := b.load(chromedp.Click(`form[action="/account/wachtwoord"] button`, chromedp.ByQuery)); st != 422 {
		t.Errorf("password change without input: %d", st)
	}
	browsertest.Axe(t, b.ctx, "mijn account met fouten")
	signOut()
	setPassword(mailedLink("ada@example.org"), "grachten-fiets-brug")
	signIn("ada@example.org", "grachten-fiets-brug")
	signOut()

	// A used link says so.
	b.open(corLink, 410)
	browsertest.Axe(t, b.ctx, "link al gebruikt")

	// Cor forgets the password, in a browser of its own: each browser has
	// browsertest.Timeout for everything it does.
	b = &browser{t: t, ctx: browsertest.New(t), env: env}
	b.open("/inloggen", 200)
	if st := b.load(chromedp.Click(`a[href="/wachtwoord-vergeten"]`, chromedp.ByQuery)); st != 200 {
		t.Fatalf("forgotten password page: %d", st)
	}
	browsertest.Axe(t, b.ctx, "wachtwoord vergeten")
	b.typeInto("#f-email", "geen-adres")
	if st := b.load(submit); st != 422 {
		t.Fatalf("invalid address: %d", st)
	}
	browsertest.Axe(t, b.ctx, "wachtwoord vergeten met fout")
	b.typeInto("#f-email", "cor@example.org")
	if st := b.load(submit); st != 200 || b.count(".notice") != 1 {
		t.Fatalf("reset request: %d", st)
	}
	browsertest.Axe(t, b.ctx, "wachtwoord vergeten verstuurd")
	setPassword(mailedLink("cor@example.org"), "nieuwe-tulpen-molen")
	signIn("cor@example.org", "nieuwe-tulpen-molen")

	// Cor turns on two-step sign-in and signs in with a code.
	b.open("/account/tweestaps", 200)
	browsertest.Axe(t, b.ctx, "tweestapsverificatie aanzetten")
	offered := b.text("main p code")
	b.typeInto("#f-code", "000000")
	if st := b.load(submit); st != 422 {
		t.Fatalf("wrong confirmation code: %d", st)
	}
	browsertest.Axe(t, b.ctx, "tweestapsverificatie met fout")
	secret := b.text("main p code")
	if secret != offered {
		t.Errorf("after a wrong code another secret is offered: %q, was %q", secret, offered)
	}
	b.typeInto("#f-code", totpCode(t, secret, time.Now()))
	if st := b.load(submit); st != 200 || b.count(".recovery-codes li") != 10 {
		t.Fatalf("enable two-step: %d, %d recovery codes", st, b.count(".recovery-codes li"))
	}
	browsertest.Axe(t, b.ctx, "herstelcodes")
	signOut()
	b.open("/inloggen", 200)
	b.typeInto("#f-email", "cor@example.org")
	b.typeInto("#f-wachtwoord", "nieuwe-tulpen-molen")
	if st := b.load(submit); st != 200 || b.path() != "/inloggen/code" {
		t.Fatalf("password step: %d at %s", st, b.path())
	}
	browsertest.Axe(t, b.ctx, "code uit de app")
	b.typeInto("#f-code", totpCode(t, secret, time.Now().Add(30*time.Second)))
	if st := b.load(submit); st != 200 || b.path() != "/werkgevers" {
		t.Fatalf("code step: %d at %s", st, b.path())
	}
}

// firstUserID is the id of the first account, as text.
func (b *browser) firstUserID() string {
	var id string
	if err := b.env.Pool.QueryRow(b.t.Context(), `SELECT min(id)::text FROM users`).Scan(&id); err != nil {
		b.t.Fatal(err)
	}
	return id
}

func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatalf("code for %q: %v", secret, err)
	}
	return c
}
