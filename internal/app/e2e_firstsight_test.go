package app_test

// First sight (issue 14): the header, the error summary's focus and the
// screenshots of the main pages at a desktop and a phone width.

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/browsertest"
)

// headerHeight is the height of the site header in CSS px.
func (b *browser) headerHeight() float64 {
	b.t.Helper()
	var h float64
	b.eval(`document.querySelector(".site-header").getBoundingClientRect().height`, &h)
	return h
}

// visible says whether the element is rendered: not hidden by CSS, nor
// inside a closed details element.
func (b *browser) visible(sel string) bool {
	b.t.Helper()
	var ok bool
	b.eval(`(() => { const e = document.querySelector(`+strconv.Quote(sel)+`); return !!(e && e.checkVisibility({visibilityProperty: true})); })()`, &ok)
	return ok
}

func TestE2EFirstSight(t *testing.T) {
	b := newBrowser(t)
	e := b.employer(1)
	profile := "/werkgevers/" + strconv.FormatInt(e.ID, 10)
	var eventID int64
	if err := b.env.Pool.QueryRow(context.Background(), `SELECT id FROM events
		WHERE network_id = (SELECT id FROM networks ORDER BY id LIMIT 1) AND status <> 'geannuleerd'
		ORDER BY starts_at DESC LIMIT 1`).Scan(&eventID); err != nil {
		t.Fatal(err)
	}
	checkIn := fmt.Sprintf("/bijeenkomsten/%d/aanwezigheid", eventID)
	b.signIn(apptest.Coordinator)

	// At 1280 px the navigation is one row and needs no menu button; the
	// less used items wait under "Meer".
	b.open("/werkgevers", 200)
	if h := b.headerHeight(); h > 72 {
		t.Errorf("header at 1280 px: %.0f px tall, want one row (≤ 72)", h)
	}
	if b.visible(".nav-menu-button") || !b.visible(`nav.main-nav a[href="/werkgevers"]`) {
		t.Error("at 1280 px the navigation should show without a menu button")
	}
	if b.visible(`nav.main-nav a[href="/import"]`) {
		t.Error("Import shows before opening Meer")
	}
	b.run(chromedp.Click(`.nav-more > summary`, chromedp.ByQuery))
	if !b.visible(`nav.main-nav a[href="/import"]`) {
		t.Error("Meer does not open to Import")
	}

	// On a phone the header is one compact row with a Menu button that
	// opens the navigation (a details element: no script needed).
	for _, w := range []int64{390, 320} {
		b.run(chromedp.EmulateViewport(w, 800))
		b.open("/werkgevers", 200)
		if h := b.headerHeight(); h > 64 {
			t.Errorf("header at %d px: %.0f px tall, want ≤ 64", w, h)
		}
		if b.visible(`nav.main-nav a[href="/bijeenkomsten"]`) {
			t.Errorf("at %d px the navigation shows before the menu is opened", w)
		}
		b.run(chromedp.Click(`summary.nav-menu-button`, chromedp.ByQuery))
		for _, href := range []string{"/bijeenkomsten", "/import"} {
			if !b.visible(`nav.main-nav a[href="` + href + `"]`) {
				t.Errorf("at %d px the opened menu lacks %s", w, href)
			}
		}
		if !b.visible(`form[action="/uitloggen"] button`) {
			t.Errorf("at %d px the opened menu lacks Uitloggen", w)
		}
	}

	// After a failed submit the error summary has the focus, and the next
	// Tab reaches the first error's link.
	b.run(chromedp.EmulateViewport(1280, 900))
	b.open("/partners/nieuw", 200)
	if st := b.load(chromedp.Click(`main form[method=post] button[type=submit]`, chromedp.ByQuery)); st != 422 {
		t.Fatalf("empty partner form: status %d, want 422", st)
	}
	if f := browsertest.Focused(t, b.ctx); f.Tag != "div" || !containsClass(b, "error-summary") {
		t.Errorf("after a failed submit the focus is on %+v, want the error summary", f)
	}
	b.run(browsertest.Tab(1))
	var inSummary bool
	b.eval(`!!document.activeElement.closest(".error-summary")`, &inSummary)
	if !inSummary {
		t.Errorf("one Tab after the error summary: focus on %+v, want its first link", browsertest.Focused(t, b.ctx))
	}
	browsertest.Axe(t, b.ctx, "partner toevoegen met fouten")

	// A native date field is several focus stops in Chromium (day, month,
	// year and the calendar button); the focus ring stays on every one,
	// the calendar button included.
	b.open("/dashboard/delen", 200)
	var ok bool
	b.eval(`(() => { const e = document.querySelector("#f-naam"); e.focus(); return document.activeElement === e; })()`, &ok)
	if !ok {
		t.Fatal("/dashboard/delen: cannot focus the name field")
	}
	stops := 0
	for range 8 {
		b.run(browsertest.Tab(1))
		var st struct {
			In      bool   `json:"in"`
			Outline string `json:"outline"`
			Shadow  string `json:"shadow"`
		}
		b.eval(`(() => { const e = document.activeElement, s = getComputedStyle(e);
			return {in: e.id === "f-verloopt", outline: s.outlineStyle + " " + s.outlineWidth, shadow: s.boxShadow}; })()`, &st)
		if !st.In {
			if stops > 0 {
				break
			}
			continue
		}
		stops++
		if (strings.HasPrefix(st.Outline, "none") || strings.HasSuffix(st.Outline, " 0px")) && st.Shadow == "none" {
			t.Errorf("date field, focus stop %d: no visible focus (outline %q, box-shadow %q)", stops, st.Outline, st.Shadow)
		}
	}
	if stops == 0 {
		t.Error("Tab never reached the date field")
	}
	t.Logf("date field: %d focus stops, each with a visible ring", stops)

	// The main pages, checked at 1280 and 320 px by Axe, and photographed
	// at 1280 and 390 px for a person to look at.
	pages := []struct{ name, path string }{
		{"werkgevers", "/werkgevers"},
		{"profiel", profile},
		{"dashboard", "/dashboard"},
		{"aanwezigheid", checkIn},
	}
	for _, p := range pages {
		b.open(p.path, 200)
		browsertest.Axe(t, b.ctx, p.name)
	}
	for _, w := range []int64{1280, 390} {
		b.run(chromedp.EmulateViewport(w, 900))
		for _, p := range pages {
			b.open(p.path, 200)
			browsertest.Screenshot(t, b.ctx, fmt.Sprintf("%d-%s", w, p.name))
		}
	}
}

// containsClass says whether the focused element has class c.
func containsClass(b *browser, c string) bool {
	var ok bool
	b.eval(`document.activeElement.classList.contains(`+strconv.Quote(c)+`)`, &ok)
	return ok
}
