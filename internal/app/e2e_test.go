package app_test

// Browser tests: the portal in headless Chromium, driven as a coordinator
// would, checked with axe-core and by keyboard alone. Each test starts one
// browser and reuses it; nothing waits for a fixed time.

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/browsertest"
)

// browser is one headless Chromium on one running portal.
type browser struct {
	t   *testing.T
	ctx context.Context
	env *apptest.Env
}

// browserSlots bounds how many browser tests run at once: they run in
// parallel (each on its own database and server), but every Chromium wants
// a core, and more at once on a small machine only makes each slower.
const browserSlots = 2

var browserSlot = make(chan struct{}, browserSlots)

// newBrowser starts a browser test: in parallel with the others, once one
// of the browserSlots is free, on a portal with the demo data.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	parallelBrowserTest(t)
	env := apptest.New(t)
	return &browser{t: t, ctx: browsertest.New(t), env: env}
}

// parallelBrowserTest runs t in parallel with the other tests and waits
// for one of the browserSlots, for a browser test that sets up its own
// portal (an empty database, say) instead of calling newBrowser.
func parallelBrowserTest(t *testing.T) {
	t.Helper()
	t.Parallel()
	browserSlot <- struct{}{}
	t.Cleanup(func() { <-browserSlot })
}

// throttleOver waits until no failed sign-in holds back the next one: the
// throttle's wait (login_delays.next_at) has passed for every account.
func (b *browser) throttleOver() {
	b.t.Helper()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		waiting := apptest.Scalar[bool](b.t, b.env.Pool, `SELECT EXISTS (SELECT 1 FROM login_delays WHERE next_at > now())`)
		if !waiting {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatal("the sign-in throttle still holds back a sign-in after a minute")
		}
	}
}

// run runs actions that do not load a new page.
func (b *browser) run(actions ...chromedp.Action) {
	b.t.Helper()
	browsertest.Run(b.t, b.ctx, actions...)
}

// load runs actions that load a new page (a link, a form submission) and
// returns the HTTP status of the page that was finally shown.
func (b *browser) load(actions ...chromedp.Action) int {
	b.t.Helper()
	res, err := chromedp.RunResponse(b.ctx, actions...)
	if err != nil {
		b.t.Fatalf("browsertest: %v", err)
	}
	if res == nil {
		b.t.Fatalf("browsertest: no page loaded")
	}
	return int(res.Status)
}

// open loads path and requires status want.
func (b *browser) open(path string, want int) {
	b.t.Helper()
	if got := b.load(chromedp.Navigate(b.env.URL(path))); got != want {
		b.t.Fatalf("GET %s: status %d, want %d", path, got, want)
	}
}

func (b *browser) eval(js string, out any) {
	b.t.Helper()
	b.run(chromedp.Evaluate(js, out))
}

func (b *browser) path() string {
	var p string
	b.eval(`location.pathname + location.search`, &p)
	return p
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	var s string
	b.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.textContent.replace(/\s+/g, " ").trim() : "<ontbreekt>"; })()`, sel), &s)
	return s
}

func (b *browser) value(sel string) string {
	b.t.Helper()
	var s string
	b.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.value : "<ontbreekt>"; })()`, sel), &s)
	return s
}

func (b *browser) count(sel string) int {
	b.t.Helper()
	var n int
	b.eval(fmt.Sprintf(`document.querySelectorAll(%q).length`, sel), &n)
	return n
}

// typeInto replaces the value of the text field sel by typing s.
func (b *browser) typeInto(sel, s string) {
	b.t.Helper()
	var ok bool
	b.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.value = ""; return true; })()`, sel), &ok)
	if !ok {
		b.t.Fatalf("%s: no field %s", b.path(), sel)
	}
	if s != "" {
		b.run(chromedp.SendKeys(sel, s, chromedp.ByQuery))
	}
}

// setValue sets the value of a field as a date picker would.
func (b *browser) setValue(sel, v string) {
	b.t.Helper()
	var got string
	b.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return "<ontbreekt>"; e.value = %q; return e.value; })()`, sel, v), &got)
	if got != v {
		b.t.Fatalf("%s: set %s to %q, got %q", b.path(), sel, v, got)
	}
}

// formValues returns name=value of every control of the form that contains
// sel, as the browser would submit it (checkbox groups joined by commas).
func (b *browser) formValues(sel string) map[string]string {
	b.t.Helper()
	var m map[string]string
	b.eval(fmt.Sprintf(`(() => {
		const out = {};
		for (const [k, v] of new FormData(document.querySelector(%q).form || document.querySelector(%q))) {
			out[k] = k in out ? out[k] + "," + v : v;
		}
		return out;
	})()`, sel, sel), &m)
	return m
}

// signIn types the credentials into the sign-in form and submits it.
func (b *browser) signIn(email string) {
	b.t.Helper()
	b.open("/inloggen", 200)
	b.run(chromedp.SendKeys("#f-email", email, chromedp.ByQuery),
		chromedp.SendKeys("#f-wachtwoord", apptest.DemoPassword, chromedp.ByQuery))
	if st := b.load(chromedp.Click(`form[action="/inloggen"] button[type=submit]`, chromedp.ByQuery)); st != 200 {
		b.t.Fatalf("sign in as %s: status %d", email, st)
	}
	if p := b.path(); p != "/werkgevers" {
		b.t.Fatalf("after sign-in at %s, want /werkgevers", p)
	}
}

// signOut opens the account menu in the header and signs out.
func (b *browser) signOut() {
	b.t.Helper()
	b.run(chromedp.Click(`.user-menu > summary`, chromedp.ByQuery))
	if st := b.load(chromedp.Click(`form[action="/uitloggen"] button`, chromedp.ByQuery)); st != 200 {
		b.t.Fatalf("sign out: status %d", st)
	}
}

// navTo follows the main navigation's link to href, opening "Meer" first
// when the link is one of the less used ones there, and returns the status.
func (b *browser) navTo(href string) int {
	b.t.Helper()
	sel := `nav.main-nav a[href="` + href + `"]`
	if b.count(`.nav-more a[href="`+href+`"]`) == 1 {
		b.run(chromedp.Click(`.nav-more > summary`, chromedp.ByQuery))
	}
	return b.load(chromedp.Click(sel, chromedp.ByQuery))
}

// employer is a demo employer as stored.
type employer struct {
	ID                   int64
	Name, Postcode, City string
}

func (b *browser) employer(network int) employer {
	b.t.Helper()
	id, _ := b.env.EmployerOf(b.t, network, "")
	e := employer{ID: id}
	err := b.env.Pool.QueryRow(context.Background(), `SELECT name, postcode, city FROM employers WHERE id = $1`, id).
		Scan(&e.Name, &e.Postcode, &e.City)
	if err != nil {
		b.t.Fatal(err)
	}
	return e
}

// searchTerm picks the word of the employer's name that the fewest employers
// of its network share, lower-cased: a part of the name a user would type.
func (b *browser) searchTerm(e employer) string {
	b.t.Helper()
	best, bestN := "", 1<<30
	for _, w := range strings.Fields(e.Name) {
		if len([]rune(w)) < 4 {
			continue
		}
		var n int
		err := b.env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM employers
			WHERE network_id = (SELECT network_id FROM employers WHERE id = $1) AND name ILIKE '%' || $2 || '%'`, e.ID, w).Scan(&n)
		if err != nil {
			b.t.Fatal(err)
		}
		if n < bestN {
			best, bestN = w, n
		}
	}
	if best == "" {
		b.t.Fatalf("no word of 4 letters or more in %q", e.Name)
	}
	return strings.ToLower(best)
}

func (b *browser) activeContact(employerID int64) int64 {
	b.t.Helper()
	var id int64
	err := b.env.Pool.QueryRow(context.Background(), `SELECT id FROM contacts WHERE employer_id = $1 AND active_until IS NULL
		ORDER BY id LIMIT 1`, employerID).Scan(&id)
	if err != nil {
		b.t.Fatal(err)
	}
	return id
}

// otherPostcode returns a valid postcode, as typed and as stored, that
// differs from old.
func otherPostcode(old string) (typed, normalised string) {
	if old == "1234 ZZ" {
		return "4321zz", "4321 ZZ"
	}
	return "1234 zz", "1234 ZZ"
}

// historyLine is one changed field in the first entry of Geschiedenis.
type historyLine struct {
	Label string `json:"label"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

type historyEntry struct {
	Title string        `json:"title"`
	Meta  string        `json:"meta"`
	Lines []historyLine `json:"lines"`
}

// latestHistory reads the newest entry of the Geschiedenis section.
func (b *browser) latestHistory() historyEntry {
	b.t.Helper()
	var h historyEntry
	b.eval(`(() => {
		const sec = document.getElementById("geschiedenis").closest("section");
		const li = sec.querySelector("ol.history > li");
		if (!li) return {title: "", meta: "", lines: []};
		const clean = s => s.replace(/\s+/g, " ").trim();
		const strip = el => { if (!el) return ""; const c = el.cloneNode(true); c.querySelectorAll(".visually-hidden").forEach(x => x.remove()); return clean(c.textContent); };
		return {
			title: clean(li.querySelector("strong").textContent),
			meta: clean(li.querySelector(".muted").textContent),
			lines: [...li.querySelectorAll(".diff > li")].map(d => ({
				label: clean(d.firstChild.textContent).replace(/:$/, ""),
				old: strip(d.querySelector("del")),
				new: strip(d.querySelector("ins")),
			})),
		};
	})()`, &h)
	return h
}

func (h historyEntry) line(label string) (historyLine, bool) {
	for _, l := range h.Lines {
		if l.Label == label {
			return l, true
		}
	}
	return historyLine{}, false
}

// TestE2ECoordinatorEditsProfile is the coordinator's main flow: sign in,
// search, open a profile, make a mistake in the edit form, correct it, save
// and find the change in Geschiedenis.
func TestE2ECoordinatorEditsProfile(t *testing.T) {
	b := newBrowser(t)
	e := b.employer(1)
	term := b.searchTerm(e)
	profile := "/werkgevers/" + strconv.FormatInt(e.ID, 10)

	b.signIn(apptest.Coordinator)

	// Search by part of the name; the employer is among the results.
	total := b.text(".result-count")
	b.typeInto("#f-q", term)
	if st := b.load(chromedp.Click(`form.filters button[type=submit]`, chromedp.ByQuery)); st != 200 {
		t.Fatalf("search: status %d", st)
	}
	if p := b.path(); !strings.Contains(p, "q="+term) {
		t.Errorf("search not in the URL: %s", p)
	}
	if got := b.value("#f-q"); got != term {
		t.Errorf("search field after search: %q, want %q", got, term)
	}
	if got := b.text(".result-count"); got == total {
		t.Errorf("result count unchanged by the search: %q", got)
	}
	link := fmt.Sprintf(`table a[href=%q]`, profile)
	if got := b.text(link); got != e.Name {
		t.Fatalf("search %q: link to %s reads %q, want %q", term, profile, got, e.Name)
	}

	// Open the profile from the result, then the edit form.
	if st := b.load(chromedp.Click(link, chromedp.ByQuery)); st != 200 || b.path() != profile {
		t.Fatalf("open profile: status %d at %s", st, b.path())
	}
	if got := b.text("h1"); got != e.Name {
		t.Errorf("profile heading %q, want %q", got, e.Name)
	}
	edit := fmt.Sprintf(`a[href=%q]`, profile+"/bewerken")
	if got := b.text(edit); got != "Profiel bewerken" {
		t.Errorf("edit link reads %q", got)
	}
	if st := b.load(chromedp.Click(edit, chromedp.ByQuery)); st != 200 || b.path() != profile+"/bewerken" {
		t.Fatalf("open edit form: status %d at %s", st, b.path())
	}
	if got := b.value("#f-postcode"); got != e.Postcode {
		t.Errorf("postcode in form %q, stored %q", got, e.Postcode)
	}

	// One invalid field and one valid change.
	newCity := "Nieuwdorp"
	if e.City == newCity {
		newCity = "Oudedorp"
	}
	b.typeInto("#f-postcode", "0000 XX")
	b.typeInto("#f-plaats", newCity)
	typed := b.formValues("#f-naam")
	submit := chromedp.Click(`main form[method=post] button[type=submit]`, chromedp.ByQuery)
	if st := b.load(submit); st != 422 {
		t.Fatalf("invalid postcode: status %d, want 422", st)
	}
	if b.count(".error-summary") != 1 || b.count(`.error-summary a[href="#f-postcode"]`) != 1 {
		t.Errorf("error summary with a link to the postcode missing: %q", b.text(".error-summary"))
	}
	if got := b.text("#f-postcode-error"); !strings.Contains(got, "postcode") && !strings.Contains(got, "Postcode") {
		t.Errorf("postcode field error: %q", got)
	}
	if b.count(".field-error") != 1 {
		t.Errorf("field errors: %d, want 1 (only the postcode)", b.count(".field-error"))
	}
	if b.count(`#f-postcode[aria-invalid="true"][aria-describedby~="f-postcode-error"]`) != 1 {
		t.Errorf("postcode input not marked invalid and described by its error")
	}
	kept := b.formValues("#f-naam")
	for k, v := range typed {
		if kept[k] != v {
			t.Errorf("after the error, field %s is %q, typed %q", k, kept[k], v)
		}
	}
	if len(kept) != len(typed) {
		t.Errorf("form fields after the error: %v, before: %v", kept, typed)
	}
	browsertest.Screenshot(t, b.ctx, "formulier-met-fout")

	// Correct it and save.
	pcTyped, pcSaved := otherPostcode(e.Postcode)
	b.typeInto("#f-postcode", pcTyped)
	if st := b.load(submit); st != 200 || b.path() != profile {
		t.Fatalf("save: status %d at %s, want the profile", st, b.path())
	}
	if got := b.text(".flash"); got != "De wijzigingen zijn opgeslagen." {
		t.Errorf("flash: %q", got)
	}
	if got := b.text(".summary-list"); !strings.Contains(got, pcSaved+" "+newCity) {
		t.Errorf("profile data do not show %s %s: %q", pcSaved, newCity, got)
	}
	h := b.latestHistory()
	if h.Title != "Profiel gewijzigd" || !strings.Contains(h.Meta, "door ") {
		t.Errorf("newest history entry: %+v", h)
	}
	want := map[string]historyLine{
		"Postcode": {Label: "Postcode", Old: e.Postcode, New: pcSaved},
		"Plaats":   {Label: "Plaats", Old: e.City, New: newCity},
	}
	for label, w := range want {
		if got, ok := h.line(label); !ok || got != w {
			t.Errorf("history line %s: %+v (found %v), want %+v; entry %+v", label, got, ok, w, h)
		}
	}
	if len(h.Lines) != len(want) {
		t.Errorf("history lists %d changes, want %d: %+v", len(h.Lines), len(want), h.Lines)
	}
	browsertest.Screenshot(t, b.ctx, "profiel-na-opslaan")
}

// TestE2EAccessibility runs axe-core (WCAG 2.2 AA) on every page of the
// coordinator's flow, with errors shown where a form has them, and checks
// that the pages reflow at a width of 640 CSS pixels (1280 at 200% zoom).
func TestE2EAccessibility(t *testing.T) {
	b := newBrowser(t)
	e := b.employer(1)
	profile := "/werkgevers/" + strconv.FormatInt(e.ID, 10)
	contact := b.activeContact(e.ID)
	submit := chromedp.Click(`main form[method=post] button[type=submit]`, chromedp.ByQuery)

	b.open("/inloggen", 200)
	browsertest.Axe(t, b.ctx, "inloggen")

	if st := b.load(submit); st != 422 || b.count(".field-error") != 2 {
		t.Errorf("empty sign-in: status %d, %d field errors", st, b.count(".field-error"))
	}
	browsertest.Axe(t, b.ctx, "inloggen met fouten")

	b.run(chromedp.SendKeys("#f-email", apptest.Coordinator, chromedp.ByQuery),
		chromedp.SendKeys("#f-wachtwoord", "fout-wachtwoord", chromedp.ByQuery))
	if st := b.load(submit); st < 400 || b.count(".error-summary") != 1 || b.path() != "/inloggen" {
		t.Errorf("wrong password: status %d at %s, %d error summaries", st, b.path(), b.count(".error-summary"))
	}
	browsertest.Axe(t, b.ctx, "inloggen met verkeerd wachtwoord")

	// A wrong password makes this browser wait a second (the throttle):
	// sign in once that second is over, which checking the page above
	// usually took already.
	b.throttleOver()
	b.signIn(apptest.Coordinator)
	browsertest.Axe(t, b.ctx, "werkgevers")

	list := "/werkgevers?status=lid&directie=nee&sorteer=gewijzigd"
	b.open(list, 200)
	if b.value("#f-status") != "lid" {
		t.Errorf("status filter not shown as chosen: %q", b.value("#f-status"))
	}
	browsertest.Axe(t, b.ctx, "werkgevers met filters")
	b.open("/werkgevers?q=zzzzgeenwerkgever", 200)
	browsertest.Axe(t, b.ctx, "werkgevers zonder resultaat")
	b.open("/werkgevers?pagina=2", 200)
	browsertest.Axe(t, b.ctx, "werkgevers pagina 2")

	b.open(profile, 200)
	browsertest.Axe(t, b.ctx, "profiel")

	b.open(profile+"/bewerken", 200)
	browsertest.Axe(t, b.ctx, "profiel bewerken")
	b.typeInto("#f-kvk", "123")
	b.typeInto("#f-postcode", "0000 XX")
	b.typeInto("#f-medewerkers", "-5")
	b.typeInto("#f-naam", "")
	if st := b.load(submit); st != 422 || b.count(".field-error") != 4 {
		t.Errorf("edit form with 4 errors: status %d, %d field errors", st, b.count(".field-error"))
	}
	browsertest.Axe(t, b.ctx, "profiel bewerken met fouten")

	b.open(profile+"/contactpersonen/nieuw", 200)
	b.typeInto("#f-email", "geen-adres@")
	b.typeInto("#f-telefoon", "bel me")
	if st := b.load(submit); st != 422 {
		t.Errorf("contact form with errors: status %d", st)
	}
	for _, f := range []string{"naam", "email", "telefoon", "functie"} {
		if b.count("#f-"+f+"-error") != 1 || b.count(`.error-summary a[href="#f-`+f+`"]`) != 1 {
			t.Errorf("contact form: no error shown for %s", f)
		}
	}
	browsertest.Axe(t, b.ctx, "contactpersoon toevoegen met fouten")

	end := fmt.Sprintf("%s/contactpersonen/%d/beeindigen", profile, contact)
	b.open(end, 200)
	browsertest.Axe(t, b.ctx, "contactpersoon beëindigen")
	b.setValue("#f-einddatum", "2099-01-01") // a date input is not typed into the same way in every locale
	if st := b.load(submit); st != 422 || b.count(".field-error") != 1 {
		t.Errorf("end date too far ahead: status %d, %d field errors", st, b.count(".field-error"))
	}
	browsertest.Axe(t, b.ctx, "contactpersoon beëindigen met fout")

	// 200% zoom: a 640 px wide viewport. Only tables may scroll, inside
	// their own .table-wrap.
	b.run(chromedp.EmulateViewport(640, 900))
	for _, p := range []struct{ name, path string }{
		{"werkgevers", list},
		{"profiel", profile},
		{"contactpersoon toevoegen", profile + "/contactpersonen/nieuw"},
	} {
		b.open(p.path, 200)
		b.noHorizontalOverflow(p.name)
	}
	b.open(profile+"/bewerken", 200)
	b.typeInto("#f-postcode", "0000 XX")
	if st := b.load(submit); st != 422 {
		t.Errorf("edit form at 640px: status %d", st)
	}
	b.noHorizontalOverflow("profiel bewerken met fout")
	browsertest.Screenshot(t, b.ctx, "640-formulier-met-fout")
	b.open(list, 200)
	browsertest.Screenshot(t, b.ctx, "640-werkgevers")

	b.run(chromedp.EmulateViewport(1280, 900))
	b.open(list, 200)
	browsertest.Screenshot(t, b.ctx, "werkgevers")
	b.open(profile, 200)
	browsertest.Screenshot(t, b.ctx, "profiel")
}

// noHorizontalOverflow fails when the page is wider than the viewport, and
// names the elements that stick out (those inside a .table-wrap may).
func (b *browser) noHorizontalOverflow(page string) {
	b.t.Helper()
	var r struct {
		Scroll int      `json:"scroll"`
		Client int      `json:"client"`
		Wide   []string `json:"wide"`
	}
	b.eval(`(() => {
		const d = document.documentElement, cw = d.clientWidth;
		const wide = [];
		for (const el of document.body.querySelectorAll("*")) {
			// Inside a .table-wrap only what escapes its scrolling counts.
			if (el.closest(".table-wrap") && !el.classList.contains("table-wrap") && getComputedStyle(el).position !== "absolute") continue;
			const r = el.getBoundingClientRect();
			if (r.width > 0 && r.right > cw + 0.5 && wide.length < 5) {
				wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).trim().replace(/\s+/g, ".") : "") + " right=" + Math.round(r.right));
			}
		}
		return {scroll: d.scrollWidth, client: cw, wide};
	})()`, &r)
	if r.Scroll > r.Client {
		b.t.Errorf("%s at 640px: page scrolls sideways (scrollWidth %d > clientWidth %d); too wide: %s",
			page, r.Scroll, r.Client, strings.Join(r.Wide, ", "))
	}
}

// focusState describes how the focused element is drawn.
type focusState struct {
	Tag     string  `json:"tag"`
	ID      string  `json:"id"`
	Text    string  `json:"text"`
	Outline string  `json:"outline"`
	Width   string  `json:"width"`
	Shadow  string  `json:"shadow"`
	Top     float64 `json:"top"`
	Bottom  float64 `json:"bottom"`
	ViewH   float64 `json:"viewH"`
}

// focusVisible fails unless the focused element shows a focus indicator
// (an outline or a box-shadow) and lies within the viewport. main, the
// target of the skip link, is a container rather than a control and is
// exempt from the indicator.
func (b *browser) focusVisible(where string) focusState {
	b.t.Helper()
	var f focusState
	b.eval(`(() => {
		const e = document.activeElement;
		const s = getComputedStyle(e), r = e.getBoundingClientRect();
		return {tag: e.tagName.toLowerCase(), id: e.id, text: (e.textContent || "").replace(/\s+/g, " ").trim().slice(0, 60),
			outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow,
			top: r.top, bottom: r.bottom, viewH: window.innerHeight};
	})()`, &f)
	if f.Tag == "body" || f.Tag == "" {
		b.t.Errorf("%s: nothing has focus", where)
		return f
	}
	if f.Tag == "main" {
		return f
	}
	hasOutline := f.Outline != "none" && f.Width != "0px"
	if !hasOutline && (f.Shadow == "" || f.Shadow == "none") {
		b.t.Errorf("%s: focus on <%s id=%q> %q is invisible (outline %s %s, box-shadow %s)", where, f.Tag, f.ID, f.Text, f.Outline, f.Width, f.Shadow)
	}
	if f.Bottom < 0 || f.Top > f.ViewH {
		b.t.Errorf("%s: focused <%s id=%q> %q is outside the viewport (top %.0f, bottom %.0f, height %.0f)", where, f.Tag, f.ID, f.Text, f.Top, f.Bottom, f.ViewH)
	}
	return f
}

// tabTo presses Tab until the element matching sel has focus, checking the
// focus indicator at every stop; it fails after max presses.
func (b *browser) tabTo(sel string, max int) {
	b.t.Helper()
	for i := 1; i <= max; i++ {
		b.run(browsertest.Tab(1))
		f := b.focusVisible(fmt.Sprintf("%s, Tab %d", b.path(), i))
		var match bool
		b.eval(fmt.Sprintf(`document.activeElement.matches(%q)`, sel), &match)
		if match {
			return
		}
		if f.Tag == "body" {
			break
		}
	}
	b.t.Fatalf("%s: %s not reached with %d presses of Tab", b.path(), sel, max)
}

// clearFocused empties the focused text field with the keyboard.
func (b *browser) clearFocused() {
	b.t.Helper()
	n := len([]rune(browsertest.Focused(b.t, b.ctx).Value))
	b.run(chromedp.KeyEvent(kb.End))
	for range n {
		b.run(chromedp.KeyEvent(kb.Backspace))
	}
	if v := browsertest.Focused(b.t, b.ctx).Value; v != "" {
		b.t.Fatalf("field not emptied by Backspace: %q", v)
	}
}

// skipLink checks that the first Tab on a fresh page reaches the skip link
// and that Enter on it moves the focus to the main content.
func (b *browser) skipLink() {
	b.t.Helper()
	b.run(browsertest.Tab(1))
	b.focusVisible(b.path() + ", eerste Tab")
	if f := browsertest.Focused(b.t, b.ctx); f.Text != "Naar de inhoud" || f.Tag != "a" {
		b.t.Fatalf("%s: first Tab focuses <%s> %q, want the skip link", b.path(), f.Tag, f.Text)
	}
	b.run(browsertest.Enter())
	b.waitFocus("inhoud")
}

// waitFocus waits (up to the browser's timeout) for the element with id to
// get focus, then checks it is visible. Focus moves by same-page navigation
// need no page load, so there is nothing else to wait for.
func (b *browser) waitFocus(id string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	var ok bool
	err := chromedp.Run(ctx, chromedp.Poll(fmt.Sprintf(`document.activeElement && document.activeElement.id === %q`, id), &ok,
		chromedp.WithPollingInterval(20*time.Millisecond)))
	if err != nil || !ok {
		f := browsertest.Focused(b.t, b.ctx)
		b.t.Fatalf("%s: focus on <%s id=%q> %q, want #%s", b.path(), f.Tag, f.ID, f.Text, id)
	}
	b.focusVisible(b.path() + " #" + id)
}

// TestE2EKeyboardOnly does the whole flow with the keyboard alone: skip
// link, sign-in, search, profile, edit with an error reached through the
// error summary, and saving with Enter.
func TestE2EKeyboardOnly(t *testing.T) {
	b := newBrowser(t)
	e := b.employer(1)
	term := b.searchTerm(e)
	profile := "/werkgevers/" + strconv.FormatInt(e.ID, 10)

	// Sign in: skip link, then the form by Tab, typing and Enter.
	b.open("/inloggen", 200)
	b.skipLink()
	b.tabTo("#f-email", 3)
	b.run(browsertest.TypeKeys(apptest.Coordinator))
	b.tabTo("#f-wachtwoord", 1)
	b.run(browsertest.TypeKeys(apptest.DemoPassword))
	if st := b.load(browsertest.Enter()); st != 200 || b.path() != "/werkgevers" {
		t.Fatalf("sign in by keyboard: status %d at %s", st, b.path())
	}

	// Search from the list: skip link, search field, Enter.
	b.skipLink()
	b.tabTo("#f-q", 3)
	b.run(browsertest.TypeKeys(term))
	if st := b.load(browsertest.Enter()); st != 200 || !strings.Contains(b.path(), "q="+term) {
		t.Fatalf("search by keyboard: status %d at %s", st, b.path())
	}

	// Open the profile and its edit form.
	b.tabTo(fmt.Sprintf(`table a[href=%q]`, profile), 60)
	if st := b.load(browsertest.Enter()); st != 200 || b.path() != profile {
		t.Fatalf("open profile by keyboard: status %d at %s", st, b.path())
	}
	b.skipLink()
	b.tabTo(fmt.Sprintf(`a[href=%q]`, profile+"/bewerken"), 10)
	if st := b.load(browsertest.Enter()); st != 200 || b.path() != profile+"/bewerken" {
		t.Fatalf("open edit form by keyboard: status %d at %s", st, b.path())
	}

	// A wrong postcode, submitted with Enter.
	b.skipLink()
	b.tabTo("#f-postcode", 30)
	b.clearFocused()
	b.run(browsertest.TypeKeys("0000 XX"))
	if st := b.load(browsertest.Enter()); st != 422 {
		t.Fatalf("invalid postcode by keyboard: status %d, want 422", st)
	}

	// Through the error summary to the field.
	b.tabTo(`.error-summary a[href="#f-postcode"]`, 30)
	b.run(browsertest.Enter())
	b.waitFocus("f-postcode")
	if v := browsertest.Focused(t, b.ctx).Value; v != "0000 XX" {
		t.Errorf("postcode after the error: %q, want the typed value", v)
	}

	// Correct it and save with Enter.
	pcTyped, pcSaved := otherPostcode(e.Postcode)
	b.clearFocused()
	b.run(browsertest.TypeKeys(pcTyped))
	if st := b.load(browsertest.Enter()); st != 200 || b.path() != profile {
		t.Fatalf("save by keyboard: status %d at %s", st, b.path())
	}
	if got := b.text(".flash"); got != "De wijzigingen zijn opgeslagen." {
		t.Errorf("flash: %q", got)
	}
	if l, ok := b.latestHistory().line("Postcode"); !ok || l.Old != e.Postcode || l.New != pcSaved {
		t.Errorf("history after keyboard save: %+v (found %v), want %s → %s", l, ok, e.Postcode, pcSaved)
	}
}
