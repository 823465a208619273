package mailings_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/duplicates"
	"netwerkportaal/internal/mailings"
	"netwerkportaal/internal/platform/config"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/mail"
	"netwerkportaal/internal/platform/mail/mailtest"
	"netwerkportaal/internal/privacy"
)

// group is a subgroup of the first demo network with fresh member
// employers and contacts, so a mailing's recipients are exactly known.
type group struct {
	network, subgroup int64
	contacts          []person
}

type person struct {
	id, employer     int64
	name, email, org string
}

// newGroup adds n contacts (one employer per 10) in a new subgroup.
func newGroup(t *testing.T, env *apptest.Env, n int) group {
	t.Helper()
	_, network := env.EmployerOf(t, 1, "lid")
	g := group{network: network}
	g.subgroup = apptest.Scalar[int64](t, env, `INSERT INTO subgroups (network_id, name, kind)
		VALUES ($1, 'Mailtest ' || (SELECT count(*) FROM subgroups), 'werkgroep') RETURNING id`, network)
	var employer int64
	var org string
	for i := range n {
		if i%10 == 0 {
			org = fmt.Sprintf("Mailtest %d BV", i/10)
			employer = apptest.Scalar[int64](t, env, `INSERT INTO employers (network_id, name, city, status, member_since)
				VALUES ($1, $2, 'Enschede', 'lid', current_date - 100) RETURNING id`, network, org)
		}
		p := person{employer: employer, name: fmt.Sprintf("Persoon %d", i), email: fmt.Sprintf("persoon%d@mailtest.example", i), org: org}
		p.id = apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, email, function, level, active_from)
			VALUES ($1, $2, $3, 'hr', 'tactisch', current_date - 30) RETURNING id`, employer, p.name, p.email)
		apptest.Exec(t, env, `INSERT INTO subgroup_members (subgroup_id, contact_id) VALUES ($1, $2)`, g.subgroup, p.id)
		g.contacts = append(g.contacts, p)
	}
	return g
}

// compose posts a new mailing to the group and returns its page path.
func compose(t *testing.T, c *apptest.Client, g group, subject, body string) string {
	t.Helper()
	res := c.PostForm("/mailings/nieuw", url.Values{"netwerk": {apptest.ID(g.network)}, "onderwerp": {subject}, "tekst": {body},
		"status": {"lid"}, "subgroep": {apptest.ID(g.subgroup)}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	return res.Header.Get("Location")
}

// send confirms sending on the mailing's confirmation page.
func send(t *testing.T, c *apptest.Client, path string) {
	t.Helper()
	res := c.Get(path + "versturen")
	apptest.WantStatus(t, res, http.StatusOK)
	form := apptest.FormValues(res.Doc(t), "main form[method=post]")
	apptest.WantStatus(t, c.PostForm(path+"versturen", form), http.StatusSeeOther)
}

// queueAll runs workers workers at once until no recipient is left, and
// returns how many rows each handled.
func queueAll(t *testing.T, env *apptest.Env, workers int) []int {
	t.Helper()
	counts := make([]int, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			w := mailings.NewWorker(env.Pool, env.URL(""))
			w.Batch = 7
			for {
				n, err := w.QueueDue(context.Background())
				if err != nil {
					t.Errorf("worker %d: %v", i, err)
					return
				}
				if n == 0 {
					return
				}
				counts[i] += n
			}
		})
	}
	wg.Wait()
	if left := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM mailing_recipients WHERE queued_at IS NULL`); left != 0 {
		t.Fatalf("%d recipients left unqueued", left)
	}
	return counts
}

// deliver sends the outbox with senders senders at once to the test SMTP
// server, then lets a worker finish the mailings.
func deliver(t *testing.T, env *apptest.Env, senders int) []mailtest.Received {
	t.Helper()
	srv := env.SMTP(t)
	tr, err := mail.NewSMTP(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range senders {
		wg.Go(func() {
			s := mail.NewSender(env.Pool, tr, apptest.From, mail.Options{Batch: 9})
			for {
				sent, failed, err := s.SendDue(context.Background())
				if err != nil || failed > 0 {
					t.Errorf("sender: %d failed, %v", failed, err)
					return
				}
				if sent == 0 {
					return
				}
			}
		})
	}
	wg.Wait()
	if err := mailings.NewWorker(env.Pool, env.URL("")).Finish(context.Background()); err != nil {
		t.Fatal(err)
	}
	return srv.Messages()
}

// TestTwoHundredRecipientsTwoInstances: a mailing to 200 contacts, queued
// by two workers and sent by two senders at once (as two app instances
// would): each recipient gets exactly one mail, with the merge fields
// filled, an HTML version and the RFC 8058 headers.
func TestTwoHundredRecipientsTwoInstances(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	g := newGroup(t, env, 200)
	path := compose(t, coord, g, "Nieuws voor {{organisatie}}",
		"Beste {{naam}},\n\nHet programma staat op https://example.org/agenda.\nTot ziens!\n\n<b>Groet</b> van {{netwerk}}")

	page := coord.Get(path)
	apptest.WantStatus(t, page, http.StatusOK)
	if !strings.Contains(page.Body, "Deze mailing gaat nu naar 200 contactpersonen.") {
		t.Errorf("preview does not count 200 recipients")
	}
	if got := page.Doc(t).Find("details table tbody tr").Length(); got != 200 {
		t.Errorf("preview lists %d recipients, want 200", got)
	}
	preview := page.Doc(t).Find(".mail-preview")
	if html, _ := preview.Html(); !strings.Contains(html, "&lt;b&gt;Groet&lt;/b&gt;") || !strings.Contains(html, `<a href="https://example.org/agenda">`) {
		t.Errorf("HTML preview not escaped or without link: %s", html)
	}

	send(t, coord, path)
	counts := queueAll(t, env, 2)
	if counts[0]+counts[1] != 200 {
		t.Errorf("workers handled %v, want 200 in all", counts)
	}
	t.Logf("recipients queued per worker: %v", counts)
	if got := apptest.Text(coord.Get(path).Doc(t).Find("main [role=status]")); !strings.Contains(got, "0 van 200 verstuurd") {
		t.Errorf("progress before delivery = %q, want 0 van 200 verstuurd", got)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM mail_outbox WHERE kind = 'mailing'`); n != 200 {
		t.Errorf("outbox holds %d mailing mails, want 200", n)
	}

	msgs := deliver(t, env, 2)
	perAddress := map[string]int{}
	for _, m := range msgs {
		for _, to := range m.To {
			perAddress[to]++
		}
	}
	if len(msgs) != 200 {
		t.Errorf("SMTP server got %d mails, want 200", len(msgs))
	}
	for _, p := range g.contacts {
		if perAddress[p.email] != 1 {
			t.Errorf("%s got %d mails, want exactly 1", p.email, perAddress[p.email])
		}
	}

	m := received(t, msgs, g.contacts[17].email)
	if m.Subject != "Nieuws voor Mailtest 1 BV" {
		t.Errorf("subject = %q", m.Subject)
	}
	if !strings.Contains(m.Text, "Beste Persoon 17,") || !strings.Contains(m.Text, "<b>Groet</b> van 99vanTwente") {
		t.Errorf("merge fields not filled: %q", m.Text)
	}
	if !strings.Contains(m.HTML, "<p>Beste Persoon 17,</p>") || !strings.Contains(m.HTML, "&lt;b&gt;Groet&lt;/b&gt;") {
		t.Errorf("HTML version: %q", m.HTML)
	}
	link := unsubscribeLink(t, m)
	if !strings.Contains(m.Text, link) {
		t.Errorf("the text does not carry the unsubscribe link %s", link)
	}
	if got := m.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", got)
	}
	if got, want := m.Header.Get("List-Id"), "<mailings-"+apptest.ID(g.network)+".127.0.0.1>"; got != want {
		t.Errorf("List-Id = %q, want %q", got, want)
	}

	// The personal links are kept only until the mail is sent: not in the
	// text, the HTML or the List-Unsubscribe header of the stored copy.
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM mail_outbox WHERE kind = 'mailing'
		AND (body_text LIKE '%/afmelden/%' OR body_html LIKE '%/afmelden/%' OR headers::text LIKE '%/afmelden/%')`); n != 0 {
		t.Errorf("%d sent mails still hold an unsubscribe link", n)
	}
	if got := apptest.Text(coord.Get(path).Doc(t).Find("main [role=status]")); !strings.Contains(got, "200 van 200 verstuurd") {
		t.Errorf("progress after delivery = %q", got)
	}
	var status string
	var sent, failed int
	if err := env.QueryRow(context.Background(), `SELECT status, sent_count, failed_count FROM mailings`).Scan(&status, &sent, &failed); err != nil {
		t.Fatal(err)
	}
	if status != mailings.Sent || sent != 200 || failed != 0 {
		t.Errorf("mailing = %s, %d sent, %d failed; want verzonden, 200, 0", status, sent, failed)
	}
	list := coord.Get("/mailings/")
	if !strings.Contains(list.Body, "200 van 200 verstuurd") {
		t.Errorf("the list does not show the outcome")
	}
}

func received(t *testing.T, msgs []mailtest.Received, email string) mailtest.Received {
	t.Helper()
	for _, m := range msgs {
		for _, to := range m.To {
			if to == email {
				return m
			}
		}
	}
	t.Fatalf("no mail to %s", email)
	return mailtest.Received{}
}

var listLinkRe = regexp.MustCompile(`^<(http://[^>]+/afmelden/[A-Za-z0-9_-]{43})>$`)

// unsubscribeLink is the link of the List-Unsubscribe header.
func unsubscribeLink(t *testing.T, m mailtest.Received) string {
	t.Helper()
	got := listLinkRe.FindStringSubmatch(m.Header.Get("List-Unsubscribe"))
	if got == nil {
		t.Fatalf("List-Unsubscribe = %q", m.Header.Get("List-Unsubscribe"))
	}
	return got[1]
}

func optedOut(t *testing.T, env *apptest.Env, contact int64) bool {
	return apptest.Scalar[bool](t, env, `SELECT mailings_opted_out_at IS NOT NULL FROM contacts WHERE id = $1`, contact)
}

// post sends a form POST as a browser or mail client would, with the
// given Sec-Fetch-Site and Origin.
func post(t *testing.T, c *apptest.Client, link, body, site, origin string) *apptest.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, link, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", site)
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	return c.Do(req)
}

// TestUnsubscribe: by the link (GET shows a button and changes nothing, so
// mail scanners unsubscribe nobody; the POST unsubscribes) and by the
// one-click POST a mail client sends cross-site, without session or CSRF
// token. That route alone is exempt from the cross-origin protection. The
// unsubscribed get no further mailing but still their event invitation,
// and only they can subscribe again.
func TestUnsubscribe(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	g := newGroup(t, env, 3)
	a, b, c := g.contacts[0], g.contacts[1], g.contacts[2]
	send(t, coord, compose(t, coord, g, "Eerste", "Beste {{naam}},\n\nNieuws."))
	queueAll(t, env, 1)
	msgs := deliver(t, env, 1)
	linkA, linkB := unsubscribeLink(t, received(t, msgs, a.email)), unsubscribeLink(t, received(t, msgs, b.email))
	visitor := env.Anonymous(t)

	page := visitor.Get(strings.TrimPrefix(linkA, env.URL("")))
	apptest.WantStatus(t, page, http.StatusOK)
	if page.Doc(t).Find("main form[method=post] button").Length() != 1 || optedOut(t, env, a.id) {
		t.Fatalf("GET of the link must show a confirm button and change nothing")
	}
	res := post(t, visitor, linkA, "", "same-origin", env.URL(""))
	apptest.WantStatus(t, res, http.StatusOK)
	if !optedOut(t, env, a.id) || !strings.Contains(res.Body, "U bent afgemeld") {
		t.Fatalf("confirming did not unsubscribe")
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'contact' AND entity_id = $1 AND action = $2`,
		a.id, mailings.ActionOptedOut); n != 1 {
		t.Errorf("%d audit entries of the unsubscription, want 1", n)
	}

	// One-click from a mail provider's servers: cross-site, no session.
	res = post(t, env.Anonymous(t), linkB, "List-Unsubscribe=One-Click", "cross-site", "https://mail.example.net")
	apptest.WantStatus(t, res, http.StatusOK)
	if !optedOut(t, env, b.id) {
		t.Fatalf("one-click POST did not unsubscribe")
	}
	// The exemption is this route alone: the same cross-site POST to the
	// route next to it, or to a staff form, is refused.
	apptest.WantStatus(t, post(t, env.Anonymous(t), linkA+"/weer-ontvangen", "", "cross-site", "https://mail.example.net"), http.StatusForbidden)
	apptest.WantStatus(t, post(t, coord, env.URL("/mailings/nieuw"), "", "cross-site", "https://mail.example.net"), http.StatusForbidden)
	if !optedOut(t, env, a.id) {
		t.Fatalf("a cross-site POST resubscribed")
	}
	// An unknown token is not found.
	apptest.WantStatus(t, post(t, visitor, env.URL("/afmelden/"+strings.Repeat("A", 43)), "List-Unsubscribe=One-Click", "cross-site", ""), http.StatusNotFound)

	profile := coord.Get("/werkgevers/" + apptest.ID(a.employer) + "/")
	if !strings.Contains(profile.Body, "Afgemeld voor nieuwsbrieven sinds") {
		t.Errorf("the profile does not show the opt-out")
	}

	// The next mailing reaches only c; an event invitation still reaches a.
	next := compose(t, coord, g, "Tweede", "Beste {{naam}},\n\nMeer nieuws.")
	if !strings.Contains(coord.Get(next).Body, "Deze mailing gaat nu naar 1 contactpersoon.") {
		t.Errorf("the unsubscribed are still in the preview")
	}
	send(t, coord, next)
	queueAll(t, env, 1)
	event := apptest.Scalar[int64](t, env, `SELECT id FROM events WHERE network_id = $1 AND status = 'gepland' AND starts_at > now()
		ORDER BY starts_at LIMIT 1`, g.network)
	apptest.WantStatus(t, coord.PostForm("/bijeenkomsten/"+apptest.ID(event)+"/uitnodigen", url.Values{"contact": {apptest.ID(a.id)}}), http.StatusSeeOther)
	msgs = deliver(t, env, 1)[len(msgs):]
	var second, invitations int
	for _, m := range msgs {
		switch {
		case m.Subject == "Tweede":
			second++
			if m.To[0] != c.email {
				t.Errorf("second mailing went to %v", m.To)
			}
		case m.To[0] == a.email:
			invitations++
		}
	}
	if second != 1 || invitations != 1 {
		t.Errorf("second mailing sent %d times (want 1), invitation to the unsubscribed %d times (want 1)", second, invitations)
	}

	// Subscribing again is the person's own choice, through their link.
	res = post(t, visitor, linkA+"/weer-ontvangen", "", "same-origin", env.URL(""))
	apptest.WantStatus(t, res, http.StatusOK)
	if optedOut(t, env, a.id) {
		t.Errorf("resubscribing through the own link did not work")
	}
}

// TestComposeRefusesBadInput: an empty subject, an unknown merge field and
// a broken one are 422 with the message at the field and the input kept;
// nothing is stored.
func TestComposeRefusesBadInput(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	_, network := env.EmployerOf(t, 1, "lid")
	for _, tc := range []struct{ subject, body, field, want string }{
		{"", "Tekst", "onderwerp", "Vul een onderwerp in."},
		{"Nieuws", "Beste {{voornaam}},", "tekst", "Onbekend invulveld {{voornaam}}"},
		{"Nieuws voor {{bedrijf}}", "Beste {{naam}},", "onderwerp", "Onbekend invulveld {{bedrijf}}"},
		{"Nieuws", "Beste {{naam},", "tekst", "Controleer de accolades"},
		{"Nieuws", "   ", "tekst", "Schrijf de tekst van de e-mail."},
	} {
		res := coord.PostForm("/mailings/nieuw", url.Values{"netwerk": {apptest.ID(network)}, "onderwerp": {tc.subject},
			"tekst": {tc.body}, "status": {"lid"}})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		doc := res.Doc(t)
		field := doc.Find(fmt.Sprintf(`main form [name=%q]`, tc.field)).Closest(".form-field")
		if got := apptest.Text(field.Find(".field-error")); !strings.Contains(got, tc.want) {
			t.Errorf("%q/%q: error at %s = %q, want %q", tc.subject, tc.body, tc.field, got, tc.want)
		}
		if got := doc.Find(`main form [name=tekst]`).Text(); got != tc.body {
			t.Errorf("text not kept: %q", got)
		}
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM mailings`); n != 0 {
		t.Errorf("%d mailings stored from bad input", n)
	}
	// A network that does not exist, even for the beheerder: not found,
	// nothing stored.
	admin := env.Login(t, apptest.Beheerder)
	apptest.WantStatus(t, admin.PostForm("/mailings/nieuw", url.Values{"netwerk": {"999999"}, "onderwerp": {"Nieuws"},
		"tekst": {"Tekst"}, "status": {"lid"}}), http.StatusNotFound)
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM mailings`); n != 0 {
		t.Errorf("%d mailings stored for an unknown network", n)
	}
	// The board writes no mail.
	apptest.WantStatus(t, env.Login(t, apptest.Bestuur).Get("/mailings/"), http.StatusForbidden)
}

// TestMergeAndHTML: merge fields fill case-insensitively; the HTML version
// escapes everything and only makes paragraphs, line breaks and links.
func TestMergeAndHTML(t *testing.T) {
	r := mailings.Recipient{Name: "Anna <Jansen>", Organisation: "Bakkerij & Zn", Network: "99vanTwente"}
	if got := mailings.Merge("Beste {{naam}} van {{ Organisatie }} ({{NETWERK}})", r); got != "Beste Anna <Jansen> van Bakkerij & Zn (99vanTwente)" {
		t.Errorf("Merge = %q", got)
	}
	got := mailings.HTMLFragment("Hallo <script>alert(1)</script>\nzie https://x.nl/a?b=1&c=2.\n\n\nTweede \"alinea\"")
	want := "<p>Hallo &lt;script&gt;alert(1)&lt;/script&gt;<br>\nzie <a href=\"https://x.nl/a?b=1&amp;c=2\">https://x.nl/a?b=1&amp;c=2</a>.</p>\n<p>Tweede &#34;alinea&#34;</p>\n"
	if got != want {
		t.Errorf("HTMLFragment =\n%q\nwant\n%q", got, want)
	}
}

// TestErasureAndAccess: the access export lists the mailings a contact
// received; erasing the contact takes them off the recipients, while the
// mailing keeps its counts.
func TestErasureAndAccess(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	g := newGroup(t, env, 2)
	send(t, coord, compose(t, coord, g, "Bewaard", "Beste {{naam}},\n\nNieuws."))
	queueAll(t, env, 1)
	deliver(t, env, 1)
	store := privacy.NewStore(env.Pool)
	sub, err := store.Subject(context.Background(), g.contacts[0].id)
	if err != nil {
		t.Fatal(err)
	}
	if len(sub.Mailings) != 1 || sub.Mailings[0].Subject != "Bewaard" || sub.Mailings[0].QueuedAt == nil {
		t.Errorf("access export mailings = %+v", sub.Mailings)
	}
	if err := store.EraseContact(context.Background(), g.contacts[0].id); err != nil {
		t.Fatal(err)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM mailing_recipients WHERE contact_id = $1`, g.contacts[0].id); n != 0 {
		t.Errorf("erased contact still on %d recipients lists", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT recipient_count FROM mailings`); n != 2 {
		t.Errorf("mailing's recipient count = %d after erasure, want 2 kept", n)
	}
}

var countRe = regexp.MustCompile(`naar (\d+) contactperso`)

// previewCount is the number of recipients a draft's page announces.
func previewCount(t *testing.T, c *apptest.Client, path string) int {
	t.Helper()
	m := countRe.FindStringSubmatch(apptest.Text(c.Get(path).Doc(t).Find("main p[role=status]")))
	if m == nil {
		t.Fatalf("%s: no recipient count", path)
	}
	n := 0
	fmt.Sscan(m[1], &n)
	return n
}

// TestSelectionFromTheEmployerList: "Mail sturen aan de contactpersonen
// van deze selectie" on the filtered employer list carries the list's
// filter into the mailing, which selects with the list's own SQL; the
// re-engagement filter leaves out who attended an event in the last six
// months. Both counts are checked against SQL written out here.
func TestSelectionFromTheEmployerList(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	_, network := env.EmployerOf(t, 1, "lid")
	sector := apptest.Scalar[int64](t, env, `SELECT sector_id FROM employers WHERE network_id = $1 AND status = 'lid'
		AND sector_id IS NOT NULL GROUP BY sector_id ORDER BY count(*) DESC, sector_id LIMIT 1`, network)
	list := coord.Get("/werkgevers?status=lid&sector=" + apptest.ID(sector))
	link, ok := list.Doc(t).Find(`main a[href^="/mailings/nieuw?"]`).Attr("href")
	if !ok {
		t.Fatal("the employer list has no link to mail its selection")
	}
	form := coord.Get(link)
	apptest.WantStatus(t, form, http.StatusOK)
	values := apptest.FormValues(form.Doc(t), "main form[method=post]")
	if values.Get("sector") != apptest.ID(sector) {
		t.Fatalf("the list's filter is not carried: %v", values)
	}
	values.Set("onderwerp", "Sectornieuws")
	values.Set("tekst", "Beste {{naam}},")
	res := coord.PostForm("/mailings/nieuw", values)
	apptest.WantStatus(t, res, http.StatusSeeOther)

	const want = `SELECT count(DISTINCT lower(c.email))::int FROM contacts c JOIN employers e ON e.id = c.employer_id
		WHERE e.network_id = $1 AND e.status = 'lid' AND e.sector_id = $2 AND e.erased_at IS NULL
		AND (c.active_until IS NULL OR c.active_until > current_date) AND c.erased_at IS NULL
		AND c.email <> '' AND c.mailings_opted_out_at IS NULL`
	n := apptest.Scalar[int](t, env, want, network, sector)
	if n == 0 {
		t.Fatal("the demo sector has no contacts: the test would prove nothing")
	}
	if got := previewCount(t, coord, res.Header.Get("Location")); got != n {
		t.Errorf("preview counts %d recipients, SQL %d", got, n)
	}

	values.Set("niet_aanwezig", "1")
	res = coord.PostForm("/mailings/nieuw", values)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	absent := apptest.Scalar[int](t, env, want+` AND c.id NOT IN (SELECT i.contact_id FROM event_invitations i
		JOIN events ev ON ev.id = i.event_id WHERE i.status = 'aanwezig' AND ev.status <> 'geannuleerd'
		AND ev.starts_at BETWEEN now() - interval '6 months' AND now())`, network, sector)
	if got := previewCount(t, coord, res.Header.Get("Location")); got != absent {
		t.Errorf("re-engagement preview counts %d, SQL %d", got, absent)
	}
	if absent == n {
		t.Logf("note: nobody of this sector attended recently (%d)", n)
	}
}

// TestRetentionAndMerge: a sent mailing's text goes when the retention of
// sent mail has passed (subject and counts stay); merging two records of
// one person moves their recipient rows, once per mailing, and keeps the
// person's unsubscription.
func TestRetentionAndMerge(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	ctx := context.Background()
	coord := env.Login(t, apptest.Coordinator)
	g := newGroup(t, env, 3)
	path := compose(t, coord, g, "Oud nieuws", "Beste {{naam}},\n\nDit is oud.")
	send(t, coord, path)
	queueAll(t, env, 1)
	deliver(t, env, 1)

	w := mailings.NewWorker(env.Pool, env.URL(""))
	if err := w.Expire(ctx, time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if body := apptest.Scalar[string](t, env, `SELECT body FROM mailings`); body == "" {
		t.Fatal("a mailing finished just now lost its text")
	}
	if err := w.Expire(ctx, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	page := coord.Get(path)
	if !strings.Contains(page.Body, "De tekst is verwijderd") || strings.Contains(page.Body, "Dit is oud.") ||
		!strings.Contains(page.Body, "3 van 3 verstuurd") {
		t.Errorf("after the retention: the text must be gone, subject and counts kept")
	}

	// b is a second record of a: b unsubscribed, and b alone was on a
	// second (draft-time frozen) list.
	a, b := g.contacts[0], g.contacts[1]
	apptest.Exec(t, env, `UPDATE contacts SET mailings_opted_out_at = now() - interval '1 day' WHERE id = $1`, b.id)
	other := apptest.Scalar[int64](t, env, `INSERT INTO mailings (network_id, subject, body, status) VALUES ($1, 'Alleen b', 'x', 'verzonden') RETURNING id`, g.network)
	apptest.Exec(t, env, `INSERT INTO mailing_recipients (mailing_id, contact_id, email_key, queued_at) VALUES ($1, $2, $3, now())`, other, b.id, b.email)
	versions := map[int64]int{}
	for _, id := range []int64{a.id, b.id} {
		versions[id] = apptest.Scalar[int](t, env, `SELECT version FROM contacts WHERE id = $1`, id)
	}
	if err := duplicates.NewStore(env.Pool).MergeContacts(ctx, identity.Scope{All: true},
		duplicates.MergeInput{SurvivorID: a.id, OtherID: b.id, Versions: versions}); err != nil {
		t.Fatal(err)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM mailing_recipients WHERE contact_id = $1`, a.id); n != 2 {
		t.Errorf("the merged person is on %d recipients lists, want 2 (each mailing once)", n)
	}
	if !optedOut(t, env, a.id) {
		t.Error("the merge lost the person's unsubscription")
	}
}

// TestSendOnlyOnce: a selection that reaches nobody is not sent (422 on
// the confirmation), and a mailing is sent once: the second "Versturen"
// (a double click, a second tab) is a conflict that freezes nothing more.
func TestSendOnlyOnce(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	empty := newGroup(t, env, 0)
	path := compose(t, coord, empty, "Aan niemand", "Beste {{naam}},")
	page := coord.Get(path)
	if !strings.Contains(page.Body, "Deze mailing gaat nu naar 0 contactpersonen.") || page.Doc(t).Find(`main a[href$="/versturen"]`).Length() != 0 {
		t.Error("a mailing to nobody offers to send")
	}
	res := coord.PostForm(path+"versturen", url.Values{"versie": {"1"}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	if !strings.Contains(res.Body, "Deze selectie bereikt niemand") {
		t.Errorf("no message for a mailing to nobody")
	}

	g := newGroup(t, env, 2)
	path = compose(t, coord, g, "Eén keer", "Beste {{naam}},")
	form := apptest.FormValues(coord.Get(path+"versturen").Doc(t), "main form[method=post]")
	apptest.WantStatus(t, coord.PostForm(path+"versturen", form), http.StatusSeeOther)
	apptest.WantStatus(t, coord.PostForm(path+"versturen", form), http.StatusConflict)
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM mailing_recipients`); n != 2 {
		t.Errorf("%d recipients frozen, want 2", n)
	}
	// A sent mailing can no longer be edited.
	res = coord.PostForm(path+"bewerken", url.Values{"onderwerp": {"Anders"}, "tekst": {"x"}, "status": {"lid"}, "versie": {"2"}})
	apptest.WantStatus(t, res, http.StatusConflict)
	if s := apptest.Scalar[string](t, env, `SELECT subject FROM mailings WHERE recipient_count = 2`); s != "Eén keer" {
		t.Errorf("a sent mailing's subject changed to %q", s)
	}
}

// TestWiredIntoStartWorkers: the portal's own background work
// (app.StartWorkers, as `portal serve` runs it) queues and sends a mailing
// that a coordinator sent.
func TestWiredIntoStartWorkers(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	g := newGroup(t, env, 3)
	send(t, coord, compose(t, coord, g, "Via de achtergrond", "Beste {{naam}},"))
	smtp := mailtest.Start(t)
	ctx, cancel := context.WithCancel(context.Background())
	wait, err := app.StartWorkers(ctx, env.Pool, config.Config{BaseURL: env.URL(""), SMTPURL: smtp.URL(),
		MailFromName: "Netwerkportaal", MailFromEmail: "noreply@portaal.example.org"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer mail.SetMessageIDDomain("localhost")
	// Other mail of the demo may be due as well: wait for one more message
	// at a time until the mailing's three are there (Wait fails the test
	// after its bound).
	for n := 3; ; n++ {
		mine := 0
		for _, m := range smtp.Wait(t, n, 60*time.Second) {
			if m.Subject == "Via de achtergrond" {
				mine++
			}
		}
		if mine == 3 {
			break
		}
	}
	cancel()
	wait(10 * time.Second)
}
