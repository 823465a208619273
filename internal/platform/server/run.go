package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// ErrShuttingDown is the cause of the cancellation of requests still running
// when the grace period of a shutdown has passed.
var ErrShuttingDown = errors.New("the portal is shutting down")

// DefaultShutdownTimeout bounds a shutdown: systemd and container runtimes
// wait 10 s or more before they kill.
const DefaultShutdownTimeout = 10 * time.Second

// Serve serves srv on ln until ctx is done, then shuts down within bound:
// it stops accepting connections and lets running requests finish for most
// of bound; what still runs then (a long import) sees its context
// cancelled with ErrShuttingDown, rolls back and answers so (see
// web.Fail), and gets the rest of bound to do that. Connections still open
// after bound are closed. A shutdown is not an error: it returns nil.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, bound time.Duration) error {
	if bound <= 0 {
		bound = DefaultShutdownTimeout
	}
	base, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	srv.BaseContext = func(net.Listener) context.Context { return base }
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	start := time.Now()
	slog.Info("shutting down: no new connections; waiting for running requests", "bound", bound)
	grace := bound * 7 / 10
	gctx, gcancel := context.WithTimeout(context.Background(), grace)
	err := srv.Shutdown(gctx)
	gcancel()
	if errors.Is(err, context.DeadlineExceeded) {
		slog.Warn("shutting down: cancelling requests still running", "after", time.Since(start).Round(time.Millisecond))
		cancel(ErrShuttingDown)
		rctx, rcancel := context.WithTimeout(context.Background(), bound-grace)
		err = srv.Shutdown(rctx)
		rcancel()
		if err != nil {
			slog.Warn("shutting down: closing connections of requests that did not end", "err", err)
			srv.Close()
		}
	}
	<-errc // http.ErrServerClosed
	slog.Info("shut down", "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// ShuttingDown reports whether r was cancelled by a shutdown: the error
// page then says so (web.Fail).
func ShuttingDown(r *http.Request) bool {
	return errors.Is(context.Cause(r.Context()), ErrShuttingDown)
}
