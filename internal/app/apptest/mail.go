package apptest

import (
	"context"
	"sync"
	"testing"

	"netwerkportaal/internal/platform/mail"
	"netwerkportaal/internal/platform/mail/mailtest"
)

// From is the sender of the mail DeliverMail sends.
var From = mail.Address{Name: "Netwerkportaal", Email: "noreply@localhost"}

// mailEnv is the test mail server of an Env, started when first needed.
type mailEnv struct {
	t   testing.TB // the Env's test: the server lives as long as the Env
	mu  sync.Mutex
	srv *mailtest.Server
}

// SMTP returns the Env's test mail server, started on first use.
func (e *Env) SMTP(t testing.TB) *mailtest.Server {
	t.Helper()
	if e.mail == nil { // an Env built by hand
		e.mail = &mailEnv{t: t}
	}
	e.mail.mu.Lock()
	defer e.mail.mu.Unlock()
	if e.mail.srv == nil {
		e.mail.srv = mailtest.Start(e.mail.t)
	}
	return e.mail.srv
}

// DeliverMail sends every due mail of the outbox to the Env's test mail
// server, as the portal's sender would, and returns all messages that have
// arrived there so far, oldest first.
func (e *Env) DeliverMail(t testing.TB) []mailtest.Received {
	t.Helper()
	srv := e.SMTP(t)
	tr, err := mail.NewSMTP(srv.URL())
	if err != nil {
		t.Fatalf("mail transport: %v", err)
	}
	s := mail.NewSender(e.Pool, tr, From, mail.Options{})
	for range 1000 {
		sent, failed, err := s.SendDue(context.Background())
		if err != nil {
			t.Fatalf("deliver mail: %v", err)
		}
		if failed > 0 {
			t.Errorf("deliver mail: %d mails could not be sent (see last_error in mail_outbox)", failed)
		}
		if sent+failed == 0 {
			return srv.Messages()
		}
	}
	t.Fatal("deliver mail: the outbox does not empty")
	return nil
}
