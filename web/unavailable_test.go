package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"netwerkportaal/internal/platform/server"
)

// TestFailUnreachableDatabaseIs503: an error that says the database cannot
// be reached is the friendly 503 with Retry-After, not a 500.
func TestFailUnreachableDatabaseIs503(t *testing.T) {
	rec := httptest.NewRecorder()
	Fail(rec, httptest.NewRequest(http.MethodGet, "/werkgevers", nil), fmt.Errorf("list employers: %w", syscall.ECONNREFUSED))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != RetryAfter ||
		!strings.Contains(rec.Body.String(), "Tijdelijk niet beschikbaar") {
		t.Errorf("%d %q %.200s", rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
	}
}

// TestFailDuringShutdownSaysNothingWasSaved: a request cancelled by the
// shutdown gets a page that says so, rendered although its context is done.
func TestFailDuringShutdownSaysNothingWasSaved(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(server.ErrShuttingDown)
	rec := httptest.NewRecorder()
	Fail(rec, httptest.NewRequest(http.MethodPost, "/import/1/importeren", nil).WithContext(ctx), context.Canceled)
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "niets van opgeslagen") ||
		!strings.Contains(rec.Body.String(), `<html lang="nl">`) {
		t.Errorf("%d %.300s", rec.Code, rec.Body.String())
	}
}
