package dashboard

import (
	"context"
	"time"
)

// SetClock makes h answer as if it were now, for tests with known answers.
func SetClock(h *Handler, now func() time.Time) { h.clock = now }

// TimeLoaders runs every query of the page in Load's transaction and
// returns the fastest of runs for each, in page order.
func TimeLoaders(s *Store, sc Scope, runs int) []time.Duration {
	out := make([]time.Duration, len(allLoaders))
	for range runs {
		s.readOnly(context.Background(), func(ctx context.Context) error {
			d := &Data{Scope: sc}
			for i, l := range allLoaders {
				start := time.Now()
				l(ctx, s, d)
				if el := time.Since(start); out[i] == 0 || el < out[i] {
					out[i] = el
				}
			}
			return nil
		})
	}
	return out
}
