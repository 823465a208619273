package main

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"netwerkportaal/internal/platform/db/dbtest"
)

// TestMain lets a test start this binary as `portal <args>` in a process of
// its own (PORTAL_CHILD_ARGS), so what a test measures of it (its memory)
// is the portal's alone, not the test's.
func TestMain(m *testing.M) {
	if args := os.Getenv("PORTAL_CHILD_ARGS"); args != "" {
		if err := run(strings.Fields(args), os.Stdin, os.Stdout, os.Stderr); err != nil {
			fmt.Fprintf(os.Stderr, "portal: %v\n", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// 64 simultaneous sign-ins (wrong passwords from 64 client addresses, so the
// throttle lets each through to the argon2id hash of 64 MiB) once took the
// process from 157 MB to 4.2 GB. The bound is 300 MB for the whole
// process: this runs `portal serve` as its own process with the default
// memory settings and reads its peak resident size (VmHWM) from the kernel.
func TestSimultaneousSignInsKeepTheProcessUnder300MB(t *testing.T) {
	pool := dbtest.New(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(withoutEnv(os.Environ(), "GOMEMLIMIT", "GOGC"), "PORTAL_CHILD_ARGS=serve",
		"DATABASE_URL="+dbtest.DSN(pool), "ADDR="+addr, "BASE_URL=http://"+addr,
		"TRUSTED_PROXIES=127.0.0.1/32", "LOG_LEVEL=error")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
		}
	})
	base := "http://" + addr
	waitHealthy(t, base)
	before := procStatusKB(t, cmd.Process.Pid, "VmRSS")

	const n = 64
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			form := url.Values{"email": {fmt.Sprintf("gebruiker%d@example.org", i)}, "wachtwoord": {"geen-goed-wachtwoord"}}
			req, _ := http.NewRequest(http.MethodPost, base+"/inloggen", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i+1))
			res, err := (&http.Client{Timeout: 2 * time.Minute}).Do(req)
			if err != nil {
				t.Errorf("sign-in %d: %v", i, err)
				return
			}
			res.Body.Close()
			codes[i] = res.StatusCode
		})
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusUnprocessableEntity {
			t.Errorf("sign-in %d: status %d, want 422 (a wrong password)", i, c)
		}
	}
	peak := procStatusKB(t, cmd.Process.Pid, "VmHWM")
	t.Logf("portal process: RSS %d MiB before, peak %d MiB after %d simultaneous sign-ins", before>>10, peak>>10, n)
	if peak > 300<<10 {
		t.Errorf("peak RSS %d MiB, want under 300 MiB", peak>>10)
	}
}

func withoutEnv(env []string, keys ...string) []string {
	var out []string
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		keep := true
		for _, drop := range keys {
			keep = keep && k != drop
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}

func waitHealthy(t *testing.T, base string) {
	t.Helper()
	for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("portal did not start")
		}
	}
}

// procStatusKB reads a "kB" field of /proc/PID/status.
func procStatusKB(t *testing.T, pid int, field string) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}
