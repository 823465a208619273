package db

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The installed PostgreSQL programs: a Debian cluster to start, the newest
// bin folder, and running its programs (as the postgres user when root).

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
