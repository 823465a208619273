// Command portal is Netwerkportaal: one binary that serves the portal,
// migrates its database, loads demo data and creates accounts.
//
//	portal serve [-demo]
//	portal migrate up|down|status
//	portal seed demo | national [-n 20000]
//	portal user create -email E -name N -role R [-networks "A,B"] [-password-stdin]
//	portal user reset-password -email E
//	portal network create -name N [-region R] [-scale S]
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the portal works in Europe/Amsterdam, also where the OS has no zone files

	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/config"
	"netwerkportaal/internal/platform/db"
)

const usage = `Netwerkportaal

Gebruik:
  portal serve [-demo]            start het portaal (met -demo: demogegevens in een lege database)
  portal migrate up|down|status   databasemigraties toepassen, terugdraaien of tonen
  portal seed demo                demogegevens laden in een lege database
  portal seed national [-n N]     landelijke gegevens laden (40 netwerken, standaard 20000 werkgevers)
  portal user create -email E -name N -role beheerder|coordinator|bestuur [-networks "A,B"] [-password-stdin]
  portal user reset-password -email E   een link (1 uur geldig) om een nieuw wachtwoord te kiezen
  portal network create -name N [-region R] [-scale PSO]   een netwerk aanmaken

Instellingen (omgevingsvariabelen): DATABASE_URL, ADDR (standaard :8080), BASE_URL, LOG_LEVEL, COOKIE_SECURE,
SMTP_URL (zonder: e-mail alleen in de log), MAIL_FROM, RETENTION_YEARS, TRUSTED_PROXIES, DATABASE_MAX_CONNS,
SHUTDOWN_TIMEOUT, METRICS_TOKEN, METRICS_ADDR, PPROF_ADDR, GOMEMLIMIT, TOTP_KEY. Zie README.md, "In productie".
`

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "portal: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cfg, err := config.FromEnv()
	if err != nil {
		return fmt.Errorf("ongeldige instellingen:\n%w", err)
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel})))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	switch args[0] {
	case "serve":
		return serve(ctx, cfg, args[1:], stdout)
	case "migrate":
		return migrate(ctx, cfg, args[1:], stdout)
	case "seed":
		return seed(ctx, cfg, args[1:], stdout)
	case "user":
		return user(ctx, cfg, args[1:], stdin, stdout)
	case "network":
		return network(ctx, cfg, args[1:], stdout)
	}
	return fmt.Errorf("onbekende opdracht %q\n\n%s", args[0], usage)
}

// openDB finds the database (DATABASE_URL, a local server, or one it starts)
// and opens a pool on it, saying on stdout what it did.
func openDB(ctx context.Context, cfg config.Config, out io.Writer) (*pgxpool.Pool, error) {
	dsn := cfg.DatabaseURL
	if dsn == "" {
		var err error
		if dsn, err = db.AppDSN(ctx, out); err != nil {
			return nil, err
		}
	} else if err := db.EnsureDatabase(ctx, dsn); err != nil {
		return nil, err
	}
	pool, err := db.OpenWith(ctx, dsn, db.PoolOptions{MaxConns: cfg.DatabaseMaxConns})
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "Database: %s\n", db.Redact(dsn))
	return pool, nil
}

// openMigrated is openDB for a command that works on the data: the schema
// is brought up to date first.
func openMigrated(ctx context.Context, cfg config.Config, out io.Writer) (*pgxpool.Pool, error) {
	pool, err := openDB(ctx, cfg, out)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

var errUsage = errors.New("onjuist gebruik; zie 'portal help'")
