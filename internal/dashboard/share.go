package dashboard

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
)

// A share link lets a director show the dashboard of their networks at a
// board meeting without an account: read-only, expiring, revocable. The
// token is "<id>.<expiry unix>.<HMAC-SHA256 of id and expiry>", the HMAC
// in base64url with a key kept in app_secrets, so every app instance can
// check it; the row makes it revocable.

// MaxShareDays is the longest a share link may live.
const MaxShareDays = 90

const secretName = "dashboard_share"

// Share is a share link as stored.
type Share struct {
	ID         int64
	NetworkIDs []int64
	Networks   []string // names, for the list
	Label      string
	ExpiresAt  time.Time
	RevokedAt  *time.Time
	CreatedAt  time.Time
}

// Active reports whether the link still works at now.
func (s Share) Active(now time.Time) bool { return s.RevokedAt == nil && now.Before(s.ExpiresAt) }

// ShareAccess is what a valid token opens: its networks as they are now.
type ShareAccess struct {
	Share    Share
	Networks []identity.Network
}

// errGone is a genuine link that no longer works (revoked or expired).
var errGone = errors.New("dashboard share: gone")

// shareKey returns the HMAC key, creating it on first use. INSERT ... ON
// CONFLICT DO NOTHING makes concurrent first uses by several instances
// agree on one key.
func (s *Store) shareKey(ctx context.Context) ([]byte, error) {
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	if s.key != nil {
		return s.key, nil
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, secretName, key); err != nil {
		return nil, err
	}
	if err := s.pool.QueryRow(ctx, `SELECT value FROM app_secrets WHERE name = $1`, secretName).Scan(&key); err != nil {
		return nil, err
	}
	s.key = key
	return key, nil
}

func mac(key []byte, id, exp int64) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(strconv.FormatInt(id, 10) + "." + strconv.FormatInt(exp, 10)))
	return m.Sum(nil)
}

// Token returns the link token of a share.
func (s *Store) Token(ctx context.Context, sh Share) (string, error) {
	key, err := s.shareKey(ctx)
	if err != nil {
		return "", err
	}
	exp := sh.ExpiresAt.Unix()
	return strconv.FormatInt(sh.ID, 10) + "." + strconv.FormatInt(exp, 10) + "." +
		base64.RawURLEncoding.EncodeToString(mac(key, sh.ID, exp)), nil
}

// parseToken splits a token into id, expiry and MAC; only the canonical
// form is accepted.
func parseToken(token string) (id, exp int64, sum []byte, ok bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || len(token) > 200 {
		return 0, 0, nil, false
	}
	id, err1 := strconv.ParseInt(parts[0], 10, 64)
	exp, err2 := strconv.ParseInt(parts[1], 10, 64)
	// Strict: the unused low bits of the last character must be zero, so
	// each MAC has exactly one spelling.
	sum, err3 := base64.RawURLEncoding.Strict().DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || id <= 0 || exp <= 0 ||
		strconv.FormatInt(id, 10) != parts[0] || strconv.FormatInt(exp, 10) != parts[1] {
		return 0, 0, nil, false
	}
	return id, exp, sum, true
}

// OpenShare checks a token: a malformed or forged one is not found (404);
// a genuine one that was revoked or has expired, or whose creator can no
// longer sign in, is gone (410). The networks are those of the share that
// its creator may still read.
func (s *Store) OpenShare(ctx context.Context, token string, now time.Time) (ShareAccess, error) {
	id, exp, sum, ok := parseToken(token)
	if !ok {
		return ShareAccess{}, apperr.ErrNotFound
	}
	key, err := s.shareKey(ctx)
	if err != nil {
		return ShareAccess{}, err
	}
	if !hmac.Equal(sum, mac(key, id, exp)) {
		return ShareAccess{}, apperr.ErrNotFound
	}
	if now.Unix() >= exp {
		return ShareAccess{}, errGone
	}
	var a ShareAccess
	var active bool
	var ids []int64
	var names []string
	err = s.pool.QueryRow(ctx, `SELECT s.id, s.label, s.expires_at, s.revoked_at, s.created_at, u.active,
			ARRAY(SELECT n.id FROM networks n WHERE n.id = ANY(s.network_ids)
				AND (u.role = 'beheerder' OR n.id IN (SELECT network_id FROM user_networks WHERE user_id = u.id)) ORDER BY n.name, n.id),
			ARRAY(SELECT n.name FROM networks n WHERE n.id = ANY(s.network_ids)
				AND (u.role = 'beheerder' OR n.id IN (SELECT network_id FROM user_networks WHERE user_id = u.id)) ORDER BY n.name, n.id)
		FROM dashboard_shares s JOIN users u ON u.id = s.user_id WHERE s.id = $1`, id).
		Scan(&a.Share.ID, &a.Share.Label, &a.Share.ExpiresAt, &a.Share.RevokedAt, &a.Share.CreatedAt, &active, &ids, &names)
	if errors.Is(err, pgx.ErrNoRows) {
		return ShareAccess{}, errGone
	}
	if err != nil {
		return ShareAccess{}, err
	}
	if a.Share.ExpiresAt.Unix() != exp {
		return ShareAccess{}, apperr.ErrNotFound
	}
	if !active || !a.Share.Active(now) {
		return ShareAccess{}, errGone
	}
	a.Share.NetworkIDs = ids
	for i, id := range ids {
		a.Networks = append(a.Networks, identity.Network{ID: id, Name: names[i]})
	}
	return a, nil
}

// CreateShare stores a share link of the given networks for the user in
// ctx, with an audit entry.
func (s *Store) CreateShare(ctx context.Context, userID int64, networks []int64, label string, expires time.Time) (Share, error) {
	sh := Share{NetworkIDs: networks, Label: label, ExpiresAt: expires}
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO dashboard_shares (user_id, network_ids, label, expires_at)
			VALUES ($1, $2, $3, date_trunc('second', $4::timestamptz)) RETURNING id, expires_at, created_at`, userID, networks, label, expires).
			Scan(&sh.ID, &sh.ExpiresAt, &sh.CreatedAt)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "dashboard_share", EntityID: sh.ID, Action: audit.Created,
			Changes: map[string]audit.Change{"label": {New: label}, "expires_at": {New: sh.ExpiresAt.Format(time.RFC3339)}}})
	})
	return sh, err
}

// Shares lists the user's own share links, newest first.
func (s *Store) Shares(ctx context.Context, userID int64) ([]Share, error) {
	rows, err := s.pool.Query(ctx, `SELECT s.id, s.network_ids,
			ARRAY(SELECT n.name FROM networks n WHERE n.id = ANY(s.network_ids) ORDER BY n.name),
			s.label, s.expires_at, s.revoked_at, s.created_at
		FROM dashboard_shares s WHERE s.user_id = $1 ORDER BY s.created_at DESC, s.id DESC`, userID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Share, error) {
		var sh Share
		return sh, r.Scan(&sh.ID, &sh.NetworkIDs, &sh.Networks, &sh.Label, &sh.ExpiresAt, &sh.RevokedAt, &sh.CreatedAt)
	})
}

// RevokeShare revokes one of the user's own links; another user's link is
// not found. Revoking twice changes nothing.
func (s *Store) RevokeShare(ctx context.Context, userID, id int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var revoked *time.Time
		err := tx.QueryRow(ctx, `SELECT revoked_at FROM dashboard_shares WHERE id = $1 AND user_id = $2 FOR UPDATE`, id, userID).Scan(&revoked)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.ErrNotFound
		}
		if err != nil || revoked != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE dashboard_shares SET revoked_at = now() WHERE id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "dashboard_share", EntityID: id, Action: "ingetrokken"})
	})
}
