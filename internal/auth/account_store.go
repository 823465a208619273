package auth

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
)

// BrowserSession is one signed-in browser of a user.
type BrowserSession struct {
	ID         int64
	UserAgent  string
	Address    string
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// Sessions lists a user's sessions, most recently used first.
func (s *Store) Sessions(ctx context.Context, userID int64) ([]BrowserSession, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, user_agent, address, created_at, last_seen_at FROM user_sessions
		WHERE user_id = $1 ORDER BY last_seen_at DESC, id DESC`, userID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[BrowserSession])
}

// endSessions ends the user's sessions except keep (0: all), with an audit
// entry.
func (s *Store) endSessions(ctx context.Context, userID, keep int64, action string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM user_sessions WHERE user_id = $1 AND id <> $2`, userID, keep)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: userID, Action: action})
	})
}

// changeName sets the user's display name.
func (s *Store) changeName(ctx context.Context, userID int64, old, name string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET name = $2 WHERE id = $1`, userID, name); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: userID, Action: audit.Updated,
			Changes: map[string]audit.Change{"naam": {Old: old, New: name}}})
	})
}

// changePassword sets a new password and ends every other session.
func (s *Store) changePassword(ctx context.Context, userID, keep int64, hash string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2, password_set = true WHERE id = $1`, userID, hash); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM user_sessions WHERE user_id = $1 AND id <> $2`, userID, keep); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: userID, Action: "wachtwoord gewijzigd"})
	})
}

// passwordHash returns the user's current hash.
func (s *Store) passwordHash(ctx context.Context, userID int64) (string, error) {
	var h string
	err := s.pool.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, userID).Scan(&h)
	return h, err
}
