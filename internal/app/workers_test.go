package app

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"netwerkportaal/internal/platform/config"
	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/mail"
	"netwerkportaal/internal/platform/mail/mailtest"
)

// The sender serve starts delivers queued mail, through SMTP when
// SMTP_URL is set, and stops with serve.
func TestStartMail(t *testing.T) {
	pool := dbtest.New(t)
	smtp := mailtest.Start(t)
	ctx := context.Background()
	if _, err := mail.Enqueue(ctx, pool, mail.Message{Kind: "test", To: mail.Address{Email: "bea@example.org"},
		Subject: "Hallo", Text: "Dag Bea"}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cfg := config.Config{SMTPURL: smtp.URL(), MailFromName: "Netwerkportaal", MailFromEmail: "noreply@portaal.example.org"}
	wctx, cancel := context.WithCancel(ctx)
	wait, err := StartWorkers(wctx, pool, cfg, &out)
	if err != nil {
		t.Fatal(err)
	}
	defer mail.SetMessageIDDomain("localhost")
	msgs := smtp.Wait(t, 1, 10*time.Second)
	cancel()
	wait(10 * time.Second)
	if msgs[0].From != "noreply@portaal.example.org" {
		t.Errorf("from %q", msgs[0].From)
	}
	// Message-IDs now name the sender's domain.
	id, err := mail.Enqueue(ctx, pool, mail.Message{Kind: "test", To: mail.Address{Email: "bea@example.org"}, Subject: "Nog een", Text: "x"})
	if err != nil {
		t.Fatal(err)
	}
	var msgID string
	pool.QueryRow(ctx, `SELECT message_id FROM mail_outbox WHERE id = $1`, id).Scan(&msgID)
	if !strings.HasSuffix(msgID, "@portaal.example.org>") {
		t.Errorf("Message-ID %q", msgID)
	}
	if !strings.Contains(out.String(), "E-mail gaat via smtp://127.0.0.1") {
		t.Errorf("output: %q", out.String())
	}
}

func TestStartMailWithoutSMTPOnlyLogs(t *testing.T) {
	pool := dbtest.New(t)
	ctx := context.Background()
	id, err := mail.Enqueue(ctx, pool, mail.Message{Kind: "test", To: mail.Address{Email: "bea@example.org"},
		Subject: "Hallo", Text: "Dag Bea"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	wctx, cancel := context.WithCancel(ctx)
	wait, err := StartWorkers(wctx, pool, config.Config{MailFromName: "Netwerkportaal", MailFromEmail: "noreply@localhost"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	defer wait(10 * time.Second)
	defer cancel()
	if !strings.Contains(out.String(), "Verzonden e-mail") {
		t.Errorf("output does not say where to read mail: %q", out.String())
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		var status string
		pool.QueryRow(ctx, `SELECT status FROM mail_outbox WHERE id = $1`, id).Scan(&status)
		if status == mail.Sent {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("status %q after 10 s", status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
