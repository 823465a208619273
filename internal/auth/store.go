// Package auth signs users in and out, keeps their sessions, throttles
// password guessing and creates accounts. It puts the signed-in user into the
// request context (package identity) for every other package to check.
package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/validate"
)

// Throttling: after this many failed sign-ins within the window an account,
// or an address, must wait. The address limit is higher because several
// people may share one office address.
const (
	throttleWindow     = 15 * time.Minute
	maxAccountFailures = 5
	maxAddressFailures = 20
)

// Store is the auth package's SQL.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

type credentials struct {
	ID           int64
	PasswordHash string
	Active       bool
}

func (s *Store) credentials(ctx context.Context, email string) (credentials, error) {
	var c credentials
	err := s.pool.QueryRow(ctx, `SELECT id, password_hash, active FROM users WHERE email = $1`, email).
		Scan(&c.ID, &c.PasswordHash, &c.Active)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, apperr.ErrNotFound
	}
	return c, err
}

// Identity loads an active user with their networks (every network for a
// beheerder).
func (s *Store) Identity(ctx context.Context, id int64) (*identity.User, error) {
	u := &identity.User{ID: id}
	var active bool
	var ids []int64
	var names []string
	// One round trip per request: the user with their networks.
	err := s.pool.QueryRow(ctx, `SELECT u.email, u.name, u.role, u.active,
			coalesce(array_agg(n.id ORDER BY n.name) FILTER (WHERE n.id IS NOT NULL), '{}'),
			coalesce(array_agg(n.name ORDER BY n.name) FILTER (WHERE n.id IS NOT NULL), '{}')
		FROM users u
		LEFT JOIN networks n ON u.role = 'beheerder'
			OR n.id IN (SELECT network_id FROM user_networks WHERE user_id = u.id)
		WHERE u.id = $1
		GROUP BY u.id`, id).Scan(&u.Email, &u.Name, &u.Role, &active, &ids, &names)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !active) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	u.Networks = make([]identity.Network, len(ids))
	for i := range ids {
		u.Networks[i] = identity.Network{ID: ids[i], Name: names[i]}
	}
	return u, nil
}

// throttled reports whether any of the keys has too many recent failures.
func (s *Store) throttled(ctx context.Context, account, address string) (bool, error) {
	var acct, addr int
	err := s.pool.QueryRow(ctx, `SELECT
		count(*) FILTER (WHERE key = $1), count(*) FILTER (WHERE key = $2)
		FROM login_failures WHERE key IN ($1, $2) AND at > now() - make_interval(secs => $3)`,
		account, address, throttleWindow.Seconds()).Scan(&acct, &addr)
	return acct >= maxAccountFailures || addr >= maxAddressFailures, err
}

func (s *Store) recordFailure(ctx context.Context, account, address string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO login_failures (key) VALUES ($1), ($2)`, account, address); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM login_failures WHERE at < now() - interval '1 day'`)
		return err
	})
}

// signedIn clears the account's failures, notes the time and writes the
// sign-in to the audit trail.
func (s *Store) signedIn(ctx context.Context, u *identity.User, account string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM login_failures WHERE key = $1`, account); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET last_login_at = now() WHERE id = $1`, u.ID); err != nil {
			return err
		}
		return audit.Record(identity.With(ctx, u), tx, audit.Entry{Entity: "user", EntityID: u.ID, Action: "ingelogd"})
	})
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
	if len(nu.Password) < 12 {
		problems = append(problems, "het wachtwoord moet minstens 12 tekens hebben")
	}
	if len(problems) > 0 {
		return apperr.New(apperr.Invalid, strings.Join(problems, "; "))
	}
	return nil
}
