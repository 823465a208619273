package dashboard

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Snapshot timing: a view older than maxAge is recomputed by the worker,
// so a change shows within maxAge plus one worker interval (under a
// minute); one not looked at for forgetAfter is left to go stale and
// deleted after a day.
const (
	maxAge         = 45 * time.Second
	RefreshEvery   = 10 * time.Second
	forgetAfter    = 10 * time.Minute
	staleFallback  = 3 * time.Minute // no worker running: compute on view
	touchEvery     = 30 * time.Second
	refreshPerTurn = 8
)

// snapshotKey names a selection: its networks, its period and the day
// (the running quarter's figures are read "as of today").
func snapshotKey(sc Scope) string {
	ids := slices.Clone(sc.Networks)
	slices.Sort(ids)
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, id)
	}
	return fmt.Sprintf("%s|%d|%s", b.String(), sc.Quarters, sc.Today().Format("2006-01-02"))
}

// Snapshot returns the figures of sc from its latest snapshot, and when
// they were computed. Without a recent snapshot it computes them now (the
// first view of a selection, or no worker running) and stores them.
func (s *Store) Snapshot(ctx context.Context, sc Scope) (*Data, time.Time, error) {
	key := snapshotKey(sc)
	// One small round trip per view: when the current snapshot was
	// computed (the database is the truth, whichever instance refreshed
	// it), and at most every touchEvery a mark that it was looked at, so
	// the worker keeps it fresh. The mark skips a row the worker holds
	// locked while it recomputes it (seconds, for a director's networks):
	// waiting for it made every view of that selection wait, and the
	// worker's refresh is the mark's point anyway; a later view marks it.
	var at time.Time
	err := s.pool.QueryRow(ctx, `WITH touch AS (
			UPDATE dashboard_snapshots SET requested_at = now()
			WHERE key = (SELECT key FROM dashboard_snapshots
				WHERE key = $1 AND requested_at < now() - make_interval(secs => $2) FOR UPDATE SKIP LOCKED))
		SELECT computed_at FROM dashboard_snapshots
		WHERE key = $1 AND computed_at > now() - make_interval(secs => $3)`,
		key, touchEvery.Seconds(), staleFallback.Seconds()).Scan(&at)
	if errors.Is(err, pgx.ErrNoRows) {
		return s.compute(ctx, key, sc)
	}
	if err != nil {
		return nil, time.Time{}, err
	}
	if held, heldAt := s.snaps.get(key); held != nil && heldAt.Equal(at) {
		return withScope(held, sc), at, nil
	}
	d, dAt, err := s.readSnapshot(ctx, key, at)
	if errors.Is(err, pgx.ErrNoRows) || errors.Is(err, errUnreadable) {
		return s.compute(ctx, key, sc)
	}
	if err != nil {
		return nil, time.Time{}, err
	}
	return withScope(d, sc), dAt, nil
}

var errUnreadable = errors.New("dashboard snapshot unreadable")

// readSnapshot transfers and decodes the snapshot of key, at least as
// recent as at, once in this process however many views ask for it at
// once: a national director's is 1.9 MB and decodes to several, and every
// view that saw a new version read and decoded its own copy, all at the
// same moment after each refresh (issue 12). Views that saw the same
// version share one read; it returns the version the database holds when
// the read starts (that one, or a newer one).
func (s *Store) readSnapshot(ctx context.Context, key string, at time.Time) (*Data, time.Time, error) {
	type read struct {
		d  *Data
		at time.Time
	}
	v, err, _ := s.reads.Do(key+"|"+at.Format(time.RFC3339Nano), func() (any, error) {
		if held, heldAt := s.snaps.get(key); held != nil && heldAt.Equal(at) {
			return read{held, heldAt}, nil // an earlier read brought it
		}
		// The views waiting on this read share it: one of them leaving
		// does not fail the others.
		var blob []byte
		var got time.Time
		err := s.pool.QueryRow(context.WithoutCancel(ctx), `SELECT data, computed_at FROM dashboard_snapshots
			WHERE key = $1`, key).Scan(&blob, &got)
		if err != nil {
			return nil, err
		}
		d, err := decodeData(blob)
		if err != nil {
			slog.Warn("dashboard snapshot unreadable, recomputing", "key", key, "error", err)
			return nil, errUnreadable
		}
		s.snaps.put(key, d, got)
		return read{d, got}, nil
	})
	if err != nil {
		return nil, time.Time{}, err
	}
	r := v.(read)
	return r.d, r.at, nil
}

// withScope returns a copy of the shared snapshot data with the caller's
// scope; the figures themselves are only read.
func withScope(d *Data, sc Scope) *Data {
	c := *d
	c.Scope = sc
	return &c
}

// heldSnapshots keeps the decoded snapshots this process read last, so a
// view of an unchanged snapshot transfers and decodes nothing. Which
// version is current is always asked of the database.
type heldSnapshots struct {
	mu sync.Mutex
	m  map[string]heldSnapshot
}

type heldSnapshot struct {
	data *Data
	at   time.Time
}

// maxHeld bounds the memory: a national director's snapshot decodes to a
// few megabytes.
const maxHeld = 32

func (h *heldSnapshots) get(key string) (*Data, time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	e := h.m[key]
	return e.data, e.at
}

func (h *heldSnapshots) put(key string, d *Data, at time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.m == nil || len(h.m) >= maxHeld {
		h.m = map[string]heldSnapshot{}
	}
	h.m[key] = heldSnapshot{data: d, at: at}
}

// compute loads every figure and stores the snapshot.
func (s *Store) compute(ctx context.Context, key string, sc Scope) (*Data, time.Time, error) {
	d, err := s.Load(ctx, sc)
	if err != nil {
		return nil, time.Time{}, err
	}
	blob, err := encodeData(d)
	if err != nil {
		return nil, time.Time{}, err
	}
	var at time.Time
	err = s.pool.QueryRow(ctx, `INSERT INTO dashboard_snapshots (key, networks, quarters, data, computed_at, requested_at)
		VALUES ($1, $2, $3, $4, now(), now())
		ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, computed_at = EXCLUDED.computed_at,
			requested_at = EXCLUDED.requested_at
		RETURNING computed_at`, key, sc.Networks, sc.Quarters, blob).Scan(&at)
	return d, at, err
}

// Refresh recomputes the snapshots that were looked at recently and are
// older than maxAge, oldest first, and deletes those nobody looked at for a
// day. Each is claimed with FOR UPDATE SKIP LOCKED inside its own
// transaction, so instances running Refresh at once share the work and
// never compute one twice. It returns how many it recomputed.
func (s *Store) Refresh(ctx context.Context, now func() time.Time) (int, error) {
	if _, err := s.pool.Exec(ctx, `DELETE FROM dashboard_snapshots WHERE requested_at < now() - interval '1 day'`); err != nil {
		return 0, err
	}
	done := 0
	for done < refreshPerTurn {
		ok, err := s.refreshOne(ctx, now)
		if err != nil || !ok {
			return done, err
		}
		done++
	}
	return done, nil
}

func (s *Store) refreshOne(ctx context.Context, now func() time.Time) (bool, error) {
	found := false
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var key string
		var sc Scope
		err := tx.QueryRow(ctx, `SELECT key, networks, quarters FROM dashboard_snapshots
			WHERE computed_at < now() - make_interval(secs => $1) AND requested_at > now() - make_interval(secs => $2)
			ORDER BY computed_at LIMIT 1 FOR UPDATE SKIP LOCKED`, maxAge.Seconds(), forgetAfter.Seconds()).
			Scan(&key, &sc.Networks, &sc.Quarters)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		sc.Now = now()
		if snapshotKey(sc) != key {
			// A new day: the selection's key moved on; this one is done.
			_, err := tx.Exec(ctx, `UPDATE dashboard_snapshots SET requested_at = '-infinity' WHERE key = $1`, key)
			return err
		}
		d, err := s.Load(ctx, sc)
		if err != nil {
			return err
		}
		blob, err := encodeData(d)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE dashboard_snapshots SET data = $2, computed_at = now() WHERE key = $1`, key, blob)
		return err
	})
	return found, err
}

// RunRefresher calls Refresh every RefreshEvery until ctx ends.
func (s *Store) RunRefresher(ctx context.Context) {
	t := time.NewTicker(RefreshEvery)
	defer t.Stop()
	for {
		if _, err := s.Refresh(ctx, s.Clock().Now); err != nil && ctx.Err() == nil {
			slog.Warn("dashboard refresh", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// gob keeps every field and type exactly (times, nil slices aside), and
// decodes several times faster than JSON.
func encodeData(d *Data) ([]byte, error) {
	var b bytes.Buffer
	err := gob.NewEncoder(&b).Encode(d)
	return b.Bytes(), err
}

func decodeData(b []byte) (*Data, error) {
	d := &Data{}
	err := gob.NewDecoder(bytes.NewReader(b)).Decode(d)
	return d, err
}

// RefreshLag is how long the most overdue snapshot has been due for a
// refresh: looked at within forgetAfter, computed longer than maxAge ago
// (0 when none is). A refresher that keeps up holds it under about
// RefreshEvery plus one computation; a growing value means the refresher
// falls behind or no instance runs it. The metrics read it; it reads the
// main pool, where the snapshots are written.
func RefreshLag(ctx context.Context, pool *pgxpool.Pool) (time.Duration, error) {
	var secs float64
	err := pool.QueryRow(ctx, `SELECT coalesce(extract(epoch FROM now() - make_interval(secs => $1) - min(computed_at)), 0)
		FROM dashboard_snapshots
		WHERE computed_at < now() - make_interval(secs => $1) AND requested_at > now() - make_interval(secs => $2)`,
		maxAge.Seconds(), forgetAfter.Seconds()).Scan(&secs)
	return time.Duration(secs * float64(time.Second)), err
}
