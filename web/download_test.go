package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"netwerkportaal/internal/platform/export"
)

func sampleTable() export.Table {
	return export.Table{Name: "Werkgevers & contactpersonen", Headers: []string{"Naam", "Plaats"},
		Rows: [][]string{{"Bakkerij De Vries", "Enschede"}, {"=HYPERLINK(\"http://kwaad.example\")", "Zoë Ünal"}}}
}

func TestDownload(t *testing.T) {
	now := time.Date(2026, 3, 9, 23, 30, 0, 0, time.UTC)
	for format, ctype := range map[string]string{"csv": export.ContentTypeCSV, "xlsx": export.ContentTypeXLSX} {
		rec := httptest.NewRecorder()
		Download(rec, httptest.NewRequest(http.MethodGet, "/x", nil), sampleTable(), format, now)
		if rec.Code != 200 {
			t.Fatalf("%s: status %d", format, rec.Code)
		}
		h := rec.Header()
		// 23:30 UTC is already the 10th in Amsterdam.
		want := `attachment; filename="werkgevers-contactpersonen-2026-03-10.` + format + `"`
		if h.Get("Content-Type") != ctype || h.Get("Content-Disposition") != want || h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: headers %v", format, h)
		}
		if rec.Body.Len() == 0 {
			t.Errorf("%s: empty body", format)
		}
	}
	rec := httptest.NewRecorder()
	Download(rec, httptest.NewRequest(http.MethodGet, "/x", nil), sampleTable(), "pdf", time.Time{})
	if rec.Code != http.StatusNotFound {
		t.Errorf("unknown format: status %d", rec.Code)
	}
}
