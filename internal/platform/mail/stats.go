package mail

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// QueueStats reads the outbox for the metrics: mails waiting, mails given
// up, and how long the oldest due mail has waited.
func QueueStats(ctx context.Context, pool *pgxpool.Pool) (waiting, failed int64, oldestDue time.Duration, err error) {
	var secs float64
	err = pool.QueryRow(ctx, `SELECT
			count(*) FILTER (WHERE status = 'wachtend'),
			count(*) FILTER (WHERE status = 'mislukt'),
			coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'wachtend' AND next_attempt_at <= now())), 0)
		FROM mail_outbox WHERE status IN ('wachtend', 'mislukt')`).Scan(&waiting, &failed, &secs)
	return waiting, failed, time.Duration(secs * float64(time.Second)), err
}
