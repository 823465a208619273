package db

import (
	"context"
	"errors"
	"io"
	"net"
	"runtime"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/puddle/v2"
)

// DefaultMaxConns is the pool size when DATABASE_MAX_CONNS is not set: big
// enough that a busy instance does not queue behind 4 connections, small
// enough that several instances fit in PostgreSQL's default
// max_connections of 100 (N instances × 10 + a few for psql and backups).
func DefaultMaxConns() int32 {
	return int32(min(max(10, 2*runtime.NumCPU()), 20))
}

// PoolOptions tune the pool; zero fields take the defaults.
type PoolOptions struct {
	MaxConns int32 // DATABASE_MAX_CONNS; DefaultMaxConns()
	// ConnectRetries is how often opening a connection is tried again
	// when PostgreSQL refuses it ("too many clients", a restart), with a
	// short growing pause: a request waits about 2 s instead of failing.
	ConnectRetries int // 5
}

// connectBackoff is the pause before the n-th retry of a connection.
func connectBackoff(n int) time.Duration {
	return min(100*time.Millisecond<<(n-1), time.Second)
}

// poolConfig applies opts to cfg.
func poolConfig(cfg *pgxpool.Config, opts PoolOptions) {
	// SQL's current_date and ::date then give the Dutch calendar date, as
	// nltime does in Go; on a server in UTC they would be a day behind
	// between midnight and 01:00 (02:00 in summer). A DSN may still name
	// another zone.
	if _, set := cfg.ConnConfig.RuntimeParams["timezone"]; !set {
		cfg.ConnConfig.RuntimeParams["timezone"] = "Europe/Amsterdam"
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	} else {
		cfg.MaxConns = DefaultMaxConns()
	}
	if opts.ConnectRetries == 0 {
		opts.ConnectRetries = 5
	}
	cfg.MaxConnIdleTime = 5 * time.Minute
	// A connection that waits for a free one in a full pool waits; one
	// that PostgreSQL refuses is retried. pgx tries every fallback of a
	// connection string in turn, so the same servers are listed again
	// per retry, and each round's dial first sleeps a little. Every new
	// connection starts counting afresh (BeforeConnect gets a copy).
	if opts.ConnectRetries < 0 {
		return
	}
	round := append([]*pgconn.FallbackConfig{{Host: cfg.ConnConfig.Host, Port: cfg.ConnConfig.Port, TLSConfig: cfg.ConnConfig.TLSConfig}},
		cfg.ConnConfig.Fallbacks...)
	for range opts.ConnectRetries {
		cfg.ConnConfig.Fallbacks = append(cfg.ConnConfig.Fallbacks, round...)
	}
	dial := cfg.ConnConfig.DialFunc
	perRound := len(round)
	cfg.BeforeConnect = func(_ context.Context, cc *pgx.ConnConfig) error {
		attempt := 0
		cc.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
			if attempt > 0 && attempt%perRound == 0 {
				t := time.NewTimer(connectBackoff(attempt / perRound))
				select {
				case <-ctx.Done():
					t.Stop()
					return nil, ctx.Err()
				case <-t.C:
				}
			}
			attempt++
			return dial(ctx, network, addr)
		}
		return nil
	}
}

// Unreachable reports whether err means the database could not be reached
// or is going away (a stop, a restart, a refused or broken connection), as
// opposed to a bug or bad data: the user gets "try again shortly" (503).
func Unreachable(err error) bool {
	if err == nil {
		return false
	}
	var connErr *pgconn.ConnectError
	if errors.As(err, &connErr) {
		return true // whatever the server said, no connection: try again later
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code[:2] {
		case "08": // connection exception
			return true
		case "53": // insufficient resources: too many clients, out of memory, disk full
			return true
		case "57": // operator intervention: admin/crash shutdown, cannot connect now
			return pgErr.Code != "57014" // query_canceled is a timeout of our own
		}
		return false
	}
	var netErr net.Error
	switch {
	case errors.As(err, &netErr):
		return true
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, io.EOF), errors.Is(err, puddle.ErrClosedPool):
		return true
	}
	return pgconn.SafeToRetry(err) && !errors.Is(err, context.Canceled)
}
