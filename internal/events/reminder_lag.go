package events

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// ReminderLag is how late the most overdue reminder is: the time since the
// reminder of a planned event became due without being sent (0 when none
// is). The metrics read it; a growing value means no instance runs the
// reminders.
func ReminderLag(ctx context.Context, pool *pgxpool.Pool) (time.Duration, error) {
	var secs float64
	err := pool.QueryRow(ctx, `SELECT coalesce(extract(epoch FROM now() - min(starts_at - make_interval(hours => reminder_hours))), 0)
		FROM events
		WHERE status = 'gepland' AND reminder_hours IS NOT NULL AND reminder_sent_at IS NULL
		AND starts_at > now() AND starts_at - make_interval(hours => reminder_hours) <= now()`).Scan(&secs)
	return time.Duration(secs * float64(time.Second)), err
}
