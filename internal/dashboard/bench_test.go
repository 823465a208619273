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

// enrichNational gives the synthetic employers of demo.LoadNational what
// the dashboard reads and LoadNational leaves out: a status history, tags,
// events with some 300 invitations each every three weeks for three years,
// intakes, commitments and eight quarters of placement reports. Rows are
// spread by arithmetic on the ids, so the data set is the same every run.
var enrichNational = []string{
	`INSERT INTO employer_status_changes (employer_id, status, changed_on)
	 SELECT id, 'prospect', member_since - 60 FROM employers WHERE name LIKE 'Synthetische werkgever %'
	 UNION ALL SELECT id, 'aangemeld', member_since - 20 FROM employers WHERE name LIKE 'Synthetische werkgever %' AND status <> 'prospect'
	 UNION ALL SELECT id, 'lid', member_since FROM employers WHERE name LIKE 'Synthetische werkgever %' AND status IN ('lid', 'gepauzeerd', 'uitgeschreven')
	 UNION ALL SELECT id, status, least(current_date, member_since + (30 + id % 400)::int)
		FROM employers WHERE name LIKE 'Synthetische werkgever %' AND status IN ('gepauzeerd', 'uitgeschreven')`,
	`INSERT INTO employer_tags (employer_id, tag_id)
	 SELECT e.id, t.id FROM employers e JOIN tags t ON t.kind = 'uitdaging' AND (e.id + t.position) % 4 = 0
	 WHERE e.name LIKE 'Synthetische werkgever %'
	 UNION ALL
	 SELECT e.id, t.id FROM employers e JOIN tags t ON t.kind = 'aanbod' AND t.helps_with_tag_id IS NOT NULL AND (e.id + t.position) % 23 = 0
	 WHERE e.name LIKE 'Synthetische werkgever %'
	 ON CONFLICT DO NOTHING`,
	`INSERT INTO events (network_id, kind, title, starts_at, ends_at, uid)
	 SELECT n.id, 'netwerkbijeenkomst', 'Bijeenkomst ' || k, now() - k * interval '21 days', now() - k * interval '21 days' + interval '2 hours',
		'bench-' || n.id || '-' || k
	 FROM networks n CROSS JOIN generate_series(1, 52) k`,
	`INSERT INTO event_invitations (event_id, contact_id, status)
	 SELECT ev.id, c.id, (ARRAY['aanwezig','aanwezig','aanwezig','aanwezig','aanwezig','afwezig','afwezig','aangemeld','afgemeld','uitgenodigd'])[1 + (c.id + ev.id) % 10]
	 FROM events ev JOIN employers e ON e.network_id = ev.network_id AND e.name LIKE 'Synthetische werkgever %'
	 JOIN contacts c ON c.employer_id = e.id
	 WHERE ev.uid LIKE 'bench-%' AND (c.id + ev.id * 7) % 60 = 0`,
	`INSERT INTO intakes (employer_id, year, status, token_hash, expires_at, invited_at, opened_at, submitted_at, processed_at)
	 SELECT id, 2020, (ARRAY['uitgenodigd','geopend','ingediend','verwerkt'])[1 + id % 4], sha256(('bench' || id)::bytea),
		now() + interval '30 days', now() - (id % 700) * interval '1 day',
		CASE WHEN id % 4 >= 1 THEN now() - (id % 700) * interval '1 day' + interval '1 day' END,
		CASE WHEN id % 4 >= 2 THEN now() - (id % 700) * interval '1 day' + (2 + id % 20) * interval '1 day' END,
		CASE WHEN id % 4 = 3 THEN now() - (id % 700) * interval '1 day' + (4 + id % 20) * interval '1 day' END
	 FROM employers WHERE name LIKE 'Synthetische werkgever %' AND id % 4 = 0`,
	`INSERT INTO network_conditions (network_id, kind_id)
	 SELECT n.id, k.id FROM networks n, commitment_kinds k WHERE k.code = 'rapportage' AND k.network_id IS NULL
	 ON CONFLICT DO NOTHING`,
	`INSERT INTO commitments (employer_id, kind_id, status, signed_on, valid_from)
	 SELECT e.id, k.id, 'getekend', e.member_since, e.member_since FROM employers e, commitment_kinds k
	 WHERE e.name LIKE 'Synthetische werkgever %' AND e.id % 3 = 0 AND k.code = 'intentieverklaring' AND k.network_id IS NULL`,
	`INSERT INTO placement_reports (employer_id, year, quarter, ambition_jobs, people, weekly_hours)
	 SELECT e.id, extract(year FROM d)::int, extract(quarter FROM d)::int, 1 + e.id % 9, e.id % 12, (e.id % 12) * 20
	 FROM employers e CROSS JOIN generate_series(1, 8) k
	 CROSS JOIN LATERAL (SELECT (current_date - k * interval '3 months')::date AS d) q
	 WHERE e.name LIKE 'Synthetische werkgever %' AND e.status = 'lid' AND e.id % 2 = 0`,
}

func loadBenchData(b *testing.B) *pgxpool.Pool {
	ctx := context.Background()
	pool := dbtest.New(b)
	if _, err := demo.Seed(ctx, pool); err != nil {
		b.Fatal(err)
	}
	if err := demo.LoadNational(ctx, pool, benchEmployers); err != nil {
		b.Fatal(err)
	}
	for _, sql := range append(enrichNational, `ANALYZE`) {
		if _, err := pool.Exec(ctx, sql); err != nil {
			b.Fatalf("%.80s: %v", sql, err)
		}
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
