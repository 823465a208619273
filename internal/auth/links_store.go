package auth

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/mail"
)

// SetupLink returns a new one-time setup token when the portal has no users
// yet (the first start); ok is false once anyone exists.
func (s *Store) SetupLink(ctx context.Context) (token string, ok bool, err error) {
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var empty bool
		if err := tx.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM users)`).Scan(&empty); err != nil || !empty {
			return err
		}
		ok = true
		token, err = issueToken(ctx, tx, purposeSetup, 0, 0, SetupValidity)
		return err
	})
	return token, ok, err
}

// setupState says whether raw opens the setup page.
func (s *Store) setupState(ctx context.Context, raw string) (linkState, error) {
	l, err := lookupToken(ctx, s.pool, raw, purposeSetup)
	if err != nil || l.State != linkValid {
		return l.State, err
	}
	var empty bool
	err = s.pool.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM users)`).Scan(&empty)
	if !empty {
		return linkUsed, err
	}
	return linkValid, err
}

// completeSetup creates the first beheerder through the setup link, once:
// the link's row and a transaction-wide lock serialise parallel posts.
func (s *Store) completeSetup(ctx context.Context, raw, name, email, hash string) (*identity.User, linkState, error) {
	var u *identity.User
	state := linkValid
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return err
		}
		l, err := lookupToken(ctx, tx, raw, purposeSetup)
		if err != nil {
			return err
		}
		var empty bool
		if err := tx.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM users)`).Scan(&empty); err != nil {
			return err
		}
		if state = l.State; state == linkValid && !empty {
			state = linkUsed
		}
		if state != linkValid {
			return nil
		}
		u = &identity.User{Email: email, Name: name, Role: identity.Beheerder}
		if err := tx.QueryRow(ctx, `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, 'beheerder', $3) RETURNING id`,
			email, name, hash).Scan(&u.ID); err != nil {
			return err
		}
		if err := useToken(ctx, tx, l.ID); err != nil {
			return err
		}
		return audit.Record(identity.With(ctx, u), tx, audit.Entry{Entity: "user", EntityID: u.ID, Action: audit.Created,
			Source: "inrichting", Changes: map[string]audit.Change{"email": {New: email}, "rol": {New: identity.Beheerder}}})
	})
	return u, state, err
}

// passwordLink finds an invitation or reset link without using it.
func (s *Store) passwordLink(ctx context.Context, raw string) (tokenLink, error) {
	return lookupToken(ctx, s.pool, raw, purposeInvite, purposeReset)
}

// setPasswordByLink sets the password of the link's user and uses the link;
// every session of the user ends (a reset is often made because someone
// else may know the old password).
func (s *Store) setPasswordByLink(ctx context.Context, raw, hash string) (tokenLink, error) {
	var l tokenLink
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if l, err = lookupToken(ctx, tx, raw, purposeInvite, purposeReset); err != nil || l.State != linkValid {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2, password_set = true WHERE id = $1`, l.UserID, hash); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM user_sessions WHERE user_id = $1`, l.UserID); err != nil {
			return err
		}
		if err := useToken(ctx, tx, l.ID); err != nil {
			return err
		}
		action := "wachtwoord ingesteld"
		if l.Purpose == purposeReset {
			action = "wachtwoord hersteld"
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: l.UserID, Action: action, Actor: l.Name})
	})
	return l, err
}

// ResetLink makes a password-reset link for the active user with email (for
// `portal user reset-password`); it is not mailed.
func (s *Store) ResetLink(ctx context.Context, email string) (string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var token string
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var id int64
		var active bool
		err := tx.QueryRow(ctx, `SELECT id, active FROM users WHERE email = $1`, email).Scan(&id, &active)
		if err == pgx.ErrNoRows {
			return apperr.New(apperr.NotFound, fmt.Sprintf("er is geen account met e-mailadres %s", email))
		}
		if err != nil {
			return err
		}
		if !active {
			return apperr.New(apperr.Invalid, fmt.Sprintf("het account %s is gedeactiveerd; activeer het eerst", email))
		}
		if token, err = issueToken(ctx, tx, purposeReset, id, 0, ResetValidity); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: id, Action: "herstellink gemaakt", Source: "cli"})
	})
	return token, err
}

// mailReset queues a reset link for email when it names an active account
// with a password; for anyone else it does nothing, and says nothing.
func (s *Store) mailReset(ctx context.Context, email, baseURL string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var id int64
		var name string
		err := tx.QueryRow(ctx, `SELECT id, name FROM users WHERE email = $1 AND active`, email).Scan(&id, &name)
		if err == pgx.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		token, err := issueToken(ctx, tx, purposeReset, id, 0, ResetValidity)
		if err != nil {
			return err
		}
		text := fmt.Sprintf("Beste %s,\n\nIemand (hopelijk u) heeft gevraagd om een nieuw wachtwoord voor het Netwerkportaal. "+
			"Met deze link kiest u een nieuw wachtwoord:\n%s\n\nDe link werkt één uur en één keer. Daarna wordt u overal uitgelogd. "+
			"Heeft u niets gevraagd? Dan kunt u deze mail negeren; uw wachtwoord blijft zoals het is.\n\nNetwerkportaal\n",
			name, baseURL+"/wachtwoord-instellen/"+token)
		if _, err := mail.Enqueue(ctx, tx, mail.Message{Kind: "wachtwoord_herstel", To: mail.Address{Name: name, Email: email},
			Subject: "Nieuw wachtwoord voor het Netwerkportaal", Text: text}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: id, Action: "herstellink gevraagd", Actor: name})
	})
}
