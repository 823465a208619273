// Package dbtest gives every test its own PostgreSQL database, cloned from a
// template that holds all migrations. The template is named after a hash of
// the migration files, so a changed migration makes a new template.
//
// The server: TEST_DATABASE_URL when set (any database on the server; it is
// used to reach the server), else the same local server `portal serve` would
// use. A server that cannot be reached fails the test: it never skips.
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/migrations"
)

var (
	once      sync.Once
	serverDSN string
	setupErr  error
)

// New returns a pool on a fresh, migrated database that is dropped when the
// test ends.
func New(t testing.TB) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	once.Do(func() { serverDSN, setupErr = prepare(ctx) })
	if setupErr != nil {
		t.Fatalf("test database: %v", setupErr)
	}
	name := "test_" + randomHex(8)
	admin, err := pgx.Connect(ctx, serverDSN)
	if err != nil {
		t.Fatalf("test database: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, templateName())); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	dsn, err := withDatabase(serverDSN, name)
	if err != nil {
		t.Fatalf("test database: %v", err)
	}
	pool, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() {
		pool.Close()
		c, err := pgx.Connect(context.Background(), serverDSN)
		if err != nil {
			t.Logf("drop test database: %v", err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("drop test database: %v", err)
		}
	})
	return pool
}

// DSN returns the connection string of the database behind pool, for code
// under test that opens its own connections (a server started in a test).
func DSN(pool *pgxpool.Pool) string {
	return pool.Config().ConnString()
}

// withDatabase returns dsn pointed at another database on the same server.
func withDatabase(dsn, name string) (string, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return "", err
	}
	u := fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", cfg.User, cfg.Host, cfg.Port, name)
	if cfg.Password != "" {
		u = fmt.Sprintf("postgres://%s:%s@%s:%d/%s?sslmode=disable", cfg.User, cfg.Password, cfg.Host, cfg.Port, name)
	}
	if len(cfg.Host) > 0 && cfg.Host[0] == '/' {
		u = fmt.Sprintf("postgres:///%s?host=%s&port=%d&user=%s&sslmode=disable", name, cfg.Host, cfg.Port, cfg.User)
	}
	return u, nil
}

func prepare(ctx context.Context) (string, error) {
	dsn := os.Getenv("TEST_DATABASE_URL")
	if dsn == "" {
		var err error
		dsn, err = db.ServerDSN(ctx, os.Stderr)
		if err != nil {
			return "", err
		}
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return "", fmt.Errorf("PostgreSQL is not reachable at %s: %w", db.Redact(dsn), err)
	}
	defer conn.Close(ctx)
	// One process creates the template; the others wait on the lock.
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(727274)"); err != nil {
		return "", err
	}
	defer conn.Exec(ctx, "SELECT pg_advisory_unlock(727274)")
	tpl := templateName()
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname=$1)", tpl).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return dsn, nil
	}
	building := tpl + "_build"
	conn.Exec(ctx, "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)")
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+building); err != nil {
		return "", err
	}
	bdsn, err := withDatabase(dsn, building)
	if err != nil {
		return "", err
	}
	pool, err := db.Open(ctx, bdsn)
	if err != nil {
		return "", err
	}
	mctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	err = db.Migrate(mctx, pool)
	pool.Close()
	if err != nil {
		return "", fmt.Errorf("migrate template: %w", err)
	}
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+building+" RENAME TO "+tpl); err != nil {
		return "", err
	}
	dropStaleTemplates(ctx, conn, tpl)
	return dsn, nil
}

// dropStaleTemplates removes templates of earlier migration sets, so they
// do not pile up on a developer's server. One still in use is left alone.
func dropStaleTemplates(ctx context.Context, conn *pgx.Conn, current string) {
	rows, err := conn.Query(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'tpl\_%' AND datname <> $1`, current)
	if err != nil {
		return
	}
	names, _ := pgx.CollectRows(rows, pgx.RowTo[string])
	for _, n := range names {
		conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{n}.Sanitize())
	}
}

func templateName() string {
	h := sha256.New()
	entries, _ := fs.ReadDir(migrations.FS, ".")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, n := range names {
		b, _ := fs.ReadFile(migrations.FS, n)
		h.Write([]byte(n))
		h.Write(b)
	}
	return "tpl_" + hex.EncodeToString(h.Sum(nil))[:16]
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
