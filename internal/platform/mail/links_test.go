package mail_test

import (
	"context"
	"strings"
	"testing"

	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/mail"
	"netwerkportaal/internal/platform/mail/mailtest"
	"netwerkportaal/internal/platform/redact"
)

// TestPersonalLinksAreNotKeptAfterSending: the recipient gets the link; the
// outbox keeps the mail's text with the link replaced by a marker, once the
// mail is sent or given up. A waiting mail keeps it (it still has to go).
func TestPersonalLinksAreNotKeptAfterSending(t *testing.T) {
	pool := dbtest.New(t)
	srv := mailtest.Start(t)
	srv.Reject("weg@example.org", 550, "No such user")
	link := "https://portaal.example.org/intake/q3V9x_Lr8TzW1mYk0aBcDeFgHiJkLmNoPqRsTuVwXyZ"
	msg := func(to string) mail.Message {
		m := sample(to)
		m.Text = "Vul de vragenlijst in via " + link + ".\nUw netwerk: https://portaal.example.org/werkgevers/12"
		return m
	}
	sent := enqueue(t, pool, msg("bea@example.org"))
	refused := enqueue(t, pool, msg("weg@example.org"))
	body := func(id int64) string {
		var b string
		pool.QueryRow(context.Background(), `SELECT body_text FROM mail_outbox WHERE id = $1`, id).Scan(&b)
		return b
	}
	if !strings.Contains(body(sent), link) {
		t.Fatal("a waiting mail lost its link")
	}
	s := newSender(t, pool, srv, mail.Options{})
	sendDue(t, s)
	if got := srv.Messages(); len(got) != 1 || !strings.Contains(got[0].Text, link) {
		t.Fatalf("the recipient did not get the link: %d messages", len(got))
	}
	for _, id := range []int64{sent, refused} {
		b := body(id)
		if strings.Contains(b, "q3V9x_Lr8") || !strings.Contains(b, redact.LinkMarker+".") ||
			!strings.Contains(b, "https://portaal.example.org/werkgevers/12") {
			t.Errorf("mail %d kept as %q", id, b)
		}
	}
}
