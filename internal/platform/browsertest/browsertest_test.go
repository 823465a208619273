package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

const goodPage = `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Aanmelden</title></head>
<body>
<main>
<h1>Aanmelden</h1>
<form method="post" action="/verstuur">
  <label for="naam">Naam</label>
  <input id="naam" name="naam" type="text" autocomplete="name">
  <button id="verstuur" type="submit">Versturen</button>
</form>
</main>
</body>
</html>`

const badPage = `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Fout</title></head>
<body>
<main>
<h1>Fout</h1>
<img src="/logo.png">
<form method="post" action="/verstuur">
  <input id="naam" name="naam" type="text">
  <button type="submit">Versturen</button>
</form>
</main>
</body>
</html>`

// widePage fits 1280 px but not 320 px: a fixed 40rem box.
const widePage = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Breed</title></head>
<body><main><h1>Breed</h1><p id="breed" style="width: 40rem">Een vaste breedte.</p></main></body></html>`

const donePage = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Ontvangen</title></head>
<body><main><h1 id="klaar">Ontvangen</h1></main></body></html>`

// site serves the test pages and records submitted names.
type site struct {
	mu    sync.Mutex
	names []string
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch r.URL.Path {
	case "/goed":
		fmt.Fprint(w, goodPage)
	case "/fout":
		fmt.Fprint(w, badPage)
	case "/breed":
		fmt.Fprint(w, widePage)
	case "/logo.png":
		w.Header().Set("Content-Type", "image/png")
		w.Write(onePixelPNG)
	case "/verstuur":
		if r.Method != http.MethodPost {
			http.Error(w, "alleen POST", http.StatusMethodNotAllowed)
			return
		}
		s.mu.Lock()
		s.names = append(s.names, r.PostFormValue("naam"))
		s.mu.Unlock()
		fmt.Fprint(w, donePage)
	default:
		http.NotFound(w, r)
	}
}

var onePixelPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

func newSite(t *testing.T) (*site, *httptest.Server) {
	s := &site{}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

// recorder captures Errorf/Fatalf instead of failing the real test.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func TestAxe(t *testing.T) {
	_, srv := newSite(t)
	ctx := New(t)

	Run(t, ctx, chromedp.Navigate(srv.URL+"/goed"), chromedp.WaitVisible("#naam", chromedp.ByQuery))
	if n := Axe(t, ctx, "/goed"); n != 0 {
		t.Errorf("/goed: %d schendingen, want 0", n)
	}
	Screenshot(t, ctx, "goed")

	Run(t, ctx, chromedp.Navigate(srv.URL+"/fout"), chromedp.WaitVisible("#naam", chromedp.ByQuery))
	vs, err := axeViolations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, v := range vs {
		ids = append(ids, v.ID)
		if len(v.Nodes) == 0 || v.Impact == "" || v.Help == "" {
			t.Errorf("violation %s incompleet: %+v", v.ID, v)
		}
	}
	t.Logf("/fout: %v", ids)
	for _, want := range []string{"image-alt", "label"} {
		if !slices.Contains(ids, want) {
			t.Errorf("/fout: violations %v, want %q among them", ids, want)
		}
	}

	// Axe itself reports through t.Errorf, with the page name, width, rule
	// and element, once per checked width.
	rec := &recorder{TB: t}
	if n := Axe(rec, ctx, "/fout"); n != len(vs)*len(CheckWidths) {
		t.Errorf("Axe returned %d, want %d", n, len(vs)*len(CheckWidths))
	}
	all := strings.Join(rec.errors, "\n")
	for _, want := range []string{"/fout (1280 px): axe image-alt (critical)", "/fout (320 px): axe label", `<img src="/logo.png">`, "#naam"} {
		if !strings.Contains(all, want) {
			t.Errorf("Axe output lacks %q:\n%s", want, all)
		}
	}
}

// TestAxeChecksReflow: a page that fits a desktop but not a 320 px phone is
// reported, with the element that sticks out, and the viewport is restored.
func TestAxeChecksReflow(t *testing.T) {
	_, srv := newSite(t)
	ctx := New(t)
	Run(t, ctx, chromedp.Navigate(srv.URL+"/breed"), chromedp.WaitVisible("#breed", chromedp.ByQuery))
	rec := &recorder{TB: t}
	if n := Axe(rec, ctx, "/breed"); n != 1 {
		t.Errorf("Axe returned %d, want 1 (the overflow at 320 px): %v", n, rec.errors)
	}
	all := strings.Join(rec.errors, "\n")
	if !strings.Contains(all, "/breed (320 px): page scrolls sideways") || !strings.Contains(all, "p#breed") {
		t.Errorf("overflow report %q", all)
	}
	var w int
	Run(t, ctx, chromedp.Evaluate(`window.innerWidth`, &w))
	if w != 1280 {
		t.Errorf("viewport after Axe: %d px, want 1280 back", w)
	}
}

func TestKeyboard(t *testing.T) {
	s, srv := newSite(t)
	ctx := New(t)

	Run(t, ctx, chromedp.Navigate(srv.URL+"/goed"), chromedp.WaitVisible("#naam", chromedp.ByQuery))
	Run(t, ctx, Tab(1))
	if got := FocusedID(t, ctx); got != "naam" {
		t.Fatalf("after Tab: focus on %+v, want #naam", Focused(t, ctx))
	}
	Run(t, ctx, TypeKeys("Jansen & Zn"))
	if got := Focused(t, ctx).Value; got != "Jansen & Zn" {
		t.Errorf("value after typing = %q", got)
	}
	Run(t, ctx, Tab(1))
	if el := Focused(t, ctx); el.ID != "verstuur" || el.Text != "Versturen" {
		t.Errorf("after second Tab: focus on %+v, want #verstuur", el)
	}
	Run(t, ctx, ShiftTab(1))
	if got := FocusedID(t, ctx); got != "naam" {
		t.Errorf("after Shift+Tab: focus on %q, want naam", got)
	}

	Run(t, ctx, Enter(), chromedp.WaitVisible("#klaar", chromedp.ByQuery))
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Equal(s.names, []string{"Jansen & Zn"}) {
		t.Errorf("server received %q, want [\"Jansen & Zn\"]", s.names)
	}
}

func TestNewWithoutChromiumFails(t *testing.T) {
	t.Setenv("CHROMIUM_PATH", "/bestaat/niet/chromium")
	rec := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		New(rec)
		t.Error("New returned without Chromium")
	}()
	<-done
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "Chromium ontbreekt: installeer het met: apt-get install chromium") {
		t.Errorf("errors = %q", rec.errors)
	}
}
