package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/db/dbtest"
)

// TestRestoreDrill is the restore drill of the README: dump the demo
// database with pg_dump, restore it into a new database with pg_restore,
// and the portal serves it (sign-in and the employers of the demo).
func TestRestoreDrill(t *testing.T) {
	pool := apptest.DemoDB(t)
	ctx := context.Background()
	var employer int64
	if err := pool.QueryRow(ctx, `SELECT e.id FROM employers e JOIN user_networks un ON un.network_id = e.network_id
		JOIN users u ON u.id = un.user_id WHERE u.email = $1 ORDER BY e.id LIMIT 1`, apptest.Coordinator).Scan(&employer); err != nil {
		t.Fatal(err)
	}
	dump := filepath.Join(t.TempDir(), "netwerkportaal.dump")
	src := dbtest.DSN(pool)
	if out, err := exec.Command("pg_dump", "--format=custom", "--exclude-table-data=sessions", "--file="+dump, src).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}

	name := pool.Config().ConnConfig.Database + "_terug"
	if _, err := pool.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE template0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), src)
		if err == nil {
			c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			c.Close(context.Background())
		}
	})
	dst := strings.Replace(src, "/"+pool.Config().ConnConfig.Database+"?", "/"+name+"?", 1)
	if out, err := exec.Command("pg_restore", "--no-owner", "--exit-on-error", "--dbname="+dst, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}

	p := startPortal(t, dst, nil)
	if code, _, _ := p.postForm("/inloggen", url.Values{"email": {apptest.Coordinator}, "wachtwoord": {apptest.DemoPassword}}); code != http.StatusSeeOther {
		t.Fatalf("sign in on the restored database: %d", code)
	}
	code, body, _ := p.do(http.MethodGet, "/werkgevers", "", nil)
	if link := fmt.Sprintf(`href="/werkgevers/%d"`, employer); code != http.StatusOK || !strings.Contains(body, link) {
		t.Errorf("employers on the restored database: %d, %s missing", code, link)
	}
	if code, _, _ := p.do(http.MethodGet, fmt.Sprintf("/werkgevers/%d", employer), "", nil); code != http.StatusOK {
		t.Errorf("a restored employer's profile: %d", code)
	}
}
