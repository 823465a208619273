package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/browsertest"
)

// TestE2EDuplicatesAndCalendarPages puts the pages no other browser test
// visits under axe: the duplicates list and the merge page of a likely pair
// (with a mistake first), and the calendar subscription page.
func TestE2EDuplicatesAndCalendarPages(t *testing.T) {
	b := newBrowser(t)
	ctx := context.Background()
	var original int64
	var name, city, network string
	err := b.env.Pool.QueryRow(ctx, `SELECT id, name, city, network_id::text FROM employers
		WHERE network_id = (SELECT id FROM networks ORDER BY id LIMIT 1) ORDER BY id LIMIT 1`).Scan(&original, &name, &city, &network)
	if err != nil {
		t.Fatal(err)
	}
	var copy int64
	if err := b.env.Pool.QueryRow(ctx, `INSERT INTO employers (network_id, name, city) VALUES ($1, $2, $3) RETURNING id`,
		network, name+" B.V.", city).Scan(&copy); err != nil {
		t.Fatal(err)
	}

	b.signIn(apptest.Coordinator)
	b.open("/dubbelen", 200)
	browsertest.Axe(t, b.ctx, "dubbelen")
	if !strings.Contains(b.text("main"), name+" B.V.") {
		t.Fatalf("the likely duplicate %q is not listed", name+" B.V.")
	}
	b.open(fmt.Sprintf("/dubbelen/werkgevers/%d/%d", original, copy), 200)
	browsertest.Axe(t, b.ctx, "werkgevers samenvoegen")

	b.open("/bijeenkomsten/agenda", 200)
	browsertest.Axe(t, b.ctx, "agenda-abonnement")
	if st := b.press(`main form[method=post] button[type=submit]`); st != 200 {
		t.Fatalf("create a calendar feed: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "agenda-abonnement aangemaakt")
	if !strings.Contains(b.value("#agenda-link"), "/agenda/") {
		t.Error("the new feed's address is not shown")
	}
}
