package web

import (
	"context"
	"fmt"
	"net/http"

	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/refcache"
)

// NavigationChannel is the NOTIFY channel of migration 00060's triggers on
// the tables the navigation counts read (intakes, follow-ups, referrals,
// employers).
const NavigationChannel = "navigation_changed"

// CacheNavCounts keeps the navigation counts that earlier middleware set
// (WithNavCounter under keys) in c, per user, their networks and the day:
// a signed-in page then reads them from the database only after a change.
// Every write to a table they count empties c on every instance (refcache,
// migration 00060), so a count is never older than the notification's
// trip. A nil c changes nothing.
func CacheNavCounts(c *refcache.Cache, keys ...string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if c == nil {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := r.Context()
			u := identity.From(ctx)
			if u == nil {
				next.ServeHTTP(w, r)
				return
			}
			who := fmt.Sprintf("%d/%v/%s", u.ID, identity.ScopeOf(u), nltime.Today().Format("2006-01-02"))
			for _, key := range keys {
				lc, _ := ctx.Value(navCountKey{key}).(*lazyCount)
				if lc == nil {
					continue
				}
				count, cacheKey := lc.f, key+"/"+who
				ctx = WithNavCounter(ctx, key, func(ctx context.Context) (int, error) {
					return refcache.Get(ctx, c, cacheKey, count)
				})
			}
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}
