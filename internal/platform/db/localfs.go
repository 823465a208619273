package db

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Small helpers of the local server: ports, socket folder, lock file.

// choosePort keeps the saved port when it is free (so DSNs stay stable),
// else the preferred one, else any free port.
func choosePort(saved int) int {
	for _, p := range []int{saved, localPort} {
		if p > 0 && portFree(p) {
			return p
		}
	}
	for p := localPort + 1; p < localPort+50; p++ {
		if portFree(p) {
			return p
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return localPort
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func portFree(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// socketDir is the data folder, or a short folder under /tmp when the socket
// path would be too long for the kernel.
func socketDir(dataDir string, port int, r pgRunner) (string, error) {
	if len(filepath.Join(dataDir, ".s.PGSQL."+strconv.Itoa(port))) <= maxSocketPath {
		return dataDir, nil
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("netwerkportaal-pg-%d", port))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("PostgreSQL: %w", err)
	}
	if r.asUser != "" {
		if err := os.Chown(dir, r.uid, r.gid); err != nil {
			return "", fmt.Errorf("PostgreSQL: %w", err)
		}
	}
	return dir, nil
}

// lockFile takes an exclusive lock that the kernel releases when we exit.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("PostgreSQL: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("PostgreSQL: lock %s: %w", path, err)
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}

func readTrim(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// shellQuote quotes for pg_ctl -o, which passes the options through a shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
