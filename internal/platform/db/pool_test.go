package db_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/db/dbtest"
)

// TestRefusedConnectionIsRetried: PostgreSQL refuses a connection with "too
// many connections" (here: the database's own limit); the pool waits and
// tries again instead of failing the request, and a pool without retries
// fails.
func TestRefusedConnectionIsRetried(t *testing.T) {
	pool := dbtest.New(t)
	ctx := context.Background()
	// Superusers pass every connection limit: connect as a role of one
	// connection.
	role := "limited_" + pool.Config().ConnConfig.Database
	if _, err := pool.Exec(ctx, "CREATE ROLE "+role+" LOGIN CONNECTION LIMIT 1"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), dbtest.DSN(pool))
		if err == nil {
			c.Exec(context.Background(), "DROP ROLE IF EXISTS "+role)
			c.Close(context.Background())
		}
	})
	cfg := pool.Config().ConnConfig.Copy()
	cfg.User = role
	dsn := strings.Replace(dbtest.DSN(pool), "://"+pool.Config().ConnConfig.User+"@", "://"+role+"@", 1)
	holder, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.OpenWith(ctx, dsn, db.PoolOptions{ConnectRetries: -1})
	if err == nil || !db.Unreachable(err) {
		t.Fatalf("without retries: %v, want a refusal", err)
	}
	time.AfterFunc(300*time.Millisecond, func() { holder.Close(context.Background()) })
	p, err := db.OpenWith(ctx, dsn, db.PoolOptions{})
	if err != nil {
		t.Fatalf("with retries: %v", err)
	}
	p.Close()
}

func TestUnreachable(t *testing.T) {
	if db.Unreachable(nil) || db.Unreachable(errors.New("bug")) || db.Unreachable(context.Canceled) {
		t.Error("ordinary errors counted as unreachable")
	}
}
