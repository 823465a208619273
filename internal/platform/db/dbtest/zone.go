package dbtest

import (
	"time"

	"netwerkportaal/internal/platform/nltime"
)

// Tests write "today" with time.Now().Format, and the portal reads dates as
// the Dutch calendar date (nltime, and the pool's session zone). On a machine
// in UTC the two differ between midnight and 01:00 in the Netherlands, so
// every test that uses a database runs with the Dutch zone as its local one.
func init() { time.Local = nltime.Amsterdam }
