package db

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Where ServerDSN looks. Package variables so a test can point the first probe
// at a port where nothing listens and exercise the fallbacks.
var (
	candidateHost = "127.0.0.1"
	candidatePort = 5432
	localPort     = 54329 // preferred port of the project-local server
	pgLibDir      = "/usr/lib/postgresql"
	debianConfDir = "/etc/postgresql"
)

const (
	localDataRel = ".data/postgres"
	portFileName = "netwerkportaal.port"
	// A unix socket path may be at most 107 bytes; stay well below it.
	maxSocketPath = 100
)

// ServerDSN returns a connection string for the maintenance database "postgres" on a PostgreSQL server this machine can use,
// bringing up a project-local server when none answers. It writes one line per thing it did to w (in English or Dutch, short).
func ServerDSN(ctx context.Context, w io.Writer) (string, error) {
	if dsn, ok := probeCandidates(ctx); ok {
		return dsn, nil
	}
	if startDebianCluster(ctx, w) {
		if dsn, ok := probeCandidates(ctx); ok {
			return dsn, nil
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("PostgreSQL: %w", err)
	}
	root, err := projectRoot(wd)
	if err != nil {
		return "", err
	}
	return startLocal(ctx, w, root)
}

// AppDSN returns the connection string of the application database:
// $DATABASE_URL when set, else database "netwerkportaal" on ServerDSN's server,
// created when missing.
func AppDSN(ctx context.Context, w io.Writer) (string, error) {
	if dsn := os.Getenv("DATABASE_URL"); dsn != "" {
		return dsn, nil
	}
	server, err := ServerDSN(ctx, w)
	if err != nil {
		return "", err
	}
	dsn, err := withDatabaseName(server, "netwerkportaal")
	if err != nil {
		return "", err
	}
	if err := EnsureDatabase(ctx, dsn); err != nil {
		return "", err
	}
	return dsn, nil
}

// withDatabaseName points a URL-style connection string at another database.
func withDatabaseName(dsn, name string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		return "", fmt.Errorf("PostgreSQL: cannot change the database of %s", Redact(dsn))
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String(), nil
}

// --- (a) a server that already runs --------------------------------------

func candidateUsers() []string {
	var users []string
	if u := os.Getenv("PGUSER"); u != "" {
		users = append(users, u)
	}
	if cur, err := user.Current(); err == nil && cur.Username != "" {
		users = append(users, cur.Username)
	} else if u := os.Getenv("USER"); u != "" {
		users = append(users, u)
	}
	users = append(users, "postgres")
	seen := map[string]bool{}
	out := users[:0]
	for _, u := range users {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

func tcpDSN(userName, host string, port int) string {
	u := url.URL{Scheme: "postgres", User: url.User(userName), Host: net.JoinHostPort(host, strconv.Itoa(port)),
		Path: "/postgres", RawQuery: "sslmode=disable"}
	return u.String()
}

// probeCandidates returns the first DSN on the candidate address that lets us in.
func probeCandidates(ctx context.Context) (string, bool) {
	for _, u := range candidateUsers() {
		dsn := tcpDSN(u, candidateHost, candidatePort)
		if canConnect(ctx, dsn) == nil {
			return dsn, true
		}
	}
	return "", false
}

func canConnect(ctx context.Context, dsn string) error {
	cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	conn, err := pgx.Connect(cctx, dsn)
	if err != nil {
		return err
	}
	return conn.Close(ctx)
}

// --- (b) Debian's own cluster, stopped ------------------------------------

// startDebianCluster starts an installed Debian cluster. Only root may: the
// cluster belongs to the postgres OS user.
func startDebianCluster(ctx context.Context, w io.Writer) bool {
	if os.Geteuid() != 0 {
		return false
	}
	ctl, err := exec.LookPath("pg_ctlcluster")
	if err != nil {
		return false
	}
	dirs, _ := filepath.Glob(filepath.Join(debianConfDir, "*", "main"))
	versions := make([]string, 0, len(dirs))
	for _, d := range dirs {
		versions = append(versions, filepath.Base(filepath.Dir(d)))
	}
	sortVersionsDesc(versions)
	for _, v := range versions {
		cctx, cancel := context.WithTimeout(ctx, time.Minute)
		err := exec.CommandContext(cctx, ctl, "--skip-systemctl-redirect", v, "main", "start").Run()
		cancel()
		if err == nil {
			fmt.Fprintf(w, "PostgreSQL: started the Debian cluster %s/main (pg_ctlcluster)\n", v)
			return true
		}
	}
	return false
}

// sortVersionsDesc sorts "9.6", "15", "16" numerically, highest first.
func sortVersionsDesc(vs []string) {
	key := func(v string) []int {
		var k []int
		for _, p := range strings.Split(v, ".") {
			n, _ := strconv.Atoi(p)
			k = append(k, n)
		}
		return k
	}
	sort.SliceStable(vs, func(i, j int) bool {
		a, b := key(vs[i]), key(vs[j])
		for n := 0; n < len(a) && n < len(b); n++ {
			if a[n] != b[n] {
				return a[n] > b[n]
			}
		}
		return len(a) > len(b)
	})
}

// --- (c) a project-local server --------------------------------------------

// projectRoot walks up from dir to the folder holding go.mod, so tests (run
// in their package folder) and the app share one data folder.
func projectRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("PostgreSQL: no go.mod found above %s, so no place for a project-local server", dir)
		}
	}
}

// pgBinDir returns the bin folder of the newest installed PostgreSQL, or of
// want when that version is installed (an existing data folder needs it).
func pgBinDir(want string) (string, error) {
	hasTools := func(bin string) bool {
		for _, p := range []string{"initdb", "pg_ctl"} {
			if _, err := os.Stat(filepath.Join(bin, p)); err != nil {
				return false
			}
		}
		return true
	}
	if want != "" && hasTools(filepath.Join(pgLibDir, want, "bin")) {
		return filepath.Join(pgLibDir, want, "bin"), nil
	}
	entries, _ := os.ReadDir(pgLibDir)
	var versions []string
	for _, e := range entries {
		if hasTools(filepath.Join(pgLibDir, e.Name(), "bin")) {
			versions = append(versions, e.Name())
		}
	}
	if len(versions) == 0 {
		return "", fmt.Errorf("no PostgreSQL server answers on %s and no PostgreSQL binaries were found; "+
			"install them with: apt-get install postgresql (or set DATABASE_URL)",
			net.JoinHostPort(candidateHost, strconv.Itoa(candidatePort)))
	}
	sortVersionsDesc(versions)
	return filepath.Join(pgLibDir, versions[0], "bin"), nil
}

// pgRunner runs PostgreSQL programs. initdb, pg_ctl and postgres refuse to run
// as root, so as root they run as the postgres OS user.
type pgRunner struct {
	bin      string
	asUser   string // empty: run as ourselves
	uid, gid int
}

func newRunner(bin string) (pgRunner, error) {
	r := pgRunner{bin: bin, uid: -1, gid: -1}
	if os.Geteuid() != 0 {
		return r, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return r, errors.New("PostgreSQL refuses to run as root and there is no 'postgres' OS user to run it as; " +
			"create one (apt-get install postgresql does) or set DATABASE_URL")
	}
	r.asUser = "postgres"
	r.uid, _ = strconv.Atoi(u.Uid)
	r.gid, _ = strconv.Atoi(u.Gid)
	return r, nil
}

// command builds the command line, with runuser in front when needed. A
// bare program name is one of PostgreSQL's.
func (r pgRunner) command(prog string, args ...string) []string {
	if !filepath.IsAbs(prog) {
		prog = filepath.Join(r.bin, prog)
	}
	cmd := append([]string{prog}, args...)
	if r.asUser == "" {
		return cmd
	}
	runuser, err := exec.LookPath("runuser")
	if err != nil {
		runuser = "/usr/sbin/runuser" // root's PATH may lack sbin
	}
	return append([]string{runuser, "-u", r.asUser, "--"}, cmd...)
}

func (r pgRunner) run(ctx context.Context, prog string, args ...string) ([]byte, error) {
	argv := r.command(prog, args...)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = "/" // the postgres user may not be allowed into our working folder
	// pg_ctl leaves the server running; never wait on a pipe it might hold.
	cmd.WaitDelay = 5 * time.Second
	return cmd.CombinedOutput()
}

// stopHint is the command a person runs to stop the server again.
func (r pgRunner) stopHint(dataDir string) string {
	return strings.Join(r.command("pg_ctl", "-D", dataDir, "stop"), " ")
}

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
