package db

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestProjectRoot(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	deep := filepath.Join(root, "internal", "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, start := range []string{root, deep} {
		got, err := projectRoot(start)
		if err != nil || got != root {
			t.Errorf("projectRoot(%s) = %q, %v; want %q", start, got, err, root)
		}
	}
	// This package runs in its own folder: the root is three levels up.
	wd, _ := os.Getwd()
	got, err := projectRoot(wd)
	if err != nil || got != filepath.Clean(filepath.Join(wd, "..", "..", "..")) {
		t.Errorf("projectRoot(package dir) = %q, %v", got, err)
	}
}

func TestProjectRootMissing(t *testing.T) {
	if _, err := projectRoot("/"); err == nil {
		t.Fatal("want an error when no go.mod is found")
	}
}

func TestPortFileAndChoosePort(t *testing.T) {
	dir := t.TempDir()
	if p := readPortFile(dir); p != 0 {
		t.Fatalf("no port file: got %d, want 0", p)
	}
	os.WriteFile(filepath.Join(dir, portFileName), []byte("rubbish\n"), 0o644)
	if p := readPortFile(dir); p != 0 {
		t.Fatalf("bad port file: got %d, want 0", p)
	}

	free := freePort(t)
	os.WriteFile(filepath.Join(dir, portFileName), []byte(strconv.Itoa(free)+"\n"), 0o644)
	saved := readPortFile(dir)
	if saved != free {
		t.Fatalf("readPortFile = %d, want %d", saved, free)
	}
	if got := choosePort(saved); got != free {
		t.Errorf("a free saved port is kept: got %d, want %d", got, free)
	}

	// A saved port someone else took is replaced by another free one.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	taken := l.Addr().(*net.TCPAddr).Port
	got := choosePort(taken)
	if got == taken || got <= 0 || !portFree(got) {
		t.Errorf("choosePort(taken %d) = %d, want another free port", taken, got)
	}
}

func TestPidFilePort(t *testing.T) {
	path := filepath.Join(t.TempDir(), "postmaster.pid")
	os.WriteFile(path, []byte("1234\n/x/.data/postgres\n1700000000\n54331\n/x/.data/postgres\n127.0.0.1\n  1 2\nready   \n"), 0o600)
	if p := pidFilePort(path); p != 54331 {
		t.Errorf("pidFilePort = %d, want 54331", p)
	}
	if p := pidFilePort(path + ".missing"); p != 0 {
		t.Errorf("missing pid file: got %d", p)
	}
}

func TestSocketDir(t *testing.T) {
	short := "/srv/app/.data/postgres"
	if got, err := socketDir(short, 54329, pgRunner{}); err != nil || got != short {
		t.Errorf("short path: got %q, %v", got, err)
	}
	long := "/" + strings.Repeat("d", 120) + "/.data/postgres"
	port := freePort(t)
	got, err := socketDir(long, port, pgRunner{uid: -1, gid: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(got) })
	if got == long || len(got)+len("/.s.PGSQL."+strconv.Itoa(port)) > maxSocketPath {
		t.Errorf("long path: got socket dir %q", got)
	}
}

func TestSortVersionsDesc(t *testing.T) {
	vs := []string{"9.6", "15", "10", "16"}
	sortVersionsDesc(vs)
	if strings.Join(vs, " ") != "16 15 10 9.6" {
		t.Errorf("got %v", vs)
	}
}

func TestCandidateUsers(t *testing.T) {
	t.Setenv("PGUSER", "postgres")
	us := candidateUsers()
	if us[0] != "postgres" {
		t.Errorf("PGUSER comes first: %v", us)
	}
	seen := map[string]bool{}
	for _, u := range us {
		if seen[u] {
			t.Errorf("duplicate %q in %v", u, us)
		}
		seen[u] = true
	}
}

func TestWithDatabaseName(t *testing.T) {
	got, err := withDatabaseName("postgres://root@127.0.0.1:5432/postgres?sslmode=disable", "netwerkportaal")
	if err != nil || got != "postgres://root@127.0.0.1:5432/netwerkportaal?sslmode=disable" {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestAppDSNPrefersDatabaseURL(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://u@db.example:5432/x")
	got, err := AppDSN(context.Background(), &bytes.Buffer{})
	if err != nil || got != "postgres://u@db.example:5432/x" {
		t.Errorf("got %q, %v", got, err)
	}
}

// With nothing listening and no binaries, the error names the fix.
func TestServerDSNWithoutBinaries(t *testing.T) {
	override(t, &candidatePort, freePort(t))
	override(t, &pgLibDir, t.TempDir())
	override(t, &debianConfDir, t.TempDir())
	_, err := ServerDSN(context.Background(), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "apt-get install postgresql") {
		t.Fatalf("want an error naming the fix, got %v", err)
	}
}

// The server this machine uses (or the one ServerDSN brings up) lets us in.
func TestServerDSNConnects(t *testing.T) {
	ctx := context.Background()
	var log bytes.Buffer
	dsn, err := ServerDSN(ctx, &log)
	if err != nil {
		t.Fatalf("ServerDSN: %v", err)
	}
	t.Logf("dsn %s; said: %q", Redact(dsn), log.String())
	assertConnects(t, dsn)
}

// TestLocalServerBringUp exercises path (c) for real: it initialises and
// starts a server in a throwaway project, reuses it, and stops it. Opt-in
// (LOCALPG_TEST=1) because it starts processes and takes a few seconds.
func TestLocalServerBringUp(t *testing.T) {
	// The fallback `make run` relies on where no server answers: initdb and
	// pg_ctl for real, as the postgres OS user when we are root. A few
	// seconds; skipped only with -short.
	if testing.Short() {
		t.Skip("brings up a throwaway PostgreSQL server")
	}
	root, err := os.MkdirTemp("", "nwp-localpg-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(root, 0o755) // the postgres OS user must reach it when we are root
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644)
	os.MkdirAll(filepath.Join(root, "pkg"), 0o755)
	t.Chdir(filepath.Join(root, "pkg"))
	override(t, &candidatePort, freePort(t))
	override(t, &debianConfDir, t.TempDir())
	override(t, &localPort, freePort(t))

	ctx := context.Background()
	var log bytes.Buffer
	dsn, err := ServerDSN(ctx, &log)
	dataDir := filepath.Join(root, localDataRel)
	t.Cleanup(func() { stopLocal(t, dataDir); os.RemoveAll(root) })
	if err != nil {
		t.Fatalf("ServerDSN: %v", err)
	}
	t.Logf("first run said:\n%s", log.String())
	if !strings.Contains(log.String(), "started a project-local server") {
		t.Errorf("first run should start a server, said %q", log.String())
	}
	assertConnects(t, dsn)

	log.Reset()
	dsn2, err := ServerDSN(ctx, &log)
	if err != nil || dsn2 != dsn {
		t.Fatalf("second run: %q, %v; want the same %q", dsn2, err, dsn)
	}
	t.Logf("second run said:\n%s", log.String())
	if !strings.Contains(log.String(), "using the running") {
		t.Errorf("second run should reuse the server, said %q", log.String())
	}
}

func stopLocal(t *testing.T, dataDir string) {
	bin, err := pgBinDir(readTrim(filepath.Join(dataDir, "PG_VERSION")))
	if err != nil {
		return
	}
	r, err := newRunner(bin)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if out, err := r.run(ctx, "pg_ctl", "-D", dataDir, "-m", "fast", "stop"); err != nil {
		t.Logf("pg_ctl stop: %v\n%s", err, out)
	}
}

func assertConnects(t *testing.T, dsn string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect %s: %v", Redact(dsn), err)
	}
	defer conn.Close(ctx)
	var one int
	if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("SELECT 1: %d, %v", one, err)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func override[T any](t *testing.T, p *T, v T) {
	old := *p
	*p = v
	t.Cleanup(func() { *p = old })
}
