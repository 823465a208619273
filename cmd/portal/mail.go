package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/events"
	"netwerkportaal/internal/platform/config"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/mail"
)

// startMail starts sending the outbox in the background: through SMTP_URL,
// or without it only into the log. Every instance of the portal runs one;
// they share the queue safely. The event reminders run beside it, as they
// only queue mail. Both stop when ctx is done, between two items; wait waits
// at most d for that (a mail server in the middle of a reply: the claim
// comes back for the next start).
func startMail(ctx context.Context, pool *pgxpool.Pool, cfg config.Config, out io.Writer) (wait func(d time.Duration), err error) {
	from := mail.Address{Name: cfg.MailFromName, Email: cfg.MailFromEmail}
	if at := strings.LastIndexByte(from.Email, '@'); at >= 0 {
		mail.SetMessageIDDomain(from.Email[at+1:])
	}
	var t mail.Transport = mail.LogTransport{}
	if cfg.SMTPURL != "" {
		if t, err = mail.NewSMTP(cfg.SMTPURL); err != nil {
			return nil, err
		}
		fmt.Fprintf(out, "E-mail gaat via %s, afzender %s.\n", db.Redact(cfg.SMTPURL), from)
	} else {
		fmt.Fprintln(out, `Geen SMTP_URL ingesteld: e-mail wordt niet verstuurd maar alleen gelogd; lees hem in het portaal onder "Verzonden e-mail".`)
	}
	sender := mail.NewSender(pool, t, from, mail.Options{})
	reminders := events.NewReminders(pool, cfg.BaseURL, events.ReminderOptions{})
	var wg sync.WaitGroup
	wg.Go(func() { sender.Run(ctx) })
	wg.Go(func() { reminders.Run(ctx) })
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	return func(d time.Duration) {
		select {
		case <-done:
		case <-time.After(d):
			slog.Warn("mail sender did not stop in time")
		}
	}, nil
}
