// Package demotest gives a test a fresh database with the demo data,
// cloned from a template the demo is seeded into once, instead of seeding
// it again in every test.
package demotest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/demo"
	"netwerkportaal/internal/platform/db/dbtest"
	"netwerkportaal/internal/platform/nltime"
)

// Password is the password of every demo account.
const Password = "demo-wachtwoord"

// DB returns a fresh database with the demo data, dropped when the test
// ends.
func DB(t testing.TB) *pgxpool.Pool {
	t.Helper()
	return dbtest.NewSeeded(t, seed())
}

// seed writes the demo data into a template. The demo places its data
// around the current time, so the template is renewed every hour (and
// whenever the demo's code changes), and data seeded freshly would look the
// same. Its accounts get a cheap argon2id hash of the same password: every
// sign-in in a test verifies one, and a hash carries its own parameters, so
// only the time changes, not what a sign-in accepts. (The portal's own
// parameters are what failed sign-ins of unknown accounts and every new
// password are hashed with.)
func seed() dbtest.Seed {
	hour := time.Now().In(nltime.Amsterdam).Format("2006-01-02T15")
	return dbtest.Seed{Name: "demo", Version: demo.Version() + "@" + hour, Fill: func(ctx context.Context, pool *pgxpool.Pool) error {
		if _, err := demo.Seed(ctx, pool); err != nil {
			return fmt.Errorf("seed demo data: %w", err)
		}
		hash, err := argon2id.CreateHash(Password, &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32})
		if err != nil {
			return err
		}
		_, err = pool.Exec(ctx, `UPDATE users SET password_hash = $1`, hash)
		return err
	}}
}
