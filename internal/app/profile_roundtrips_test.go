package app_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/app/apptest"
)

// roundTrips records what the portal sends to PostgreSQL while on: each
// query alone, or a whole batch, is one round trip.
type roundTrips struct {
	mu      sync.Mutex
	on      bool
	queries []string // SQL of the queries sent alone
	batches []int    // the size of each batch
}

func (r *roundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	// A session's last_seen_at is brought up to date once a minute, in
	// whichever request comes then: not the page's own.
	if r.on && !strings.HasPrefix(d.SQL, "UPDATE user_sessions SET last_seen_at") {
		r.queries = append(r.queries, d.SQL)
	}
	return ctx
}
func (r *roundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
func (r *roundTrips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchStartData) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.on {
		r.batches = append(r.batches, d.Batch.Len())
	}
	return ctx
}
func (r *roundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (r *roundTrips) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}

// during returns the queries and batches sent while fn ran.
func (r *roundTrips) during(fn func()) (queries []string, batches []int) {
	r.mu.Lock()
	r.on, r.queries, r.batches = true, nil, nil
	r.mu.Unlock()
	fn()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = false
	return r.queries, r.batches
}

// TestProfileReadsInOneRoundTrip: a profile reads the employer and
// everything its sections and summary show in one round trip, however many
// sections other packages add: the round trips of a request that reads
// nothing for its page (an id that is no number), plus one batch; an
// employer that does not exist costs the same. (Issue 12: the profile used
// to send some twenty statements, one per read, and then the employer
// before one batch of the rest.)
func TestProfileReadsInOneRoundTrip(t *testing.T) {
	t.Parallel()
	base := apptest.DemoDB(t)
	cfg := base.Config()
	rt := &roundTrips{}
	cfg.ConnConfig.Tracer = rt
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	env := apptest.NewWith(t, pool, app.Options{})
	c := env.Login(t, apptest.Coordinator)
	id, _ := env.EmployerOf(t, 1, "lid")
	profile := "/werkgevers/" + apptest.ID(id)
	apptest.WantStatus(t, c.Get(profile), 200)

	var res *apptest.Response
	queries, batches := rt.during(func() { res = c.Get(profile) })
	apptest.WantStatus(t, res, 200)
	pageless, pagelessBatches := rt.during(func() { apptest.WantStatus(t, c.Get("/werkgevers/geen-nummer"), 404) })
	missingQueries, missingBatches := rt.during(func() { apptest.WantStatus(t, c.Get("/werkgevers/0"), 404) })

	if len(batches) != len(pagelessBatches)+1 || len(queries) != len(pageless) {
		t.Fatalf("profile: %d queries alone and batches %v; a page that reads nothing: %d queries alone and batches %v;\nthe profile's own queries: %q",
			len(queries), batches, len(pageless), pagelessBatches, queries)
	}
	if len(missingBatches) != len(batches) || len(missingQueries) != len(queries) {
		t.Fatalf("an unknown employer: %d queries alone and batches %v, want those of a profile (%d, %v)",
			len(missingQueries), missingBatches, len(queries), batches)
	}
	// The sections' batch holds the reads of every section.
	if last := batches[len(batches)-1]; last < 15 {
		t.Errorf("the profile's batch holds %d reads, want all its sections' (15 or more)", last)
	}
	t.Logf("profile: %d round trips (%d queries alone, batches %v)", len(queries)+len(batches), len(queries), batches)
}
