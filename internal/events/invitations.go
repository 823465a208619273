package events

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/eligible"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/linktoken"
)

const selectInvitation = `SELECT i.id, i.event_id, i.contact_id, c.name, c.email, c.function, ft.name, c.level,
	c.employer_id, em.name, i.status, i.invited_at, i.responded_at, i.waitlisted_at, i.checked_in_at, i.walk_in
	FROM event_invitations i
	JOIN contacts c ON c.id = i.contact_id
	JOIN function_types ft ON ft.code = c.function
	JOIN employers em ON em.id = c.employer_id `

func invitations(ctx context.Context, q db.Querier, where string, args ...any) ([]Invitation, error) {
	rows, err := q.Query(ctx, selectInvitation+`WHERE `+where+` ORDER BY em.name, c.name, i.id`, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Invitation, error) {
		var v Invitation
		err := r.Scan(&v.ID, &v.EventID, &v.ContactID, &v.ContactName, &v.ContactEmail, &v.Function, &v.FunctionName,
			&v.Level, &v.EmployerID, &v.EmployerName, &v.Status, &v.InvitedAt, &v.RespondedAt, &v.WaitlistedAt, &v.CheckedInAt, &v.WalkIn)
		return v, err
	})
}

// Invitations returns the invitations of an event.
func (s *Store) Invitations(ctx context.Context, eventID int64) ([]Invitation, error) {
	return invitations(ctx, s.pool, `i.event_id = $1`, eventID)
}

// RecipientFilter chooses whom to invite among a network's active contacts.
type RecipientFilter struct {
	SubgroupID       int64
	Functions        []string
	Levels           []string
	EmployerStatuses []string
}

// Recipient is a contact who would get an invitation.
type Recipient struct {
	ContactID    int64
	Name         string
	Email        string
	Function     string
	FunctionName string
	Level        string
	EmployerName string
	Invited      bool // already invited: not invited twice
}

// Recipients lists the active contacts with an e-mail address of the
// event's network that match the filter; those already invited are marked.
func (s *Store) Recipients(ctx context.Context, e Event, f RecipientFilter) ([]Recipient, error) {
	rows, err := s.pool.Query(ctx, `SELECT c.id, c.name, c.email, c.function, ft.name, c.level, em.name,
		EXISTS (SELECT 1 FROM event_invitations i WHERE i.event_id = $1 AND i.contact_id = c.id)
		FROM contacts c JOIN employers em ON em.id = c.employer_id JOIN function_types ft ON ft.code = c.function
		WHERE em.network_id = $2 AND c.email <> '' AND `+eligible.ContactOfNetwork("$2")+`
		AND (cardinality($3::text[]) = 0 OR c.function = ANY($3))
		AND (cardinality($4::text[]) = 0 OR c.level = ANY($4))
		AND (cardinality($5::text[]) = 0 OR em.status = ANY($5))
		AND ($6 = 0 OR EXISTS (SELECT 1 FROM subgroup_members m WHERE m.subgroup_id = $6 AND m.contact_id = c.id
			AND (m.left_on IS NULL OR m.left_on > current_date)))
		ORDER BY em.name, c.name LIMIT 2000`,
		e.ID, e.NetworkID, nonNil(f.Functions), nonNil(f.Levels), nonNil(f.EmployerStatuses), f.SubgroupID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Recipient, error) {
		var v Recipient
		return v, r.Scan(&v.ContactID, &v.Name, &v.Email, &v.Function, &v.FunctionName, &v.Level, &v.EmployerName, &v.Invited)
	})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Sender queues the mail of one invitation (with its personal token) in
// the caller's transaction.
type Sender func(tx pgx.Tx, e Event, inv Invitation, token string) error

// Invite invites the given contacts (only those of the event's network with
// an e-mail address who were not invited yet) and queues their mail, all in
// one transaction. It returns how many were invited.
func (s *Store) Invite(ctx context.Context, scope identity.Scope, eventID int64, contactIDs []int64, send Sender) (int, error) {
	n := 0
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockEvent(ctx, tx, eventID); err != nil {
			return err
		}
		e, err := s.get(ctx, tx, scope, eventID)
		if err != nil {
			return err
		}
		if e.Status == Cancelled || e.Past(s.Clock().Now()) {
			return apperr.New(apperr.Conflict, "")
		}
		rows, err := tx.Query(ctx, `SELECT c.id FROM contacts c JOIN employers em ON em.id = c.employer_id
			WHERE c.id = ANY($1) AND em.network_id = $2 AND c.email <> ''
			AND `+eligible.ContactOfNetwork("$2")+`
			AND NOT EXISTS (SELECT 1 FROM event_invitations i WHERE i.event_id = $3 AND i.contact_id = c.id)
			ORDER BY c.id`, contactIDs, e.NetworkID, eventID)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		for _, cid := range ids {
			token, hash := linktoken.New()
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO event_invitations (event_id, contact_id, token_hash, invited_by)
				VALUES ($1, $2, $3, $4) RETURNING id`, eventID, cid, hash, userID(ctx)).Scan(&id); err != nil {
				return err
			}
			invs, err := invitations(ctx, tx, `i.id = $1`, id)
			if err != nil {
				return err
			}
			if err := send(tx, e, invs[0], token); err != nil {
				return err
			}
			n++
		}
		if n == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "event", EntityID: eventID, Action: "uitgenodigd",
			Changes: map[string]audit.Change{"uitnodigingen": {New: strconv.Itoa(n)}}})
	})
	return n, err
}

// ErrClosed is returned for an invitation link of an event that was
// cancelled or is over: the answer page says so.
var ErrClosed = errors.New("event closed for answers")

// ByToken returns the invitation of a link and its event.
func (s *Store) ByToken(ctx context.Context, token string) (Invitation, Event, error) {
	if len(token) != 43 {
		return Invitation{}, Event{}, apperr.ErrNotFound
	}
	invs, err := invitations(ctx, s.pool, `i.token_hash = $1`, linktoken.Hash(token))
	if err != nil {
		return Invitation{}, Event{}, err
	}
	if len(invs) == 0 {
		return Invitation{}, Event{}, apperr.ErrNotFound
	}
	e, err := s.get(ctx, s.pool, identity.Scope{All: true}, invs[0].EventID)
	return invs[0], e, err
}

// Answer registers (yes) or cancels (no) an invitation. A full event puts a
// new registration on the waiting list; a cancellation promotes the first
// of the waiting list. The event row is locked, so parallel answers are
// counted one after the other and the event is never overbooked. promoted
// gets the invitations that moved up, for their mail.
func (s *Store) Answer(ctx context.Context, token string, yes bool, promoted func(tx pgx.Tx, e Event, inv Invitation) error) (string, error) {
	inv, _, err := s.ByToken(ctx, token)
	if err != nil {
		return "", err
	}
	var status string
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		status, err = s.answer(ctx, tx, inv, yes, promoted)
		return err
	})
	return status, err
}

// answer is Answer inside the caller's transaction: the waiting-list rules
// of the answer page and of members registering on their own page.
func (s *Store) answer(ctx context.Context, tx pgx.Tx, inv Invitation, yes bool, promoted func(tx pgx.Tx, e Event, inv Invitation) error) (string, error) {
	var status string
	err := func() error {
		if err := lockEvent(ctx, tx, inv.EventID); err != nil {
			return err
		}
		e, err := s.get(ctx, tx, identity.Scope{All: true}, inv.EventID)
		if err != nil {
			return err
		}
		if e.Status == Cancelled || e.Past(s.Clock().Now()) {
			return ErrClosed
		}
		if err := tx.QueryRow(ctx, `SELECT status FROM event_invitations WHERE id = $1`, inv.ID).Scan(&status); err != nil {
			return err
		}
		next := Declined
		switch {
		case !yes:
		case status == Registered || status == Waitlisted:
			next = status // answering yes again changes nothing
		case e.Full():
			next = Waitlisted
		default:
			next = Registered
		}
		if _, err := tx.Exec(ctx, `UPDATE event_invitations SET status = $2, responded_at = now(),
			waitlisted_at = CASE WHEN $2 = 'wachtlijst' THEN coalesce(waitlisted_at, now()) END WHERE id = $1`,
			inv.ID, next); err != nil {
			return err
		}
		wasRegistered := status == Registered
		status = next
		if !wasRegistered || next != Declined {
			return nil
		}
		up, err := promote(ctx, tx, inv.EventID)
		if err != nil {
			return err
		}
		for _, p := range up {
			if promoted == nil {
				break
			}
			if err := promoted(tx, e, p); err != nil {
				return err
			}
		}
		return nil
	}()
	return status, err
}

// promote moves people from the waiting list to registered while there is
// room, first come first served; the caller holds the event's lock.
func promote(ctx context.Context, tx pgx.Tx, eventID int64) ([]Invitation, error) {
	rows, err := tx.Query(ctx, `WITH room AS (
			SELECT CASE WHEN e.capacity IS NULL THEN 1000000
				ELSE e.capacity - (SELECT count(*) FROM event_invitations i WHERE i.event_id = e.id AND i.status IN ('aangemeld', 'aanwezig')) END AS n
			FROM events e WHERE e.id = $1),
		next AS (
			SELECT id FROM event_invitations WHERE event_id = $1 AND status = 'wachtlijst'
			ORDER BY waitlisted_at, id LIMIT greatest((SELECT n FROM room), 0))
		UPDATE event_invitations SET status = 'aangemeld' WHERE id IN (SELECT id FROM next) RETURNING id`, eventID)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	return invitations(ctx, tx, `i.id = ANY($1)`, ids)
}

// Mark records a contact present or absent at the check-in.
func (s *Store) Mark(ctx context.Context, scope identity.Scope, eventID, invitationID int64, present bool) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockEvent(ctx, tx, eventID); err != nil {
			return err
		}
		if _, err := s.get(ctx, tx, scope, eventID); err != nil {
			return err
		}
		status := Absent
		if present {
			status = Present
		}
		tag, err := tx.Exec(ctx, `UPDATE event_invitations SET status = $3,
			checked_in_at = CASE WHEN $3 = 'aanwezig' THEN coalesce(checked_in_at, now()) END
			WHERE id = $1 AND event_id = $2`, invitationID, eventID, status)
		if err == nil && tag.RowsAffected() == 0 {
			return apperr.ErrNotFound
		}
		return err
	})
}

// WalkIn records a contact of the network who came without registering.
func (s *Store) WalkIn(ctx context.Context, scope identity.Scope, eventID, contactID int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockEvent(ctx, tx, eventID); err != nil {
			return err
		}
		e, err := s.get(ctx, tx, scope, eventID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO event_invitations (event_id, contact_id, status, checked_in_at, walk_in, invited_by)
			SELECT $1, c.id, 'aanwezig', now(), true, $4 FROM contacts c JOIN employers em ON em.id = c.employer_id
			WHERE c.id = $2 AND em.network_id = $3 AND `+eligible.ContactOfNetwork("$3")+`
			ON CONFLICT (event_id, contact_id) DO UPDATE SET status = 'aanwezig',
				checked_in_at = coalesce(event_invitations.checked_in_at, now())`,
			eventID, contactID, e.NetworkID, userID(ctx))
		if err == nil && tag.RowsAffected() == 0 {
			return apperr.New(apperr.Invalid, "")
		}
		return err
	})
}

// CloseAttendance ends the check-in: whoever registered and did not come is
// absent (a no-show), and the attendance rate (present / registered) is
// recorded on the event.
func (s *Store) CloseAttendance(ctx context.Context, scope identity.Scope, eventID int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockEvent(ctx, tx, eventID); err != nil {
			return err
		}
		e, err := s.get(ctx, tx, scope, eventID)
		if err != nil {
			return err
		}
		if !e.Past(s.Clock().Now()) || e.Status == Cancelled {
			return apperr.New(apperr.Conflict, "")
		}
		if _, err := tx.Exec(ctx, `UPDATE event_invitations SET status = 'afwezig'
			WHERE event_id = $1 AND status = 'aangemeld'`, eventID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE events SET attendance_closed_at = now(), version = version + 1,
			attendance_rate = (SELECT CASE WHEN count(*) = 0 THEN NULL
				ELSE (count(*) FILTER (WHERE status = 'aanwezig'))::numeric / count(*) END
				FROM event_invitations WHERE event_id = $1 AND status IN ('aanwezig', 'afwezig'))
			WHERE id = $1`, eventID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "event", EntityID: eventID, Action: "aanwezigheid vastgelegd"})
	})
}
