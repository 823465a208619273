package events

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/linktoken"
)

// FeedWindow is how far back a calendar feed reaches: recent events stay
// to look back on, older ones drop out so the feed stays small.
const FeedWindow = 90 * 24 * time.Hour

// maxFeedEvents caps a feed, so one busy network cannot make it huge.
const maxFeedEvents = 2000

// CalendarFeed is whether a network has a calendar feed, and since when.
type CalendarFeed struct {
	Network   identity.Network
	CreatedAt *time.Time // nil: no feed
}

// feeds returns the feed state of each of the networks, in their order.
func (s *Store) feeds(ctx context.Context, networks []identity.Network) ([]CalendarFeed, error) {
	ids := make([]int64, len(networks))
	for i, n := range networks {
		ids[i] = n.ID
	}
	rows, err := s.pool.Query(ctx, `SELECT network_id, created_at FROM network_calendars WHERE network_id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	since := map[int64]time.Time{}
	var id int64
	var at time.Time
	if _, err := pgx.ForEachRow(rows, []any{&id, &at}, func() error {
		since[id] = at
		return nil
	}); err != nil {
		return nil, err
	}
	out := make([]CalendarFeed, len(networks))
	for i, n := range networks {
		out[i].Network = n
		if at, ok := since[n.ID]; ok {
			out[i].CreatedAt = &at
		}
	}
	return out, nil
}

// newFeedToken gives a network a new feed link and returns its token. Only
// the hash is stored, so the link cannot be read back from the database;
// the previous link stops working at once.
func (s *Store) newFeedToken(ctx context.Context, networkID int64) (string, error) {
	token, hash := linktoken.New()
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var renewed bool
		err := tx.QueryRow(ctx, `WITH old AS (SELECT 1 FROM network_calendars WHERE network_id = $1)
			INSERT INTO network_calendars (network_id, token_hash, created_by) VALUES ($1, $2, $3)
			ON CONFLICT (network_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now(),
				created_by = EXCLUDED.created_by
			RETURNING EXISTS (SELECT 1 FROM old)`, networkID, hash, userID(ctx)).Scan(&renewed)
		if err != nil {
			return err
		}
		action := "agenda-link aangemaakt"
		if renewed {
			action = "agenda-link vernieuwd"
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "network_calendar", EntityID: networkID, Action: action})
	})
	return token, err
}

// feedNetwork returns the network whose feed token this is.
func (s *Store) feedNetwork(ctx context.Context, token string) (identity.Network, error) {
	var n identity.Network
	if len(token) != 43 { // a token of linktoken.New; anything else cannot match
		return n, apperr.ErrNotFound
	}
	err := s.pool.QueryRow(ctx, `SELECT n.id, n.name FROM network_calendars c JOIN networks n ON n.id = c.network_id
		WHERE c.token_hash = $1`, linktoken.Hash(token)).Scan(&n.ID, &n.Name)
	if errors.Is(err, pgx.ErrNoRows) {
		return n, apperr.ErrNotFound
	}
	return n, err
}

// feedEvents returns a network's events that start from since on, cancelled
// ones included, soonest first.
func (s *Store) feedEvents(ctx context.Context, networkID int64, since time.Time) ([]Event, error) {
	rows, err := s.pool.Query(ctx, selectEvent+`WHERE e.network_id = $1 AND e.starts_at >= $2`+
		` ORDER BY e.starts_at, e.id LIMIT $3`, networkID, since, maxFeedEvents)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Event, error) { return scanEvent(r) })
}
