package outbox_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/config"
	"netwerkportaal/internal/platform/mail"
)

// queue puts a mail in the outbox as a domain package would.
func queue(t *testing.T, env *apptest.Env, networkID, employerID int64, subject string) int64 {
	t.Helper()
	id, err := mail.Enqueue(context.Background(), env.Pool, mail.Message{
		Kind: "test_bericht", NetworkID: networkID, EmployerID: employerID,
		To:      mail.Address{Name: "Bea Bakker", Email: "bea@example.org"},
		Subject: subject,
		Text:    "Beste Bea,\n\nUw persoonlijke link: http://localhost/intake/geheim-" + subject + "\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func mailPath(id int64) string { return fmt.Sprintf("/mail/%d", id) }

// subjects lists the subjects in the table of the mail list.
func subjects(doc *goquery.Document) []string {
	var out []string
	doc.Find("main tbody tr td:nth-child(3)").Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.TrimSpace(s.Text()))
	})
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestMailIsScopedToTheUsersNetworks(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	emp1, net1 := env.EmployerOf(t, 1, "")
	emp2, net2 := env.EmployerOf(t, 2, "")
	mine := queue(t, env, net1, emp1, "Netwerk-een")
	theirs := queue(t, env, net2, emp2, "Netwerk-twee")
	nobodys := queue(t, env, 0, 0, "Zonder-netwerk")

	cases := []struct {
		email      string
		sees, not  []string
		open, deny []int64
	}{
		{apptest.Coordinator, []string{"Netwerk-een"}, []string{"Netwerk-twee", "Zonder-netwerk"}, []int64{mine}, []int64{theirs, nobodys}},
		{apptest.Coordinator2, []string{"Netwerk-twee"}, []string{"Netwerk-een", "Zonder-netwerk"}, []int64{theirs}, []int64{mine, nobodys}},
		{apptest.Beheerder, []string{"Netwerk-een", "Netwerk-twee", "Zonder-netwerk"}, nil, []int64{mine, theirs, nobodys}, nil},
	}
	for _, c := range cases {
		client := env.Login(t, c.email)
		res := client.Get("/mail")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: /mail %d", c.email, res.StatusCode)
		}
		got := subjects(res.Doc(t))
		for _, s := range c.sees {
			if !contains(got, s) {
				t.Errorf("%s does not see %q in %v", c.email, s, got)
			}
		}
		for _, s := range c.not {
			if contains(got, s) {
				t.Errorf("%s sees %q", c.email, s)
			}
		}
		for _, id := range c.open {
			if res := client.Get(mailPath(id)); res.StatusCode != http.StatusOK {
				t.Errorf("%s: %s is %d, want 200", c.email, mailPath(id), res.StatusCode)
			}
		}
		for _, id := range c.deny {
			if res := client.Get(mailPath(id)); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %s is %d, want 404", c.email, mailPath(id), res.StatusCode)
			}
		}
		if nav := res.Doc(t).Find(`nav a[href="/mail"]`); strings.TrimSpace(nav.Text()) != "Verzonden e-mail" {
			t.Errorf("%s: no menu item Verzonden e-mail", c.email)
		}
	}
	for _, path := range []string{"/mail/abc", "/mail/999999999"} {
		if res := env.Login(t, apptest.Beheerder).Get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
}

func TestBestuurHasNoMailPages(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	emp1, net1 := env.EmployerOf(t, 1, "")
	id := queue(t, env, net1, emp1, "Voor-de-coordinator")
	c := env.Login(t, apptest.Bestuur)
	for _, path := range []string{"/mail", "/mail?status=mislukt", mailPath(id)} {
		if res := c.Get(path); res.StatusCode != http.StatusForbidden {
			t.Errorf("bestuur %s: %d, want 403", path, res.StatusCode)
		}
	}
	res := c.Get("/werkgevers")
	if res.Doc(t).Find(`nav a[href="/mail"]`).Length() != 0 {
		t.Error("bestuur sees the menu item Verzonden e-mail")
	}
	if res := env.Anonymous(t).Get("/mail"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous /mail: %d, want a redirect to sign in", res.StatusCode)
	}
}

func TestListShowsStatusAsTextFiltersAndPages(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	emp1, net1 := env.EmployerOf(t, 1, "")
	failed := queue(t, env, net1, emp1, "Kwam-niet-aan")
	if _, err := env.Pool.Exec(context.Background(), `UPDATE mail_outbox SET status = 'mislukt', attempts = 8,
		last_error = '550 mailbox unavailable' WHERE id = $1`, failed); err != nil {
		t.Fatal(err)
	}
	for i := range 55 {
		queue(t, env, net1, emp1, fmt.Sprintf("Bericht-%02d", i))
	}
	c := env.Login(t, apptest.Coordinator)

	doc := c.Get("/mail").Doc(t)
	rows := doc.Find("main tbody tr")
	if rows.Length() != 50 {
		t.Errorf("first page: %d rows, want 50", rows.Length())
	}
	if got := subjects(doc)[0]; got != "Bericht-54" {
		t.Errorf("newest first: first row %q", got)
	}
	if doc.Find("main table caption").Length() != 1 {
		t.Error("the table has no caption")
	}
	if doc.Find(`nav[aria-label="Paginering"] a[href="/mail?pagina=2"]`).Length() == 0 {
		t.Error("no link to page 2")
	}
	page2 := subjects(c.Get("/mail?pagina=2").Doc(t))
	if !contains(page2, "Kwam-niet-aan") {
		t.Errorf("page 2 lacks the oldest mail: %v", page2)
	}

	doc = c.Get("/mail?status=mislukt").Doc(t)
	got := subjects(doc)
	if len(got) != 1 || got[0] != "Kwam-niet-aan" {
		t.Fatalf("status filter: %v", got)
	}
	row := doc.Find("main tbody tr").First()
	if s := strings.TrimSpace(row.Find(".status").Text()); s != "Mislukt" {
		t.Errorf("status shown as %q, want the word Mislukt", s)
	}
	if !strings.Contains(row.Text(), "550 mailbox unavailable") {
		t.Errorf("last error not shown: %q", row.Text())
	}
	if doc.Find(`select[name=status] option[value=mislukt][selected]`).Length() != 1 {
		t.Error("the filter does not show the chosen status")
	}
	if page := c.Get(mailPath(failed)).Body; !strings.Contains(page, "Niet verzonden.") {
		t.Error("a failed mail's page does not say it was not sent")
	}
}

// In development (no SMTP_URL) the page is the only place to read a mail,
// links included; with a mail server the body stays hidden.
func TestBodyOnlyShownInDevelopment(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	emp1, net1 := env.EmployerOf(t, 1, "")
	id := queue(t, env, net1, emp1, "Uitnodiging")
	link := "http://localhost/intake/geheim-Uitnodiging"

	doc := env.Login(t, apptest.Coordinator).Get(mailPath(id)).Doc(t)
	if href, _ := doc.Find(".mail-body a").Attr("href"); href != link {
		t.Errorf("development: link in body %q, want %q", href, link)
	}

	// The same database behind a portal that has a mail server.
	srv := httptest.NewUnstartedServer(nil)
	cfg := config.Config{Addr: ":0", BaseURL: "http://" + srv.Listener.Addr().String(), SMTPURL: "smtp://127.0.0.1:1?tls=none"}
	srv.Config.Handler = app.New(env.Pool, cfg, app.Options{})
	srv.Start()
	t.Cleanup(srv.Close)
	prod := &apptest.Env{Pool: env.Pool, Server: srv}
	res := prod.Login(t, apptest.Coordinator).Get(mailPath(id))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("with SMTP: %d", res.StatusCode)
	}
	if strings.Contains(res.Body, "geheim-Uitnodiging") || strings.Contains(res.Body, "Beste Bea") {
		t.Error("with a mail server the body is shown")
	}
	if !strings.Contains(res.Body, "De tekst wordt hier niet getoond") {
		t.Error("no explanation why the body is hidden")
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
}

// DeliverMail sends the outbox to the test mail server, so tests can follow
// the links in what arrives; the page then shows the mail as sent.
func TestDeliverMail(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	emp1, net1 := env.EmployerOf(t, 1, "")
	id := queue(t, env, net1, emp1, "Aflevering")
	msgs := env.DeliverMail(t)
	var found *string
	for _, m := range msgs {
		if m.Subject == "Aflevering" {
			found = &m.Text
		}
	}
	if found == nil || !strings.Contains(*found, "http://localhost/intake/geheim-Aflevering") {
		t.Fatalf("mail not delivered: %d messages", len(msgs))
	}
	if again := env.DeliverMail(t); len(again) != len(msgs) {
		t.Errorf("second DeliverMail: %d messages, want the same %d", len(again), len(msgs))
	}
	doc := env.Login(t, apptest.Coordinator).Get(mailPath(id)).Doc(t)
	if doc.Find("main .lead .status-verzonden").Length() != 1 {
		t.Errorf("status after delivery %q", strings.TrimSpace(doc.Find("main .lead .status").Text()))
	}
}

// Without a mail server a mail leaves the outbox for the log only: the
// pages say so instead of "Verzonden". With one, they say "Verzonden".
func TestSentWordingFollowsTheTransport(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	emp1, net1 := env.EmployerOf(t, 1, "")
	id := queue(t, env, net1, emp1, "Gelogd")
	apptest.Exec(t, env, `UPDATE mail_outbox SET status = 'verzonden', sent_at = now(), attempts = 1 WHERE id = $1`, id)

	srv := httptest.NewUnstartedServer(nil)
	cfg := config.Config{Addr: ":0", BaseURL: "http://" + srv.Listener.Addr().String(), SMTPURL: "smtp://127.0.0.1:1?tls=none"}
	srv.Config.Handler = app.New(env.Pool, cfg, app.Options{})
	srv.Start()
	t.Cleanup(srv.Close)
	prod := &apptest.Env{Pool: env.Pool, Server: srv}

	for _, c := range []struct {
		name             string
		env              *apptest.Env
		status, sentHead string
	}{
		{"without SMTP", env, "Alleen gelogd, niet verstuurd", "Gelogd op"},
		{"with SMTP", prod, "Verzonden", "Verzonden"},
	} {
		client := c.env.Login(t, apptest.Coordinator)
		list := client.Get("/mail").Doc(t)
		row := list.Find("tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.Contains(s.Text(), "Gelogd")
		})
		if got := apptest.Text(row.Find(".status")); got != c.status {
			t.Errorf("%s: list status %q, want %q", c.name, got, c.status)
		}
		if got := apptest.Text(list.Find("thead th").Last()); got != c.sentHead {
			t.Errorf("%s: list column %q, want %q", c.name, got, c.sentHead)
		}
		if got := apptest.Text(list.Find(`select[name=status] option[value=verzonden]`)); got != c.status {
			t.Errorf("%s: filter choice %q, want %q", c.name, got, c.status)
		}
		show := client.Get(mailPath(id)).Doc(t)
		if got := apptest.Text(show.Find("main .lead .status")); got != c.status {
			t.Errorf("%s: mail page status %q, want %q", c.name, got, c.status)
		}
		if show.Find("dt").FilterFunction(func(_ int, s *goquery.Selection) bool { return apptest.Text(s) == c.sentHead }).Length() != 1 {
			t.Errorf("%s: mail page has no %q", c.name, c.sentHead)
		}
	}
}
