package dbtest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Unplug makes the test's database unreachable, as a stopped PostgreSQL
// would be for the code under test: new connections are refused and the
// open ones are terminated. Other tests' databases are not touched. It
// returns a function that plugs it back in (also run at cleanup).
func Unplug(t testing.TB, pool *pgxpool.Pool) (plugIn func()) {
	t.Helper()
	ctx := context.Background()
	name := pool.Config().ConnConfig.Database
	admin, err := pgx.Connect(ctx, serverDSN)
	if err != nil {
		t.Fatalf("unplug: %v", err)
	}
	defer admin.Close(ctx)
	ident := pgx.Identifier{name}.Sanitize()
	if _, err := admin.Exec(ctx, "ALTER DATABASE "+ident+" ALLOW_CONNECTIONS false"); err != nil {
		t.Fatalf("unplug: %v", err)
	}
	if _, err := admin.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = $1 AND pid <> pg_backend_pid()`, name); err != nil {
		t.Fatalf("unplug: %v", err)
	}
	done := false
	plugIn = func() {
		if done {
			return
		}
		done = true
		c, err := pgx.Connect(ctx, serverDSN)
		if err != nil {
			t.Errorf("plug in: %v", err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "ALTER DATABASE "+ident+" ALLOW_CONNECTIONS true"); err != nil {
			t.Errorf("plug in: %v", err)
		}
	}
	t.Cleanup(plugIn)
	return plugIn
}
