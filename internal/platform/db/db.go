// Package db opens the PostgreSQL pool, applies the embedded migrations and
// runs work in transactions. It is shared plumbing: no domain SQL lives here.
package db

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"netwerkportaal/migrations"
)

// Open connects a pool with the default options and checks that the server
// answers.
func Open(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	return OpenWith(ctx, dsn, PoolOptions{})
}

// OpenWith connects a pool sized and tuned by opts (see PoolOptions) and
// checks that the server answers.
func OpenWith(ctx context.Context, dsn string, opts PoolOptions) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL is ongeldig: %w", err)
	}
	poolConfig(cfg, opts)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database %s antwoordt niet: %w", Redact(dsn), err)
	}
	return pool, nil
}

// Redact hides the password of a connection string for messages and logs.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		return "(verbindingsgegevens)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Provider returns a goose provider over the embedded migrations. goose takes
// a PostgreSQL advisory lock, so several app instances may start at once.
func Provider(pool *pgxpool.Pool) (*goose.Provider, error) {
	sub, err := fs.Sub(migrations.FS, ".")
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(goose.DialectPostgres, stdlib.OpenDBFromPool(pool), sub,
		goose.WithSessionLocker(mustLocker()))
}

// Migrate applies all pending migrations.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	p, err := Provider(pool)
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// Tx is the transaction interface the stores use, so a store method can run
// inside a transaction that a handler (or another store method) started.
type Tx = pgx.Tx

// Querier is what both a pool and a transaction offer.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// InTx runs fn in one transaction: committed when fn returns nil, rolled back
// otherwise, so nothing changes half-way.
//
// Transactions compose: when ctx carries a transaction (see WithTx), fn runs
// in a savepoint of it instead, so a store method called from another
// package's transaction commits or rolls back with that transaction.
func InTx(ctx context.Context, pool *pgxpool.Pool, fn func(tx pgx.Tx) error) error {
	if outer, ok := ctx.Value(txKey{}).(pgx.Tx); ok {
		return pgx.BeginFunc(ctx, outer, fn)
	}
	return pgx.BeginFunc(ctx, pool, fn)
}

type txKey struct{}

// WithTx returns ctx carrying tx, for InTx calls made on behalf of the
// caller's transaction.
func WithTx(ctx context.Context, tx pgx.Tx) context.Context {
	return context.WithValue(ctx, txKey{}, tx)
}

// IsUniqueViolation reports whether err is a unique-constraint violation of
// the named constraint or index (any when name is empty).
func IsUniqueViolation(err error, name string) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return name == "" || strings.EqualFold(pgErr.ConstraintName, name)
	}
	return false
}
