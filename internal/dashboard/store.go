package dashboard

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sync/singleflight"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/nltime"
)

// Store runs the dashboard's read-only queries. Every figure is one query
// over all chosen networks at once (network_id = ANY(@networks)): the cost
// grows with the data, never with a loop over employers.
type Store struct {
	nltime.Clocked // what "today" is, for the views and the refresher
	pool           *pgxpool.Pool
	// read serves the pure reads of the figures (Load); it may be a
	// replica a few seconds behind (DATABASE_READ_URL). Snapshot rows and
	// share links are written, and read back, on pool.
	read *pgxpool.Pool

	keyMu sync.Mutex
	key   []byte // HMAC key of the share links, loaded on first use

	snaps heldSnapshots      // decoded snapshots, see Snapshot
	reads singleflight.Group // one read of a snapshot version at a time

	recruitment *RecruitmentSource // sections 9 and 10, when wired in
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool, read: pool} }

// UseReadPool sends the figures' read-only queries to read (a replica);
// nil keeps them on the main pool.
func (s *Store) UseReadPool(read *pgxpool.Pool) *Store {
	if read != nil {
		s.read = read
	}
	return s
}

type txKey struct{}

// q is the transaction Load runs the figures in, or the pool for a figure
// asked on its own.
func (s *Store) q(ctx context.Context) db.Querier {
	if tx, ok := ctx.Value(txKey{}).(pgx.Tx); ok {
		return tx
	}
	return s.read
}

// readOnly runs fn in one read-only REPEATABLE READ transaction: every
// figure of a view comes from the same snapshot, and the read model cannot
// change anything by mistake. JIT compilation is off: the queries are short
// and their row estimates (quarters from generate_series) made the planner
// spend a second compiling what runs in milliseconds. A little more
// work_mem keeps the status history's sort in memory.
func (s *Store) readOnly(ctx context.Context, fn func(ctx context.Context) error) error {
	return pgx.BeginTxFunc(ctx, s.read, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL jit = off; SET LOCAL work_mem = '16MB'`); err != nil {
			return err
		}
		return fn(context.WithValue(ctx, txKey{}, tx))
	})
}

// args are the named parameters every query may use; pgx passes only the
// ones a query names.
func args(s Scope) pgx.NamedArgs {
	return pgx.NamedArgs{
		"networks":  s.Networks,
		"first":     s.FirstQuarter(),
		"end":       s.End(),
		"quarters":  s.quarters(),
		"today":     s.Today(),
		"now":       s.Now,
		"firstYear": s.FirstQuarter().Year(),
		"lastYear":  s.CurrentQuarter().Year(),
	}
}

// quartersCTE lists the quarters of the period: first day, first day of the
// next quarter, and "asof", the exclusive end of the day the quarter's
// standing is read at (its last day, or today for the running quarter).
const quartersCTE = `q AS MATERIALIZED (
	SELECT (@first::date + k * interval '3 months')::date AS q_start, (@first::date + (k + 1) * interval '3 months')::date AS q_end,
		least((@first::date + (k + 1) * interval '3 months')::date, @today::date + 1) AS asof
	FROM generate_series(0, @quarters::int - 1) k)`

// membersCTE is the current members of the chosen networks.
const membersCTE = `m AS (
	SELECT e.id, e.name, e.network_id, e.member_since, e.sector_id, e.region_id, e.employee_count
	FROM employers e WHERE e.network_id = ANY(@networks::bigint[]) AND e.status = 'lid')`

// activeContact is a contact who still works at the employer today; the
// same rule as the employer list's "one contact" filter.
const activeContact = `(c.active_until IS NULL OR c.active_until > @today::date)`

// countedEvents are the past, not cancelled events of the period whose
// attendance was recorded (someone marked present or absent): an event
// nobody checked in says nothing about attendance.
const countedEventsCTE = `ev AS (
	SELECT e.id, (e.starts_at AT TIME ZONE 'Europe/Amsterdam')::date AS day
	FROM events e
	WHERE e.network_id = ANY(@networks::bigint[]) AND e.status <> 'geannuleerd'
		AND e.starts_at >= (@first::date::timestamp AT TIME ZONE 'Europe/Amsterdam') AND e.starts_at < @now::timestamptz
		AND EXISTS (SELECT 1 FROM event_invitations x WHERE x.event_id = e.id AND x.status IN ('aanwezig', 'afwezig')))`

// statusSpansCTE gives each status change with the one before it and the
// date of the next, so "member on day d" is a lid row with changed_on <= d
// and no next change up to d. Changes after today are left out.
const statusSpansCTE = `h AS (
	SELECT h.employer_id, h.status, h.changed_on,
		lag(h.status) OVER w AS prev_status,
		lead(h.changed_on) OVER w AS next_on
	FROM employer_status_changes h JOIN employers e ON e.id = h.employer_id
	WHERE e.network_id = ANY(@networks::bigint[]) AND h.changed_on <= @today::date
	WINDOW w AS (PARTITION BY h.employer_id ORDER BY h.changed_on, h.id))`

func collect[T any](ctx context.Context, s *Store, sql string, sc Scope, scan func(pgx.Row, *T) error) ([]T, error) {
	rows, err := s.q(ctx).Query(ctx, sql, args(sc))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (T, error) {
		var v T
		return v, scan(r, &v)
	})
}
