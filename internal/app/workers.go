package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/dashboard"
	"netwerkportaal/internal/duplicates"
	"netwerkportaal/internal/events"
	"netwerkportaal/internal/mailings"
	"netwerkportaal/internal/platform/config"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/mail"
)

// StartWorkers starts the portal's background work beside New's handler:
// sending the outbox (through SMTP_URL, or without it only into the log) and
// the event reminders, which only queue mail. Every instance of the portal
// runs them; they share the queue safely. Both stop when ctx is done,
// between two items of work; wait waits at most d for that (a mail server
// in the middle of a reply: the claim comes back for the next start). New
// and StartWorkers are the one place where the portal is put together.
func StartWorkers(ctx context.Context, pool *pgxpool.Pool, cfg config.Config, out io.Writer) (wait func(d time.Duration), err error) {
	return StartWorkersWith(ctx, pool, cfg, out, Options{})
}

// StartWorkersWith is StartWorkers with New's options: the dashboard's
// refresher computes the figures on opts.ReadPool when set, and writes the
// snapshots on pool.
func StartWorkersWith(ctx context.Context, pool *pgxpool.Pool, cfg config.Config, out io.Writer, opts Options) (wait func(d time.Duration), err error) {
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
	sender := mail.NewSender(pool, t, from, mail.Options{Now: opts.Clock})
	reminders := events.NewReminders(pool, cfg.BaseURL, events.ReminderOptions{Sender: cfg.MailFromEmail, Now: opts.Clock})
	var wg sync.WaitGroup
	wg.Go(func() { sender.Run(ctx) })
	wg.Go(func() { reminders.Run(ctx) })
	// Mailings being sent: their recipients' mail into the outbox, in
	// batches; SKIP LOCKED shares the work between instances.
	wg.Go(func() { clocked(mailings.NewWorker(pool, cfg.BaseURL), opts.Clock).Run(ctx) })
	// Every instance refreshes the dashboard snapshots; SKIP LOCKED shares
	// the work between them.
	wg.Go(func() {
		clocked(dashboard.NewStore(pool), opts.Clock).UseReadPool(opts.ReadPool).UseRecruitment(RecruitmentDashboard()).RunRefresher(ctx)
	})
	// Likely duplicate employers, compared in the background (issue 12);
	// the state row's lock lets one instance compare at a time.
	wg.Go(func() { duplicates.NewStore(pool).RunPairs(ctx) })
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
