package auth

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Throttle slows password guessing without locking anyone out.
//
//   - Per account and client address, every failure doubles the wait before
//     the next attempt (Base, 2×Base, … up to Max). The right password after
//     the wait still works; the owner elsewhere is never affected.
//   - Per client address, a bucket of BucketSize attempts that refills at
//     Refill per second limits guessing spread over many accounts; a sign-in
//     that succeeds gives its attempt back, so an office behind one address
//     is not hindered by its own colleagues.
//
// An attempt is counted before its password is checked, in one transaction,
// so a burst of simultaneous attempts cannot slip past (issue 18): the first
// one moves the wait forward and the others are refused at once.
type Throttle struct {
	Base, Max  time.Duration
	BucketSize float64
	Refill     float64       // attempts per second
	Forget     time.Duration // failures older than this start the doubling anew
}

// DefaultThrottle is the throttle of the portal.
var DefaultThrottle = Throttle{Base: time.Second, Max: 30 * time.Second, BucketSize: 20, Refill: 1.0 / 15, Forget: time.Hour}

// Delay is the wait after n failures in a row.
func (t Throttle) Delay(n int) time.Duration {
	if n <= 0 {
		return 0
	}
	d := float64(t.Base) * math.Pow(2, float64(min(n-1, 30)))
	return time.Duration(min(d, float64(t.Max)))
}

// verdict is the outcome of taking an attempt.
type verdict struct {
	allowed    bool
	retryAfter time.Duration
	perClient  bool // refused by the client's bucket, not the account's delay
}

type throttleStore struct {
	pool *pgxpool.Pool
	t    Throttle
}

// take counts an attempt for account from client, or says how long to wait.
func (s throttleStore) take(ctx context.Context, account, client string) (verdict, error) {
	var v verdict
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		v, err = s.takeBucket(ctx, tx, client)
		if err != nil || !v.allowed {
			return err
		}
		v, err = s.takeDelay(ctx, tx, account, client)
		if err == nil && !v.allowed {
			return errRefused // roll the bucket's token back
		}
		return err
	})
	if errors.Is(err, errRefused) {
		err = nil
	}
	return v, err
}

var errRefused = errors.New("refused")

func (s throttleStore) takeBucket(ctx context.Context, tx pgx.Tx, client string) (verdict, error) {
	return takeFromBucket(ctx, tx, client, s.t.BucketSize, s.t.Refill)
}

// limit takes one from the bucket key (size, refilled at refill per second),
// for limits other than sign-in (password reset requests).
func (s throttleStore) limit(ctx context.Context, key string, size, refill float64) (verdict, error) {
	var v verdict
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		v, err = takeFromBucket(ctx, tx, key, size, refill)
		return err
	})
	return v, err
}

func takeFromBucket(ctx context.Context, tx pgx.Tx, client string, size, refill float64) (verdict, error) {
	const level = `least($2, login_buckets.tokens + extract(epoch FROM now() - login_buckets.updated_at) * $3)`
	var left float64
	err := tx.QueryRow(ctx, `INSERT INTO login_buckets (client, tokens) VALUES ($1, $2 - 1)
		ON CONFLICT (client) DO UPDATE SET tokens = `+level+` - 1, updated_at = now()
		WHERE `+level+` >= 1
		RETURNING tokens`, client, size, refill).Scan(&left)
	if err == nil {
		return verdict{allowed: true}, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return verdict{}, err
	}
	var now float64
	if err := tx.QueryRow(ctx, `SELECT `+level+` FROM login_buckets WHERE client = $1`,
		client, size, refill).Scan(&now); err != nil {
		return verdict{}, err
	}
	wait := time.Duration((1 - now) / refill * float64(time.Second))
	return verdict{retryAfter: max(wait, time.Second), perClient: true}, nil
}

func (s throttleStore) takeDelay(ctx context.Context, tx pgx.Tx, account, client string) (verdict, error) {
	// failures counts this attempt already; the wait it sets is the one
	// that applies if it fails. Success removes the row.
	const n = `CASE WHEN login_delays.updated_at < now() - make_interval(secs => $5) THEN 1 ELSE login_delays.failures + 1 END`
	var failures int
	err := tx.QueryRow(ctx, `INSERT INTO login_delays (account, client, failures, next_at)
		VALUES ($1, $2, 1, now() + make_interval(secs => $3))
		ON CONFLICT (account, client) DO UPDATE SET failures = `+n+`,
			next_at = now() + make_interval(secs => least($4, $3 * power(2, least(`+n+` - 1, 30)))),
			updated_at = now()
		WHERE login_delays.next_at <= now()
		RETURNING failures`, account, client, s.t.Base.Seconds(), s.t.Max.Seconds(), s.t.Forget.Seconds()).Scan(&failures)
	if err == nil {
		return verdict{allowed: true}, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return verdict{}, err
	}
	var left float64
	if err := tx.QueryRow(ctx, `SELECT extract(epoch FROM next_at - now()) FROM login_delays WHERE account = $1 AND client = $2`,
		account, client).Scan(&left); err != nil {
		return verdict{}, err
	}
	return verdict{retryAfter: time.Duration(left * float64(time.Second))}, nil
}

// succeeded forgets the account's failures from client and gives the
// client's attempt back; run in the sign-in's transaction.
func (s throttleStore) succeeded(ctx context.Context, tx pgx.Tx, account, client string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM login_delays WHERE account = $1 AND client = $2`, account, client); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE login_buckets SET tokens = least($2, tokens + 1) WHERE client = $1`, client, s.t.BucketSize); err != nil {
		return err
	}
	// Old rows are no longer needed: a full bucket and forgotten failures.
	if _, err := tx.Exec(ctx, `DELETE FROM login_delays WHERE updated_at < now() - interval '1 day'`); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `DELETE FROM login_buckets WHERE updated_at < now() - make_interval(secs => $1)`,
		s.t.BucketSize/s.t.Refill)
	return err
}

// release undoes a counted attempt that got no verdict (the database or the
// hashing slots failed in between): an outage is never a failed attempt.
func (s throttleStore) release(ctx context.Context, account, client string) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE login_delays SET failures = greatest(failures - 1, 0), next_at = now()
			WHERE account = $1 AND client = $2`, account, client); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE login_buckets SET tokens = least($2, tokens + 1) WHERE client = $1`, client, s.t.BucketSize)
		return err
	})
}
