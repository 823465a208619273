package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/browsertest"
)

// TestE2EVisitFollowUpReferral is the coordinator's working day as the issue
// tells it: log a visit with a follow-up (a mistake first), find the
// follow-up in /taken, refer the employer to the WSP, and later mark the
// referral done. axe-core checks every page on the way.
func TestE2EVisitFollowUpReferral(t *testing.T) {
	b := newBrowser(t)
	env := b.env
	var employerID int64
	var wsp string
	err := env.Pool.QueryRow(context.Background(), `SELECT e.id, p.id::text FROM employers e
		JOIN networks n ON n.id = e.network_id
		JOIN partners p ON p.region_id = e.region_id AND p.kind = 'wsp'
		WHERE n.id = (SELECT id FROM networks ORDER BY id LIMIT 1) AND e.status = 'lid'
		AND EXISTS (SELECT 1 FROM contacts c WHERE c.employer_id = e.id AND c.active_until IS NULL)
		ORDER BY e.id LIMIT 1`).Scan(&employerID, &wsp)
	if err != nil {
		t.Fatalf("a demo member with a WSP in its region: %v", err)
	}
	profile := "/werkgevers/" + strconv.FormatInt(employerID, 10)
	b.signIn(apptest.Coordinator)

	// A visit with a follow-up; the follow-up's date before the visit is refused.
	b.open(profile, 200)
	if st := b.press(`a[href^="/bezoeken/nieuw"]`); st != 200 {
		t.Fatalf("visit form: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "bezoek vastleggen")
	today := time.Now().Format("2006-01-02")
	b.setValue("#f-datum", today)
	b.toggle(`input[name=soort][value=bezoek]`)
	b.typeInto("#f-notities", "Rondleiding door de werkplaats; twee functies lijken geschikt voor jobcarving.")
	b.typeInto("#f-afspraken", "Wij sturen een voorbeeld van een jobcarving-analyse.")
	b.typeInto("#f-opvolging_omschrijving-0", "Voorbeeld jobcarving-analyse mailen")
	b.setValue("#f-opvolging_datum-0", time.Now().AddDate(0, 0, -3).Format("2006-01-02"))
	if st := b.press(`#bezoek-formulier button[type=submit]`); st != 422 {
		t.Fatalf("a follow-up due before the visit: status %d, want 422", st)
	}
	browsertest.Axe(t, b.ctx, "bezoek vastleggen met fouten")
	if got := b.value("#f-opvolging_omschrijving-0"); got != "Voorbeeld jobcarving-analyse mailen" {
		t.Fatalf("the follow-up typed is lost: %q", got)
	}
	b.setValue("#f-opvolging_datum-0", time.Now().AddDate(0, 0, 7).Format("2006-01-02"))
	if st := b.press(`#bezoek-formulier button[type=submit]`); st != 200 {
		t.Fatalf("log visit: status %d", st)
	}
	if !strings.HasPrefix(b.path(), profile) {
		t.Fatalf("after logging the visit at %s", b.path())
	}
	browsertest.Axe(t, b.ctx, "profiel met bezoek")

	// The follow-up is on the coordinator's task list.
	b.open("/taken", 200)
	browsertest.Axe(t, b.ctx, "taken")
	browsertest.Screenshot(t, b.ctx, "taken")
	if !strings.Contains(b.text("main"), "Voorbeeld jobcarving-analyse mailen") {
		t.Fatal("the new follow-up is not in /taken")
	}

	// Refer the employer's question to the WSP of its region.
	b.open(profile, 200)
	if st := b.press(`a[href^="/verwijzingen/nieuw"]`); st != 200 {
		t.Fatalf("referral form: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "doorverwijzen")
	if st := b.press(`main form button[type=submit]`); st != 422 {
		t.Fatalf("an empty referral: status %d, want 422", st)
	}
	browsertest.Axe(t, b.ctx, "doorverwijzen met fouten")
	b.setValue("#f-partner", wsp)
	b.typeInto("#f-vraag", "Hoe vinden we kandidaten voor twee functies in de werkplaats?")
	if st := b.press(`main form button[type=submit]`); st != 200 {
		t.Fatalf("refer: status %d", st)
	}
	referral := b.path()
	if !strings.HasPrefix(referral, "/verwijzingen/") {
		t.Fatalf("after referring at %s", referral)
	}
	browsertest.Axe(t, b.ctx, "doorverwijzing")

	// Later: it worked out; the coordinator marks it done.
	b.setValue("#f-status", "afgerond")
	b.typeInto("#f-uitkomst", "Twee kandidaten via het WSP; één is begonnen.")
	if st := b.press(`main form[action^="/verwijzingen/"] button[type=submit]`); st != 200 {
		t.Fatalf("mark done: status %d", st)
	}
	var status string
	if err := env.Pool.QueryRow(context.Background(), `SELECT status FROM referrals WHERE id = $1`,
		strings.TrimPrefix(referral, "/verwijzingen/")).Scan(&status); err != nil {
		t.Fatal(err)
	}
	if status != "afgerond" {
		t.Fatalf("referral status %q, want afgerond", status)
	}
	b.open("/partners/"+wsp, 200)
	browsertest.Axe(t, b.ctx, "partner")
	if !strings.Contains(b.text("main"), "Twee kandidaten via het WSP") {
		t.Error("the partner page does not show how the referral ended")
	}
	b.open("/partners", 200)
	browsertest.Axe(t, b.ctx, "partners")
}
