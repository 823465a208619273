package db

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The project-local server in .data/postgres: created once, started on a
// free port, reused by every later run.

// startLocal brings up (or reuses) the server whose data lives in
// <root>/.data/postgres and returns its DSN.
func startLocal(ctx context.Context, w io.Writer, root string) (string, error) {
	dataDir := filepath.Join(root, localDataRel)
	bin, err := pgBinDir(readTrim(filepath.Join(dataDir, "PG_VERSION")))
	if err != nil {
		return "", err
	}
	r, err := newRunner(bin)
	if err != nil {
		return "", err // checked before anything is created
	}
	if err := os.MkdirAll(filepath.Dir(dataDir), 0o755); err != nil {
		return "", fmt.Errorf("PostgreSQL: %w", err)
	}
	// Test binaries run in parallel: one at a time may init or start.
	unlock, err := lockFile(filepath.Join(filepath.Dir(dataDir), "postgres.lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	port, started, err := ensureLocalRunning(ctx, w, r, dataDir)
	if err != nil {
		return "", err
	}
	dsn := tcpDSN("postgres", "127.0.0.1", port)
	if err := canConnect(ctx, dsn); err != nil {
		return "", fmt.Errorf("PostgreSQL in %s runs but does not let us in (see %s): %w",
			dataDir, filepath.Join(dataDir, "server.log"), err)
	}
	verb := "using the running"
	if started {
		verb = "started a"
	}
	fmt.Fprintf(w, "PostgreSQL: %s project-local server in %s on 127.0.0.1:%d (stop it with: %s)\n",
		verb, localDataRel, port, r.stopHint(dataDir))
	return dsn, nil
}

// ensureLocalRunning reuses a server already running from dataDir, else
// creates the cluster when needed and starts it on a free port.
func ensureLocalRunning(ctx context.Context, w io.Writer, r pgRunner, dataDir string) (port int, started bool, err error) {
	if p := runningPort(ctx, r, dataDir); p > 0 {
		return p, false, nil
	}
	if err := initCluster(ctx, w, r, dataDir); err != nil {
		return 0, false, err
	}
	port = choosePort(readPortFile(dataDir))
	if err := os.WriteFile(filepath.Join(dataDir, portFileName), []byte(strconv.Itoa(port)+"\n"), 0o644); err != nil {
		return 0, false, fmt.Errorf("PostgreSQL: %w", err)
	}
	sock, err := socketDir(dataDir, port, r)
	if err != nil {
		return 0, false, err
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1", port, shellQuote(sock))
	sctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	out, err := r.run(sctx, "pg_ctl", "-D", dataDir, "-l", filepath.Join(dataDir, "server.log"), "-w", "-o", opts, "start")
	if err != nil {
		return 0, false, fmt.Errorf("PostgreSQL: starting the server in %s failed: %v\n%s(see %s)",
			dataDir, err, out, filepath.Join(dataDir, "server.log"))
	}
	return port, true, nil
}

// runningPort returns the port of a server running from dataDir, or 0.
func runningPort(ctx context.Context, r pgRunner, dataDir string) int {
	if _, err := os.Stat(filepath.Join(dataDir, "PG_VERSION")); err != nil {
		return 0
	}
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := r.run(sctx, "pg_ctl", "-D", dataDir, "status"); err != nil {
		return 0 // exit 3: not running
	}
	if p := pidFilePort(filepath.Join(dataDir, "postmaster.pid")); p > 0 {
		return p
	}
	return readPortFile(dataDir)
}

// pidFilePort reads the port from postmaster.pid (its fourth line).
func pidFilePort(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for i := 1; s.Scan(); i++ {
		if i == 4 {
			p, _ := strconv.Atoi(strings.TrimSpace(s.Text()))
			return p
		}
	}
	return 0
}

// initCluster runs initdb once; the data folder must be the postgres user's.
func initCluster(ctx context.Context, w io.Writer, r pgRunner, dataDir string) error {
	if _, err := os.Stat(filepath.Join(dataDir, "PG_VERSION")); err == nil {
		return nil
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("PostgreSQL: %w", err)
	}
	if r.asUser != "" {
		if err := os.Chown(dataDir, r.uid, r.gid); err != nil {
			return fmt.Errorf("PostgreSQL: %w", err)
		}
		if _, err := r.run(ctx, "/usr/bin/test", "-w", dataDir); err != nil {
			return fmt.Errorf("PostgreSQL: the postgres OS user cannot write %s (is a parent folder closed to "+
				"other users?); move the project or set DATABASE_URL", dataDir)
		}
	}
	ictx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	base := []string{"-D", dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8"}
	out, err := r.run(ictx, "initdb", append(base, "--locale=C.UTF-8")...)
	if err != nil { // C.UTF-8 is not on every system
		out, err = r.run(ictx, "initdb", append(base, "--no-locale")...)
	}
	if err != nil {
		return fmt.Errorf("PostgreSQL: initdb in %s failed: %v\n%s", dataDir, err, out)
	}
	fmt.Fprintf(w, "PostgreSQL: created a new cluster in %s (initdb)\n", localDataRel)
	return nil
}

// readPortFile returns the port an earlier run chose, or 0.
func readPortFile(dataDir string) int {
	p, err := strconv.Atoi(readTrim(filepath.Join(dataDir, portFileName)))
	if err != nil || p <= 0 || p > 65535 {
		return 0
	}
	return p
}
