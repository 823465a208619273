package db_test

import (
	"context"
	"testing"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/db/dbtest"
)

// TestMigrationsAreReversible rolls every migration back and applies them
// again on a migrated database: each Down must undo its Up exactly.
func TestMigrationsAreReversible(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.New(t)
	p, err := db.Provider(pool)
	if err != nil {
		t.Fatal(err)
	}
	version, err := p.GetDBVersion(ctx)
	if err != nil || version == 0 {
		t.Fatalf("template is not migrated: version %d, %v", version, err)
	}
	if _, err := p.DownTo(ctx, 0); err != nil {
		t.Fatalf("down to 0: %v", err)
	}
	var tables int
	pool.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'goose_db_version'`).Scan(&tables)
	if tables != 0 {
		t.Errorf("%d tables left after migrating down", tables)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
	var regions, sectors int
	pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM regions), (SELECT count(*) FROM sectors)`).Scan(&regions, &sectors)
	if regions != 35 || sectors != 21 {
		t.Errorf("reference data after up: %d regions, %d sectors; want 35 and 21", regions, sectors)
	}
}
