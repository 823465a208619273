package dbtest

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Dropping a database makes PostgreSQL (15) write a checkpoint of the
// whole server first, which took 1–3 s on a busy machine: as long as the
// test itself, and every test waited for it in its cleanup. So a test only
// marks its database finished (a comment, no checkpoint) and one goroutine
// per process drops the finished ones in the background. What a process
// leaves when it exits, the next one to clone a database drops (sweep).

// finishedComment marks a test database no test uses any more.
const finishedComment = "netwerkportaal test database finished"

var dropper struct {
	once    sync.Once
	pending chan string
}

// finished marks the test database name finished and hands it to the
// background dropper.
func finished(t testing.TB, name string) {
	ctx := context.Background()
	c, err := pgx.Connect(ctx, serverDSN)
	if err != nil {
		t.Logf("finish test database: %v", err)
		return
	}
	defer c.Close(ctx)
	// Letters, digits and spaces only: safe to write into the statement.
	if _, err := c.Exec(ctx, "COMMENT ON DATABASE "+name+" IS '"+finishedComment+"'"); err != nil {
		t.Logf("finish test database: %v", err)
		return
	}
	toDrop(name)
}

// maxPending bounds the databases a process leaves waiting: past it, a
// test drops its own database before it ends, so a run on a machine with
// little disk never holds hundreds of finished databases (about 14 MB each)
// while the background dropper falls behind.
const maxPending = 8

// toDrop hands name to the background dropper, or drops it at once when
// the dropper is maxPending behind.
func toDrop(name string) {
	dropper.once.Do(func() {
		dropper.pending = make(chan string, maxPending)
		go dropFinished()
	})
	select {
	case dropper.pending <- name:
	default:
		if err := drop(context.Background(), name); err != nil && !isMissingDatabase(err) {
			fmt.Fprintf(os.Stderr, "dbtest: drop %s: %v (the next sweep retries)\n", name, err)
		}
	}
}

// dropFinished drops the databases handed to it, one at a time.
func dropFinished() {
	ctx := context.Background()
	for name := range dropper.pending {
		// Another process's sweep may have dropped it meanwhile.
		if err := drop(ctx, name); err != nil && !isMissingDatabase(err) {
			fmt.Fprintf(os.Stderr, "dbtest: drop %s: %v (the next sweep retries)\n", name, err)
		}
	}
}

// drop drops a test database; a connection left over is cut (FORCE).
func drop(ctx context.Context, name string) error {
	c, err := pgx.Connect(ctx, serverDSN)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	return err
}

// sweep hands the finished test databases on the server, left by
// processes that ended before their dropper got to them, to this process's
// dropper. Only marked ones: a database of a test still running elsewhere
// carries no mark.
func sweep(ctx context.Context, conn *pgx.Conn) {
	rows, err := conn.Query(ctx, `SELECT datname FROM pg_database
		WHERE datname LIKE 'test\_%' AND shobj_description(oid, 'pg_database') = $1`, finishedComment)
	if err != nil {
		return
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return
	}
	for _, n := range names {
		toDrop(n)
	}
}
