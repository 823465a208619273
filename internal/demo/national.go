package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/db"
)

// LoadNational adds n synthetic employers ("Synthetische werkgever 1" ...)
// with two or three contacts each, spread over the existing networks: a data
// set of national scale for benchmarks and load tests. The demo data must be
// loaded first (it brings the networks).
func LoadNational(ctx context.Context, pool *pgxpool.Pool, n int) error {
	if n < 1 || n > 1_000_000 {
		return fmt.Errorf("aantal werkgevers %d ligt niet tussen 1 en 1.000.000", n)
	}
	return db.InTx(ctx, pool, func(tx pgx.Tx) error {
		var networks int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM networks`).Scan(&networks); err != nil {
			return err
		}
		if networks == 0 {
			return fmt.Errorf("er zijn nog geen netwerken: laad eerst de demogegevens")
		}
		// KvK numbers from 50000000 up: the demo data uses other ranges.
		_, err := tx.Exec(ctx, `
			INSERT INTO employers (network_id, name, kvk_number, sector_id, employee_count, postcode, city, region_id,
				status, member_since)
			SELECT n.id, 'Synthetische werkgever ' || g, (50000000 + g)::text,
				(SELECT id FROM sectors ORDER BY id OFFSET g % 21 LIMIT 1), (g * 37) % 3000,
				(1000 + g % 8999)::text || ' AB', (ARRAY['Enschede','Amsterdam','Haarlem','Utrecht','Zwolle'])[1 + g % 5],
				n.region_id, (ARRAY['prospect','aangemeld','lid','lid','lid','gepauzeerd','uitgeschreven'])[1 + g % 7],
				current_date - (g % 1400)
			FROM generate_series(1, $1::int) g
			JOIN LATERAL (SELECT id, region_id FROM networks ORDER BY id OFFSET g % $2::int LIMIT 1) n ON true`, n, networks)
		if err != nil {
			return err
		}
		// Every fifth employer has two contacts, the others three: a
		// directie, an HR and a procurement contact.
		_, err = tx.Exec(ctx, `
			INSERT INTO contacts (employer_id, name, email, function, level, is_primary)
			SELECT e.id, 'Contact ' || k || ' van ' || e.id, 'c' || k || '.' || e.id || '@example.org',
				(ARRAY['directie','hr','inkoop'])[k], (ARRAY['strategisch','tactisch','operationeel'])[k], k = 1
			FROM employers e CROSS JOIN generate_series(1, 3) k
			WHERE e.kvk_number::bigint > 50000000 AND e.name LIKE 'Synthetische werkgever %' AND (k < 3 OR e.id % 5 <> 0)`)
		return err
	})
}
