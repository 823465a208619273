package app_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/browsertest"
)

// minimalPDF is a one-page PDF a scanner might produce, minus the scan.
const minimalPDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n" +
	"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\nxref\n0 4\n0000000000 65535 f \n" +
	"0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"

// TestE2ECommitmentsAndPlacements: a coordinator opens Toezeggingen, adds a
// signed letter of intent with its PDF (an error first), records a
// quarter's placements (an error first) and sends the employer a personal
// link; the employer reports through it. axe-core checks every page on the
// way, with and without errors, and the beheerder's conditions page.
func TestE2ECommitmentsAndPlacements(t *testing.T) {
	b := newBrowser(t)
	env := b.env
	submit := chromedp.Click(`main form[method=post] button[type=submit]`, chromedp.ByQuery)
	var employerID int64
	var name string
	if err := env.Pool.QueryRow(context.Background(), `SELECT id, name FROM employers
		WHERE network_id = (SELECT min(id) FROM networks) AND status = 'lid' AND EXISTS (SELECT 1 FROM contacts c
			WHERE c.employer_id = employers.id AND c.email <> '' AND c.active_until IS NULL) ORDER BY id LIMIT 1`).Scan(&employerID, &name); err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{`DELETE FROM commitments WHERE employer_id = $1`, `DELETE FROM placement_reports WHERE employer_id = $1`} {
		if _, err := env.Pool.Exec(context.Background(), sql, employerID); err != nil {
			t.Fatal(err)
		}
	}
	eid := strconv.FormatInt(employerID, 10)
	pdf := filepath.Join(t.TempDir(), "intentieverklaring.pdf")
	if err := os.WriteFile(pdf, []byte(minimalPDF), 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(t.TempDir(), "scan.pdf")
	if err := os.WriteFile(big, append([]byte(minimalPDF), make([]byte, 20<<20)...), 0o600); err != nil {
		t.Fatal(err)
	}

	b.signIn(apptest.Coordinator)
	if st := b.navTo("/toezeggingen"); st != 200 || b.path() != "/toezeggingen" {
		t.Fatalf("open Toezeggingen from the menu: status %d at %s", st, b.path())
	}
	browsertest.Axe(t, b.ctx, "toezeggingen")
	b.toggle("#f-mist")
	if st := b.load(chromedp.Click(`form[role=search] button[type=submit]`, chromedp.ByQuery)); st != 200 || !strings.Contains(b.path(), "mist=1") {
		t.Fatalf("filter: status %d at %s", st, b.path())
	}
	if !strings.Contains(b.text("main table"), name+" ") && !strings.Contains(b.text("main table"), name) {
		t.Errorf("%s is not listed as missing something", name)
	}
	browsertest.Axe(t, b.ctx, "toezeggingen, alleen wie iets mist")
	browsertest.Screenshot(t, b.ctx, "toezeggingen")

	// The commitment: first without a kind and a signing date.
	if st := b.load(chromedp.Click(`a[href="/toezeggingen/nieuw?werkgever=`+eid+`"]`, chromedp.ByQuery)); st != 200 {
		t.Fatalf("open the commitment form: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "toezegging toevoegen")
	b.typeInto("#f-notities", "Getekend tijdens de netwerkbijeenkomst.")
	if st := b.load(submit); st != 422 {
		t.Fatalf("without a kind: status %d, want 422", st)
	}
	if b.count(".error-summary a") != 2 || !strings.Contains(b.text("#f-soort-error"), "Kies de soort toezegging.") ||
		!strings.Contains(b.text("#f-getekend_op-error"), "Vul de datum van ondertekening in.") {
		t.Errorf("errors: %q", b.text(".error-summary"))
	}
	if !strings.HasPrefix(b.value("#f-notities"), "Getekend tijdens") {
		t.Error("input not kept after the error")
	}
	browsertest.Axe(t, b.ctx, "toezegging toevoegen met fouten")
	browsertest.Screenshot(t, b.ctx, "toezegging-met-fouten")
	var kind string
	b.eval(`[...document.querySelectorAll('#f-soort option')].find(o => o.textContent === 'Intentieverklaring').value`, &kind)
	b.setValue("#f-soort", kind)
	signed := time.Now().AddDate(0, 0, -3).Format("2006-01-02")
	b.setValue("#f-getekend_op", signed)
	b.setValue("#f-geldig_vanaf", signed)
	// A scan of 20 MB comes back with a message, not a broken connection.
	b.run(chromedp.SetUploadFiles("#f-document", []string{big}, chromedp.ByQuery))
	if st := b.load(submit); st != 422 || !strings.Contains(b.text("#f-document-error"), "groter dan 10 MB") {
		t.Fatalf("a 20 MB document: status %d, error %q", st, b.text("#f-document-error"))
	}
	if b.value("#f-getekend_op") != signed || b.value("#f-soort") != kind {
		t.Error("input not kept after the refused document")
	}
	b.run(chromedp.SetUploadFiles("#f-document", []string{pdf}, chromedp.ByQuery))
	if st := b.load(submit); st != 200 || b.path() != "/werkgevers/"+eid {
		t.Fatalf("save: status %d at %s", st, b.path())
	}
	if got := b.text(".flash"); got != "De toezegging van "+name+" is vastgelegd." {
		t.Errorf("flash %q", got)
	}
	commitments := b.text(`section[aria-labelledby="toezeggingen"]`)
	if !strings.Contains(commitments, "intentieverklaring.pdf") || !strings.Contains(commitments, "Ontbreekt: Ambitie- en realisatierapportage") {
		t.Errorf("commitments section: %q", commitments)
	}
	var stored string
	if err := env.Pool.QueryRow(context.Background(), `SELECT convert_from(document, 'UTF8') FROM commitments WHERE employer_id = $1`, employerID).
		Scan(&stored); err != nil || stored != minimalPDF {
		t.Errorf("stored document differs (%v)", err)
	}

	// The placements: first more hours than people can work.
	if st := b.load(chromedp.Click(`a[href="/plaatsingen/nieuw?werkgever=`+eid+`"]`, chromedp.ByQuery)); st != 200 {
		t.Fatalf("open the placement form: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "plaatsingen vastleggen")
	b.typeInto("#f-ambitie", "3")
	b.typeInto("#f-mensen", "2")
	b.typeInto("#f-uren", "120")
	b.typeInto("#f-in_dienst", "2")
	if st := b.load(submit); st != 422 {
		t.Fatalf("120 hours for 2 people: status %d, want 422", st)
	}
	if !strings.Contains(b.text("#f-uren-error"), "meer dan 48 uur per week per persoon") || b.value("#f-mensen") != "2" {
		t.Errorf("hours error %q, people %q", b.text("#f-uren-error"), b.value("#f-mensen"))
	}
	browsertest.Axe(t, b.ctx, "plaatsingen vastleggen met fout")
	browsertest.Screenshot(t, b.ctx, "plaatsingen-met-fout")
	b.typeInto("#f-uren", "51")
	if st := b.load(submit); st != 200 || b.path() != "/werkgevers/"+eid {
		t.Fatalf("save placements: status %d at %s", st, b.path())
	}
	if row := b.text(`section[aria-labelledby="plaatsingen"] tbody tr:nth-child(2)`); !strings.Contains(row, "51,0") || !strings.Contains(row, "2,0") {
		t.Errorf("placements row %q, want 51,0 hours and 2,0 jobs", row)
	}
	if !strings.Contains(b.text(`section[aria-labelledby="toezeggingen"]`), "Voldoet aan alle voorwaarden") {
		t.Errorf("after reporting: %q", b.text(`section[aria-labelledby="toezeggingen"]`))
	}
	browsertest.Axe(t, b.ctx, "profiel met toezeggingen en plaatsingen")

	// The employer's personal link, shown once on the profile.
	if st := b.load(chromedp.Click(`a[href="/plaatsingen/link?werkgever=`+eid+`"]`, chromedp.ByQuery)); st != 200 {
		t.Fatalf("open the link form: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "link voor plaatsingen sturen")
	if st := b.load(submit); st != 200 || b.path() != "/werkgevers/"+eid {
		t.Fatalf("send the link: status %d at %s", st, b.path())
	}
	link := b.value("#plaatsingslink")
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/plaatsing/") {
		t.Fatalf("link %q", link)
	}
	browsertest.Axe(t, b.ctx, "profiel met nieuwe link")
	browsertest.Screenshot(t, b.ctx, "profiel-toezeggingen-plaatsingen")

	// The employer reports through it: an error first.
	b.open(u.Path, 200)
	browsertest.Axe(t, b.ctx, "plaatsingen doorgeven (werkgever)")
	b.typeInto("#f-mensen", "3")
	if st := b.load(submit); st != 422 || !strings.Contains(b.text("#f-uren-error"), "Vul in hoeveel uur zij samen per week werken.") {
		t.Fatalf("without hours: status %d, error %q", st, b.text("#f-uren-error"))
	}
	browsertest.Axe(t, b.ctx, "plaatsingen doorgeven met fout")
	browsertest.Screenshot(t, b.ctx, "plaatsingen-werkgever-met-fout")
	b.typeInto("#f-uren", "76,5")
	if st := b.load(submit); st != 200 || !strings.Contains(b.text(".flash"), "zijn opgeslagen") {
		t.Fatalf("report: status %d, flash %q", st, b.text(".flash"))
	}
	browsertest.Axe(t, b.ctx, "plaatsingen doorgegeven")

	// The beheerder's conditions page.
	b.open("/werkgevers", 200)
	b.signOut()
	b.signIn(apptest.Beheerder)
	b.open("/toezeggingen/voorwaarden", 200)
	browsertest.Axe(t, b.ctx, "voorwaarden per netwerk")
	browsertest.Screenshot(t, b.ctx, "voorwaarden")
	if st := b.load(chromedp.Click(`form[action="/toezeggingen/voorwaarden/soort"] button[type=submit]`, chromedp.ByQuery)); st != 422 {
		t.Fatalf("a kind without a name: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "voorwaarden per netwerk met fout")
}
