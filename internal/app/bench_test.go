package app_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	"netwerkportaal/internal/app/apptest"
)

// benchEmployers is the size of the synthetic data set: every employer of
// every regional network in the country in one database, well above the
// ~700 partners of De Normaalste Zaak.
const benchEmployers = 20000

// loadNationalData adds benchEmployers synthetic employers with three
// contacts each to the demo data, spread over the demo networks.
func loadNationalData(b *testing.B, env *apptest.Env) {
	ctx := context.Background()
	_, err := env.Pool.Exec(ctx, `
		INSERT INTO employers (network_id, name, kvk_number, sector_id, employee_count, postcode, city, region_id,
			status, member_since, maturity_level_id)
		SELECT n.id, 'Synthetische werkgever ' || g, lpad((50000000 + g)::text, 8, '0'),
			(SELECT id FROM sectors ORDER BY id OFFSET g % 21 LIMIT 1), (g * 37) % 3000,
			(1000 + g % 8999)::text || ' AB', (ARRAY['Enschede','Amsterdam','Haarlem','Utrecht','Zwolle'])[1 + g % 5],
			n.region_id, (ARRAY['prospect','aangemeld','lid','lid','lid','gepauzeerd','uitgeschreven'])[1 + g % 7],
			current_date - (g % 1400), NULL
		FROM generate_series(1, $1) g
		JOIN LATERAL (SELECT id, region_id FROM networks ORDER BY id OFFSET g % 3 LIMIT 1) n ON true`, benchEmployers)
	if err != nil {
		b.Fatal(err)
	}
	_, err = env.Pool.Exec(ctx, `
		INSERT INTO contacts (employer_id, name, email, function, level, is_primary)
		SELECT e.id, 'Contact ' || k || ' van ' || e.id, 'c' || k || '.' || e.id || '@example.org',
			(ARRAY['directie','hr','inkoop'])[k], (ARRAY['strategisch','tactisch','operationeel'])[k], k = 1
		FROM employers e CROSS JOIN generate_series(1, 3) k
		WHERE e.name LIKE 'Synthetische werkgever %' AND (k < 3 OR e.id % 5 <> 0)`)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := env.Pool.Exec(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPages measures whole requests (HTTP, session, SQL, rendering) per
// page against the national data set, as a signed-in beheerder who sees all
// networks. /healthz is the floor: what the HTTP stack alone costs.
func BenchmarkPages(b *testing.B) {
	env := apptest.New(b)
	loadNationalData(b, env)
	c := env.Login(b, apptest.Beheerder)
	var profileID int64
	env.Pool.QueryRow(context.Background(), `SELECT id FROM employers WHERE name = 'Synthetische werkgever 4242'`).Scan(&profileID)
	pages := []struct{ name, path string }{
		{"floor_healthz", "/healthz"},
		{"list", "/werkgevers"},
		{"list_page_200", "/werkgevers?pagina=200"},
		{"list_search_name", "/werkgevers?q=werkgever+1234"},
		{"list_search_contact", "/werkgevers?q=Contact+2+van+4242"},
		{"list_filters", "/werkgevers?status=lid&directie=ja&sorteer=gewijzigd"},
		{"list_one_contact", "/werkgevers?een_contact=1"},
		{"profile", fmt.Sprintf("/werkgevers/%d", profileID)},
	}
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				res := c.Get(p.path)
				lat = append(lat, time.Since(start))
				if res.StatusCode != http.StatusOK {
					b.Fatalf("%s: status %d", p.path, res.StatusCode)
				}
			}
			b.StopTimer()
			reportPercentiles(b, lat)
		})
	}
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	at := func(q float64) float64 {
		return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000
	}
	var total time.Duration
	for _, l := range lat {
		total += l
	}
	b.ReportMetric(at(0.50), "p50_ms")
	b.ReportMetric(at(0.95), "p95_ms")
	b.ReportMetric(at(0.99), "p99_ms")
	b.ReportMetric(float64(len(lat))/total.Seconds(), "req/s")
}
