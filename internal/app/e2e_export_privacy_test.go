package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/browsertest"
)

// download is a file fetched by the page itself, with its cookies.
type download struct {
	Status      int    `json:"status"`
	Type        string `json:"type"`
	Disposition string `json:"disposition"`
	Base64      string `json:"b64"`
}

func (d download) bytes(t *testing.T) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(d.Base64)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fetch downloads the href of the link sel as the browser would, with the
// session cookie of the signed-in user.
func (b *browser) fetch(sel string) (string, download) {
	b.t.Helper()
	var href string
	b.eval(fmt.Sprintf(`(() => { const a = document.querySelector(%q); return a ? a.getAttribute("href") : ""; })()`, sel), &href)
	if href == "" {
		b.t.Fatalf("%s: no link %s", b.path(), sel)
	}
	var d download
	js := fmt.Sprintf(`fetch(%q, {credentials: "same-origin"}).then(async r => {
		const bytes = new Uint8Array(await r.arrayBuffer());
		let s = "";
		for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
		return {status: r.status, type: r.headers.get("content-type") || "", disposition: r.headers.get("content-disposition") || "", b64: btoa(s)};
	})`, href)
	b.run(chromedp.Evaluate(js, &d, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	return href, d
}

// TestE2EExportAndErasure: a coordinator filters the employer list and
// downloads it as CSV and .xlsx; the beheerder finds a contact, reads what
// the portal holds about them, confirms and erases them. Every page passes
// axe.
func TestE2EExportAndErasure(t *testing.T) {
	b := newBrowser(t)
	ctx := context.Background()
	_, network := b.env.EmployerOf(t, 1, "lid")
	netName := ""
	b.env.Pool.QueryRow(ctx, `SELECT name FROM networks WHERE id = $1`, network).Scan(&netName)
	want := 0
	b.env.Pool.QueryRow(ctx, `SELECT count(*) FROM employers WHERE network_id = $1 AND status = 'lid'`, network).Scan(&want)

	b.signIn(apptest.Coordinator)
	b.run(chromedp.SetValue("#f-status", "lid", chromedp.ByQuery))
	if st := b.load(chromedp.Click(`form.filters button[type=submit]`, chromedp.ByQuery)); st != 200 {
		t.Fatalf("filter: status %d", st)
	}
	if p := b.path(); !strings.Contains(p, "status=lid") {
		t.Fatalf("filter not in the URL: %s", p)
	}
	browsertest.Axe(t, b.ctx, "werkgevers gefilterd, met downloads")

	href, d := b.fetch(`a[href^="/werkgevers/export.csv"]`)
	if !strings.Contains(href, "status=lid") {
		t.Errorf("CSV link %q lost the filter", href)
	}
	raw := d.bytes(t)
	if d.Status != 200 || d.Type != "text/csv; charset=utf-8" || !strings.HasPrefix(d.Disposition, `attachment; filename="werkgevers-`) {
		t.Errorf("CSV download: %d %q %q", d.Status, d.Type, d.Disposition)
	}
	if !bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("CSV without a byte order mark: % x", raw[:min(len(raw), 8)])
	}
	r := csv.NewReader(bytes.NewReader(raw[3:]))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v", err)
	}
	header := strings.Join(recs[0], ";")
	if !strings.HasPrefix(header, "Naam;KvK-nummer;Sector;Aantal medewerkers;") || !strings.Contains(header, ";Actieve contactpersonen;") {
		t.Errorf("CSV header %q", header)
	}
	status, net := -1, -1
	for i, h := range recs[0] {
		switch h {
		case "Status":
			status = i
		case "Netwerk":
			net = i
		}
	}
	if len(recs)-1 != want {
		t.Errorf("CSV: %d rows, want the %d members of the filter", len(recs)-1, want)
	}
	for _, rec := range recs[1:] {
		if rec[status] != "Lid" || rec[net] != netName {
			t.Errorf("CSV row outside the filter: %v", rec)
			break
		}
	}

	href, d = b.fetch(`a[href^="/werkgevers/export.xlsx"]`)
	if !strings.Contains(href, "status=lid") || d.Status != 200 ||
		d.Type != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || !strings.HasSuffix(d.Disposition, `.xlsx"`) {
		t.Errorf("XLSX download %q: %d %q %q", href, d.Status, d.Type, d.Disposition)
	}
	f, err := excelize.OpenReader(bytes.NewReader(d.bytes(t)))
	if err != nil {
		t.Fatalf("XLSX: %v", err)
	}
	rows, _ := f.GetRows(f.GetSheetList()[0])
	f.Close()
	if len(rows)-1 != want || strings.Join(rows[0], ";") != header {
		t.Errorf("XLSX: %d rows, header %v", len(rows)-1, rows[0])
	}

	// The beheerder erases a contact of that network.
	b.signOut()
	emp, _ := b.env.EmployerOf(t, 1, "lid")
	contact := b.activeContact(emp)
	var name string
	b.env.Pool.QueryRow(ctx, `SELECT name FROM contacts WHERE id = $1`, contact).Scan(&name)
	page := fmt.Sprintf("/privacy/contactpersonen/%d", contact)

	// Someone who left long ago, for the retention list.
	var old int64
	if err := b.env.Pool.QueryRow(ctx, `INSERT INTO contacts (employer_id, name, function, level, active_from, active_until)
		VALUES ($1, 'Lang Geleden Vertrokken', 'hr', 'tactisch', current_date - 4000, current_date - 3000) RETURNING id`,
		emp).Scan(&old); err != nil {
		t.Fatal(err)
	}

	b.signIn(apptest.Beheerder)
	if st := b.navTo("/privacy"); st != 200 || b.path() != "/privacy" {
		t.Fatalf("privacy menu: status %d at %s", st, b.path())
	}
	browsertest.Axe(t, b.ctx, "privacy")
	browsertest.Screenshot(t, b.ctx, "privacy")
	box := fmt.Sprintf("#contact-%d", old)
	b.toggle(box)
	if st := b.press(`form[action="/privacy/wissen"] button[type=submit]`); st != 200 {
		t.Fatalf("bulk erasure: status %d", st)
	}
	if got := b.text("h1"); got != "Geselecteerde wissen?" {
		t.Errorf("bulk confirmation heading %q", got)
	}
	browsertest.Axe(t, b.ctx, "geselecteerde wissen bevestigen")
	b.open("/privacy", 200)
	b.typeInto("#f-q", name)
	if st := b.load(chromedp.Click(`form[role=search] button[type=submit]`, chromedp.ByQuery)); st != 200 {
		t.Fatalf("search: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "privacy met zoekresultaat")
	link := fmt.Sprintf(`table a[href=%q]`, page)
	if st := b.load(chromedp.Click(link, chromedp.ByQuery)); st != 200 || b.path() != page {
		t.Fatalf("open contact: status %d at %s", st, b.path())
	}
	if got := b.text("h1"); got != name {
		t.Errorf("heading %q, want %q", got, name)
	}
	browsertest.Axe(t, b.ctx, "contactpersoon")
	browsertest.Screenshot(t, b.ctx, "contactpersoon")
	_, d = b.fetch(`a[href$=".json"]`)
	if d.Status != 200 || !strings.Contains(string(d.bytes(t)), name) {
		t.Errorf("JSON export: %d", d.Status)
	}

	if st := b.load(chromedp.Click(fmt.Sprintf(`a[href=%q]`, page+"/wissen"), chromedp.ByQuery)); st != 200 {
		t.Fatalf("confirmation: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "wissen bevestigen")
	browsertest.Screenshot(t, b.ctx, "wissen bevestigen")
	if st := b.press(`form button.button-danger`); st != 200 || b.path() != page {
		t.Fatalf("erase: status %d at %s", st, b.path())
	}
	if got := b.text("h1"); got != "Verwijderde contactpersoon" {
		t.Errorf("heading after erasure %q", got)
	}
	if got := b.text(".flash"); !strings.Contains(got, "gewist") {
		t.Errorf("flash %q", got)
	}
	browsertest.Axe(t, b.ctx, "gewiste contactpersoon")
	var left int
	b.env.Pool.QueryRow(ctx, `SELECT count(*) FROM contacts WHERE name = $1 AND id = $2`, name, contact).Scan(&left)
	if left != 0 {
		t.Error("the name is still on the contact")
	}
}
