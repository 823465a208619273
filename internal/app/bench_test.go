package app_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/demo"
)

// benchEmployers is the size of the synthetic data set: every employer of
// every regional network in the country in one database, well above the
// ~700 partners of De Normaalste Zaak.
const benchEmployers = 20000

// loadNationalData adds benchEmployers synthetic employers to the demo data.
func loadNationalData(b *testing.B, env *apptest.Env) {
	ctx := context.Background()
	if _, err := demo.LoadNational(ctx, env.Pool, demo.NationalOptions{Employers: benchEmployers, Seed: 1}); err != nil {
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
	env.Pool.QueryRow(context.Background(), `SELECT id FROM employers WHERE kvk_number = '60004242'`).Scan(&profileID)
	pages := []struct{ name, path string }{
		{"floor_healthz", "/healthz"},
		{"list", "/werkgevers"},
		{"list_page_200", "/werkgevers?pagina=200"},
		{"list_search_name", "/werkgevers?q=korenschoof"},
		{"list_search_contact", "/werkgevers?q=anouk+dijkstra"},
		{"list_filters", "/werkgevers?status=lid&directie=ja&sorteer=gewijzigd"},
		{"list_one_contact", "/werkgevers?een_contact=1"},
		{"profile", fmt.Sprintf("/werkgevers/%d", profileID)},
		{"subgroups", "/subgroepen"},
		{"events", "/bijeenkomsten"},
		{"intakes", "/intakes"},
		{"tasks", "/taken"},
		{"partners", "/partners"},
		{"commitments", "/toezeggingen"},
		{"dashboard_all", "/dashboard"},
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
