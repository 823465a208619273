package main

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/config"
	"netwerkportaal/internal/platform/db/dbtest"
)

// portal is `portal serve -demo` running in the test on its own database.
type portal struct {
	t      *testing.T
	base   string
	client *http.Client
	stop   context.CancelFunc
	done   chan struct{} // closed when serve returned err
	err    error
}

func startPortal(t *testing.T, dsn string, env map[string]string) *portal {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	t.Setenv("DATABASE_URL", dsn)
	t.Setenv("ADDR", addr)
	t.Setenv("BASE_URL", "http://"+addr)
	for k, v := range env {
		t.Setenv(k, v)
	}
	cfg, err := config.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &portal{t: t, base: "http://" + addr, stop: cancel, done: make(chan struct{})}
	go func() {
		p.err = serve(ctx, cfg, []string{"-demo"}, io.Discard)
		close(p.done)
	}()
	jar, _ := cookiejar.New(nil)
	p.client = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(p.base + "/healthz"); err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("portal did not start")
		}
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-p.done:
		case <-time.After(30 * time.Second):
		}
	})
	return p
}

func (p *portal) do(method, path, contentType string, body io.Reader) (int, string, http.Header) {
	p.t.Helper()
	req, err := http.NewRequest(method, p.base+path, body)
	if err != nil {
		p.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := p.client.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

func (p *portal) postForm(path string, v url.Values) (int, string, http.Header) {
	return p.do(http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
}

// TestShutdownDuringLongImport: SIGTERM (here: serve's context) arrives
// while an import waits in the database. serve stops within the bound and
// returns nil (exit code 0); the import is rolled back and the user is told
// so on the friendly page, not with a 500.
func TestShutdownDuringLongImport(t *testing.T) {
	pool := dbtest.New(t)
	ctx := context.Background()
	const bound = 3 * time.Second
	p := startPortal(t, dbtest.DSN(pool), map[string]string{"SHUTDOWN_TIMEOUT": bound.String()})
	if code, _, _ := p.postForm("/inloggen", url.Values{"email": {apptest.Coordinator}, "wachtwoord": {apptest.DemoPassword}}); code != http.StatusSeeOther {
		t.Fatalf("sign in: %d", code)
	}
	var network int64
	if err := pool.QueryRow(ctx, `SELECT un.network_id FROM user_networks un JOIN users u ON u.id = un.user_id
		WHERE u.email = $1 LIMIT 1`, apptest.Coordinator).Scan(&network); err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile("../../internal/importer/testdata/voorbeeld-200-werkgevers.csv")
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("netwerk", strconv.FormatInt(network, 10))
	fw, _ := mw.CreateFormFile("bestand", "werkgevers.csv")
	fw.Write(csv)
	mw.Close()
	code, _, h := p.do(http.MethodPost, "/import", mw.FormDataContentType(), &body)
	up := strings.TrimSuffix(h.Get("Location"), "/koppelen")
	if code != http.StatusSeeOther || up == "" {
		t.Fatalf("upload: %d to %q", code, h.Get("Location"))
	}
	_, page, _ := p.do(http.MethodGet, up+"/koppelen", "", nil)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(page))
	if code, _, _ := p.postForm(up+"/koppelen", apptest.FormValues(doc, `form[action$="/koppelen"]`)); code != http.StatusSeeOther {
		t.Fatalf("mapping: %d", code)
	}
	if code, _, _ := p.do(http.MethodGet, up+"/voorbeeld", "", nil); code != http.StatusOK {
		t.Fatalf("preview: %d", code)
	}
	var before int
	pool.QueryRow(ctx, `SELECT count(*) FROM employers`).Scan(&before)

	// Someone else holds the employers table: the import waits, as a long
	// one would.
	lock, err := pgx.Connect(ctx, dbtest.DSN(pool))
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close(ctx)
	tx, err := lock.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `LOCK TABLE employers IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	type answer struct {
		code int
		body string
	}
	answered := make(chan answer, 1)
	go func() {
		code, body, _ := p.postForm(up+"/importeren", url.Values{"modus": {"geldig"}})
		answered <- answer{code, body}
	}()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var waiting int
		pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting)
		if waiting > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the import never waited for the lock")
		}
	}

	start := time.Now()
	p.stop() // SIGTERM
	var serveErr error
	select {
	case <-p.done:
		serveErr = p.err
	case <-time.After(bound + 5*time.Second):
		t.Fatalf("serve still running %s after the signal (bound %s)", time.Since(start), bound)
	}
	took := time.Since(start)
	if serveErr != nil {
		t.Errorf("serve returned %v: exit code 1", serveErr)
	}
	if took > bound+time.Second {
		t.Errorf("shutdown took %s, bound %s", took, bound)
	}
	a := <-answered
	if a.code != http.StatusServiceUnavailable || !strings.Contains(a.body, "niets van opgeslagen") || !strings.Contains(a.body, `<html lang="nl">`) {
		t.Errorf("the import's answer: %d %.400s", a.code, a.body)
	}
	tx.Rollback(ctx)
	var after int
	pool.QueryRow(ctx, `SELECT count(*) FROM employers`).Scan(&after)
	if after != before {
		t.Errorf("employers %d before, %d after a cancelled import", before, after)
	}
	t.Logf("shutdown took %s (bound %s); the import answered %d", took.Round(time.Millisecond), bound, a.code)
}

// TestMetrics: /metrics needs the token, and then shows requests by route
// pattern (never a token from a path), the pool, the mail queue and the Go
// runtime, with a read replica (DATABASE_READ_URL) its pool too and the
// dashboard refresher's lag.
func TestMetrics(t *testing.T) {
	pool := dbtest.New(t)
	const token = "metrics-token-0123456789"
	replica := dbtest.Copy(t, pool) // a stand-in for a read replica
	p := startPortal(t, dbtest.DSN(pool), map[string]string{"METRICS_TOKEN": token, "DATABASE_READ_URL": dbtest.DSN(replica)})
	secret := strings.Repeat("Zx9", 15)
	p.do(http.MethodGet, "/intake/"+secret, "", nil)
	p.do(http.MethodGet, "/healthz", "", nil)
	if code, _, _ := p.do(http.MethodGet, "/metrics", "", nil); code != http.StatusNotFound {
		t.Errorf("/metrics without the token: %d", code)
	}
	req, _ := http.NewRequest(http.MethodGet, p.base+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	body := string(b)
	for _, want := range []string{
		`portal_http_requests_total{method="GET",route="/healthz",status="200"}`,
		`route="/intake/{token}"`,
		`portal_http_request_duration_seconds_bucket`,
		`portal_db_pool_max_connections`,
		`portal_db_pool_connections{state="idle"}`,
		`portal_outbox_waiting`,
		`portal_outbox_oldest_due_seconds`,
		`portal_reminder_lag_seconds`,
		`portal_dashboard_refresh_lag_seconds 0`,
		`portal_db_read_pool_max_connections`,
		`portal_db_read_pool_connections{state="idle"}`,
		`portal_metrics_db_up 1`,
		`portal_signin_failures_total`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, secret) {
		t.Error("/metrics shows a token from a path")
	}
}
