package dashboard_test

import (
	"strings"
	"testing"
	"time"

	"netwerkportaal/internal/app"
	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/nltime"
)

// TestTheAppClockReachesTheDashboard: the dashboard tells the date by the
// clock app.Options hands down, not the system clock: a download made on
// a stopped clock is named after that clock's day.
func TestTheAppClockReachesTheDashboard(t *testing.T) {
	t.Parallel()
	env := apptest.NewWith(t, apptest.DemoDB(t), app.Options{Clock: nltime.Fixed(time.Date(2031, 5, 17, 10, 0, 0, 0, time.UTC))})
	res := env.Login(t, apptest.Bestuur).Get("/dashboard/tabel/leden.csv")
	apptest.WantStatus(t, res, 200)
	if got := res.Header.Get("Content-Disposition"); !strings.Contains(got, "-2031-05-17.csv") {
		t.Errorf("Content-Disposition %q, want the stopped clock's day", got)
	}
}
