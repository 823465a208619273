package events

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
)

// ReminderOptions tune Reminders; zero fields take the defaults.
type ReminderOptions struct {
	Interval time.Duration    // between looks for due reminders in Run; 1 min
	Batch    int              // events per transaction; 20
	Now      func() time.Time // the clock; time.Now
	Sender   string           // the portal's sender address (MAIL_FROM), ORGANIZER of the attachment
}

func (o ReminderOptions) withDefaults() ReminderOptions {
	if o.Interval <= 0 {
		o.Interval = time.Minute
	}
	if o.Batch <= 0 {
		o.Batch = 20
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Reminders queues the reminder mail of events whose reminder time has
// come. Every app instance may run it: an event is claimed with FOR UPDATE
// SKIP LOCKED and marked sent in the transaction that queues its mail, so
// no reminder goes out twice.
type Reminders struct {
	pool   *pgxpool.Pool
	mailer mailer
	opts   ReminderOptions
}

// NewReminders returns the reminder sender; baseURL makes the links in the
// calendar attachment.
func NewReminders(pool *pgxpool.Pool, baseURL string, opts ReminderOptions) *Reminders {
	return &Reminders{pool: pool, mailer: mailer{baseURL, opts.Sender}, opts: opts.withDefaults()}
}

// SendDue queues the reminders of all due events and returns how many mails
// it queued.
func (r *Reminders) SendDue(ctx context.Context) (int, error) {
	total := 0
	for {
		events, mails, err := r.sendBatch(ctx)
		total += mails
		if err != nil || events < r.opts.Batch {
			return total, err
		}
	}
}

// sendBatch handles up to Batch due events in one transaction and returns
// how many events and mails. An event a coordinator is changing right now
// is locked and skipped: it comes back in the next round, changed.
func (r *Reminders) sendBatch(ctx context.Context) (events, mails int, err error) {
	now := r.opts.Now()
	// A transaction of its own, never a caller's: the claim must commit
	// with the mail it queued.
	err = pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id FROM events
			WHERE status = 'gepland' AND reminder_hours IS NOT NULL AND reminder_sent_at IS NULL
			AND starts_at > $1 AND starts_at <= $1 + interval '720 hours'
			AND starts_at - make_interval(hours => reminder_hours) <= $1
			ORDER BY starts_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`, now, r.opts.Batch)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		events, mails = len(ids), 0
		for _, id := range ids {
			n, err := r.remind(ctx, tx, id, now)
			if err != nil {
				return fmt.Errorf("events: reminder of event %d: %w", id, err)
			}
			mails += n
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return events, mails, nil
}

// remind queues one event's reminder to everyone registered and marks it
// sent, also when nobody is registered: who registers later has just
// answered and needs no reminder.
func (r *Reminders) remind(ctx context.Context, tx pgx.Tx, id int64, now time.Time) (int, error) {
	e, err := scanEvent(tx.QueryRow(ctx, selectEvent+`WHERE e.id = $1`, id))
	if err != nil {
		return 0, err
	}
	invs, err := invitations(ctx, tx, `i.event_id = $1 AND i.status = 'aangemeld'`, id)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, inv := range invs {
		err := r.mailer.reminder(ctx, tx, e, inv)
		if apperr.KindOf(err) == apperr.Invalid {
			// An address the mail check refuses must not hold up the
			// others' reminders round after round; nothing was written.
			slog.WarnContext(ctx, "event reminder not queued", "event", id, "invitation", inv.ID, "err", err)
			continue
		}
		if err != nil {
			return 0, err
		}
		n++
	}
	_, err = tx.Exec(ctx, `UPDATE events SET reminder_sent_at = $2 WHERE id = $1`, id, now)
	return n, err
}

// Run queues due reminders every Interval until ctx is done.
func (r *Reminders) Run(ctx context.Context) {
	ticker := time.NewTicker(r.opts.Interval)
	defer ticker.Stop()
	for {
		n, err := r.SendDue(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			slog.WarnContext(ctx, "event reminders", "err", err)
		case n > 0:
			slog.InfoContext(ctx, "event reminders queued", "mails", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}
