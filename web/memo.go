package web

import (
	"context"
	"sync"
)

// A memo holds what one request loaded, so two parts of one page that need
// the same rows (a profile's summary and its section, say) read them once.
type memo struct {
	mu      sync.Mutex
	entries map[any]*memoEntry
}

type memoEntry struct {
	once sync.Once
	v    any
	err  error
}

type memoKey struct{}

// WithMemo returns ctx with an empty memo for Memo; it lives as long as the
// request's context.
func WithMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoKey{}, &memo{entries: map[any]*memoEntry{}})
}

// Memo returns what load returns, loading it once per key in the memo of
// ctx (WithMemo); without one it loads every time. The value is shared by
// the callers of the same request: treat it as read-only, copy before
// changing it. key should be of a type of the caller's own package.
func Memo[T any](ctx context.Context, key any, load func() (T, error)) (T, error) {
	m, _ := ctx.Value(memoKey{}).(*memo)
	if m == nil {
		return load()
	}
	m.mu.Lock()
	e := m.entries[key]
	if e == nil {
		e = &memoEntry{}
		m.entries[key] = e
	}
	m.mu.Unlock()
	e.once.Do(func() { e.v, e.err = load() })
	v, _ := e.v.(T)
	return v, e.err
}
