package mail

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/redact"
)

// Statuses of a queued mail, as stored.
const (
	Waiting = "wachtend"
	Sent    = "verzonden"
	Failed  = "mislukt"
)

const (
	// Retention is how long sent and failed mail is kept: long enough to
	// answer "did the invitation go out?", short because the mails name
	// people. Personal links are removed as soon as a mail is done with.
	Retention    = 90 * 24 * time.Hour
	cleanupEvery = time.Hour
	maxLastError = 1000
)

// Options tune a Sender; zero fields take the defaults.
type Options struct {
	Batch       int                             // mails claimed at once; 20
	Lease       time.Duration                   // how long a claim keeps other senders away; 5 min
	MaxAttempts int                             // attempts before a mail is given up; 8
	Backoff     func(attempt int) time.Duration // wait after the n-th failed attempt; 1m·2^(n-1), at most 1h
	Interval    time.Duration                   // between looks at the queue in Run; 5 s
	Now         func() time.Time                // the clock; time.Now
}

func (o Options) withDefaults() Options {
	if o.Batch <= 0 {
		o.Batch = 20
	}
	if o.Lease <= 0 {
		o.Lease = 5 * time.Minute
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	if o.Backoff == nil {
		o.Backoff = DefaultBackoff
	}
	if o.Interval <= 0 {
		o.Interval = 5 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// DefaultBackoff waits 1, 2, 4, ... minutes after the 1st, 2nd, 3rd failed
// attempt, at most an hour: a short outage costs little delay, a long one
// few attempts.
func DefaultBackoff(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	if attempt > 7 { // 2^6 minutes is past the cap already
		return time.Hour
	}
	return min(time.Minute<<(attempt-1), time.Hour)
}

// Sender delivers the outbox. Any number of senders, in one process or in
// several app instances, may work on the same queue: a claim is a row lock
// taken with SKIP LOCKED that pushes the row's next attempt past a lease, so
// the others pass it by, and a crashed sender's rows come back after it.
type Sender struct {
	pool      *pgxpool.Pool
	transport Transport
	from      Address
	opts      Options
}

// NewSender returns a sender that delivers through t, with from as sender.
func NewSender(pool *pgxpool.Pool, t Transport, from Address, opts Options) *Sender {
	return &Sender{pool: pool, transport: t, from: from, opts: opts.withDefaults()}
}

// claimed is a message this sender holds, with the lease that marks it.
type claimed struct {
	Outgoing
	until time.Time
}

// SendDue sends one batch of due mail and reports how many were sent and how
// many failed. err is about the queue itself (the database), not about a
// mail that could not be delivered: that one is counted in failed.
func (s *Sender) SendDue(ctx context.Context) (sent, failed int, err error) {
	claimedAt := s.opts.Now()
	batch, err := s.claim(ctx, claimedAt)
	if err != nil || len(batch) == 0 {
		return 0, 0, err
	}
	for i, m := range batch {
		// Stop before the lease runs out, or before shutdown, and hand
		// the rest back so another sender need not wait for the lease.
		if ctx.Err() != nil || s.opts.Now().Sub(claimedAt) > s.opts.Lease/2 {
			return sent, failed, errors.Join(ctx.Err(), s.release(ctx, batch[i:]))
		}
		m.Date = s.opts.Now()
		sendErr := s.transport.Send(ctx, s.from, m.Outgoing)
		if sendErr != nil && ctx.Err() != nil {
			// Cut off by shutdown: not the mail's fault, so no attempt.
			return sent, failed, errors.Join(ctx.Err(), s.release(ctx, batch[i:]))
		}
		if err := s.recordDurably(ctx, m, sendErr); err != nil {
			return sent, failed, errors.Join(err, s.release(ctx, batch[i+1:]))
		}
		if sendErr != nil {
			failed++
		} else {
			sent++
		}
	}
	return sent, failed, nil
}

// claim locks the due rows in a short transaction and moves their next
// attempt to the end of the lease; the commit releases the locks, the lease
// keeps the rows ours.
func (s *Sender) claim(ctx context.Context, now time.Time) ([]claimed, error) {
	until := now.Add(s.opts.Lease).Truncate(time.Microsecond) // PostgreSQL's precision, so it compares equal later
	var batch []claimed
	// A transaction of its own, never a caller's (db.InTx would join one in
	// ctx): the claim must commit at once to let the other senders on.
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `WITH due AS (
				SELECT id FROM mail_outbox WHERE status = 'wachtend' AND next_attempt_at <= $1
				ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
			UPDATE mail_outbox m SET next_attempt_at = $3 FROM due WHERE m.id = due.id
			RETURNING m.id, m.kind, coalesce(m.network_id, 0), coalesce(m.employer_id, 0), m.to_addr, m.to_name,
				m.cc_addr, m.cc_name, m.reply_to, m.subject, m.body_text, m.message_id, m.attempts,
				m.extra_to, m.from_name, m.body_html, m.headers`,
			now, s.opts.Batch, until)
		if err != nil {
			return err
		}
		batch, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (claimed, error) {
			c := claimed{until: until}
			var cc Address
			err := row.Scan(&c.ID, &c.Kind, &c.NetworkID, &c.EmployerID, &c.To.Email, &c.To.Name, &cc.Email, &cc.Name,
				&c.ReplyTo, &c.Subject, &c.Text, &c.MessageID, &c.Attempts,
				&c.AlsoTo, &c.FromName, &c.HTML, &c.Headers)
			if cc.Email != "" {
				c.Cc = &cc
			}
			return c, err
		})
		if err != nil || len(batch) == 0 {
			return err
		}
		slices.SortFunc(batch, func(a, b claimed) int { return cmp.Compare(a.ID, b.ID) })
		return loadAttachments(ctx, tx, batch)
	})
	if err != nil {
		return nil, fmt.Errorf("mail: claim due mail: %w", err)
	}
	return batch, nil
}

func loadAttachments(ctx context.Context, q db.Querier, batch []claimed) error {
	ids := make([]int64, len(batch))
	byID := map[int64]*claimed{}
	for i := range batch {
		ids[i] = batch[i].ID
		byID[batch[i].ID] = &batch[i]
	}
	rows, err := q.Query(ctx, `SELECT mail_id, filename, content_type, data FROM mail_attachments
		WHERE mail_id = ANY($1) ORDER BY id`, ids)
	if err != nil {
		return err
	}
	var mailID int64
	var a Attachment
	_, err = pgx.ForEachRow(rows, []any{&mailID, &a.Filename, &a.ContentType, &a.Data}, func() error {
		c := byID[mailID]
		c.Attachments = append(c.Attachments, Attachment{Filename: a.Filename, ContentType: a.ContentType,
			Data: append([]byte(nil), a.Data...)})
		return nil
	})
	return err
}

// record writes the outcome of one attempt. A mail that is done with (sent
// or given up) keeps its text for "Verzonden e-mail", but not its personal
// links: whoever reads the table or a backup must not open an intake. A failure is written only while
// the claim is still ours: a sender whose lease ran out must not overwrite
// what the one that took over did.
func (s *Sender) record(ctx context.Context, m claimed, sendErr error) error {
	ctx = context.WithoutCancel(ctx) // the attempt happened; write it down even during shutdown
	now := s.opts.Now()
	attempts := m.Attempts + 1
	const mine = ` WHERE id = $1 AND status = 'wachtend' AND next_attempt_at = $2`
	var tag pgconn.CommandTag
	var err error
	switch {
	case sendErr == nil:
		// Delivered is delivered, even when the lease ran out meanwhile:
		// marking it keeps a sender that took over from sending it again.
		tag, err = s.pool.Exec(ctx, `UPDATE mail_outbox SET status = 'verzonden', sent_at = $2, attempts = $3, last_error = '',
			body_text = $4, body_html = $5, headers = $6 WHERE id = $1 AND status = 'wachtend'`, m.ID, now, attempts,
			redact.Links(m.Text), redact.Links(m.HTML), redactHeaders(m.Headers))
	case errors.As(sendErr, new(*PermanentError)):
		tag, err = s.pool.Exec(ctx, `UPDATE mail_outbox SET status = 'mislukt', attempts = $3, last_error = $4, body_text = $5, body_html = $6, headers = $7`+mine,
			m.ID, m.until, attempts, lastError(sendErr), redact.Links(m.Text), redact.Links(m.HTML), redactHeaders(m.Headers))
		slog.WarnContext(ctx, "mail refused by the mail server; not retried", "id", m.ID, "kind", m.Kind,
			"attempts", attempts, "err", lastError(sendErr))
	case attempts >= s.opts.MaxAttempts:
		tag, err = s.pool.Exec(ctx, `UPDATE mail_outbox SET status = 'mislukt', attempts = $3, last_error = $4, body_text = $5, body_html = $6, headers = $7`+mine,
			m.ID, m.until, attempts, lastError(sendErr), redact.Links(m.Text), redact.Links(m.HTML), redactHeaders(m.Headers))
		slog.ErrorContext(ctx, "mail given up", "id", m.ID, "kind", m.Kind, "to", m.To.Email,
			"attempts", attempts, "err", lastError(sendErr))
	default:
		tag, err = s.pool.Exec(ctx, `UPDATE mail_outbox SET attempts = $3, last_error = $4, next_attempt_at = $5`+mine,
			m.ID, m.until, attempts, lastError(sendErr), now.Add(s.opts.Backoff(attempts)))
		slog.WarnContext(ctx, "mail not sent, will retry", "id", m.ID, "kind", m.Kind, "attempts", attempts,
			"err", lastError(sendErr))
	}
	if err != nil {
		return fmt.Errorf("mail: record attempt of %d: %w", m.ID, err)
	}
	if tag.RowsAffected() == 0 {
		slog.WarnContext(ctx, "mail claim expired before its outcome was recorded", "id", m.ID)
	}
	return nil
}

// redactHeaders removes personal links from a done mail's list headers (a
// mailing's List-Unsubscribe), as from its text and HTML.
func redactHeaders(h map[string]string) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		out[k] = redact.Links(v)
	}
	return out
}

// recordDurably records the outcome of an attempt, and when the database
// cannot be reached it keeps trying until it can, for as long as the claim
// lasts (its lease, less a margin), then goes on with the batch. A mail
// the server accepted must be marked sent before its claim runs out, or
// another sender would send it again; a blip of the database must not make
// the rest of the batch wait for the lease either. During a shutdown it
// tries for a few seconds more. What remains: the process ending (a crash,
// a kill) between the server's acceptance and this record, or an outage
// longer than the lease; then the mail is sent once more, with the same
// Message-ID.
func (s *Sender) recordDurably(ctx context.Context, m claimed, sendErr error) error {
	deadline := time.Now().Add(max(m.until.Sub(s.opts.Now())-leaseMargin, 0))
	wait := 100 * time.Millisecond
	for tries := 1; ; tries++ {
		err := s.record(ctx, m, sendErr)
		if err == nil || !db.Unreachable(err) {
			if err == nil && tries > 1 {
				slog.InfoContext(ctx, "mail outcome recorded after the database came back", "id", m.ID, "tries", tries)
			}
			return err
		}
		if tries == 1 {
			slog.WarnContext(ctx, "mail outcome not recorded, database unreachable; trying again", "id", m.ID, "err", err)
		}
		if g := time.Now().Add(shutdownRecordGrace); ctx.Err() != nil && g.Before(deadline) {
			deadline = g
		}
		if time.Now().Add(wait).After(deadline) {
			slog.ErrorContext(ctx, "mail outcome could not be recorded; it may be sent again when its claim runs out",
				"id", m.ID, "message_id", m.MessageID, "delivered", sendErr == nil, "err", err)
			return err
		}
		time.Sleep(wait) // short; a shutdown waits for it
		wait = min(wait*2, 2*time.Second)
	}
}

const (
	// leaseMargin: recording stops trying this long before the claim runs
	// out, so it never races a sender that takes over.
	leaseMargin = 10 * time.Second
	// shutdownRecordGrace is how long recording keeps trying after a
	// shutdown began.
	shutdownRecordGrace = 3 * time.Second
)

// release hands claimed rows back: due now again, for any sender.
func (s *Sender) release(ctx context.Context, batch []claimed) error {
	if len(batch) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	ids := make([]int64, len(batch))
	for i, m := range batch {
		ids[i] = m.ID
	}
	_, err := s.pool.Exec(ctx, `UPDATE mail_outbox SET next_attempt_at = $2
		WHERE id = ANY($1) AND status = 'wachtend' AND next_attempt_at = $3`, ids, s.opts.Now(), batch[0].until)
	if err != nil {
		return fmt.Errorf("mail: release claims: %w", err)
	}
	return nil
}

// lastError is the error as stored: at most 1000 characters.
func lastError(err error) string {
	s := err.Error()
	if utf8.RuneCountInString(s) > maxLastError {
		s = string([]rune(s)[:maxLastError-1]) + "…"
	}
	return s
}

// Run sends due mail every Interval until ctx is done, and once an hour
// deletes old mail. Every app instance may run it: see Sender.
func (s *Sender) Run(ctx context.Context) {
	ticker := time.NewTicker(s.opts.Interval)
	defer ticker.Stop()
	var lastCleanup time.Time
	for {
		if now := s.opts.Now(); now.Sub(lastCleanup) >= cleanupEvery {
			if n, err := s.Cleanup(ctx); err != nil {
				slog.WarnContext(ctx, "mail cleanup failed", "err", err)
			} else {
				lastCleanup = now
				if n > 0 {
					slog.InfoContext(ctx, "old mail deleted", "count", n)
				}
			}
		}
		sent, failed, err := s.SendDue(ctx)
		if err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "mail queue", "err", err)
		}
		if ctx.Err() != nil {
			return
		}
		if err == nil && sent+failed == s.opts.Batch {
			continue // a full batch: more may be waiting
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// Cleanup deletes mail sent, or given up, longer than Retention ago and
// returns how many.
func (s *Sender) Cleanup(ctx context.Context) (int64, error) {
	cutoff := s.opts.Now().Add(-Retention)
	tag, err := s.pool.Exec(ctx, `DELETE FROM mail_outbox
		WHERE (status = 'verzonden' AND sent_at < $1) OR (status = 'mislukt' AND created_at < $1)`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("mail: cleanup: %w", err)
	}
	return tag.RowsAffected(), nil
}
