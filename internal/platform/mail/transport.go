package mail

import (
	"context"
	"log/slog"
	"time"
)

// Outgoing is a queued message as the Sender hands it to a Transport.
type Outgoing struct {
	Message
	ID        int64     // outbox id
	MessageID string    // "<hex@domain>", fixed when queued
	Attempts  int       // earlier attempts
	Date      time.Time // the Date header; now when zero
}

// Transport delivers one message. An error means it was not delivered (as
// far as the transport knows) and should be tried again later, unless it is
// a *PermanentError: then trying again cannot help.
type Transport interface {
	Send(ctx context.Context, from Address, m Outgoing) error
}

// LogTransport writes each mail to the log instead of sending it, for
// development without a mail server. It logs neither the body nor the
// attachments: they hold personal links.
type LogTransport struct {
	Logger *slog.Logger // slog.Default() when nil
}

// Send logs m.
func (t LogTransport) Send(ctx context.Context, from Address, m Outgoing) error {
	l := t.Logger
	if l == nil {
		l = slog.Default()
	}
	l.InfoContext(ctx, "mail not sent, only logged (no SMTP_URL)", "id", m.ID, "kind", m.Kind,
		"to", m.To.Email, "subject", m.Subject, "message_id", m.MessageID, "attachments", len(m.Attachments))
	return nil
}

// PermanentError is a refusal that will not change on a retry: the mail
// server answered 5xx to the sender, a recipient or the message. The
// sender gives such a mail up at once and shows the reason.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }
