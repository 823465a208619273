// Package metrics exports the portal's metrics in Prometheus format at
// /metrics: requests per route pattern and status, the database pool, the
// mail queue, the reminder worker's lag, sign-in failures and throttles,
// and the Go runtime. It uses the maintained client, prometheus/client_golang.
//
// Route patterns ("/werkgevers/{id}"), never paths, label the requests:
// paths hold ids and personal-link tokens and would grow without bound.
package metrics

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// registry holds the portal's metrics; the process has one.
var registry = prometheus.NewRegistry()

var (
	requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "portal_http_requests_total",
		Help: "HTTP requests by route pattern, method and status.",
	}, []string{"route", "method", "status"})
	duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "portal_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route pattern and method.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"route", "method"})
	signInFailures = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "portal_signin_failures_total",
		Help: "Sign-ins refused for a wrong e-mail address or password.",
	})
	signInThrottles = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "portal_signin_throttled_total",
		Help: "Sign-ins refused because of too many recent failures.",
	})
)

func init() {
	registry.MustRegister(requests, duration, signInFailures, signInThrottles,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
}

// SignInFailed counts a sign-in refused for a wrong address or password.
func SignInFailed() { signInFailures.Inc() }

// SignInThrottled counts a sign-in refused by the throttle.
func SignInThrottled() { signInThrottles.Inc() }

// Middleware counts and times every request by its chi route pattern. It
// must run inside chi's router (r.Use), so the pattern is known afterwards.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		route := "unmatched"
		if rctx := chi.RouteContext(r.Context()); rctx != nil && rctx.RoutePattern() != "" {
			route = rctx.RoutePattern()
		}
		status := ww.Status()
		if status == 0 {
			status = http.StatusOK
		}
		method := r.Method
		switch method {
		case http.MethodGet, http.MethodHead, http.MethodPost:
		default:
			method = "other" // a label per invented method would grow without bound
		}
		requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
		duration.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
	})
}

// Handler serves the metrics in Prometheus' text format.
func Handler() http.Handler {
	return promhttp.HandlerFor(registry, promhttp.HandlerOpts{Registry: registry})
}

// Protected serves h only to a request with "Authorization: Bearer token";
// others get 404, as if there were nothing.
func Protected(token string, h http.Handler) http.Handler {
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Sources are what the database-backed metrics read on each scrape.
type Sources struct {
	Pool *pgxpool.Pool
	// Outbox returns the number of mails waiting, given up (failed) and
	// the age of the oldest waiting mail that is due.
	Outbox func(context.Context) (waiting, failed int64, oldestDue time.Duration, err error)
	// ReminderLag is how late the most overdue event reminder is (0: none).
	ReminderLag func(context.Context) (time.Duration, error)
	// DashboardLag is how long the most overdue dashboard snapshot has
	// been due for a refresh (0: none).
	DashboardLag func(context.Context) (time.Duration, error)
	// ReadPool is the read replica's pool (DATABASE_READ_URL), if any.
	ReadPool *pgxpool.Pool
}

var (
	dbSources  atomic.Pointer[Sources]
	registerDB sync.Once
)

// RegisterDB adds the pool and queue metrics, read from s; a later call
// replaces s (a test that starts the portal twice).
func RegisterDB(s Sources) error {
	dbSources.Store(&s)
	var err error
	registerDB.Do(func() { err = registry.Register(&dbCollector{}) })
	return err
}
