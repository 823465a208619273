package db_test

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/db/dbtest"
)

// roundTrips counts what a pool sends: a query alone, or a whole batch.
type roundTrips struct{ n atomic.Int64 }

func (r *roundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	r.n.Add(1)
	return ctx
}
func (r *roundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
func (r *roundTrips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	r.n.Add(1)
	return ctx
}
func (r *roundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (r *roundTrips) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}

func tracedPool(t *testing.T) (*pgxpool.Pool, *roundTrips) {
	t.Helper()
	cfg := dbtest.New(t).Config()
	rt := &roundTrips{}
	cfg.ConnConfig.Tracer = rt
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool, rt
}

// TestBatchOneRoundTrip: queued reads of several shapes come back in one
// round trip, each in its own result, and the After functions see them all.
func TestBatchOneRoundTrip(t *testing.T) {
	pool, rt := tracedPool(t)
	ctx := context.Background()
	var b db.Batch
	numbers := db.Collect(&b, pgx.RowTo[int], `SELECT generate_series(1, $1::int)`, 3)
	words := db.Collect(&b, pgx.RowTo[string], `SELECT unnest($1::text[])`, []string{"een", "twee"})
	var one string
	b.QueryRow(func(r pgx.Row) error { return r.Scan(&one) }, `SELECT 'één'`)
	var sum int
	b.After(func() error {
		for _, n := range *numbers {
			sum += n
		}
		return nil
	})
	if len(*numbers) != 0 || b.Len() != 3 {
		t.Fatalf("before Send: %v, %d queued", *numbers, b.Len())
	}
	if err := b.Send(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if got := rt.n.Load(); got != 1 {
		t.Errorf("round trips = %d, want 1", got)
	}
	if !slices.Equal(*numbers, []int{1, 2, 3}) || !slices.Equal(*words, []string{"een", "twee"}) || one != "één" || sum != 6 {
		t.Errorf("results: %v %v %q %d", *numbers, *words, one, sum)
	}
}

// TestBatchErrors: a failing query, or a reader's error, fails the whole
// Send; an empty batch costs no round trip.
func TestBatchErrors(t *testing.T) {
	pool, rt := tracedPool(t)
	ctx := context.Background()

	var empty db.Batch
	ran := false
	empty.After(func() error { ran = true; return nil })
	if err := empty.Send(ctx, pool); err != nil || !ran || rt.n.Load() != 0 {
		t.Errorf("empty batch: err %v, after ran %v, %d round trips", err, ran, rt.n.Load())
	}

	var bad db.Batch
	db.Collect(&bad, pgx.RowTo[int], `SELECT 1`)
	db.Collect(&bad, pgx.RowTo[int], `SELECT 1 / 0`)
	if err := bad.Send(ctx, pool); err == nil {
		t.Error("division by zero in a batch: no error")
	}

	notFound := errors.New("not found")
	var missing db.Batch
	missing.QueryRow(func(r pgx.Row) error {
		if err := r.Scan(new(int)); errors.Is(err, pgx.ErrNoRows) {
			return notFound
		}
		return nil
	}, `SELECT 1 WHERE false`)
	db.Collect(&missing, pgx.RowTo[int], `SELECT 2`)
	if err := missing.Send(ctx, pool); !errors.Is(err, notFound) {
		t.Errorf("reader's error: got %v", err)
	}
	// The connection is fine afterwards.
	if n, err := db.Now(ctx, pool, func(b *db.Batch) *[]int { return db.Collect(b, pgx.RowTo[int], `SELECT 7`) }); err != nil || !slices.Equal(n, []int{7}) {
		t.Errorf("after a failed batch: %v %v", n, err)
	}
}

// TestBatchInTransaction: a batch sent in a transaction sees its writes.
func TestBatchInTransaction(t *testing.T) {
	pool, _ := tracedPool(t)
	ctx := context.Background()
	err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE t (n int) ON COMMIT DROP; INSERT INTO t VALUES (41), (1)`); err != nil {
			return err
		}
		got, err := db.Now(ctx, tx, func(b *db.Batch) *[]int { return db.Collect(b, pgx.RowTo[int], `SELECT sum(n)::int FROM t`) })
		if err == nil && !slices.Equal(got, []int{42}) {
			t.Errorf("sum in the transaction = %v", got)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// GenericPlans holds for the statements of its batch and for nothing after
// it on the same connection.
func TestGenericPlansLastOneBatch(t *testing.T) {
	ctx := context.Background()
	pool, _ := tracedPool(t)
	conn, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	b := &pgx.Batch{}
	db.GenericPlans(b)
	var in, after string
	b.Queue(`SELECT current_setting('plan_cache_mode')`).QueryRow(func(r pgx.Row) error { return r.Scan(&in) })
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, `SELECT current_setting('plan_cache_mode')`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if in != "force_generic_plan" || after != "auto" {
		t.Fatalf("plan_cache_mode in the batch %q, after it %q; want force_generic_plan, auto", in, after)
	}
}
