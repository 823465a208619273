package db

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Batch gathers the reads of the parts of one page so they reach the
// database in one round trip (pgx's pipelined batch) instead of one each:
// on a page of twenty small reads, the round trips and their system calls,
// not PostgreSQL, were most of the time. A part queues its queries on the
// batch and gets pointers that hold the results once the batch was sent;
// it must not read them before.
//
// Store methods that queue a read keep working alone through Now, so one
// function holds each query.
type Batch struct {
	b     pgx.Batch
	after []func() error
}

// Sender is what sends a batch: a pool, a connection or a transaction.
type Sender interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// Query queues sql; read gets its rows when the batch is sent, in the
// order the queries were queued.
func (b *Batch) Query(read func(pgx.Rows) error, sql string, args ...any) {
	b.b.Queue(sql, args...).Query(read)
}

// QueryRow queues sql for one row; scan gets it when the batch is sent
// (pgx.ErrNoRows from its Scan when there is none).
func (b *Batch) QueryRow(scan func(pgx.Row) error, sql string, args ...any) {
	b.b.Queue(sql, args...).QueryRow(scan)
}

// After runs fn once every queued query has been read, for work on the
// results of several of them (splitting, counting).
func (b *Batch) After(fn func() error) { b.after = append(b.after, fn) }

// Len is the number of queued queries.
func (b *Batch) Len() int { return b.b.Len() }

// Send sends the queued queries in one round trip and runs their readers,
// then the After functions. The first error wins; a batch is sent once.
func (b *Batch) Send(ctx context.Context, to Sender) error {
	if b.b.Len() > 0 {
		if err := to.SendBatch(ctx, &b.b).Close(); err != nil {
			return err
		}
	}
	for _, fn := range b.after {
		if err := fn(); err != nil {
			return err
		}
	}
	return nil
}

// Collect queues sql and returns where its rows, made by fn, will be.
func Collect[T any](b *Batch, fn pgx.RowToFunc[T], sql string, args ...any) *[]T {
	out := new([]T)
	b.Query(func(rows pgx.Rows) error {
		var err error
		*out, err = pgx.CollectRows(rows, fn)
		return err
	}, sql, args...)
	return out
}

// Now queues with queue, sends at once and returns the result: a store's
// read that can also be one part of a page's batch.
func Now[T any](ctx context.Context, to Sender, queue func(*Batch) *T) (T, error) {
	var b Batch
	out := queue(&b)
	err := b.Send(ctx, to)
	return *out, err
}

// GenericPlans queues, first in b, the setting that makes the statements
// after it reuse one plan of their prepared statement. PostgreSQL plans a
// statement anew on each call while its plans for the values at hand look
// cheaper than one plan for any; for statements that reach their rows
// through index lookups whatever the values, that planning costs more
// than running them. A batch runs in one implicit transaction, and the
// setting is local to it, so nothing after the batch is affected.
func GenericPlans(b *pgx.Batch) {
	b.Queue(`SELECT set_config('plan_cache_mode', 'force_generic_plan', true)`)
}

// GenericPlans queues the setting of the package's GenericPlans next in b:
// the statements queued after it reuse one plan, those before it do not.
func (b *Batch) GenericPlans() { GenericPlans(&b.b) }
