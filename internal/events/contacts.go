package events

import (
	"context"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
)

// A contact's own view of the events (the members' page, wired in
// internal/app): the upcoming events meant for them, and registering or
// cancelling with the same waiting-list rules as the answer page.

// ContactEvent is an upcoming event with the contact's own status ("" when
// not invited and not registered).
type ContactEvent struct {
	Event  Event
	Status string
}

// meantFor selects the events a contact ($1) may see: planned and still to
// come ($2 = now), of the contact's network, for its function and level
// (an empty audience is everyone), open to all or in a subgroup the contact
// belongs to. An invitation always counts.
const meantFor = `SELECT e.id FROM events e
	JOIN contacts c ON c.id = $1
	JOIN employers em ON em.id = c.employer_id AND em.network_id = e.network_id
	WHERE e.status = 'gepland' AND e.starts_at > $2
	AND ((cardinality(e.audience_functions) = 0 OR c.function = ANY(e.audience_functions))
		AND (cardinality(e.audience_levels) = 0 OR c.level = ANY(e.audience_levels))
		AND (e.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_members sm
			WHERE sm.subgroup_id = e.subgroup_id AND sm.contact_id = c.id AND sm.left_on IS NULL))
		OR EXISTS (SELECT 1 FROM event_invitations i WHERE i.event_id = e.id AND i.contact_id = c.id))`

// ForContact lists the upcoming events meant for a contact, soonest first.
func (s *Store) ForContact(ctx context.Context, contactID int64) (_ []ContactEvent, failed error) {
	defer apperr.Annotate(&failed, "events: for contact %d", contactID)
	rows, err := s.pool.Query(ctx, meantFor+` ORDER BY e.starts_at, e.id LIMIT 50`, contactID, s.Clock().Now())
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, err
	}
	out := make([]ContactEvent, 0, len(ids))
	for _, id := range ids {
		ce, err := s.contactEvent(ctx, s.pool, contactID, id)
		if err != nil {
			return nil, err
		}
		out = append(out, ce)
	}
	return out, nil
}

// ContactEvent returns one event meant for the contact, or NotFound.
func (s *Store) ContactEvent(ctx context.Context, contactID, eventID int64) (ContactEvent, error) {
	var ok bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (`+meantFor+` AND e.id = $3)`, contactID, s.Clock().Now(), eventID).Scan(&ok); err != nil {
		return ContactEvent{}, err
	}
	if !ok {
		return ContactEvent{}, apperr.ErrNotFound
	}
	return s.contactEvent(ctx, s.pool, contactID, eventID)
}

func (s *Store) contactEvent(ctx context.Context, q db.Querier, contactID, eventID int64) (ContactEvent, error) {
	e, err := s.get(ctx, q, identity.Scope{All: true}, eventID)
	if err != nil {
		return ContactEvent{}, err
	}
	ce := ContactEvent{Event: e}
	err = q.QueryRow(ctx, `SELECT coalesce((SELECT status FROM event_invitations WHERE event_id = $1 AND contact_id = $2), '')`,
		eventID, contactID).Scan(&ce.Status)
	return ce, err
}

// AnswerAsContact registers (yes) or cancels a contact for an event meant
// for them, making their invitation when there is none; actor names the
// contact in the audit trail.
func (s *Store) AnswerAsContact(ctx context.Context, contactID, eventID int64, yes bool, actor string,
	promoted func(tx pgx.Tx, e Event, inv Invitation) error) (_ string, failed error) {
	defer apperr.Annotate(&failed, "events: contact %d answers %d", contactID, eventID)
	if _, err := s.ContactEvent(ctx, contactID, eventID); err != nil {
		return "", err
	}
	var status string
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO event_invitations (event_id, contact_id) VALUES ($1, $2)
			ON CONFLICT (event_id, contact_id) DO NOTHING`, eventID, contactID); err != nil {
			return err
		}
		invs, err := invitations(ctx, tx, `i.event_id = $1 AND i.contact_id = $2`, eventID, contactID)
		if err != nil || len(invs) == 0 {
			return apperr.ErrNotFound
		}
		if status, err = s.answer(ctx, tx, invs[0], yes, promoted); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Actor: actor, Source: "werkgever", Entity: audit.EntityEvent,
			EntityID: eventID, EmployerID: invs[0].EmployerID, Action: audit.Updated,
			Changes: map[string]audit.Change{"deelnemer": {New: actor + ": " + status}}})
	})
	return status, err
}

// ContactEvents lists the upcoming events meant for a contact: what the
// members' page shows (wired in internal/app, so members need not know events).
func (h *Handler) ContactEvents(ctx context.Context, contactID int64) ([]ContactEvent, error) {
	return h.store.ForContact(ctx, contactID)
}

// ContactAnswer registers or cancels as the contact; whoever moves up from
// the waiting list gets the same mail as after an answer on the answer page.
func (h *Handler) ContactAnswer(ctx context.Context, contactID, eventID int64, yes bool, actor string) (string, error) {
	return h.store.AnswerAsContact(ctx, contactID, eventID, yes, actor, func(tx pgx.Tx, e Event, inv Invitation) error {
		return h.promotedMail(ctx, tx, e, inv)
	})
}

// ContactICS returns the .ics of an event meant for the contact.
func (h *Handler) ContactICS(ctx context.Context, contactID, eventID int64) ([]byte, error) {
	ce, err := h.store.ContactEvent(ctx, contactID, eventID)
	if err != nil {
		return nil, err
	}
	return EventICS(ce.Event, h.baseURL, MethodPublish)
}
