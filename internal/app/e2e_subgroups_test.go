package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/browsertest"
)

// TestE2ECoordinatorCreatesSubgroup: a coordinator opens Subgroepen, adds a
// subgroup (a missing name first), then adds two members. axe-core checks
// the list, the form with and without errors, the member form and the
// detail page.
func TestE2ECoordinatorCreatesSubgroup(t *testing.T) {
	b := newBrowser(t)
	submit := chromedp.Click(`main form[method=post] button[type=submit]`, chromedp.ByQuery)
	b.signIn(apptest.Coordinator)

	if st := b.navTo("/subgroepen"); st != 200 || b.path() != "/subgroepen" {
		t.Fatalf("open Subgroepen from the menu: status %d at %s", st, b.path())
	}
	if got := b.text(`nav.main-nav a[aria-current="page"]`); got != "Subgroepen" {
		t.Errorf("current menu item %q", got)
	}
	if !strings.Contains(b.text("main table"), "Inclusief inkopen") {
		t.Errorf("the demo subgroups are not listed: %q", b.text("main table"))
	}
	browsertest.Axe(t, b.ctx, "subgroepen")

	if st := b.load(chromedp.Click(`a[href="/subgroepen/nieuw"]`, chromedp.ByQuery)); st != 200 {
		t.Fatalf("open the form: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "subgroep toevoegen")

	// Without a name: 422, the error next to the field and in the summary,
	// the rest of the input kept.
	b.typeInto("#f-beschrijving", "Leidinggevenden leren van elkaar hoe zij nieuwe collega's begeleiden.")
	b.toggle("#f-functies-5") // Leidinggevende
	if st := b.load(submit); st != 422 {
		t.Fatalf("without a name: status %d, want 422", st)
	}
	if b.count(`.error-summary a[href="#f-naam"]`) != 1 || b.count(".field-error") != 1 {
		t.Errorf("error summary %q, %d field errors", b.text(".error-summary"), b.count(".field-error"))
	}
	if got := b.text("#f-naam-error"); !strings.Contains(got, "Vul de naam van de subgroep in.") {
		t.Errorf("name error %q", got)
	}
	if !b.checked("#f-functies-5") || !strings.HasPrefix(b.value("#f-beschrijving"), "Leidinggevenden leren") {
		t.Errorf("input not kept after the error")
	}
	browsertest.Axe(t, b.ctx, "subgroep toevoegen met fout")
	browsertest.Screenshot(t, b.ctx, "formulier-met-fout")

	b.typeInto("#f-naam", "Kenniskring leidinggevenden")
	if st := b.load(submit); st != 200 || !strings.HasPrefix(b.path(), "/subgroepen/") {
		t.Fatalf("save: status %d at %s", st, b.path())
	}
	detail := b.path()
	if got := b.text(".flash"); got != "Subgroep Kenniskring leidinggevenden is toegevoegd." {
		t.Errorf("flash %q", got)
	}
	if got := b.text("h1"); got != "Kenniskring leidinggevenden" {
		t.Errorf("heading %q", got)
	}

	// Two members.
	if st := b.load(chromedp.Click(`a[href$="/leden/toevoegen"]`, chromedp.ByQuery)); st != 200 {
		t.Fatalf("open the member form: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "leden toevoegen")
	browsertest.Screenshot(t, b.ctx, "leden-toevoegen")
	first := b.firstUnchecked("contactpersonen")
	b.toggle(first)
	second := b.firstUnchecked("contactpersonen")
	b.toggle(second)
	names := []string{b.text(`label[for="` + first[1:] + `"]`), b.text(`label[for="` + second[1:] + `"]`)}
	if st := b.load(submit); st != 200 || b.path() != detail {
		t.Fatalf("add members: status %d at %s", st, b.path())
	}
	if got := b.text(".flash"); got != "2 leden zijn toegevoegd." {
		t.Errorf("flash %q", got)
	}
	members := b.text("section[aria-labelledby=\"leden\"] table")
	for _, n := range names {
		person := strings.SplitN(n, " — ", 2)[0]
		if !strings.Contains(members, person) {
			t.Errorf("members %q lack %s", members, person)
		}
	}
	if b.count("section[aria-labelledby=\"leden\"] tbody tr") != 2 {
		t.Errorf("%d current members, want 2", b.count("section[aria-labelledby=\"leden\"] tbody tr"))
	}
	browsertest.Axe(t, b.ctx, "subgroep met leden")
	browsertest.Screenshot(t, b.ctx, "subgroep-met-leden")

	// The end form, with an error.
	if st := b.load(chromedp.Click(`a[href$="/beeindigen"]`, chromedp.ByQuery)); st != 200 {
		t.Fatalf("open the end form: status %d", st)
	}
	b.setValue("#f-lid_tot", "2001-01-01")
	if st := b.load(submit); st != 422 || b.count(".field-error") != 1 {
		t.Errorf("left before joining: status %d, %d field errors", st, b.count(".field-error"))
	}
	browsertest.Axe(t, b.ctx, "lidmaatschap beëindigen met fout")

	var n int
	if err := b.env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM subgroup_members m JOIN subgroups s ON s.id = m.subgroup_id
		WHERE s.name = 'Kenniskring leidinggevenden' AND m.left_on IS NULL`).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d members stored (%v), want 2", n, err)
	}
	browsertest.Screenshot(t, b.ctx, "lidmaatschap-beeindigen-met-fout")
}
