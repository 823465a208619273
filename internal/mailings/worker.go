package mailings

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/linktoken"
	"netwerkportaal/internal/platform/mail"
	"netwerkportaal/internal/platform/nltime"
)

// Kind is the outbox kind of a mailing's mail.
const Kind = "mailing"

// Worker queues the mail of mailings being sent into the outbox, in
// batches. Any number of workers, in one process or in several app
// instances, may run at once: a batch is a set of recipient rows locked
// with SKIP LOCKED, and each row is marked queued in the transaction that
// queues its mail, so every recipient gets exactly one mail.
type Worker struct {
	nltime.Clocked // when the retention period ends
	pool           *pgxpool.Pool
	baseURL        string
	Batch          int           // recipients per transaction; 50
	Interval       time.Duration // between looks when there is nothing to do; 5 s
}

// NewWorker returns a worker; baseURL makes the unsubscribe links.
func NewWorker(pool *pgxpool.Pool, baseURL string) *Worker {
	return &Worker{pool: pool, baseURL: strings.TrimRight(baseURL, "/"), Batch: 50, Interval: 5 * time.Second}
}

// Run queues until ctx is done.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTicker(w.Interval)
	defer t.Stop()
	for {
		n, err := w.QueueDue(ctx)
		if err != nil && ctx.Err() == nil {
			slog.ErrorContext(ctx, "mailings: queueing failed", "err", err)
		}
		if err == nil {
			if err := w.Finish(ctx); err != nil && ctx.Err() == nil {
				slog.ErrorContext(ctx, "mailings: finishing failed", "err", err)
			}
			if err := w.Expire(ctx, w.Clock().Now().Add(-mail.Retention)); err != nil && ctx.Err() == nil {
				slog.ErrorContext(ctx, "mailings: retention failed", "err", err)
			}
		}
		if n > 0 && err == nil {
			continue // more may be waiting: no pause between batches
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// due is a claimed recipient with everything its mail needs.
type due struct {
	id                    int64
	contactID, employerID int64
	networkID             int64
	name, email           string
	organisation, network string
	sender, replyTo       string
	subject, body         string
	mailable              bool
}

// QueueDue queues one batch of due recipients and returns how many rows it
// handled (queued or skipped).
func (w *Worker) QueueDue(ctx context.Context) (int, error) {
	var n int
	err := pgx.BeginFunc(ctx, w.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `WITH claimed AS (
				SELECT r.id FROM mailing_recipients r JOIN mailings m ON m.id = r.mailing_id
				WHERE r.queued_at IS NULL AND m.status = 'verzenden'
				ORDER BY r.mailing_id, r.id LIMIT $1 FOR UPDATE OF r SKIP LOCKED)
			SELECT r.id, c.id, e.id, n.id, c.name, c.email, e.name, n.name, coalesce(n.mail_sender_name, n.name),
				coalesce(u.email, ''), m.subject, m.body,
				(`+mailable+` AND e.erased_at IS NULL)
			FROM claimed JOIN mailing_recipients r ON r.id = claimed.id
			JOIN mailings m ON m.id = r.mailing_id JOIN contacts c ON c.id = r.contact_id
			JOIN employers e ON e.id = c.employer_id JOIN networks n ON n.id = m.network_id
			LEFT JOIN users u ON u.id = m.sent_by
			ORDER BY r.id`, w.Batch)
		if err != nil {
			return err
		}
		batch, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (due, error) {
			var d due
			err := r.Scan(&d.id, &d.contactID, &d.employerID, &d.networkID, &d.name, &d.email, &d.organisation, &d.network,
				&d.sender, &d.replyTo, &d.subject, &d.body, &d.mailable)
			return d, err
		})
		if err != nil {
			return err
		}
		for _, d := range batch {
			if err := w.queue(ctx, tx, d); err != nil {
				return err
			}
		}
		n = len(batch)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("mailings: queue: %w", err)
	}
	return n, nil
}

// skip marks a recipient done without a mail.
const skip = `UPDATE mailing_recipients SET queued_at = now(), skipped = true WHERE id = $1`

// queue queues the mail of one recipient, or skips a contact who left,
// was erased or unsubscribed after the recipients were frozen.
func (w *Worker) queue(ctx context.Context, tx pgx.Tx, d due) error {
	if !d.mailable {
		_, err := tx.Exec(ctx, skip, d.id)
		return err
	}
	token, hash := linktoken.New()
	m := w.message(ctx, d, token)
	// A savepoint: a mail the outbox refuses (an address that no longer
	// passes the strict check) is skipped, not the whole batch.
	var outboxID int64
	err := pgx.BeginFunc(ctx, tx, func(sp pgx.Tx) error {
		var err error
		outboxID, err = mail.Enqueue(ctx, sp, m)
		return err
	})
	if apperr.Is(err, apperr.Invalid) {
		slog.WarnContext(ctx, "mailings: mail refused by the outbox; recipient skipped", "recipient", d.id, "err", err)
		_, err := tx.Exec(ctx, skip, d.id)
		return err
	}
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE mailing_recipients SET queued_at = now(), outbox_id = $2, token_hash = $3 WHERE id = $1`,
		d.id, outboxID, hash)
	return err
}

// listID is the RFC 2919 List-Id of a network's mailings, so mail programs
// can sort and filter them: "<mailings-N.host>" with the portal's host.
func (w *Worker) listID(networkID int64) string {
	host := "localhost"
	if u, err := url.Parse(w.baseURL); err == nil && u.Hostname() != "" && !strings.Contains(u.Hostname(), ":") {
		host = u.Hostname()
	}
	return "<mailings-" + strconv.FormatInt(networkID, 10) + "." + host + ">"
}

// maxMergedSubject is the outbox's limit on a subject.
const maxMergedSubject = 300

// UnsubscribePath is the path of a personal unsubscribe link.
func UnsubscribePath(token string) string { return "/afmelden/" + token }

// message builds one recipient's mail: the text with its merge fields
// filled, a footer with the personal unsubscribe link, the HTML version,
// and the RFC 8058 list headers.
func (w *Worker) message(ctx context.Context, d due, token string) mail.Message {
	link := w.baseURL + UnsubscribePath(token)
	r := Recipient{Name: d.name, Organisation: d.organisation, Network: d.network}
	subject := strings.Join(strings.Fields(Merge(d.subject, r)), " ")
	if rs := []rune(subject); len(rs) > maxMergedSubject {
		// Long names filled in must not cost the recipient their mail.
		subject = string(rs[:maxMergedSubject-1]) + "…"
	}
	body := strings.TrimRight(Merge(d.body, r), "\n ")
	footer := i18n.T(ctx, "U ontvangt deze e-mail van %s als contactpersoon van %s.", d.network, d.organisation)
	optOut := i18n.T(ctx, "Wilt u deze e-mails niet meer ontvangen? Meld u af via %s", link)
	text := body + "\n\n-- \n" + footer + "\n" + optOut + "\n"
	html := htmlDocument(subject, HTMLFragment(body)+"<hr>\n"+HTMLFragment(footer+"\n"+optOut))
	m := mail.Message{
		Kind: Kind, NetworkID: d.networkID, EmployerID: d.employerID,
		To:       mail.Address{Name: d.name, Email: d.email},
		FromName: d.sender, Subject: subject, Text: text, HTML: html,
		Headers: map[string]string{
			"List-Unsubscribe":      "<" + link + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
			"List-Id":               w.listID(d.networkID),
		},
	}
	if d.replyTo != "" {
		m.ReplyTo = d.replyTo
	}
	return m
}

// Finish marks the mailings whose every recipient is done (queued, and the
// mail sent or given up) as sent, and records the outcome, which outlives
// the recipients' rows and the mail. Two workers finishing at once are
// serialised by the row lock; the second finds nothing left to do.
func (w *Worker) Finish(ctx context.Context) error {
	_, err := w.pool.Exec(ctx, `UPDATE mailings m SET status = 'verzonden', finished_at = now(), updated_at = now(),
			sent_count = (SELECT count(*) FROM mailing_recipients r JOIN mail_outbox o ON o.id = r.outbox_id
				WHERE r.mailing_id = m.id AND o.status = 'verzonden'),
			failed_count = (SELECT count(*) FROM mailing_recipients r LEFT JOIN mail_outbox o ON o.id = r.outbox_id
				WHERE r.mailing_id = m.id AND (r.skipped OR o.status = 'mislukt'))
		WHERE m.status = 'verzenden' AND NOT EXISTS (
			SELECT 1 FROM mailing_recipients r LEFT JOIN mail_outbox o ON o.id = r.outbox_id
			WHERE r.mailing_id = m.id AND (r.queued_at IS NULL OR o.status = 'wachtend'))`)
	return err
}

// Expire empties the text of mailings finished before cutoff: the text
// follows the retention of the mail itself (mail.Retention), while subject,
// counts and who received it stay.
func (w *Worker) Expire(ctx context.Context, cutoff time.Time) error {
	_, err := w.pool.Exec(ctx, `UPDATE mailings SET body = '', body_removed_at = now()
		WHERE status = 'verzonden' AND finished_at < $1 AND body_removed_at IS NULL`, cutoff)
	return err
}
