package main

import (
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// defaultMemLimit is the soft memory limit when GOMEMLIMIT is not set and
// no container limit is found: the garbage collector works harder near it
// instead of letting the heap grow.
const defaultMemLimit = 1 << 30

// setMemoryLimit applies a soft memory limit unless GOMEMLIMIT (which the Go
// runtime reads itself) is set: 80 % of the container's limit (cgroup v2
// memory.max) when there is one, else 1 GiB.
func setMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	limit := int64(defaultMemLimit)
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 {
			limit = n / 10 * 8
		}
	}
	debug.SetMemoryLimit(limit)
	slog.Debug("memory limit", "bytes", limit)
}
