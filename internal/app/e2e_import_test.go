package app_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/browsertest"
)

// TestE2EImport: a coordinator opens Import from the menu, sends the form
// without a file, uploads a spreadsheet with refused rows, makes a mapping
// mistake and corrects it, tries "alles of niets", then imports the valid
// rows. axe-core checks every page and every error state.
func TestE2EImport(t *testing.T) {
	b := newBrowser(t)
	submit := chromedp.Click(`main form[method=post] button[type=submit]`, chromedp.ByQuery)
	file, err := filepath.Abs("../importer/testdata/fouten.csv")
	if err != nil {
		t.Fatal(err)
	}
	employers := func() int {
		var n int
		b.env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM employers`).Scan(&n)
		return n
	}
	before := employers()
	b.signIn(apptest.Coordinator)

	if st := b.navTo("/import"); st != 200 || b.path() != "/import" {
		t.Fatalf("open Import from the menu: status %d at %s", st, b.path())
	}
	if got := b.text(`nav.main-nav a[aria-current="page"]`); got != "Import" {
		t.Errorf("current menu item %q", got)
	}
	if got := b.text("main ul"); !strings.Contains(got, "Hoogstens 10 MB, 20.000 rijen met gegevens, 100 kolommen en 2.000 tekens per cel.") {
		t.Errorf("the limits are not stated: %q", got)
	}
	browsertest.Axe(t, b.ctx, "import")
	browsertest.Screenshot(t, b.ctx, "import")

	// Without a file: 422, the error next to the field and in the summary.
	if st := b.load(submit); st != 422 {
		t.Fatalf("without a file: status %d, want 422", st)
	}
	if b.count(`.error-summary a[href="#f-bestand"]`) != 1 || b.text("#f-bestand-error") != "Fout: Kies een bestand." {
		t.Errorf("error %q", b.text("#f-bestand-error"))
	}
	browsertest.Axe(t, b.ctx, "import zonder bestand")

	b.run(chromedp.SetUploadFiles(`#f-bestand`, []string{file}, chromedp.ByQuery))
	if st := b.load(submit); st != 200 || !regexp.MustCompile(`^/import/\d+/koppelen$`).MatchString(b.path()) {
		t.Fatalf("upload: status %d at %s", st, b.path())
	}
	up := strings.TrimSuffix(b.path(), "/koppelen")
	if b.value("#f-kolom-0") != "naam" || b.value("#f-kolom-9") != "email" {
		t.Errorf("guessed mapping: %q, %q", b.value("#f-kolom-0"), b.value("#f-kolom-9"))
	}
	browsertest.Axe(t, b.ctx, "kolommen koppelen")
	browsertest.Screenshot(t, b.ctx, "kolommen-koppelen")

	// A mapping mistake: no employer name, and the postcode twice.
	b.setValue("#f-kolom-0", "")
	b.setValue("#f-kolom-5", "postcode")
	if st := b.load(submit); st != 422 {
		t.Fatalf("mapping with mistakes: status %d, want 422", st)
	}
	if b.count(".error-summary li") != 2 || b.count(`.error-summary a[href="#f-kolom-5"]`) != 1 || b.value("#f-kolom-5") != "postcode" {
		t.Errorf("mapping errors %q", b.text(".error-summary"))
	}
	browsertest.Axe(t, b.ctx, "kolommen koppelen met fouten")
	b.setValue("#f-kolom-0", "naam")
	b.setValue("#f-kolom-5", "plaats")
	if st := b.load(submit); st != 200 || b.path() != up+"/voorbeeld" {
		t.Fatalf("mapping: status %d at %s", st, b.path())
	}

	// The preview lists every refused row with its reason.
	if n := b.count("#tabel-geweigerd tbody tr"); n != 5 {
		t.Errorf("%d refused rows listed, want 5", n)
	}
	var first string
	b.eval(`[...document.querySelectorAll("#tabel-geweigerd tbody tr:first-child td")].map(td => td.textContent.trim()).join(" | ")`, &first)
	if first != "3 | B (KvK-nummer) | 1234 | Een KvK-nummer bestaat uit precies 8 cijfers, bijvoorbeeld 01234567." {
		t.Errorf("first refused row %q", first)
	}
	browsertest.Axe(t, b.ctx, "voorbeeld met geweigerde rijen")
	browsertest.Screenshot(t, b.ctx, "voorbeeld")

	// 200% zoom: only the tables may scroll, inside their .table-wrap.
	b.run(chromedp.EmulateViewport(640, 900))
	for _, p := range []string{"/import", up + "/koppelen", up + "/voorbeeld"} {
		b.open(p, 200)
		b.noHorizontalOverflow(p)
	}
	b.run(chromedp.EmulateViewport(1280, 900))
	b.open(up+"/voorbeeld", 200)

	// The file has no "lid sinds": the portal asks instead of assuming,
	// and importing without an answer says so at the question.
	b.run(chromedp.Click(`input[name=modus][value=alles]`, chromedp.ByQuery))
	if st := b.load(submit); st != 422 || b.count(`.error-summary a[href="#f-lid-sinds"]`) != 1 || employers() != before {
		t.Fatalf("without lid sinds: status %d, errors %q", st, b.text(".error-summary"))
	}
	browsertest.Axe(t, b.ctx, "voorbeeld zonder keuze voor lid sinds")
	b.run(chromedp.Click(`input[name="lid-sinds"][value=leeg]`, chromedp.ByQuery))

	// All or nothing: nothing is imported.
	b.run(chromedp.Click(`input[name=modus][value=alles]`, chromedp.ByQuery))
	if st := b.load(submit); st != 422 || b.count(".error-summary") != 1 {
		t.Fatalf("all or nothing: status %d", st)
	}
	if !strings.Contains(b.text(".error-summary"), "Er is niets geïmporteerd") || employers() != before {
		t.Errorf("all or nothing: %q, %d employers (was %d)", b.text(".error-summary"), employers(), before)
	}
	browsertest.Axe(t, b.ctx, "voorbeeld na alles of niets")

	if b.count(`input[name="lid-sinds"][value=leeg]:checked`) != 1 {
		t.Error("the answer to lid sinds was not kept")
	}
	b.run(chromedp.Click(`input[name=modus][value=geldig]`, chromedp.ByQuery))
	if st := b.load(submit); st != 200 || b.path() != up+"/resultaat" {
		t.Fatalf("import: status %d at %s", st, b.path())
	}
	if got := b.text(".flash"); got != "Het bestand fouten.csv is geïmporteerd." {
		t.Errorf("flash %q", got)
	}
	if employers() != before+2 {
		t.Errorf("%d employers, want %d", employers(), before+2)
	}
	browsertest.Axe(t, b.ctx, "import voltooid")
	browsertest.Screenshot(t, b.ctx, "import-voltooid")

	// The upload page now lists the import.
	b.open("/import", 200)
	if got := b.text(`section[aria-labelledby="eerdere-imports"] tbody`); !strings.Contains(got, "fouten.csv") {
		t.Errorf("earlier imports %q", got)
	}
	browsertest.Axe(t, b.ctx, "import met eerdere imports")
}
