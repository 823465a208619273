package demo

import (
	"context"
	"testing"

	"netwerkportaal/internal/platform/db/dbtest"
)

func TestLoadNational(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.New(t)
	if err := LoadNational(ctx, pool, 10); err == nil {
		t.Fatal("LoadNational without networks should refuse")
	}
	if _, err := Seed(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if err := LoadNational(ctx, pool, 100); err != nil {
		t.Fatal(err)
	}
	var employers, contacts, networks int
	err := pool.QueryRow(ctx, `SELECT count(DISTINCT e.id), count(c.id), count(DISTINCT e.network_id)
		FROM employers e LEFT JOIN contacts c ON c.employer_id = e.id WHERE e.name LIKE 'Synthetische werkgever %'`).
		Scan(&employers, &contacts, &networks)
	if err != nil {
		t.Fatal(err)
	}
	if employers != 100 || networks != 3 || contacts < 200 || contacts > 300 {
		t.Errorf("got %d employers in %d networks with %d contacts", employers, networks, contacts)
	}
	if err := LoadNational(ctx, pool, 0); err == nil {
		t.Error("n = 0 should be refused")
	}
}
