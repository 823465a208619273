// Package dbtest gives every test its own PostgreSQL database, cloned from a
// template that holds all migrations (and, for NewSeeded, data written once).
// The template is named after a hash of the migration files and the seed's
// version, so a changed migration or seed makes a new template.
//
// The server: TEST_DATABASE_URL when set (any database on the server; it is
// used to reach the server), else the same local server `portal serve` would
// use. A server that cannot be reached fails the test: it never skips.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/db"
)

var (
	once      sync.Once
	serverDSN string
	setupErr  error

	mu    sync.Mutex
	ready = map[string]bool{} // templates this process has made sure exist
)

// Seed is data written once into a template of its own, cloned for every
// test that asks for it, instead of written again by each test.
type Seed struct {
	// Name and Version key the template (with the migrations): change the
	// Version whenever what Fill writes changes.
	Name, Version string
	// Fill writes the data into a freshly migrated database.
	Fill func(ctx context.Context, pool *pgxpool.Pool) error

	template *pgxpool.Pool // Copy: clone this database, not a template
}

// New returns a pool on a fresh, migrated database that is dropped when the
// test ends.
func New(t testing.TB) *pgxpool.Pool {
	t.Helper()
	return clone(t, nil)
}

// NewSeeded is New with seed's data already in the database. The data are
// written once per Name and Version on the server, under an advisory lock,
// and cloned from then on.
func NewSeeded(t testing.TB, seed Seed) *pgxpool.Pool {
	t.Helper()
	return clone(t, &seed)
}

func clone(t testing.TB, seed *Seed) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	once.Do(func() { serverDSN, setupErr = serverURL(ctx) })
	if setupErr != nil {
		t.Fatalf("test database: %v", setupErr)
	}
	var tpl string
	var err error
	if seed != nil && seed.template != nil {
		tpl = seed.template.Config().ConnConfig.Database
		seed.template.Reset()
	} else if tpl, err = ensure(ctx, seed, false); err != nil {
		t.Fatalf("test database: %v", err)
	}
	name := "test_" + randomHex(8)
	admin, err := pgx.Connect(ctx, serverDSN)
	if err != nil {
		t.Fatalf("test database: %v", err)
	}
	defer admin.Close(ctx)
	create := func(tpl string) error {
		_, err := admin.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, tpl))
		// A copied database's connections close in the background.
		for try := 0; isInUse(err) && try < 50; try++ {
			time.Sleep(100 * time.Millisecond)
			_, err = admin.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, tpl))
		}
		return err
	}
	err = create(tpl)
	// Another checkout with other migrations may have dropped the
	// template as stale meanwhile: build it again, once.
	if isMissingDatabase(err) {
		if tpl, err = ensure(ctx, seed, true); err == nil {
			err = create(tpl)
		}
	}
	if err != nil {
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
		finished(t, name)
	})
	return pool
}

// isInUse: the template database still has connections (55006).
func isInUse(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "55006"
}

func isMissingDatabase(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "3D000"
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

// serverURL finds the server and checks that it answers.
func serverURL(ctx context.Context) (string, error) {
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
	conn.Close(ctx)
	return dsn, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Copy returns a pool on a new database cloned from pool's database as it
// is now (a stand-in for a read replica), dropped when the test ends.
// pool's connections are closed for the clone (PostgreSQL copies only a
// database nobody is connected to); pool opens new ones when used again.
func Copy(t testing.TB, pool *pgxpool.Pool) *pgxpool.Pool {
	t.Helper()
	return clone(t, &Seed{template: pool})
}
