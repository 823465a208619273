package app

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Pages go out gzipped (klauspost's encoder, readable by any gzip reader),
// and to a client that does not accept gzip as they are.
func TestCompressGzipsPages(t *testing.T) {
	page := strings.Repeat("<tr><td>Energiecoöperatie Korenschoof</td></tr>\n", 400)
	h := compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	}))
	for range 3 { // pooled writers are reset between responses
		rec := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/werkgevers", nil)
		r.Header.Set("Accept-Encoding", "gzip, deflate, br")
		h.ServeHTTP(rec, r)
		if enc := rec.Header().Get("Content-Encoding"); enc != "gzip" {
			t.Fatalf("Content-Encoding %q", enc)
		}
		if rec.Body.Len() >= len(page)/4 {
			t.Errorf("%d bytes on the wire for %d", rec.Body.Len(), len(page))
		}
		zr, err := gzip.NewReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil || string(got) != page {
			t.Fatalf("decompressed page differs (%v)", err)
		}
	}
	// A streamed download: many small writes and a flush.
	csv := compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		for i := range 5000 {
			fmt.Fprintf(w, "%d;Bakkerij de Korenschoof;Enschede\n", i)
			if i == 10 {
				w.(http.Flusher).Flush()
			}
		}
	}))
	rec := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/werkgevers/export.csv", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	csv.ServeHTTP(rec, r)
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil || !strings.HasPrefix(string(got), "0;Bakkerij") || !strings.HasSuffix(string(got), "4999;Bakkerij de Korenschoof;Enschede\n") {
		t.Fatalf("streamed CSV differs (%v)", err)
	}
	rec = httptest.NewRecorder()
	r = httptest.NewRequest("GET", "/werkgevers", nil)
	r.Header.Set("Accept-Encoding", "deflate")
	h.ServeHTTP(rec, r)
	if rec.Header().Get("Content-Encoding") != "deflate" || rec.Body.Len() >= len(page)/4 {
		t.Errorf("a deflate-only client: %q, %d bytes", rec.Header().Get("Content-Encoding"), rec.Body.Len())
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/werkgevers", nil))
	if rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != page {
		t.Error("a client without gzip got something else than the page")
	}
}
