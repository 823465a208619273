package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/demo"
)

type options struct {
	duration     time.Duration
	clients      int
	large, small int
	portal, only string
	fresh        bool
	// largeDB, smallDB name databases to use as they are (the portal
	// migrates them at start), e.g. copies made with CREATE DATABASE …
	// TEMPLATE np_bench_…, so a branch with a new migration does not
	// re-seed the shared benchmark databases.
	largeDB, smallDB string
	extras           bool
}

// page is one row of the targets table.
type page struct {
	name, path string
	as         string  // "coordinator" (of one network) or "directeur" (all networks)
	target     float64 // required ratio to the floor's req/s
}

func pages(profileID int64) []page {
	return []page{
		{"list", "/werkgevers", "coordinator", 0.5},
		{"filters", "/werkgevers?status=lid&directie=ja&sorteer=gewijzigd", "coordinator", 0.5},
		{"sorted deep page", "/werkgevers?sorteer=naam&pagina=30", "coordinator", 0.5},
		{"search 2 words", "/werkgevers?q=cooperatie+korenschoof", "coordinator", 0.4},
		{"one contact", "/werkgevers?een_contact=1", "coordinator", 0.4},
		{"profile", fmt.Sprintf("/werkgevers/%d", profileID), "coordinator", 0.5},
		{"/taken", "/taken", "coordinator", 0.5},
		{"/toezeggingen", "/toezeggingen", "coordinator", 0.5},
		{"/bijeenkomsten", "/bijeenkomsten", "coordinator", 0.5},
		{"/subgroepen", "/subgroepen", "coordinator", 0.5},
		{"/intakes", "/intakes", "coordinator", 0.5},
		{"dashboard 1 network", "/dashboard", "coordinator", 0.25},
		{"dashboard all (director)", "/dashboard", "directeur", 0.25},
	}
}

// instance is a running portal with signed-in clients.
type instance struct {
	proc    *process
	clients map[string][]*Client
	profile int64
}

func run(ctx context.Context, o options, out io.Writer) error {
	started := time.Now()
	logf := func(format string, a ...any) {
		fmt.Fprintf(os.Stderr, "[%5.1fs] "+format+"\n", append([]any{time.Since(started).Seconds()}, a...)...)
	}
	largeDSN, smallDSN, err := databases(ctx, o, logf)
	if err != nil {
		return err
	}
	// The measurements are bounded, whatever happens (seeding is not: on a
	// busy machine it may take minutes, once).
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	res, err := largeRun(ctx, o, largeDSN, smallDSN, logf)
	if err != nil {
		return err
	}
	res.report(out, o)
	fmt.Fprintf(out, "total time %s\n", time.Since(started).Round(time.Second))
	return nil
}

// databases returns the large and (with -small) the small database,
// seeding them when needed.
func databases(ctx context.Context, o options, logf func(string, ...any)) (large, small string, err error) {
	server, err := serverDSN(ctx)
	if err != nil {
		return "", "", err
	}
	if large, err = database(ctx, o, server, o.large, o.largeDB, logf); err != nil {
		return "", "", err
	}
	if o.small > 0 {
		small, err = database(ctx, o, server, o.small, o.smallDB, logf)
	}
	return large, small, err
}

// result is one run's measurements on the large database.
type result struct {
	rows                     []row
	floorA, floorB, floorOne Stats
	floorRate                float64
	network                  int64
	peak                     int64 // kB
	extras                   []string
}

type row struct {
	p         page
	one, many Stats // on the large database: 1 client, all clients
	small     Stats // 1 client on the small database, interleaved with one
}

// largeRun starts the portal and the floor on the large database, measures
// every page at one client (against the small database, see oneClients) and
// then at all clients between two floor runs, with the portal's peak RSS
// over the many-client part.
func largeRun(ctx context.Context, o options, dsn, smallDSN string, logf func(string, ...any)) (result, error) {
	var res result
	logf("portal op %d werkgevers en de vloer starten, %d clients inloggen", o.large, o.clients)
	in, err := startInstance(ctx, o, dsn, o.clients)
	if err != nil {
		return res, err
	}
	defer in.proc.stop()
	floor, floorClients, network, err := startFloor(ctx, dsn, o.clients)
	if err != nil {
		return res, err
	}
	defer floor.stop()
	res.network = network
	if res.rows, err = oneClients(ctx, o, in, smallDSN, logf); err != nil {
		return res, err
	}
	res.floorOne = Drive(ctx, floorClients[:1], "/werkgevers", 2*time.Second, 200)

	rss := in.proc.watchRSS()
	logf("vloer: %d clients", o.clients)
	res.floorA = drive(ctx, floorClients, "/werkgevers", o.duration)
	for i := range res.rows {
		logf("%s: %d clients", res.rows[i].p.name, o.clients)
		res.rows[i].many = drive(ctx, in.clients[res.rows[i].p.as], res.rows[i].p.path, o.duration)
	}
	res.floorB = drive(ctx, floorClients, "/werkgevers", o.duration)
	res.peak = rss.stop()
	res.floorRate = (res.floorA.PerSecond() + res.floorB.PerSecond()) / 2
	if res.floorB.Requests == 0 {
		res.floorRate = res.floorA.PerSecond()
	}
	if o.extras {
		res.extras = measureExtras(ctx, in, logf)
	}
	return res, nil
}

// report prints the run as one Markdown table with the figures below it.
func (res result) report(out io.Writer, o options) {
	fmt.Fprintf(out, "\nNetwerkportaal load test: %d employers, %d clients, %s per page, floor (chi + scs/pgxstore + 25 employers + html/template, network %d) measured in the same run\n\n",
		o.large, o.clients, o.duration, res.network)
	fmt.Fprintf(out, "| page | req/s | p50 ms | p95 ms | p99 ms | errors | × floor | target | p95 1 client %d | p95 1 client %d | ratio (≤ 1.3) |\n", o.small, o.large)
	fmt.Fprintln(out, "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
	fa, fb := res.floorA, res.floorB
	fmt.Fprintf(out, "| floor (start / end) | %.0f / %.0f | %s | %s | %s | %d | 1.00 | | | %s | |\n",
		fa.PerSecond(), fb.PerSecond(), ms(fa.P50), ms(fa.P95), ms(fa.P99), fa.Errors+fb.Errors, ms(res.floorOne.P95))
	for _, r := range res.rows {
		ratio := r.many.PerSecond() / res.floorRate
		verdict := "ok"
		if ratio < r.p.target {
			verdict = "TE LAAG"
		}
		scale := ""
		if g := growth(r.small, r.one); g > 0 {
			scale = fmt.Sprintf("%.2f", g)
		}
		fmt.Fprintf(out, "| %s | %.0f | %s | %s | %s | %d | %.2f | ≥ %.2f %s | %s | %s | %s |\n", r.p.name, r.many.PerSecond(),
			ms(r.many.P50), ms(r.many.P95), ms(r.many.P99), r.many.Errors+r.one.Errors+r.small.Errors, ratio, r.p.target, verdict,
			msOrDash(r.small.P95, ms), ms(r.one.P95), scale)
		if r.many.FirstError != "" || r.one.FirstError != "" || r.small.FirstError != "" {
			fmt.Fprintf(out, "|   first error: %s %s %s | | | | | | | | | | |\n", r.many.FirstError, r.one.FirstError, r.small.FirstError)
		}
	}
	if n := fewestCompared(res.rows); n > 0 {
		fmt.Fprintf(out, "\np95 at 1 client: the %d and %d portals side by side, each page asked of them in turns after a warm-up, at least %d requests each\n",
			o.small, o.large, n)
	}
	fmt.Fprintf(out, "\nportal peak RSS during the %d-client runs: %.0f MB (target ≤ 120 MB)\n", o.clients, float64(res.peak)/1024)
	for _, e := range res.extras {
		fmt.Fprintln(out, e)
	}
}

// fewestCompared is the smallest number of answers a page had on either
// side of the 1-client comparison (0 without one).
func fewestCompared(rows []row) int {
	n := 0
	for _, r := range rows {
		if r.small.Requests == 0 && r.small.Errors == 0 {
			continue
		}
		m := min(r.small.Requests, r.one.Requests)
		if n == 0 || m < n {
			n = m
		}
	}
	return n
}

// database is the named database when one is given, else the seeded one.
func database(ctx context.Context, o options, server string, n int, name string, logf func(string, ...any)) (string, error) {
	if name == "" {
		return seeded(ctx, o, server, n, logf)
	}
	logf("database %s (zoals hij is)", name)
	return withDB(server, name)
}

func msOrDash(d time.Duration, ms func(time.Duration) string) string {
	if d == 0 {
		return "–"
	}
	return ms(d)
}

func selected(o options, ps []page) []page {
	if o.only == "" {
		return ps
	}
	var out []page
	for _, p := range ps {
		for _, want := range strings.Split(o.only, ",") {
			if want != "" && strings.Contains(p.name, want) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// drive warms the page up briefly, then measures it.
func drive(ctx context.Context, clients []*Client, path string, d time.Duration) Stats {
	Drive(ctx, clients, path, 300*time.Millisecond, 2)
	return Drive(ctx, clients, path, d, 0)
}

// One client, small against large: both portals run at once and each page
// is asked of them in turn (Interleave), after a warm-up, so the ratio of
// the p95s compares like with like on a shared machine. At least
// oneRounds requests per side unless the page is so slow that oneBudget
// runs out first.
const (
	oneRounds = 600
	oneBudget = 6 * time.Second
)

// oneClients measures every selected page at one client on the large
// portal, and on the small one beside it when there is one. The small
// portal is stopped before it returns, so it takes nothing from the
// many-client runs.
func oneClients(ctx context.Context, o options, large *instance, smallDSN string, logf func(string, ...any)) ([]row, error) {
	ps := selected(o, pages(large.profile))
	var small *instance
	if o.small > 0 {
		logf("portal op %d werkgevers ernaast starten", o.small)
		var err error
		if small, err = startInstance(ctx, o, smallDSN, 1); err != nil {
			return nil, err
		}
		defer small.proc.stop()
	}
	var smallPages []page
	if small != nil {
		smallPages = selected(o, pages(small.profile))
	}
	rows := make([]row, len(ps))
	for i, p := range ps {
		logf("%s: 1 client", p.name)
		sides := []Target{{large.clients[p.as][0], p.path}}
		if small != nil {
			sides = append(sides, Target{small.clients[p.as][0], smallPages[i].path})
		}
		stats := measureOne(ctx, sides)
		rows[i] = row{p: p, one: stats[0]}
		if small != nil {
			rows[i].small = stats[1]
		}
	}
	return rows, nil
}

func startInstance(ctx context.Context, o options, dsn string, clients int) (*instance, error) {
	proc, err := startPortal(ctx, o.portal, dsn)
	if err != nil {
		return nil, err
	}
	in := &instance{proc: proc, clients: map[string][]*Client{}}
	tr := newTransport(clients)
	for role, as := range []string{"coordinator", "directeur"} {
		email := map[string]string{"coordinator": demo.NationalCoordinator(1), "directeur": demo.NationalDirector}[as]
		// Passwords are hashed with argon2id: sign in a few at a time.
		cs := make([]*Client, clients)
		var wg sync.WaitGroup
		errs := make(chan error, clients)
		sem := make(chan struct{}, 2)
		for i := range cs {
			cs[i] = newClient(proc.base, tr)
			cs[i].From = fmt.Sprintf("10.%d.%d.%d", role+1, i/250, i%250+1)
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				res, err := cs[i].PostForm("/inloggen", url.Values{"email": {email}, "wachtwoord": {"demo-wachtwoord"}})
				if err == nil && res.StatusCode != http.StatusSeeOther {
					err = fmt.Errorf("inloggen als %s: status %d", email, res.StatusCode)
				}
				if err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			proc.stop()
			return nil, err
		}
		in.clients[as] = cs
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		proc.stop()
		return nil, err
	}
	defer conn.Close(ctx)
	// A member of the coordinator's network with a full profile.
	err = conn.QueryRow(ctx, `SELECT e.id FROM employers e
		JOIN user_networks un ON un.network_id = e.network_id JOIN users u ON u.id = un.user_id AND u.email = $1
		WHERE e.status = 'lid' ORDER BY e.kvk_number OFFSET 10 LIMIT 1`, demo.NationalCoordinator(1)).Scan(&in.profile)
	if err != nil {
		proc.stop()
		return nil, err
	}
	return in, nil
}

func startFloor(ctx context.Context, dsn string, clients int) (*process, []*Client, int64, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, nil, 0, err
	}
	var network int64
	err = conn.QueryRow(ctx, `SELECT un.network_id FROM user_networks un JOIN users u ON u.id = un.user_id
		WHERE u.email = $1`, demo.NationalCoordinator(1)).Scan(&network)
	conn.Close(ctx)
	if err != nil {
		return nil, nil, 0, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, nil, 0, err
	}
	proc, err := startProcess(ctx, self, []string{"floor", "-db", dsn}, nil)
	if err != nil {
		return nil, nil, 0, err
	}
	tr := newTransport(clients)
	cs := make([]*Client, clients)
	for i := range cs {
		cs[i] = newClient(proc.base, tr)
		res, err := cs[i].PostForm("/inloggen", url.Values{"netwerk": {fmt.Sprint(network)}})
		if err == nil && res.StatusCode != http.StatusSeeOther {
			err = fmt.Errorf("vloer: inloggen: status %d", res.StatusCode)
		}
		if err != nil {
			proc.stop()
			return nil, nil, 0, err
		}
	}
	return proc, cs, network, nil
}
