// Package members is the members' side of the portal (/mijn): contacts of
// member employers sign in with a one-time link mailed to them, see and
// correct their organisation's profile, and propose colleagues. A member is
// never a staff user: members have their own session (see session.go) and
// reach no staff page.
package members

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/linktoken"
	"netwerkportaal/internal/platform/mail"
	"netwerkportaal/internal/platform/nltime"
)

// Source is what the audit trail names as the origin of a member's change.
const Source = "werkgever"

// Sign-in limits: a link is valid a quarter of an hour; an address gets at
// most linksPerAddress mails in a quarter, a client at most linksPerClient
// requests (unknown addresses included, so the limit reveals nothing).
const (
	LinkValidity    = 15 * time.Minute
	linksPerAddress = 3
	linksPerClient  = 20
	throttleWindow  = 15 * time.Minute
)

// ErrThrottled says too many links were asked for.
var ErrThrottled = apperr.New(apperr.Invalid, "U heeft te vaak een inloglink aangevraagd. Wacht een kwartier en probeer het opnieuw.")

// Member is the signed-in contact and the organisation they speak for.
type Member struct {
	ContactID    int64
	Name         string
	Email        string
	EmployerID   int64
	EmployerName string
	NetworkID    int64
	NetworkName  string
}

// Store is the members' data access.
type Store struct {
	nltime.Clocked
	pool *pgxpool.Pool
}

// NewStore returns a store on pool, on the system clock until UseClock.
func NewStore(pool *pgxpool.Pool) *Store {
	return &Store{pool: pool}
}

// eligible is the condition a contact meets to sign in: not erased, not
// ended, with an address, at an employer that is a member (or applied) and
// not erased. Checked at every request, so ending a contact ends its access.
const eligible = `c.erased_at IS NULL AND (c.active_until IS NULL OR c.active_until >= $2::date)
	AND c.email <> '' AND e.erased_at IS NULL AND e.status IN ('aangemeld', 'lid', 'gepauzeerd')`

// RequestLink mails a sign-in link to email when it belongs to a contact
// who may sign in, and does nothing else otherwise: the caller answers the
// same either way. client is the requester's address, for the throttle.
func (s *Store) RequestLink(ctx context.Context, email, client, baseURL string) (failed error) {
	defer apperr.Annotate(&failed, "members: request link")
	now := s.Clock().Now()
	byAddress, byClient := "adres:"+email, "client:"+client
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var perAddress, perClient int
		err := tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE key = $1), count(*) FILTER (WHERE key = $2)
			FROM member_link_requests WHERE key IN ($1, $2) AND at > $3`, byAddress, byClient, now.Add(-throttleWindow)).
			Scan(&perAddress, &perClient)
		if err != nil {
			return err
		}
		if perAddress >= linksPerAddress || perClient >= linksPerClient {
			return ErrThrottled
		}
		if _, err := tx.Exec(ctx, `INSERT INTO member_link_requests (key, at) VALUES ($1, $3), ($2, $3)`, byAddress, byClient, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM member_link_requests WHERE at < $1`, now.Add(-24*time.Hour)); err != nil {
			return err
		}
		// An address shared by two contacts signs in as the oldest one.
		var contactID, employerID, networkID int64
		var name string
		err = tx.QueryRow(ctx, `SELECT c.id, c.name, e.id, e.network_id FROM contacts c JOIN employers e ON e.id = c.employer_id
			WHERE lower(c.email) = $1 AND `+eligible+` ORDER BY c.id LIMIT 1`, email, nltime.DateOf(now)).
			Scan(&contactID, &name, &employerID, &networkID)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		token, hash := linktoken.New()
		if _, err := tx.Exec(ctx, `INSERT INTO member_links (contact_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4)`,
			contactID, hash, now.Add(LinkValidity), now); err != nil {
			return err
		}
		_, err = mail.Enqueue(ctx, tx, mail.Message{
			Kind: "lid_inloglink", NetworkID: networkID, EmployerID: employerID,
			To:      mail.Address{Name: name, Email: email},
			Subject: "Uw inloglink voor Netwerkportaal",
			Text:    linkMail(name, strings.TrimRight(baseURL, "/")+"/mijn/link/"+token),
		})
		return err
	})
}

func linkMail(name, link string) string {
	return fmt.Sprintf("Beste %s,\n\nMet deze link logt u in op de ledenpagina van uw netwerk:\n\n%s\n\n"+
		"De link werkt één keer en is %d minuten geldig. Heeft u niet om deze link gevraagd, dan kunt u deze e-mail negeren.\n",
		name, link, int(LinkValidity.Minutes()))
}

// LinkValid reports whether token opens a link that is unused and not
// expired, and whose network it belongs to (for the page's branding).
func (s *Store) LinkValid(ctx context.Context, token string) (networkID int64, networkName string, ok bool, err error) {
	if !linktoken.Plausible(token) {
		return 0, "", false, nil
	}
	err = s.pool.QueryRow(ctx, `SELECT n.id, n.name FROM member_links l JOIN contacts c ON c.id = l.contact_id
		JOIN employers e ON e.id = c.employer_id JOIN networks n ON n.id = e.network_id
		WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2`,
		linktoken.Hash(token), s.Clock().Now()).Scan(&networkID, &networkName)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, "", false, nil
	}
	return networkID, networkName, err == nil, err
}

// Redeem uses up the link of token and returns its contact, or NotFound for
// a link that is unknown, used, expired, or whose contact may no longer
// sign in. Marking it used and reading it is one statement, so two clicks at
// once cannot both sign in.
func (s *Store) Redeem(ctx context.Context, token string) (m Member, failed error) {
	defer apperr.Annotate(&failed, "members: redeem link")
	if !linktoken.Plausible(token) {
		return m, apperr.ErrNotFound
	}
	now := s.Clock().Now()
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var contactID int64
		err := tx.QueryRow(ctx, `UPDATE member_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
			RETURNING contact_id`, linktoken.Hash(token), now).Scan(&contactID)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.ErrNotFound
		}
		if err != nil {
			return err
		}
		if m, err = s.member(ctx, tx, contactID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Actor: m.Name, Source: Source, Entity: audit.EntityContact,
			EntityID: m.ContactID, Action: SignedIn}) // not in the employer's history: a sign-in changes nothing there
	})
	return m, err
}

// SignedIn is the audit action of a member's sign-in.
const SignedIn = "ingelogd"

// Member returns the contact id's member, or NotFound when the contact may
// no longer sign in.
func (s *Store) Member(ctx context.Context, contactID int64) (Member, error) {
	return s.member(ctx, s.pool, contactID)
}

func (s *Store) member(ctx context.Context, q db.Querier, contactID int64) (m Member, err error) {
	err = q.QueryRow(ctx, `SELECT c.id, c.name, c.email, e.id, e.name, n.id, n.name
		FROM contacts c JOIN employers e ON e.id = c.employer_id JOIN networks n ON n.id = e.network_id
		WHERE c.id = $1 AND `+eligible, contactID, nltime.DateOf(s.Clock().Now())).
		Scan(&m.ContactID, &m.Name, &m.Email, &m.EmployerID, &m.EmployerName, &m.NetworkID, &m.NetworkName)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, apperr.ErrNotFound
	}
	return m, err
}

func itoa(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}
