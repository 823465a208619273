package apptest

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"netwerkportaal/internal/platform/export"
)

// CSV checks that res is a CSV download as the portal sends them (200, the
// CSV content type, a byte order mark so that Excel reads UTF-8, ";"
// between fields) and returns its records.
func CSV(t testing.TB, res *Response) [][]string {
	t.Helper()
	WantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != export.ContentTypeCSV {
		t.Errorf("content type %q", ct)
	}
	body, ok := strings.CutPrefix(res.Body, "\uFEFF")
	if !ok {
		t.Fatal("no byte order mark")
	}
	r := csv.NewReader(strings.NewReader(body))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v", err)
	}
	return recs
}

// Column is the index of the column called name in a download's header
// row, failing the test when there is none.
func Column(t testing.TB, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %v", name, header)
	return -1
}
