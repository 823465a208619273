// Package refcache keeps reference data (sectors, regions, size classes,
// maturity levels, functions, tags, themes, commitment kinds) in the
// process, so a page does not read the same lists on every request.
//
// Several instances may run against one database, and any writer may change
// a reference table (the admin screens, an import, a migration, psql). A
// statement trigger on every reference table (migration 00019) bumps
// reference_version and sends NOTIFY reference_changed in the writer's own
// transaction; every instance LISTENs on its own connection and drops its
// copies when told. While the listener is not connected nothing is cached,
// so a lost connection can never leave an instance serving stale lists.
package refcache

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Channel is the NOTIFY channel of migration 00019's trigger.
const Channel = "reference_changed"

// Cache holds loaded values by key. The zero of *Cache (nil) caches
// nothing: Get then always loads.
type Cache struct {
	pool    *pgxpool.Pool
	channel string

	mu        sync.Mutex
	gen       uint64 // bumped on every invalidation
	listening bool
	entries   map[string]entry

	cancel context.CancelFunc
	done   chan struct{}
}

// entry is a cached value and when it was loaded.
type entry struct {
	v  any
	at time.Time
}

// maxEntries bounds a cache keyed per user or per session: when it is
// full it starts afresh rather than growing without end.
const maxEntries = 20000

// New returns a cache of reference lists that starts listening at once;
// Close stops it.
func New(pool *pgxpool.Pool) *Cache {
	return NewOn(pool, Channel)
}

// NewOn returns a cache emptied by every NOTIFY on channel (migration
// 00060's notify_cache_changed triggers send "identity_changed" and
// "navigation_changed").
func NewOn(pool *pgxpool.Pool, channel string) *Cache {
	ctx, cancel := context.WithCancel(context.Background())
	c := &Cache{pool: pool, channel: channel, entries: map[string]entry{}, cancel: cancel, done: make(chan struct{})}
	go c.listen(ctx)
	return c
}

// Close stops listening and empties the cache.
func (c *Cache) Close() {
	if c == nil {
		return
	}
	c.cancel()
	<-c.done
}

// Invalidate drops every cached value.
func (c *Cache) Invalidate() {
	c.mu.Lock()
	c.gen++
	clear(c.entries)
	c.mu.Unlock()
}

func (c *Cache) setListening(on bool) {
	c.mu.Lock()
	c.listening = on
	c.gen++
	clear(c.entries)
	c.mu.Unlock()
}

// Listening reports whether values are being cached (for tests).
func (c *Cache) Listening() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.listening
}

func (c *Cache) listen(ctx context.Context) {
	defer close(c.done)
	for ctx.Err() == nil {
		err := c.listenOnce(ctx)
		c.setListening(false)
		if ctx.Err() != nil {
			return
		}
		slog.Warn("reference cache: listener lost, retrying", "error", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(2 * time.Second):
		}
	}
}

// listenOnce holds its own connection (not one of the pool's) for LISTEN.
func (c *Cache) listenOnce(ctx context.Context) error {
	conn, err := pgx.ConnectConfig(ctx, c.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{c.channel}.Sanitize()); err != nil {
		return err
	}
	// From here on, every change is announced: caching is safe.
	c.setListening(true)
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		c.Invalidate()
	}
}

// Get returns the value under key, loading it with load when it is not
// cached. A value loaded while a change was announced is not kept.
func Get[T any](ctx context.Context, c *Cache, key string, load func(context.Context) (T, error)) (T, error) {
	return GetFresh(ctx, c, key, 0, load)
}

// GetFresh is Get, but a value loaded longer than maxAge ago (0: no
// bound) is loaded again: for values that must also be re-read now and
// then for a reason no NOTIFY announces (a session's last-seen time).
func GetFresh[T any](ctx context.Context, c *Cache, key string, maxAge time.Duration, load func(context.Context) (T, error)) (T, error) {
	if c == nil {
		return load(ctx)
	}
	c.mu.Lock()
	if e, ok := c.entries[key]; ok && (maxAge == 0 || time.Since(e.at) < maxAge) {
		c.mu.Unlock()
		return e.v.(T), nil
	}
	gen, listening := c.gen, c.listening
	c.mu.Unlock()
	at := time.Now()
	v, err := load(ctx)
	if err != nil || !listening {
		return v, err
	}
	c.mu.Lock()
	if c.gen == gen {
		if len(c.entries) >= maxEntries {
			clear(c.entries)
		}
		c.entries[key] = entry{v: v, at: at}
	}
	c.mu.Unlock()
	return v, nil
}
