package app

import (
	"context"

	"netwerkportaal/internal/events"
	"netwerkportaal/internal/members"
)

// memberEvents gives the members' page the events package's view of a
// contact's events, in the members package's own words.
type memberEvents struct{ h *events.Handler }

func (m memberEvents) ContactEvents(ctx context.Context, contactID int64) ([]members.EventItem, error) {
	evs, err := m.h.ContactEvents(ctx, contactID)
	if err != nil {
		return nil, err
	}
	out := make([]members.EventItem, len(evs))
	for i, ce := range evs {
		e := ce.Event
		out[i] = members.EventItem{ID: e.ID, Title: e.Title, Kind: e.Kind, Location: e.Location, Subgroup: e.SubgroupName,
			StartsAt: e.StartsAt, EndsAt: e.EndsAt, Status: ce.Status, Full: e.Full()}
	}
	return out, nil
}

func (m memberEvents) ContactAnswer(ctx context.Context, contactID, eventID int64, yes bool, actor string) (string, error) {
	return m.h.ContactAnswer(ctx, contactID, eventID, yes, actor)
}

func (m memberEvents) ContactICS(ctx context.Context, contactID, eventID int64) ([]byte, error) {
	return m.h.ContactICS(ctx, contactID, eventID)
}
