package members

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/session"
)

// Member sessions: their own cookie and their own table, so a member's
// token can never be read as a staff session (and the other way round).
const (
	CookieName      = "np_lid"
	memberIdleLimit = 30 * time.Minute
	memberLifetime  = 8 * time.Hour
	contactKey      = "contact_id"
)

// NewSessions returns the session manager of members.
func NewSessions(pool *pgxpool.Pool, secure bool) *scs.SessionManager {
	sm := scs.New()
	sm.Store = sessionStore{pool}
	sm.IdleTimeout = memberIdleLimit
	sm.Lifetime = memberLifetime
	sm.Cookie.Name = CookieName
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = secure
	sm.Cookie.Path = "/"
	return sm
}

// sessionStore keeps scs sessions in member_sessions, under the SHA-256 of
// their token as the staff's are (session.StoredToken), so a database dump
// holds no usable session. Expired rows are
// removed when a member signs in (see Handler.redeem), so no background
// job is needed.
type sessionStore struct{ pool *pgxpool.Pool }

func (s sessionStore) Find(token string) ([]byte, bool, error) {
	var b []byte
	err := s.pool.QueryRow(context.Background(), `SELECT data FROM member_sessions WHERE token = $1 AND now() < expiry`, session.StoredToken(token)).Scan(&b)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	return b, err == nil, err
}

func (s sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	_, err := s.pool.Exec(context.Background(), `INSERT INTO member_sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry`, session.StoredToken(token), b, expiry)
	return err
}

func (s sessionStore) Delete(token string) error {
	_, err := s.pool.Exec(context.Background(), `DELETE FROM member_sessions WHERE token = $1`, session.StoredToken(token))
	return err
}

func (s sessionStore) deleteExpired(ctx context.Context) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM member_sessions WHERE expiry < now()`)
	return err
}
