package app_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/browsertest"
	"netwerkportaal/internal/platform/mail"
)

// TestE2EMailPagesAccessibility runs axe-core on the outbox pages, a failed
// mail included, and checks that they reflow at 200% zoom.
func TestE2EMailPagesAccessibility(t *testing.T) {
	b := newBrowser(t)
	e := b.employer(1)
	_, network := b.env.EmployerOf(t, 1, "")
	id, err := mail.Enqueue(context.Background(), b.env.Pool, mail.Message{
		Kind: "intake_uitnodiging", NetworkID: network, EmployerID: e.ID,
		To:          mail.Address{Name: "Bea Bakker", Email: "bea.bakker-met-een-lang-adres@werkgever.example.org"},
		Subject:     "Uitnodiging voor de intake – " + e.Name,
		Text:        "Beste Bea,\n\nUw persoonlijke link:\nhttp://localhost/intake/0123456789abcdef0123456789abcdef0123456789abcdef\n",
		Attachments: []mail.Attachment{{Filename: "uitnodiging.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.env.Pool.Exec(context.Background(), `UPDATE mail_outbox SET status = 'mislukt', attempts = 8,
		last_error = 'dial failed: dial tcp 192.0.2.1:587: connect: connection refused' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	page := "/mail/" + strconv.FormatInt(id, 10)

	b.signIn(apptest.Coordinator)
	b.open("/mail", 200)
	browsertest.Axe(t, b.ctx, "verzonden e-mail")
	browsertest.Screenshot(t, b.ctx, "verzonden-e-mail")
	b.open("/mail?status=mislukt", 200)
	browsertest.Axe(t, b.ctx, "verzonden e-mail, mislukt")
	b.open(page, 200)
	browsertest.Axe(t, b.ctx, "e-mail")
	browsertest.Screenshot(t, b.ctx, "e-mail")

	b.run(chromedp.EmulateViewport(640, 900))
	for _, p := range []string{"/mail", page} {
		b.open(p, 200)
		b.noHorizontalOverflow(p)
	}
}
