package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/demo"
	"netwerkportaal/internal/platform/db"
)

// process is a server this tool started and stops again.
type process struct {
	cmd  *exec.Cmd
	base string
	log  *bytes.Buffer
	once sync.Once
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startProcess runs bin on a free loopback port (given as -addr, or as ADDR
// in the environment when env is not nil) and waits until it answers.
func startProcess(ctx context.Context, bin string, args []string, env []string) (*process, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	if env == nil {
		cmd.Args = append(cmd.Args, "-addr", addr)
	} else {
		cmd.Env = append(append(os.Environ(), env...), "ADDR="+addr, "BASE_URL=http://"+addr)
	}
	log := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = &syncWriter{w: log}, &syncWriter{w: log}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{cmd: cmd, base: "http://" + addr, log: log}
	deadline := time.Now().Add(90 * time.Second)
	for {
		res, err := http.Get(p.base + "/healthz")
		if err == nil {
			res.Body.Close()
			return p, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil || cmd.ProcessState != nil {
			p.stop()
			return nil, fmt.Errorf("%s antwoordt niet: %v\n%s", bin, err, log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(b)
}

func startPortal(ctx context.Context, bin, dsn string) (*process, error) {
	// LOG_LEVEL=warn: a line per request would measure the terminal.
	// TRUSTED_PROXIES: the load tool stands in for the reverse proxy and
	// names each client's own address (Client.From).
	return startProcess(ctx, bin, []string{"serve"}, []string{"DATABASE_URL=" + dsn, "LOG_LEVEL=warn",
		"TRUSTED_PROXIES=127.0.0.1/32,::1/128"})
}

func (p *process) stop() {
	p.once.Do(func() {
		p.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { p.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			p.cmd.Process.Kill()
			<-done
		}
	})
}

// rssWatch follows a process's resident set: the kernel's high-water mark
// (reset when the watch starts) and samples every 20 ms as a fallback.
type rssWatch struct {
	pid   int
	reset bool
	peak  int64
	done  chan struct{}
	wg    sync.WaitGroup
}

func (p *process) watchRSS() *rssWatch {
	w := &rssWatch{pid: p.cmd.Process.Pid, done: make(chan struct{})}
	// Writing 5 to clear_refs resets VmHWM, so sign-in's argon2id memory
	// before the watch does not count.
	w.reset = os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", w.pid), []byte("5"), 0) == nil
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			if kb := procStatus(w.pid, "VmRSS"); kb > w.peak {
				w.peak = kb
			}
			select {
			case <-w.done:
				return
			case <-t.C:
			}
		}
	}()
	return w
}

// stop returns the peak RSS in kB.
func (w *rssWatch) stop() int64 {
	close(w.done)
	w.wg.Wait()
	if w.reset {
		if hwm := procStatus(w.pid, "VmHWM"); hwm > w.peak {
			return hwm
		}
	}
	return w.peak
}

func procStatus(pid int, field string) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// serverDSN is $DATABASE_URL's server, or the local one the portal finds.
func serverDSN(ctx context.Context) (string, error) {
	if dsn := os.Getenv("DATABASE_URL"); dsn != "" {
		return dsn, nil
	}
	return db.ServerDSN(ctx, os.Stderr)
}

func withDB(dsn, name string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		return "", errors.New("DATABASE_URL moet een URL zijn (postgres://…)")
	}
	u.Path, u.RawPath = "/"+name, ""
	return u.String(), nil
}

// fingerprint names the seeded databases after their generator and the
// list of migrations: a change to either seeds a new one (a migration that
// arrives with a lower number than one applied would be refused).
func fingerprint() string {
	h := sha256.New()
	names, _ := filepath.Glob("migrations/*.sql")
	h.Write([]byte(strings.Join(names, ",")))
	for _, pattern := range []string{"internal/demo/national.go"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			b, _ := os.ReadFile(f)
			h.Write(b)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:10]
}

// seeded returns a database with the national workload of n employers,
// seeding it with `portal seed national -n n` when it is not there yet.
// Earlier benchmark databases of the same size are dropped.
func seeded(ctx context.Context, o options, server string, n int, logf func(string, ...any)) (string, error) {
	name := fmt.Sprintf("np_bench_%d_%s", n, fingerprint())
	dsn, err := withDB(server, name)
	if err != nil {
		return "", err
	}
	admin, err := pgx.Connect(ctx, server)
	if err != nil {
		return "", err
	}
	defer admin.Close(ctx)
	rows, err := admin.Query(ctx, `SELECT datname FROM pg_database WHERE datname LIKE $1`, fmt.Sprintf("np\\_bench\\_%d\\_%%", n))
	if err != nil {
		return "", err
	}
	existing, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	for _, d := range existing {
		if d == name && !o.fresh && ready(ctx, dsn) {
			logf("database %s is al gevuld", name)
			return dsn, nil
		}
		if _, err := admin.Exec(ctx, `DROP DATABASE `+pgx.Identifier{d}.Sanitize()+` WITH (FORCE)`); err != nil {
			return "", err
		}
	}
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", err
	}
	logf("database %s vullen: portal seed national -n %d", name, n)
	start := time.Now()
	cmd := exec.CommandContext(ctx, o.portal, "seed", "national", "-n", strconv.Itoa(n))
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dsn)
	outb, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("seed national: %v\n%s", err, outb)
	}
	logf("gevuld in %s", time.Since(start).Round(100*time.Millisecond))
	return dsn, nil
}

func ready(ctx context.Context, dsn string) bool {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return false
	}
	defer conn.Close(ctx)
	var ok bool
	err = conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE email = $1)`, demo.NationalDirector).Scan(&ok)
	return err == nil && ok
}
