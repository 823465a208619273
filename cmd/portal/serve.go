package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"netwerkportaal/internal/app"

	"netwerkportaal/internal/auth"
	"netwerkportaal/internal/dashboard"
	"netwerkportaal/internal/demo"
	"netwerkportaal/internal/events"
	"netwerkportaal/internal/platform/config"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/mail"
	"netwerkportaal/internal/platform/metrics"
	"netwerkportaal/internal/platform/refcache"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/web"
)

func serve(ctx context.Context, cfg config.Config, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	withDemo := fs.Bool("demo", false, "laad demogegevens als de database leeg is")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	setMemoryLimit()
	pool, err := openDB(ctx, cfg, out)
	if err != nil {
		return err
	}
	if err := prepareDB(ctx, pool, cfg, *withDemo, out); err != nil {
		return err
	}
	readPool, err := openReadDB(ctx, cfg, out)
	if err != nil {
		return err
	}
	opts := app.Options{SessionCleanup: 5 * time.Minute, DashboardSnapshots: true, ReadPool: readPool}
	// The workers get a context of their own: they stop at shutdown, at
	// the same time as the HTTP server, between two items of work.
	wctx, stopWorkers := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWorkers()
	waitMail, err := app.StartWorkersWith(wctx, pool, cfg, out, opts)
	if err != nil {
		return err
	}
	closeCaches := useCaches(pool, &opts)
	defer closeCaches()
	registerMetrics(pool, readPool)
	stopSide, ln, err := listen(cfg, out)
	if err != nil {
		stopWorkers()
		waitMail(cfg.ShutdownTimeout)
		return err
	}
	defer stopSide()
	fmt.Fprintf(out, "Netwerkportaal draait op %s (stoppen: Ctrl+C)\n", cfg.BaseURL)
	go func() {
		<-ctx.Done()
		stopWorkers()
	}()
	start := time.Now()
	err = server.Serve(ctx, httpServer(cfg, app.New(pool, cfg, opts)), ln, cfg.ShutdownTimeout)
	stopWorkers()
	waitMail(max(cfg.ShutdownTimeout-time.Since(start), time.Second))
	closePool(pool, time.Second)
	if readPool != nil {
		closePool(readPool, time.Second)
	}
	return err
}

// prepareDB brings the database up to date before the first request: its
// migrations, the demo (with -demo, on an empty database), the first-start
// setup link, and TOTP secrets sealed under TOTP_KEY.
func prepareDB(ctx context.Context, pool *pgxpool.Pool, cfg config.Config, withDemo bool, out io.Writer) error {
	if err := db.Migrate(ctx, pool); err != nil {
		return fmt.Errorf("migraties: %w", err)
	}
	if withDemo {
		if err := seedIfEmpty(ctx, pool, cfg.BaseURL, out); err != nil {
			return err
		}
	}
	if err := printSetupLink(ctx, pool, cfg.BaseURL, out); err != nil {
		return err
	}
	return sealTOTPSecrets(ctx, pool, cfg.TOTPKey)
}

// useCaches gives the app its in-process caches, each emptied by the
// database's notifications so that every instance follows every writer.
func useCaches(pool *pgxpool.Pool, opts *app.Options) (closeAll func()) {
	refs := refcache.New(pool)
	identities := refcache.NewOn(pool, auth.IdentityChannel)
	navigation := refcache.NewOn(pool, web.NavigationChannel)
	opts.ReferenceCache, opts.IdentityCache, opts.NavigationCache = refs, identities, navigation
	return func() {
		navigation.Close()
		identities.Close()
		refs.Close()
	}
}

// registerMetrics adds the gauges that ask the database.
func registerMetrics(pool, readPool *pgxpool.Pool) {
	if err := metrics.RegisterDB(metrics.Sources{
		Pool:         pool,
		Outbox:       func(ctx context.Context) (int64, int64, time.Duration, error) { return mail.QueueStats(ctx, pool) },
		ReminderLag:  func(ctx context.Context) (time.Duration, error) { return events.ReminderLag(ctx, pool) },
		DashboardLag: func(ctx context.Context) (time.Duration, error) { return dashboard.RefreshLag(ctx, pool) },
		ReadPool:     readPool,
	}); err != nil {
		slog.Warn("metrics", "err", err)
	}
}

// listen opens the portal's address, and the metrics and profiler
// addresses when they are set; stopSide closes the latter two.
func listen(cfg config.Config, out io.Writer) (stopSide func(), ln net.Listener, err error) {
	var stops []func()
	stopSide = func() {
		for _, stop := range stops {
			stop()
		}
	}
	for _, side := range []struct {
		addr  string
		serve func(string, io.Writer) (func(), error)
	}{{cfg.MetricsAddr, serveMetrics}, {cfg.PprofAddr, servePprof}} {
		if side.addr == "" {
			continue
		}
		stop, err := side.serve(side.addr, out)
		if err != nil {
			stopSide()
			return nil, nil, err
		}
		stops = append(stops, stop)
	}
	if ln, err = net.Listen("tcp", cfg.Addr); err != nil {
		stopSide()
		return nil, nil, fmt.Errorf("adres %s is niet beschikbaar: %w", cfg.Addr, err)
	}
	return stopSide, ln, nil
}

// httpServer bounds every phase of a request, so a slow or hostile client
// cannot hold a connection or a goroutine for ever.
func httpServer(cfg config.Config, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              cfg.Addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn),
	}
}

// openReadDB opens the read replica's pool (DATABASE_READ_URL) with the
// main pool's settings and connection retries; nil when it is not set.
// The replica is not migrated: it follows the primary.
func openReadDB(ctx context.Context, cfg config.Config, out io.Writer) (*pgxpool.Pool, error) {
	if cfg.DatabaseReadURL == "" {
		return nil, nil
	}
	pool, err := db.OpenWith(ctx, cfg.DatabaseReadURL, db.PoolOptions{MaxConns: cfg.DatabaseMaxConns})
	if err != nil {
		return nil, fmt.Errorf("DATABASE_READ_URL: %w", err)
	}
	fmt.Fprintf(out, "Leesreplica voor dashboard en downloads: %s\n", db.Redact(cfg.DatabaseReadURL))
	return pool, nil
}

// serveMetrics serves /metrics on addr (METRICS_ADDR), an address the
// outside world does not reach, without a token.
func serveMetrics(addr string, out io.Writer) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("METRICS_ADDR %s is niet beschikbaar: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
	go srv.Serve(ln)
	fmt.Fprintf(out, "Metrics op http://%s/metrics\n", ln.Addr())
	return func() { srv.Close() }, nil
}

// servePprof serves Go's profiler on addr (PPROF_ADDR, loopback), for
// measuring where a request's time goes under load; off by default.
func servePprof(addr string, out io.Writer) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("PPROF_ADDR %s is niet beschikbaar: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	fmt.Fprintf(out, "Profiler op http://%s/debug/pprof/\n", ln.Addr())
	return func() { srv.Close() }, nil
}

// closePool closes the pool, but waits at most d for connections still in
// use (a request that did not end): exiting ends them anyway.
func closePool(pool dbPool, d time.Duration) {
	done := make(chan struct{})
	go func() {
		pool.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(d):
		slog.Warn("database connections still in use at exit")
	}
}

func seedIfEmpty(ctx context.Context, pool dbPool, baseURL string, out io.Writer) error {
	empty, err := demo.IsEmpty(ctx, pool)
	if err != nil {
		return err
	}
	if !empty {
		return nil
	}
	sum, err := demo.SeedWith(ctx, pool, demo.Options{BaseURL: baseURL})
	if err != nil {
		return fmt.Errorf("demogegevens: %w", err)
	}
	fmt.Fprintf(out, "Demogegevens geladen: %d netwerken, %d werkgevers, %d contactpersonen.\n", sum.Networks, sum.Employers, sum.Contacts)
	fmt.Fprintln(out, "Inloggen met wachtwoord demo-wachtwoord als beheer@example.org, coordinator@example.org, coordinator2@example.org of bestuur@example.org.")
	fmt.Fprintf(out, "Een demo-intake wordt ingevuld via %s (de uitnodiging staat ook onder Verzonden e-mail).\n", sum.IntakeLink)
	return nil
}

// printSetupLink prints a one-time link to create the first beheerder when
// the database has no users yet (a new installation without -demo).
func printSetupLink(ctx context.Context, pool dbPool, baseURL string, out io.Writer) error {
	token, ok, err := auth.NewStore(pool).SetupLink(ctx)
	if err != nil || !ok {
		return err
	}
	fmt.Fprintf(out, "Het portaal heeft nog geen gebruikers. Richt het in via deze link (1 uur geldig, één keer te gebruiken):\n  %s/inrichten/%s\n", baseURL, token)
	return nil
}

// sealTOTPSecrets encrypts two-step secrets stored before TOTP_KEY existed,
// and warns when the key is missing: two-step sign-in then cannot be
// switched on, and app codes of users who have it cannot be checked (their
// recovery codes still work).
func sealTOTPSecrets(ctx context.Context, pool *pgxpool.Pool, key []byte) error {
	sealed, plain, err := auth.SealPlainTOTPSecrets(ctx, pool, key)
	if err != nil {
		return fmt.Errorf("tweestapssleutels versleutelen: %w", err)
	}
	if sealed > 0 {
		slog.Info("two-step secrets encrypted with TOTP_KEY", "count", sealed)
	}
	if key == nil {
		slog.Warn("TOTP_KEY is not set: two-step sign-in cannot be switched on; make one with: openssl rand -base64 32",
			"plain_secrets_left", plain)
	}
	return nil
}
