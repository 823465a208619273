package app_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/browsertest"
)

// fetched is a response read by the page's own fetch(), as a click on a
// download link would get it.
type fetched struct {
	Status int    `json:"status"`
	Type   string `json:"type"`
	Head   string `json:"head"` // first bytes, as text
	Size   int    `json:"size"`
}

// fetchLink fetches the href of the link sel in the browser, with the
// browser's cookies.
func (b *browser) fetchLink(sel string) fetched {
	b.t.Helper()
	var f fetched
	js := fmt.Sprintf(`(async () => {
		const a = document.querySelector(%q);
		if (!a) return {status: 0, type: "", head: "", size: 0};
		const r = await fetch(a.href);
		const buf = new Uint8Array(await r.arrayBuffer());
		return {status: r.status, type: r.headers.get("content-type") || "", head: new TextDecoder().decode(buf.slice(0, 60)), size: buf.length};
	})()`, sel)
	b.run(chromedp.Evaluate(js, &f, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	return f
}

// TestE2EDashboard is a director's visit: sign in, open the dashboard,
// switch network and period with the form, download a table, and share the
// dashboard with the board by a link; axe-core checks every page.
func TestE2EDashboard(t *testing.T) {
	b := newBrowser(t)
	var second int64
	var secondName string
	if err := b.env.Pool.QueryRow(context.Background(), `SELECT id, name FROM networks ORDER BY id OFFSET 1 LIMIT 1`).Scan(&second, &secondName); err != nil {
		t.Fatal(err)
	}

	b.signIn(apptest.Bestuur)
	if st := b.navTo("/dashboard"); st != 200 || b.path() != "/dashboard" {
		t.Fatalf("open the dashboard from the menu: status %d at %s", st, b.path())
	}
	if got := b.text(".dash-scope"); !strings.HasPrefix(got, "Alle netwerken") {
		t.Errorf("scope line %q, want all networks", got)
	}
	if n := b.count(`svg.chart[role="img"][aria-labelledby]`); n < 10 {
		t.Errorf("%d charts with role img and a label", n)
	}
	if n, d := b.count("section.dash-section"), b.count("details.definition > summary"); n != 10 || d < 15 { // eight, and the wish profile's and the pipeline's
		t.Errorf("%d sections, %d definitions", n, d)
	}
	browsertest.Axe(t, b.ctx, "dashboard")
	browsertest.Screenshot(t, b.ctx, "dashboard")

	// The second network, the last four quarters.
	// Both choices are set without change events (a change applies at
	// once), then the form's button sends them together, as without
	// JavaScript.
	var set bool
	b.eval(`document.querySelector("#f-netwerk").value = "`+strconv.FormatInt(second, 10)+`";
		document.querySelector("#f-periode").value = "4"; true`, &set)
	if st := b.load(chromedp.Click(`form.dash-filters button[type=submit]`, chromedp.ByQuery)); st != 200 {
		t.Fatalf("switch network and period: status %d", st)
	}
	if p := b.path(); !strings.Contains(p, "netwerk="+strconv.FormatInt(second, 10)) || !strings.Contains(p, "periode=4") {
		t.Errorf("selection not in the URL: %s", p)
	}
	if got := b.text(".dash-scope"); !strings.HasPrefix(got, secondName) {
		t.Errorf("scope line %q, want %s", got, secondName)
	}
	if b.value("#f-netwerk") != strconv.FormatInt(second, 10) || b.value("#f-periode") != "4" {
		t.Errorf("form does not show the choice: %q %q", b.value("#f-netwerk"), b.value("#f-periode"))
	}
	if n := b.count("#tabel-leden tbody tr"); n != 4 {
		t.Errorf("members table has %d quarters, want 4", n)
	}
	if got := b.text(".dash-signals"); !strings.Contains(got, "groeide") || !strings.Contains(got, "opkomst daalde") {
		t.Errorf("the demo's fast-growing network shows no warning: %q", got)
	}
	// The demo's second network stated a wish profile: wanted against
	// actual in words, and the pipeline per stage.
	if got := b.text("#tabel-wensprofiel"); !strings.Contains(got, "gewenste functies zijn vertegenwoordigd") {
		t.Errorf("wish profile table: %q", got)
	}
	if n := b.count("#tabel-werving-per-fase tbody tr"); n != 7 {
		t.Errorf("pipeline table has %d rows, want 6 stages and afgevallen", n)
	}
	browsertest.Axe(t, b.ctx, "dashboard van één netwerk")
	browsertest.Screenshot(t, b.ctx, "dashboard-netwerk")

	// Download a table as CSV and as Excel.
	csv := b.fetchLink(`a[href*="/dashboard/tabel/leden.csv"]`)
	if csv.Status != 200 || !strings.HasPrefix(csv.Type, "text/csv") || !strings.Contains(csv.Head, "Kwartaal;Leden aan het eind") {
		t.Errorf("CSV download: %+v", csv)
	}
	xlsx := b.fetchLink(`a[href*="/dashboard/tabel/leden.xlsx"]`)
	if xlsx.Status != 200 || xlsx.Type != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || !strings.HasPrefix(xlsx.Head, "PK") {
		t.Errorf("xlsx download: %d %q %d bytes", xlsx.Status, xlsx.Type, xlsx.Size)
	}

	// 200% zoom: only tables scroll, inside their own region.
	b.run(chromedp.EmulateViewport(640, 900))
	b.open("/dashboard", 200)
	b.noHorizontalOverflow("dashboard")
	b.run(chromedp.EmulateViewport(1280, 900))

	// A share link for the board meeting, opened without signing in.
	b.open("/dashboard", 200)
	if st := b.load(chromedp.Click(`a[href="/dashboard/delen"]`, chromedp.ByQuery)); st != 200 {
		t.Fatalf("share links page: status %d", st)
	}
	browsertest.Axe(t, b.ctx, "deellinks")
	b.typeInto("#f-naam", "Bestuursvergadering")
	if st := b.load(chromedp.Click(`main form[method=post] button[type=submit]`, chromedp.ByQuery)); st != 200 || b.path() != "/dashboard/delen" {
		t.Fatalf("create share link: status %d at %s", st, b.path())
	}
	link := b.text("main table tbody tr a.break-all")
	if !strings.Contains(link, "/bord/") {
		t.Fatalf("no share link in the list: %q", link)
	}
	browsertest.Axe(t, b.ctx, "deellinks met een link")

	board := &browser{t: t, ctx: browsertest.New(t), env: b.env}
	board.open(link[strings.Index(link, "/bord/"):], 200)
	if got := board.text("h1"); got != "Dashboard (alleen lezen)" {
		t.Errorf("share page heading %q", got)
	}
	if board.count("nav.main-nav") != 0 || board.count(`a[href^="/werkgevers"]`) != 0 {
		t.Error("the share page links into the portal")
	}
	browsertest.Axe(t, board.ctx, "dashboard via deellink")
	browsertest.Screenshot(t, board.ctx, "deellink")
}
