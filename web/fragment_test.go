package web

import (
	"compress/gzip"
	"context"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5/middleware"
)

// fragmentPage is a page with text around and between two fragments, as a
// dashboard has its layout around the rendered sections.
func fragmentPage(user string, a, b *Fragment) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		fmt.Fprintf(w, "<!doctype html><html><body><header>%s</header><main>", templ.EscapeString(user))
		if err := a.Render(ctx, w); err != nil {
			return err
		}
		io.WriteString(w, "<p>tussen</p>")
		if err := b.Render(ctx, w); err != nil {
			return err
		}
		_, err := io.WriteString(w, "</main><footer>© 2026</footer></body></html>")
		return err
	})
}

// A page with fragments goes out as one gzip stream that any gzip reader
// reads back to exactly the page a client without gzip gets; the compress
// middleware in front passes it on as it is.
func TestRenderSplicesCompressedFragments(t *testing.T) {
	var big strings.Builder
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 6000 { // ~300 kB, over several deflate blocks
		fmt.Fprintf(&big, "<tr><td>Energiecoöperatie %d</td><td>%d</td></tr>\n", i, rng.IntN(1000))
	}
	a := NewFragment([]byte(big.String()))
	b := NewFragment([]byte("<section>klein</section>"))
	const user = "Anna <de Vries>"
	want := "<!doctype html><html><body><header>Anna &lt;de Vries&gt;</header><main>" + big.String() +
		"<p>tussen</p><section>klein</section></main><footer>© 2026</footer></body></html>"
	h := middleware.Compress(5, "text/html")(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Render(w, r, http.StatusOK, fragmentPage(user, a, b))
	}))
	get := func(acceptEncoding string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/dashboard", nil)
		if acceptEncoding != "" {
			r.Header.Set("Accept-Encoding", acceptEncoding)
		}
		h.ServeHTTP(rec, r)
		return rec
	}
	for range 2 { // the second response reuses the compressed fragments
		rec := get("gzip, deflate, br")
		if enc := rec.Header().Get("Content-Encoding"); enc != "gzip" {
			t.Fatalf("Content-Encoding %q", enc)
		}
		if v := rec.Header().Get("Vary"); v != "Accept-Encoding" {
			t.Errorf("Vary %q", v)
		}
		if rec.Body.Len() >= len(want)/3 {
			t.Errorf("%d bytes on the wire for %d", rec.Body.Len(), len(want))
		}
		zr, err := gzip.NewReader(rec.Body) // checks the CRC and the length
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil || string(got) != want {
			t.Fatalf("decompressed page differs (%v, %d bytes for %d)", err, len(got), len(want))
		}
	}
	for _, ae := range []string{"", "identity"} {
		rec := get(ae)
		if enc := rec.Header().Get("Content-Encoding"); enc != "" {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q", ae, enc)
		}
		if rec.Body.String() != want {
			t.Errorf("Accept-Encoding %q: the page differs", ae)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for ae, want := range map[string]bool{
		"gzip": true, "gzip, deflate, br": true, "br;q=1.0, GZIP;q=0.5": true, "deflate, gzip ; q=0.001": true,
		"": false, "br": false, "gzip;q=0": false, "gzip; q=0.0": false, "x-gzip": false,
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", ae)
		if got := acceptsGzip(r); got != want {
			t.Errorf("%q: %v, want %v", ae, got, want)
		}
	}
}

// The combined checksum is the checksum of the concatenation.
func TestCRC32Combine(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 7, 8, 255, 4096, 100_003} {
		a, b := make([]byte, rng.IntN(5000)), make([]byte, n)
		for i := range a {
			a[i] = byte(rng.Uint32())
		}
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		want := crc32.ChecksumIEEE(append(append([]byte{}, a...), b...))
		if got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), len(b)); got != want {
			t.Errorf("len %d: %08x, want %08x", n, got, want)
		}
	}
}
