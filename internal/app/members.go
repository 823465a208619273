package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/a-h/templ"

	"netwerkportaal/internal/commitments"
	"netwerkportaal/internal/events"
	"netwerkportaal/internal/members"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/privacy"
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

// memberAgreements gives the members' page an organisation's commitments
// and placements through the commitments package, always for the member's
// own employer (the id comes from the member's session).
type memberAgreements struct {
	store *commitments.Store
	h     *commitments.Handler
}

func (a memberAgreements) Commitments(ctx context.Context, employerID int64) ([]members.CommitmentItem, error) {
	cs, err := a.store.ForEmployer(ctx, employerID)
	if err != nil {
		return nil, err
	}
	out := make([]members.CommitmentItem, len(cs))
	for i, c := range cs {
		out[i] = members.CommitmentItem{ID: c.ID, Kind: c.KindName, Status: commitments.StatusLabels[c.Status],
			SignedOn: c.SignedOn, ValidUntil: c.ValidUntil, HasDocument: c.HasDocument()}
	}
	return out, nil
}

func (a memberAgreements) ServeDocument(w http.ResponseWriter, r *http.Request, employerID, commitmentID int64) {
	a.h.ServeEmployerDocument(w, r, employerID, commitmentID)
}

func (a memberAgreements) Placements(ctx context.Context, employerID int64, action string) (templ.Component, error) {
	return a.h.MemberPlacements(ctx, employerID, action)
}

func (a memberAgreements) ReportPlacements(ctx context.Context, employerID int64, actor string, form url.Values, action string) (templ.Component, string, bool, error) {
	return a.h.MemberReport(ctx, employerID, actor, form, action)
}

// memberAccess gives a member the beheerder's access export (privacy) of
// themselves: the same Subject, as a summary and as the same JSON.
type memberAccess struct {
	store *privacy.Store
	years int
}

func (a memberAccess) Access(ctx context.Context, contactID int64) (members.MyData, error) {
	sub, err := a.store.Subject(ctx, contactID)
	if err != nil {
		return members.MyData{}, err
	}
	sub.RetentionYears = a.years
	b, err := json.MarshalIndent(sub, "", "  ")
	if err != nil {
		return members.MyData{}, err
	}
	c := sub.Contact
	d := members.MyData{JSON: append(b, '\n'), Fields: [][2]string{
		{"Naam", c.Name}, {"E-mailadres", c.Email}, {"Telefoon", c.Phone}, {"Functie", c.Function},
		{"Functietitel", c.JobTitle}, {"Niveau", c.Level}, {"Organisatie", sub.Employer.Name},
		{"Contactpersoon sinds", nltime.FormatDate(c.ActiveFrom)}}}
	d.Sections = []members.AccessSection{
		{Label: "Subgroepen", Count: len(sub.Subgroups)}, {Label: "Bijeenkomsten", Count: len(sub.Events)},
		{Label: "Bezoeken en gesprekken", Count: len(sub.Visits)}, {Label: "Doorverwijzingen", Count: len(sub.Referrals)},
		{Label: "Intakes", Count: len(sub.Intakes)}, {Label: "Links om plaatsingen door te geven", Count: len(sub.Links)},
		{Label: "E-mails", Count: len(sub.Mails)}, {Label: "Kennismakingen via Vraag en aanbod", Count: len(sub.Members.Introductions)},
		{Label: "Wijzigingen in het logboek", Count: len(sub.Audit)}}
	return d, nil
}
