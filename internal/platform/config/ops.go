package config

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// Ops holds the settings for running the portal in production: pool size,
// shutdown bound and metrics.
type Ops struct {
	// DatabaseMaxConns (DATABASE_MAX_CONNS): the pool's size per
	// instance; 0 takes the db package's default.
	DatabaseMaxConns int32
	// ShutdownTimeout (SHUTDOWN_TIMEOUT, default 10s): how long a stop
	// may take.
	ShutdownTimeout time.Duration
	// MetricsToken (METRICS_TOKEN): /metrics answers only with
	// "Authorization: Bearer <token>". MetricsAddr (METRICS_ADDR): serve
	// /metrics on this separate address instead (an internal port). With
	// neither, /metrics is off.
	MetricsToken, MetricsAddr string
	// PprofAddr (PPROF_ADDR): serve Go's profiler (/debug/pprof/) on this
	// separate address, for a performance engineer on loopback. Off when
	// empty, which is the default: never on a public address.
	PprofAddr string
}

func parseOps(get func(string) string) (Ops, []error) {
	var o Ops
	var errs []error
	if v := strings.TrimSpace(get("DATABASE_MAX_CONNS")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2 || n > 1000 {
			errs = append(errs, fmt.Errorf("DATABASE_MAX_CONNS %q moet een getal van 2 tot en met 1000 zijn", v))
		}
		o.DatabaseMaxConns = int32(n)
	}
	o.ShutdownTimeout = 10 * time.Second
	if v := strings.TrimSpace(get("SHUTDOWN_TIMEOUT")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second || d > 10*time.Minute {
			errs = append(errs, fmt.Errorf("SHUTDOWN_TIMEOUT %q moet een duur zijn van 1s tot 10m, bijvoorbeeld 10s", v))
		}
		o.ShutdownTimeout = d
	}
	o.MetricsToken = strings.TrimSpace(get("METRICS_TOKEN"))
	if o.MetricsToken != "" && len(o.MetricsToken) < 16 {
		errs = append(errs, errors.New("METRICS_TOKEN moet minstens 16 tekens lang zijn"))
	}
	o.MetricsAddr = strings.TrimSpace(get("METRICS_ADDR"))
	if o.MetricsAddr != "" {
		if _, port, err := net.SplitHostPort(o.MetricsAddr); err != nil || !validPort(port) {
			errs = append(errs, fmt.Errorf("METRICS_ADDR %q is geen geldig adres; gebruik bijvoorbeeld 127.0.0.1:9090", o.MetricsAddr))
		}
	}
	o.PprofAddr = strings.TrimSpace(get("PPROF_ADDR"))
	if o.PprofAddr != "" {
		if _, port, err := net.SplitHostPort(o.PprofAddr); err != nil || !validPort(port) {
			errs = append(errs, fmt.Errorf("PPROF_ADDR %q is geen geldig adres; gebruik bijvoorbeeld 127.0.0.1:6060", o.PprofAddr))
		}
	}
	return o, errs
}
