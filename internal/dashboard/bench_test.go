package dashboard_test

import (
	"context"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/dashboard"
	"netwerkportaal/internal/demo"
	"netwerkportaal/internal/platform/db/dbtest"
)

// benchEmployers is the size of the national data set, as in the app's
// page benchmarks.
const benchEmployers = 20000

func loadBenchData(b *testing.B) *pgxpool.Pool {
	ctx := context.Background()
	pool := dbtest.New(b)
	if _, err := demo.Seed(ctx, pool); err != nil {
		b.Fatal(err)
	}
	// The national workload brings everything the dashboard reads: status
	// histories, events with attendance, commitments, placements, intakes.
	if _, err := demo.LoadNational(ctx, pool, demo.NationalOptions{Employers: benchEmployers, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return pool
}

// BenchmarkDashboard measures the whole query set of one dashboard view
// (thirteen queries, run one after another as a request runs them) over
// the national data set, for all networks together and for one network,
// and a whole page request (queries, view model, rendering) on top.
// Run it with: go test -run x -bench Dashboard -benchtime 20x ./internal/dashboard
func BenchmarkDashboard(b *testing.B) {
	pool := loadBenchData(b)
	ctx := context.Background()
	rows, _ := pool.Query(ctx, `SELECT id FROM networks ORDER BY id`)
	nets, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		b.Fatal(err)
	}
	var employers int
	pool.QueryRow(ctx, `SELECT count(*) FROM employers`).Scan(&employers)
	b.Logf("%d employers in %d networks", employers, len(nets))
	store := dashboard.NewStore(pool)
	// Which query costs what, fastest of five runs in Load's transaction.
	names := []string{"growth+active", "attendance", "summary", "fragile", "contact mix", "function attendance",
		"composition", "conditions", "placements", "employer placements", "intake", "needs"}
	for i, d := range dashboard.TimeLoaders(store, dashboard.Scope{Networks: nets, Quarters: dashboard.DefaultPeriod, Now: time.Now()}, 5) {
		b.Logf("all networks, %-20s %6.1f ms", names[i], float64(d.Microseconds())/1000)
	}
	for _, c := range []struct {
		name string
		nets []int64
	}{{"queries_all_networks", nets}, {"queries_one_network", nets[:1]}} {
		b.Run(c.name, func(b *testing.B) {
			sc := dashboard.Scope{Networks: c.nets, Quarters: dashboard.DefaultPeriod, Now: time.Now()}
			measure(b, func() error {
				_, err := store.Load(ctx, sc)
				return err
			})
		})
	}
	b.Run("page_all_networks", func(b *testing.B) {
		client := serveDashboard(b, pool, time.Now, "beheerder", nets...)
		measure(b, func() error {
			if res := client.Get("/dashboard"); res.StatusCode != http.StatusOK {
				b.Fatalf("status %d", res.StatusCode)
			}
			return nil
		})
	})
}

// measure runs fn b.N times and reports the latency percentiles.
func measure(b *testing.B, fn func() error) {
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	at := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.50), "p50_ms")
	b.ReportMetric(at(0.95), "p95_ms")
}
