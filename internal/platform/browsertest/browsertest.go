// Package browsertest is a small harness for end-to-end tests of the portal in
// a real headless Chromium (via chromedp v0.14.2, classic API): start a
// browser per test, drive it with the keyboard, and check pages with axe-core.
//
// Vendored: axe/axe.min.js, axe/LICENSE (MPL-2.0) and axe/LICENSE-3RD-PARTY.txt
// come unmodified from the npm package axe-core@4.14.1 (`npm pack
// axe-core@4.14.1`; sha256 of axe.min.js
// 29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c).
// To upgrade, replace those files and update AxeVersion.
//
// Chromium comes from $CHROMIUM_PATH, else `chromium` on PATH, else
// /usr/bin/chromium. A missing browser fails the test; it never skips.
package browsertest

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// AxeVersion is the version of the embedded axe-core.
const AxeVersion = "4.14.1"

//go:embed axe/axe.min.js
var axeScript string

// Timeout bounds everything one test does in its browser, so a hung browser
// fails the test instead of hanging it.
// Axe checks each page at two widths, so long tests need more than the
// 90 s they had when it checked one.
const Timeout = 300 * time.Second

// axeTags are the rule sets Axe checks.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// chromiumPath finds the browser: $CHROMIUM_PATH, `chromium` on PATH, /usr/bin/chromium.
func chromiumPath() (string, bool) {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
		return p, false
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p, true
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", true
	}
	return "", false
}

// New starts a fresh headless Chromium for this test and returns a chromedp
// context for its first tab. The browser is closed in t.Cleanup; everything
// run on the context fails after Timeout. Console errors, uncaught
// exceptions and browser log errors are forwarded to t.Logf.
func New(t testing.TB) context.Context {
	t.Helper()
	path, ok := chromiumPath()
	if !ok {
		t.Fatalf("Chromium ontbreekt: installeer het met: apt-get install chromium (gezocht: $CHROMIUM_PATH=%q, chromium op PATH, /usr/bin/chromium)", os.Getenv("CHROMIUM_PATH"))
	}

	// Not t.TempDir: Chromium's helper processes may still write into the
	// profile for a moment after the browser exits, which makes t.TempDir's
	// own RemoveAll fail the test. The cleanup below retries instead.
	profile, err := os.MkdirTemp("", "browsertest-profile-")
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}

	timeoutCtx, cancelTimeout := context.WithTimeout(context.Background(), Timeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(timeoutCtx, allocatorOptions(path, profile)...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)

	// t.Logf from a listener goroutine must stop once the test is over.
	var mu sync.Mutex
	done := false
	logf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if !done {
			t.Logf(format, args...)
		}
	}
	t.Cleanup(func() {
		mu.Lock()
		done = true
		mu.Unlock()
		cancelBrowser() // closes the browser and waits for it
		cancelAlloc()
		cancelTimeout()
		removeProfile(t, profile)
	})

	forwardBrowserErrors(ctx, logf)

	start := time.Now()
	if err := chromedp.Run(ctx); err != nil { // launches the browser now
		t.Fatalf("browsertest: Chromium starten (%s): %v", path, err)
	}
	t.Logf("browsertest: Chromium gestart in %s", time.Since(start).Round(time.Millisecond))
	return ctx
}

// allocatorOptions start the Chromium at path headless, in Dutch, with
// the profile folder profile and nothing that reaches out to the network
// by itself.
func allocatorOptions(path, profile string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("lang", "nl-NL"), // Dutch date fields, as the portal's users see them
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
}

// forwardBrowserErrors passes console errors, uncaught exceptions and
// browser log errors of the tab of ctx to logf.
func forwardBrowserErrors(ctx context.Context, logf func(format string, args ...any)) {
	chromedp.ListenTarget(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type != runtime.APITypeError && ev.Type != runtime.APITypeAssert {
				return
			}
			parts := make([]string, 0, len(ev.Args))
			for _, a := range ev.Args {
				if len(a.Value) > 0 {
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			logf("browser console.%s: %s", ev.Type, strings.Join(parts, " "))
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += " " + d.Exception.Description
			}
			logf("browser exception: %s (%s:%d)", msg, d.URL, d.LineNumber+1)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.LevelError && !strings.HasSuffix(ev.Entry.URL, "/favicon.ico") {
				logf("browser log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		}
	})
}

// removeProfile deletes the user-data-dir, retrying while late writers finish.
func removeProfile(t testing.TB, dir string) {
	var err error
	for range 20 {
		if err = os.RemoveAll(dir); err == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("browsertest: profiel %s niet verwijderd: %v", dir, err)
}

// Run runs chromedp actions and fails the test on error.
func Run(t testing.TB, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
}

// Tab presses Tab n times.
func Tab(n int) chromedp.Action { return repeatKey(kb.Tab, n) }

// ShiftTab presses Shift+Tab n times.
func ShiftTab(n int) chromedp.Action {
	return repeatKey(kb.Tab, n, chromedp.KeyModifiers(input.ModifierShift))
}

func repeatKey(key string, n int, opts ...chromedp.KeyOption) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for range n {
			if err := chromedp.KeyEvent(key, opts...).Do(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

// TypeKeys types s into whatever has focus, key by key.
func TypeKeys(s string) chromedp.Action { return chromedp.KeyEvent(s) }

// Enter presses Enter (submits a form from a text field, activates a button or link).
//
// It sends raw-down, char and up as a physical keyboard does: chromedp's
// KeyEvent lets Chromium deliver the second half of the key to an element
// that just received focus (a link that moves focus into a form field would
// then also submit the form).
func Enter() chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		ev := func(t input.KeyType) *input.DispatchKeyEventParams {
			return input.DispatchKeyEvent(t).WithKey("Enter").WithCode("Enter").
				WithWindowsVirtualKeyCode(13).WithNativeVirtualKeyCode(13)
		}
		for _, e := range []*input.DispatchKeyEventParams{
			ev(input.KeyRawDown), ev(input.KeyChar).WithText("\r").WithUnmodifiedText("\r"), ev(input.KeyUp),
		} {
			if err := e.Do(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

// Space presses the space bar (toggles a checkbox, activates a button).
func Space() chromedp.Action { return chromedp.KeyEvent(" ") }

// Element describes the focused element.
type Element struct {
	Tag   string `json:"tag"` // lower case, e.g. "input"; "body" when nothing is focused
	ID    string `json:"id"`
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value string `json:"value"`
	Text  string `json:"text"` // trimmed textContent, at most 80 characters
}

const focusedJS = `(() => {
	const e = document.activeElement;
	if (!e) return {tag: ""};
	return {
		tag: e.tagName.toLowerCase(),
		id: e.id || "",
		name: e.getAttribute("name") || "",
		type: e.getAttribute("type") || "",
		value: typeof e.value === "string" ? e.value : "",
		text: (e.textContent || "").trim().replace(/\s+/g, " ").slice(0, 80),
	};
})()`

// Focused returns the element that has keyboard focus (document.activeElement).
func Focused(t testing.TB, ctx context.Context) Element {
	t.Helper()
	var el Element
	if err := chromedp.Run(ctx, chromedp.Evaluate(focusedJS, &el)); err != nil {
		t.Fatalf("browsertest: focus lezen: %v", err)
	}
	return el
}

// FocusedID returns the id of the focused element ("" if it has none).
func FocusedID(t testing.TB, ctx context.Context) string {
	t.Helper()
	return Focused(t, ctx).ID
}

// Screenshot writes a full-page PNG to $BROWSERTEST_SHOTS/<test>-<name>.png
// for a human to look at. Without BROWSERTEST_SHOTS it does nothing.
func Screenshot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("BROWSERTEST_SHOTS")
	if dir == "" {
		return
	}
	// The clip is the page's full height at the viewport's whole width. A
	// full-page capture lays the page out at that height, where the
	// vertical scrollbar disappears and the page widens by its width;
	// chromedp.FullScreenshot clipped to the width measured with the
	// scrollbar, so at 390 px the right 15 px were cut off (the Menu
	// button, the edges of cards), as if the page overflowed.
	var png []byte
	if err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var size struct {
			W float64 `json:"w"`
			H float64 `json:"h"`
		}
		if err := chromedp.Evaluate(`({w: window.innerWidth, h: document.documentElement.scrollHeight})`, &size).Do(ctx); err != nil {
			return err
		}
		var err error
		png, err = page.CaptureScreenshot().WithFormat(page.CaptureScreenshotFormatPng).WithCaptureBeyondViewport(true).
			WithClip(&page.Viewport{Width: size.W, Height: size.H, Scale: 1}).Do(ctx)
		return err
	})); err != nil {
		t.Errorf("browsertest: screenshot %s: %v", name, err)
		return
	}
	safe := strings.NewReplacer("/", "_", " ", "_", string(filepath.Separator), "_")
	file := filepath.Join(dir, safe.Replace(t.Name())+"-"+safe.Replace(strings.TrimSuffix(name, ".png"))+".png")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Errorf("browsertest: screenshot: %v", err)
		return
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Errorf("browsertest: screenshot: %v", err)
		return
	}
	t.Logf("browsertest: screenshot %s", file)
}

// Violation is one failed axe rule on a page.
type Violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	URL    string `json:"helpUrl"`
	Nodes  []Node `json:"nodes"`
}

// Node is one element that breaks a rule.
type Node struct {
	Target string `json:"target"` // CSS selector(s)
	HTML   string `json:"html"`
}

// maxNodes is how many offending elements per rule Axe prints.
const maxNodes = 3

// CheckWidths are the viewport widths at which Axe checks every page: a
// desktop and the narrowest phone (WCAG 1.4.10 reflow: 320 CSS px).
var CheckWidths = []int64{1280, 320}

// Axe checks the current page against WCAG 2.0/2.1/2.2 A and AA with axe-core
// at each of CheckWidths, and that the page never scrolls sideways there, and
// reports every violation with t.Errorf, prefixed with page. The viewport is
// restored afterwards. It returns the number of violations.
func Axe(t testing.TB, ctx context.Context, page string) int {
	t.Helper()
	var size struct{ W, H int64 }
	if err := chromedp.Run(ctx, chromedp.Evaluate(`({W: window.innerWidth, H: window.innerHeight})`, &size)); err != nil {
		t.Errorf("%s: viewport: %v", page, err)
		return 0
	}
	n := 0
	for _, w := range CheckWidths {
		if err := chromedp.Run(ctx, chromedp.EmulateViewport(w, size.H)); err != nil {
			t.Errorf("%s: viewport %d: %v", page, w, err)
			return n
		}
		n += axeAt(t, ctx, fmt.Sprintf("%s (%d px)", page, w))
		n += NoHorizontalOverflow(t, ctx, fmt.Sprintf("%s (%d px)", page, w))
	}
	// Back to the window's own size, or to the test's emulated one.
	var back struct{ W, H int64 }
	err := chromedp.Run(ctx, emulation.ClearDeviceMetricsOverride(),
		chromedp.Evaluate(`({W: window.innerWidth, H: window.innerHeight})`, &back))
	if err == nil && (back.W != size.W || back.H != size.H) {
		err = chromedp.Run(ctx, chromedp.EmulateViewport(size.W, size.H))
	}
	if err != nil {
		t.Errorf("%s: viewport: %v", page, err)
	}
	return n
}

// NoHorizontalOverflow fails when the page is wider than the viewport, and
// names the elements that stick out (inside a scrolling .table-wrap only
// what escapes it counts). It returns 1 on overflow, else 0.
func NoHorizontalOverflow(t testing.TB, ctx context.Context, page string) int {
	t.Helper()
	var r struct {
		Scroll int      `json:"scroll"`
		Client int      `json:"client"`
		Wide   []string `json:"wide"`
	}
	err := chromedp.Run(ctx, chromedp.Evaluate(`(() => {
		const d = document.documentElement, cw = d.clientWidth;
		const wide = [];
		for (const el of document.body.querySelectorAll("*")) {
			if (el.closest(".table-wrap") && !el.classList.contains("table-wrap") && getComputedStyle(el).position !== "absolute") continue;
			const r = el.getBoundingClientRect();
			if (r.width > 0 && r.right > cw + 0.5 && wide.length < 5) {
				wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().replace(/\s+/g, ".") : "") + " right=" + Math.round(r.right));
			}
		}
		return {scroll: d.scrollWidth, client: cw, wide};
	})()`, &r))
	if err != nil {
		t.Errorf("%s: overflow check: %v", page, err)
		return 0
	}
	if r.Scroll > r.Client {
		t.Errorf("%s: page scrolls sideways (scrollWidth %d > clientWidth %d); too wide: %s",
			page, r.Scroll, r.Client, strings.Join(r.Wide, ", "))
		return 1
	}
	return 0
}

func axeAt(t testing.TB, ctx context.Context, page string) int {
	t.Helper()
	vs, err := axeViolations(ctx)
	if err != nil {
		t.Errorf("%s: axe: %v", page, err)
		return 0
	}
	for _, v := range vs {
		var b strings.Builder
		fmt.Fprintf(&b, "%s: axe %s (%s): %s [%s]", page, v.ID, v.Impact, v.Help, v.URL)
		for i, n := range v.Nodes {
			if i == maxNodes {
				fmt.Fprintf(&b, "\n\t... en nog %d", len(v.Nodes)-maxNodes)
				break
			}
			fmt.Fprintf(&b, "\n\t%s: %s", n.Target, n.HTML)
		}
		t.Errorf("%s", b.String())
	}
	return len(vs)
}

const axeRunJS = `axe.run(document, {runOnly: {type: 'tag', values: %s}}).then(r => r.violations.map(v => ({
	id: v.id,
	impact: v.impact || "",
	help: v.help,
	helpUrl: v.helpUrl,
	nodes: v.nodes.map(n => ({
		target: n.target.map(x => Array.isArray(x) ? x.join(" >>> ") : String(x)).join(", "),
		html: n.html,
	})),
})))`

// axeViolations injects axe-core into the current page (once) and runs it.
func axeViolations(ctx context.Context) ([]Violation, error) {
	var have bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`typeof window.axe !== "undefined"`, &have)); err != nil {
		return nil, fmt.Errorf("inject: %w", err)
	}
	if !have {
		var ok bool
		if err := chromedp.Run(ctx, chromedp.Evaluate(axeScript+"\n;true", &ok)); err != nil {
			return nil, fmt.Errorf("inject: %w", err)
		}
	}
	tags := `['` + strings.Join(axeTags, `','`) + `']`
	vs := []Violation{}
	err := chromedp.Run(ctx, chromedp.Evaluate(fmt.Sprintf(axeRunJS, tags), &vs,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	if err != nil {
		return nil, fmt.Errorf("run: %w", err)
	}
	return vs, nil
}
