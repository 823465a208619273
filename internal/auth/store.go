// Package auth signs users in and out, keeps their sessions, throttles
// password guessing and creates accounts. It puts the signed-in user into the
// request context (package identity) for every other package to check.
package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/refcache"
	"netwerkportaal/internal/platform/validate"
)

// Store is the auth package's SQL.
type Store struct {
	pool       *pgxpool.Pool
	throttle   throttleStore
	identities *refcache.Cache // nil: no cache
	sealer     totpSealer      // two-step secrets at rest; zero: no TOTP_KEY
	nltime.Clocked
}

// UseTOTPKey sets the key (TOTP_KEY) that encrypts two-step secrets; nil
// leaves two-step sign-in unavailable to switch on.
func (s *Store) UseTOTPKey(key []byte) error {
	var err error
	s.sealer, err = newTOTPSealer(key)
	return err
}

// TwoStepAvailable says whether two-step sign-in can be switched on (a
// TOTP_KEY is set).
func (s *Store) TwoStepAvailable() bool { return s.sealer.ok() }

// NewStore returns a store on pool with the default throttle.
func NewStore(pool *pgxpool.Pool) *Store { return NewStoreWith(pool, DefaultThrottle) }

// NewStoreWith returns a store on pool with throttle t (tests use short
// delays).
func NewStoreWith(pool *pgxpool.Pool, t Throttle) *Store {
	return &Store{pool: pool, throttle: throttleStore{pool: pool, t: t}}
}

type credentials struct {
	ID           int64
	PasswordHash string
	Active       bool
	PasswordSet  bool
}

func (s *Store) credentials(ctx context.Context, email string) (credentials, error) {
	var c credentials
	err := s.pool.QueryRow(ctx, `SELECT id, password_hash, active, password_set FROM users WHERE email = $1`, email).
		Scan(&c.ID, &c.PasswordHash, &c.Active, &c.PasswordSet)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, apperr.ErrNotFound
	}
	return c, err
}

// Identity loads an active user with their networks (every network for a
// beheerder).
func (s *Store) Identity(ctx context.Context, id int64) (*identity.User, error) {
	u, _, err := scanIdentity(s.pool.QueryRow(ctx, `SELECT false, `+identityColumns+`
		FROM users u `+identityNetworks+`
		WHERE u.id = $1
		GROUP BY u.id`, id), id)
	return u, err
}

// identityColumns and identityNetworks read the user with their networks
// in one round trip (scanIdentity).
const (
	identityColumns = `u.email, u.name, u.role, u.active,
			coalesce(array_agg(n.id ORDER BY n.name) FILTER (WHERE n.id IS NOT NULL), '{}'),
			coalesce(array_agg(n.name ORDER BY n.name) FILTER (WHERE n.id IS NOT NULL), '{}')`
	identityNetworks = `LEFT JOIN networks n ON n.archived_at IS NULL AND (u.role = 'beheerder'
			OR n.id IN (SELECT network_id FROM user_networks WHERE user_id = u.id))`
)

// scanIdentity reads a flag and identityColumns; NotFound when there is no
// row or the user is not active.
func scanIdentity(row pgx.Row, id int64) (*identity.User, bool, error) {
	u := &identity.User{ID: id}
	var flag, active bool
	var ids []int64
	var names []string
	err := row.Scan(&flag, &u.Email, &u.Name, &u.Role, &active, &ids, &names)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !active) {
		return nil, false, apperr.ErrNotFound
	}
	if err != nil {
		return nil, false, err
	}
	u.Networks = make([]identity.Network, len(ids))
	for i := range ids {
		u.Networks[i] = identity.Network{ID: ids[i], Name: names[i]}
	}
	return u, flag, nil
}

// sessionIdentity loads the user of a browser session: NotFound when the
// user is gone or deactivated, or the session was ended (signed out
// elsewhere, password changed). last_seen_at is written at most once a
// minute.
//
// With a cache (UseIdentityCache) the answer is kept in the process: every
// change to users, their networks or networks, and every ended session,
// empties it on every instance (migration 00060). It is read again at least
// once a minute anyway, which keeps last_seen_at moving.
func (s *Store) sessionIdentity(ctx context.Context, userID, sessionID int64) (*identity.User, error) {
	key := fmt.Sprintf("%d/%d", userID, sessionID)
	u, err := refcache.GetFresh(ctx, s.identities, key, time.Minute, func(ctx context.Context) (*identity.User, error) {
		return s.loadSessionIdentity(ctx, userID, sessionID)
	})
	if err != nil {
		return nil, err
	}
	// Every request gets its own copy: nothing a handler does to it can
	// reach another request.
	c := *u
	c.Networks = slices.Clone(u.Networks)
	return &c, nil
}

// loadSessionIdentity reads the session's row and the user with their
// networks in one round trip.
func (s *Store) loadSessionIdentity(ctx context.Context, userID, sessionID int64) (*identity.User, error) {
	u, stale, err := scanIdentity(s.pool.QueryRow(ctx, `SELECT s.last_seen_at < now() - interval '1 minute', `+identityColumns+`
		FROM user_sessions s JOIN users u ON u.id = s.user_id `+identityNetworks+`
		WHERE s.id = $1 AND s.user_id = $2
		GROUP BY s.id, u.id`, sessionID, userID), userID)
	if err != nil {
		return nil, err
	}
	if stale {
		if _, err := s.pool.Exec(ctx, `UPDATE user_sessions SET last_seen_at = now() WHERE id = $1`, sessionID); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// UseIdentityCache keeps signed-in users in c (refcache.NewOn with
// IdentityChannel); nil reads them on every request.
func (s *Store) UseIdentityCache(c *refcache.Cache) { s.identities = c }

// IdentityChannel is the NOTIFY channel of migration 00060's triggers on
// users, user_networks, networks and user_sessions.
const IdentityChannel = "identity_changed"

// signIn records a successful sign-in: the throttle forgets the failures,
// the time is noted, a browser session row is made (its id returned) and
// the sign-in is written to the audit trail.
func (s *Store) signIn(ctx context.Context, u *identity.User, account, client, userAgent string) (int64, error) {
	var sid int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := s.throttle.succeeded(ctx, tx, account, client); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET last_login_at = now() WHERE id = $1`, u.ID); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO user_sessions (user_id, user_agent, address) VALUES ($1, $2, $3) RETURNING id`,
			u.ID, truncate(userAgent, 300), truncate(client, 64)).Scan(&sid); err != nil {
			return err
		}
		return audit.Record(identity.With(ctx, u), tx, audit.Entry{Entity: "user", EntityID: u.ID, Action: "ingelogd",
			Changes: map[string]audit.Change{"adres": {New: client}}})
	})
	return sid, err
}

// failedSignIn writes a wrong password for an existing account to its
// audit trail.
func (s *Store) failedSignIn(ctx context.Context, userID int64, client string) error {
	return audit.Record(ctx, s.pool, audit.Entry{Entity: "user", EntityID: userID, Action: "inloggen mislukt",
		Actor: "onbekend", Changes: map[string]audit.Change{"adres": {New: client}}})
}

// endSession removes one browser session of a user (sign-out).
func (s *Store) endSession(ctx context.Context, userID, sessionID int64) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM user_sessions WHERE id = $1 AND user_id = $2`, sessionID, userID)
	return err
}

func truncate(s string, n int) string {
	r := []rune(strings.ToValidUTF8(s, ""))
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

// NewUser is an account to create.
type NewUser struct {
	Email    string
	Name     string
	Role     string
	Networks []string // network names
	Password string
}

// CreateUser creates an account with a hashed password and its networks.
func (s *Store) CreateUser(ctx context.Context, nu NewUser) (int64, error) {
	nu.Email = strings.ToLower(strings.TrimSpace(nu.Email))
	if err := validateNewUser(nu); err != nil {
		return 0, err
	}
	hash, err := HashPassword(nu.Password)
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
			nu.Email, strings.TrimSpace(nu.Name), nu.Role, hash).Scan(&id)
		if db.IsUniqueViolation(err, "users_email_key") {
			return apperr.New(apperr.Conflict, fmt.Sprintf("er bestaat al een account met e-mailadres %s", nu.Email))
		}
		if err != nil {
			return err
		}
		for _, name := range nu.Networks {
			tag, err := tx.Exec(ctx, `INSERT INTO user_networks (user_id, network_id)
				SELECT $1, id FROM networks WHERE lower(name) = lower($2)`, id, strings.TrimSpace(name))
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				return apperr.New(apperr.Invalid, fmt.Sprintf("netwerk %q bestaat niet", name))
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: id, Action: audit.Created, Source: "cli",
			Changes: map[string]audit.Change{"email": {New: nu.Email}, "rol": {New: nu.Role}, "netwerken": {New: strings.Join(nu.Networks, ", ")}}})
	})
	return id, err
}

func validateNewUser(nu NewUser) error {
	var problems []string
	if !validate.Email(nu.Email) {
		problems = append(problems, "een geldig e-mailadres is verplicht")
	}
	if strings.TrimSpace(nu.Name) == "" {
		problems = append(problems, "een naam is verplicht")
	}
	switch nu.Role {
	case identity.Beheerder, identity.Coordinator, identity.Bestuur:
	default:
		problems = append(problems, "de rol moet beheerder, coordinator of bestuur zijn")
	}
	if nu.Role != identity.Beheerder && len(nu.Networks) == 0 {
		problems = append(problems, "een coördinator of bestuurslid hoort bij minstens één netwerk")
	}
	if p := PasswordProblem(context.Background(), nu.Password, nu.Email); p != "" {
		problems = append(problems, strings.ToLower(p[:1])+strings.TrimSuffix(p[1:], "."))
	}
	if len(problems) > 0 {
		return apperr.New(apperr.Invalid, strings.Join(problems, "; "))
	}
	return nil
}

// newSession makes a browser session row for a user signed in by a link.
func (s *Store) newSession(ctx context.Context, userID int64, client, userAgent string) (int64, error) {
	var sid int64
	err := s.pool.QueryRow(ctx, `INSERT INTO user_sessions (user_id, user_agent, address) VALUES ($1, $2, $3) RETURNING id`,
		userID, truncate(userAgent, 300), truncate(client, 64)).Scan(&sid)
	return sid, err
}
