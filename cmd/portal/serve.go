package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/demo"
	"netwerkportaal/internal/platform/config"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/refcache"
)

func serve(ctx context.Context, cfg config.Config, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	withDemo := fs.Bool("demo", false, "laad demogegevens als de database leeg is")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	pool, err := openDB(ctx, cfg, out)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := db.Migrate(ctx, pool); err != nil {
		return fmt.Errorf("migraties: %w", err)
	}
	if *withDemo {
		if err := seedIfEmpty(ctx, pool, cfg.BaseURL, out); err != nil {
			return err
		}
	}
	stopWorkers, err := app.StartWorkers(ctx, pool, cfg, out)
	if err != nil {
		return err
	}
	defer stopWorkers()
	refs := refcache.New(pool)
	defer refs.Close()
	srv := &http.Server{
		Addr: cfg.Addr,
		Handler: app.New(pool, cfg, app.Options{SessionCleanup: 5 * time.Minute, ReferenceCache: refs,
			DashboardSnapshots: true}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("adres %s is niet beschikbaar: %w", cfg.Addr, err)
	}
	fmt.Fprintf(out, "Netwerkportaal draait op %s (stoppen: Ctrl+C)\n", cfg.BaseURL)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
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
