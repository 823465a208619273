package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/db"
)

// One-time links. The token (256 bits) is shown once, in the link; only its
// SHA-256 is stored, so a copy of the database opens nothing.
const (
	purposeSetup  = "setup"
	purposeInvite = "uitnodiging"
	purposeReset  = "herstel"

	SetupValidity  = time.Hour
	InviteValidity = 7 * 24 * time.Hour
	ResetValidity  = time.Hour
)

func newToken() (raw string, hash []byte) {
	b := make([]byte, 32)
	rand.Read(b)
	raw = base64.RawURLEncoding.EncodeToString(b)
	return raw, hashToken(raw)
}

func hashToken(raw string) []byte {
	h := sha256.Sum256([]byte(raw))
	return h[:]
}

// issueToken stores a new link for purpose (userID 0: the setup link) and
// returns its token. Earlier unused links of the same user and purpose stop
// working: only the newest invitation or reset counts.
func issueToken(ctx context.Context, q db.Querier, purpose string, userID, createdBy int64, valid time.Duration) (string, error) {
	raw, hash := newToken()
	var uid, by *int64
	if userID != 0 {
		uid = &userID
		if _, err := q.Exec(ctx, `UPDATE auth_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
			userID, purpose); err != nil {
			return "", err
		}
	}
	if createdBy != 0 {
		by = &createdBy
	}
	_, err := q.Exec(ctx, `INSERT INTO auth_tokens (purpose, user_id, token_hash, expires_at, created_by)
		VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5)`, purpose, uid, hash, valid.Seconds(), by)
	if err != nil {
		return "", err
	}
	return raw, nil
}

// linkState is why a link does or does not work.
type linkState int

const (
	linkValid linkState = iota
	linkUnknown
	linkExpired
	linkUsed
	linkInactive // the user was deactivated
)

// tokenLink is a stored link as found by its token.
type tokenLink struct {
	ID        int64
	Purpose   string
	UserID    int64
	Email     string
	Name      string
	ExpiresAt time.Time
	State     linkState
}

// lookupToken finds the link of raw for one of purposes, locking it when q is
// a transaction (FOR UPDATE), so it is used once however many tabs post.
func lookupToken(ctx context.Context, q db.Querier, raw string, purposes ...string) (tokenLink, error) {
	var l tokenLink
	if len(raw) != 43 {
		l.State = linkUnknown
		return l, nil
	}
	var used, expired bool
	var active *bool
	err := q.QueryRow(ctx, `SELECT t.id, t.purpose, coalesce(t.user_id, 0), coalesce(u.email, ''), coalesce(u.name, ''),
			t.expires_at, t.used_at IS NOT NULL, t.expires_at <= now(), u.active
		FROM auth_tokens t LEFT JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.purpose = ANY($2)
		FOR UPDATE OF t`, hashToken(raw), purposes).
		Scan(&l.ID, &l.Purpose, &l.UserID, &l.Email, &l.Name, &l.ExpiresAt, &used, &expired, &active)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		l.State = linkUnknown
		return l, nil
	case err != nil:
		return l, err
	case used:
		l.State = linkUsed
	case expired:
		l.State = linkExpired
	case active != nil && !*active:
		l.State = linkInactive
	}
	return l, nil
}

func useToken(ctx context.Context, tx pgx.Tx, id int64) error {
	_, err := tx.Exec(ctx, `UPDATE auth_tokens SET used_at = now() WHERE id = $1`, id)
	return err
}
