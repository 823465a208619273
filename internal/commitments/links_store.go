package commitments

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/eligible"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/linktoken"
	"netwerkportaal/internal/platform/nltime"
)

// ErrLinkClosed is a link that expired or was revoked: the employer gets a
// page saying so, and nothing else.
var ErrLinkClosed = errors.New("placement link closed")

const linkColumns = `l.id, l.employer_id, e.name, e.network_id, n.name, coalesce(l.contact_id, 0), coalesce(c.name, ''),
	coalesce(c.email, ''), l.expires_at, l.revoked_at, l.created_at
	FROM placement_links l JOIN employers e ON e.id = l.employer_id JOIN networks n ON n.id = e.network_id
	LEFT JOIN contacts c ON c.id = l.contact_id`

func scanLink(row pgx.CollectableRow) (Link, error) {
	var l Link
	err := row.Scan(&l.ID, &l.EmployerID, &l.EmployerName, &l.NetworkID, &l.NetworkName, &l.ContactID, &l.ContactName,
		&l.ContactEmail, &l.ExpiresAt, &l.RevokedAt, &l.CreatedAt)
	return l, err
}

func (s *Store) links(ctx context.Context, q db.Querier, where string, args ...any) ([]Link, error) {
	rows, err := q.Query(ctx, `SELECT `+linkColumns+` WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanLink)
}

// LinkByToken returns the link a token opens. Unknown tokens are NotFound;
// expired or revoked links are ErrLinkClosed.
func (s *Store) LinkByToken(ctx context.Context, token string) (Link, error) {
	if !linktoken.Plausible(token) {
		return Link{}, apperr.ErrNotFound
	}
	ls, err := s.links(ctx, s.pool, `l.token_hash = $1`, linktoken.Hash(token))
	switch {
	case err != nil:
		return Link{}, err
	case len(ls) == 0:
		return Link{}, apperr.ErrNotFound
	case !ls[0].Open(s.Clock().Now()):
		return Link{}, ErrLinkClosed
	}
	return ls[0], nil
}

// linkStillOpen checks, inside the transaction that saves what the link
// brought, that it was not revoked meanwhile; FOR SHARE keeps it so.
func linkStillOpen(ctx context.Context, tx pgx.Tx, id int64) error {
	var open bool
	err := tx.QueryRow(ctx, `SELECT revoked_at IS NULL AND expires_at > now() FROM placement_links WHERE id = $1 FOR SHARE`, id).Scan(&open)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !open) {
		return ErrLinkClosed
	}
	return err
}

// QueueOpenLinks queues an employer's links that still work, newest first,
// on a page's batch (see db.Batch).
func (s *Store) QueueOpenLinks(b *db.Batch, employerID int64) *[]Link {
	return db.Collect(b, scanLink, `SELECT `+linkColumns+` WHERE l.employer_id = $1 AND l.revoked_at IS NULL AND l.expires_at > now()
		ORDER BY l.created_at DESC, l.id DESC`, employerID)
}

// LinkSender writes the mail with the link, in the transaction that makes
// the link: no link without its mail, no mail without its link.
type LinkSender func(tx pgx.Tx, l Link, token string) error

// CreateLink makes a new link for an employer's contact and revokes the
// links made before, so only the newest one works.
func (s *Store) CreateLink(ctx context.Context, employerID, contactID int64, send LinkSender) (_ Link, failed error) {
	defer apperr.Annotate(&failed, "commitments: create placement link for employer %d", employerID)
	var l Link
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE placement_links SET revoked_at = now()
			WHERE employer_id = $1 AND revoked_at IS NULL AND expires_at > now()`, employerID); err != nil {
			return err
		}
		token, hash := linktoken.New()
		var createdBy *int64
		if u := userID(ctx); u != 0 {
			createdBy = &u
		}
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO placement_links (employer_id, contact_id, token_hash, expires_at, created_by)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, employerID, contactID, hash, s.Clock().Now().Add(LinkValidity), createdBy).Scan(&id)
		if err != nil {
			return err
		}
		ls, err := s.links(ctx, tx, `l.id = $1`, id)
		if err != nil {
			return err
		}
		l = ls[0]
		err = audit.Record(ctx, tx, audit.Entry{Entity: "placement_link", EntityID: id, EmployerID: employerID, Action: audit.Created,
			Changes: audit.Diff(nil, map[string]string{"contactpersoon": l.ContactName, "geldig_tot": nltime.FormatDate(l.ExpiresAt.In(nltime.Amsterdam))})})
		if err != nil {
			return err
		}
		return send(tx, l, token)
	})
	return l, err
}

// Link returns a link of an employer the scope may read.
func (s *Store) Link(ctx context.Context, scope identity.Scope, id int64) (Link, error) {
	ls, err := s.links(ctx, s.pool, `l.id = $1 AND ($2 OR e.network_id = ANY($3))`, id, scope.All, scope.Networks)
	if err == nil && len(ls) == 0 {
		err = apperr.ErrNotFound
	}
	if err != nil {
		return Link{}, err
	}
	return ls[0], nil
}

// RevokeLink stops a link of an employer the scope may read from working.
func (s *Store) RevokeLink(ctx context.Context, scope identity.Scope, id int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		ls, err := s.links(ctx, tx, `l.id = $1 AND ($2 OR e.network_id = ANY($3)) FOR UPDATE OF l`, id, scope.All, scope.Networks)
		if err != nil {
			return err
		}
		if len(ls) == 0 {
			return apperr.ErrNotFound
		}
		l := ls[0]
		if !l.Open(s.Clock().Now()) {
			return nil // already closed: nothing to do, nothing to record
		}
		if _, err := tx.Exec(ctx, `UPDATE placement_links SET revoked_at = now() WHERE id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "placement_link", EntityID: id, EmployerID: l.EmployerID, Action: "ingetrokken",
			Changes: map[string]audit.Change{"contactpersoon": {Old: l.ContactName, New: l.ContactName}}})
	})
}

// LinkContact is an active contact of an employer who can get a link.
type LinkContact struct {
	ID    int64
	Name  string
	Email string
}

// LinkContacts returns an employer's active contacts with an e-mail
// address, the primary contact first.
func (s *Store) LinkContacts(ctx context.Context, employerID int64) ([]LinkContact, error) {
	rows, err := s.pool.Query(ctx, `SELECT c.id, c.name, c.email FROM contacts c WHERE c.employer_id = $1 AND c.email <> ''
		AND `+eligible.Contact+`
		ORDER BY c.is_primary DESC, lower(c.name), c.id`, employerID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[LinkContact])
}
