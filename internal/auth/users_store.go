package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/mail"
)

// Account is a user as the beheerder manages it.
type Account struct {
	ID            int64
	Email         string
	Name          string
	Role          string
	Active        bool
	PasswordSet   bool
	LastLoginAt   *time.Time
	NetworkIDs    []int64
	Networks      []string
	InviteExpires *time.Time // the pending invitation's end, if any
}

const accountSelect = `SELECT u.id, u.email, u.name, u.role, u.active, u.password_set, u.last_login_at,
		coalesce(array_agg(n.id ORDER BY n.name) FILTER (WHERE n.id IS NOT NULL), '{}'),
		coalesce(array_agg(n.name ORDER BY n.name) FILTER (WHERE n.id IS NOT NULL), '{}'),
		(SELECT max(t.expires_at) FROM auth_tokens t WHERE t.user_id = u.id AND t.purpose = 'uitnodiging' AND t.used_at IS NULL)
	FROM users u LEFT JOIN user_networks un ON un.user_id = u.id LEFT JOIN networks n ON n.id = un.network_id`

// Accounts lists every user, active ones first.
func (s *Store) Accounts(ctx context.Context) ([]Account, error) {
	rows, err := s.pool.Query(ctx, accountSelect+` GROUP BY u.id ORDER BY NOT u.active, lower(u.name)`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Account])
}

// Account returns one user.
func (s *Store) Account(ctx context.Context, id int64) (Account, error) {
	rows, err := s.pool.Query(ctx, accountSelect+` WHERE u.id = $1 GROUP BY u.id`, id)
	if err != nil {
		return Account{}, err
	}
	a, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Account])
	if errors.Is(err, pgx.ErrNoRows) {
		return a, apperr.ErrNotFound
	}
	return a, err
}

// NetworkChoice is a network a user can be given.
type NetworkChoice struct {
	ID   int64
	Name string
}

// OpenNetworks lists the networks that are not archived.
func (s *Store) OpenNetworks(ctx context.Context) ([]NetworkChoice, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name FROM networks WHERE archived_at IS NULL ORDER BY name`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[NetworkChoice])
}

// AccountInput is what the user form sets.
type AccountInput struct {
	Name       string
	Email      string // only when inviting
	Role       string
	NetworkIDs []int64
}

var (
	errEmailTaken    = apperr.New(apperr.Conflict, "Er is al een account met dit e-mailadres.")
	errLastBeheerder = apperr.New(apperr.Conflict, "Dit is de laatste actieve beheerder. Maak eerst iemand anders beheerder.")
)

// Invite creates an account without a password and mails it a link (7
// days, single use) to choose one.
func (s *Store) Invite(ctx context.Context, in AccountInput, baseURL string) (int64, error) {
	// An unusable password: nobody knows it, and password_set = false
	// refuses sign-in anyway.
	hash, err := HashPasswordCtx(ctx, GeneratePassword()+GeneratePassword())
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO users (email, name, role, password_hash, password_set) VALUES ($1, $2, $3, $4, false) RETURNING id`,
			in.Email, in.Name, in.Role, hash).Scan(&id)
		if db.IsUniqueViolation(err, "users_email_key") {
			return errEmailTaken
		}
		if err != nil {
			return err
		}
		names, err := setNetworks(ctx, tx, id, in.NetworkIDs)
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: id, Action: "uitgenodigd",
			Changes: map[string]audit.Change{"naam": {New: in.Name}, "email": {New: in.Email}, "rol": {New: in.Role}, "netwerken": {New: names}}}); err != nil {
			return err
		}
		return mailInvite(ctx, tx, id, in.Name, in.Email, in.Role, names, baseURL)
	})
	return id, err
}

// ResendInvite replaces the pending invitation of a user who has not set a
// password yet with a new link.
func (s *Store) ResendInvite(ctx context.Context, id int64, baseURL string) error {
	a, err := s.Account(ctx, id)
	if err != nil {
		return err
	}
	if a.PasswordSet || !a.Active {
		return apperr.New(apperr.Conflict, "Deze gebruiker heeft al een wachtwoord of is gedeactiveerd; een uitnodiging is niet nodig.")
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: id, Action: "uitnodiging opnieuw verstuurd"}); err != nil {
			return err
		}
		return mailInvite(ctx, tx, id, a.Name, a.Email, a.Role, strings.Join(a.Networks, ", "), baseURL)
	})
}

func mailInvite(ctx context.Context, tx pgx.Tx, id int64, name, email, role, networks, baseURL string) error {
	var by int64
	inviter := "De beheerder"
	if u := identity.From(ctx); u != nil {
		by, inviter = u.ID, u.Name
	}
	token, err := issueToken(ctx, tx, purposeInvite, id, by, InviteValidity)
	if err != nil {
		return err
	}
	what := roleLabel(role)
	if networks != "" {
		what += " van " + networks
	}
	text := fmt.Sprintf("Beste %s,\n\n%s heeft u uitgenodigd voor het Netwerkportaal, als %s.\n\n"+
		"Kies met deze link uw wachtwoord:\n%s\n\nDe link werkt 7 dagen en één keer. Daarna logt u in op %s/inloggen met uw e-mailadres %s.\n\nNetwerkportaal\n",
		name, inviter, what, baseURL+"/wachtwoord-instellen/"+token, baseURL, email)
	_, err = mail.Enqueue(ctx, tx, mail.Message{Kind: "account_uitnodiging", To: mail.Address{Name: name, Email: email},
		Subject: "Uitnodiging voor het Netwerkportaal", Text: text})
	return err
}

func roleLabel(role string) string {
	return (&identity.User{Role: role}).RoleLabel()
}

// setNetworks replaces a user's networks; it returns their names.
func setNetworks(ctx context.Context, tx pgx.Tx, userID int64, ids []int64) (string, error) {
	if _, err := tx.Exec(ctx, `DELETE FROM user_networks WHERE user_id = $1`, userID); err != nil {
		return "", err
	}
	tag, err := tx.Exec(ctx, `INSERT INTO user_networks (user_id, network_id)
		SELECT $1, id FROM networks WHERE id = ANY($2) AND archived_at IS NULL`, userID, ids)
	if err != nil {
		return "", err
	}
	if int(tag.RowsAffected()) != len(ids) {
		return "", apperr.New(apperr.Invalid, "Een gekozen netwerk bestaat niet (meer).")
	}
	var names string
	err = tx.QueryRow(ctx, `SELECT coalesce(string_agg(n.name, ', ' ORDER BY n.name), '') FROM user_networks un
		JOIN networks n ON n.id = un.network_id WHERE un.user_id = $1`, userID).Scan(&names)
	return names, err
}

// lockBeheerders locks the active beheerders and says whether someone other
// than id is one, so the last cannot be demoted or deactivated, also not by
// two beheerders at the same moment.
func otherBeheerder(ctx context.Context, tx pgx.Tx, id int64) (bool, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM users WHERE role = 'beheerder' AND active ORDER BY id FOR UPDATE`)
	if err != nil {
		return false, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return slices.ContainsFunc(ids, func(x int64) bool { return x != id }), err
}

// UpdateAccount changes name, role and networks.
func (s *Store) UpdateAccount(ctx context.Context, id int64, in AccountInput) error {
	before, err := s.Account(ctx, id)
	if err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if before.Role == identity.Beheerder && in.Role != identity.Beheerder && before.Active {
			if ok, err := otherBeheerder(ctx, tx, id); err != nil || !ok {
				return cmpErr(err, errLastBeheerder)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET name = $2, role = $3 WHERE id = $1`, id, in.Name, in.Role); err != nil {
			return err
		}
		names, err := setNetworks(ctx, tx, id, in.NetworkIDs)
		if err != nil {
			return err
		}
		changes := audit.Diff(
			map[string]string{"naam": before.Name, "rol": before.Role, "netwerken": strings.Join(before.Networks, ", ")},
			map[string]string{"naam": in.Name, "rol": in.Role, "netwerken": names})
		if len(changes) == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: id, Action: audit.Updated, Changes: changes})
	})
}

func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// SetActive deactivates a user, ending every session at once, or
// reactivates them.
func (s *Store) SetActive(ctx context.Context, id int64, active bool) error {
	a, err := s.Account(ctx, id)
	if err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if !active && a.Role == identity.Beheerder && a.Active {
			if ok, err := otherBeheerder(ctx, tx, id); err != nil || !ok {
				return cmpErr(err, errLastBeheerder)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET active = $2, deactivated_at = CASE WHEN $2 THEN NULL ELSE now() END WHERE id = $1`, id, active); err != nil {
			return err
		}
		action := "geactiveerd"
		if !active {
			action = "gedeactiveerd"
			if _, err := tx.Exec(ctx, `DELETE FROM user_sessions WHERE user_id = $1`, id); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: id, Action: action})
	})
}

func idsString(ids []int64) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.FormatInt(id, 10)
	}
	return out
}
