package session

import (
	"reflect"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
)

// touchEvery is how far a session's expiry must move before it is written
// again when nothing in it changed. scs commits every request when an idle
// timeout is set, only to push the expiry on: one write and one WAL flush
// per page view. Skipping those makes the idle timeout between
// IdleTimeout-touchEvery and IdleTimeout, which is fine for an hour.
const touchEvery = 5 * time.Minute

// maxRemembered bounds the memory: past it the map starts afresh (the next
// request of each session then writes once more).
const maxRemembered = 20000

// quietStore wraps the session store and leaves out writes that change nothing but a
// few minutes of expiry. It remembers, per token, what this process last
// wrote or read; anything else (another instance's write, a flash message)
// makes the next commit write as before. Safe with several instances: the
// only effect of a skipped write is an expiry at most touchEvery earlier.
type quietStore struct {
	scs.Store
	codec scs.Codec

	mu   sync.Mutex
	seen map[string]written
}

type written struct {
	deadline time.Time
	values   map[string]any
	expiry   time.Time // zero when read, not written: the expiry is unknown
}

func newQuietStore(s scs.Store) *quietStore {
	return &quietStore{Store: s, codec: scs.GobCodec{}, seen: map[string]written{}}
}

func (q *quietStore) Find(token string) ([]byte, bool, error) {
	b, found, err := q.Store.Find(token)
	q.mu.Lock()
	defer q.mu.Unlock()
	w, ok := q.seen[token]
	if err != nil || !found {
		delete(q.seen, token)
		return b, found, err
	}
	if dl, values, derr := q.codec.Decode(b); derr != nil || !ok || !dl.Equal(w.deadline) || !reflect.DeepEqual(values, w.values) {
		// Changed elsewhere or never seen: the stored expiry is unknown.
		q.remember(token, written{deadline: dl, values: values})
	}
	return b, found, err
}

func (q *quietStore) Commit(token string, b []byte, expiry time.Time) error {
	dl, values, err := q.codec.Decode(b)
	if err == nil {
		q.mu.Lock()
		w, ok := q.seen[token]
		q.mu.Unlock()
		if ok && !w.expiry.IsZero() && dl.Equal(w.deadline) && reflect.DeepEqual(values, w.values) &&
			expiry.Sub(w.expiry) < touchEvery {
			return nil
		}
	}
	if err := q.Store.Commit(token, b, expiry); err != nil {
		return err
	}
	if err == nil {
		q.mu.Lock()
		q.remember(token, written{deadline: dl, values: values, expiry: expiry})
		q.mu.Unlock()
	}
	return nil
}

func (q *quietStore) Delete(token string) error {
	q.mu.Lock()
	delete(q.seen, token)
	q.mu.Unlock()
	return q.Store.Delete(token)
}

// remember must be called with q.mu held.
func (q *quietStore) remember(token string, w written) {
	if len(q.seen) >= maxRemembered {
		q.seen = map[string]written{}
	}
	q.seen[token] = w
}
