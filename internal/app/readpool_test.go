package app_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/db/dbtest"
)

// TestReadPoolServesDownloads: with a read pool (DATABASE_READ_URL), the
// list downloads read the replica and the pages read the primary. The
// "replica" is a copy of the database in which one employer and one event
// are renamed, so each answer shows which pool served it.
func TestReadPoolServesDownloads(t *testing.T) {
	ctx := context.Background()
	pool := apptest.DemoDB(t)
	var empID, eventID int64
	var empName, eventTitle string
	if err := pool.QueryRow(ctx, `SELECT id, name FROM employers WHERE status = 'lid' ORDER BY id LIMIT 1`).Scan(&empID, &empName); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `SELECT id, title FROM events WHERE ends_at >= now() ORDER BY id LIMIT 1`).Scan(&eventID, &eventTitle); err != nil {
		t.Fatal(err)
	}
	replica := dbtest.Copy(t, pool)
	const onReplica = "Alleen In De Replica BV"
	apptest.Exec(t, replica, `UPDATE employers SET name = $1 WHERE id = $2`, onReplica, empID)
	apptest.Exec(t, replica, `UPDATE events SET title = 'Replicabijeenkomst' WHERE id = $1`, eventID)

	env := apptest.NewWith(t, pool, app.Options{ReadPool: replica})
	c := env.Login(t, apptest.Beheerder)
	for path, want := range map[string]string{
		"/werkgevers/export.csv":                         onReplica,
		"/werkgevers/contactpersonen.csv":                onReplica,
		"/bijeenkomsten/export.csv":                      "Replicabijeenkomst",
		"/werkgevers/" + apptest.ID(empID) + "/bewerken": empName,
		"/bijeenkomsten/" + apptest.ID(eventID):          eventTitle,
	} {
		res := c.Get(path)
		apptest.WantStatus(t, res, http.StatusOK)
		if !strings.Contains(res.Body, want) {
			t.Errorf("%s does not show %q", path, want)
		}
		if strings.HasPrefix(path, "/werkgevers/") && strings.HasSuffix(path, ".csv") && strings.Contains(res.Body, empName) {
			t.Errorf("%s shows the primary's name %q: the download read the primary", path, empName)
		}
	}
	if res := c.Get("/werkgevers/" + apptest.ID(empID) + "/bewerken"); strings.Contains(res.Body, onReplica) {
		t.Error("the edit page reads the replica")
	}
}
