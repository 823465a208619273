package app

import (
	"context"
	"errors"
	"slices"

	"netwerkportaal/internal/employers"
	"netwerkportaal/internal/intake"
	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
)

// intakeProfiles lets the intake read and change employer profiles through
// the employers store, so the two packages need not import each other.
type intakeProfiles struct {
	store *employers.Store
	clock nltime.Clock
}

var _ intake.Profiles = intakeProfiles{}

func (a intakeProfiles) Profile(ctx context.Context, id int64) (intake.Profile, error) {
	e, err := a.store.Get(ctx, identity.Scope{All: true}, id)
	if err != nil {
		return intake.Profile{}, err
	}
	ref, err := a.store.Reference(ctx)
	if err != nil {
		return intake.Profile{}, err
	}
	contacts, err := a.store.Contacts(ctx, id)
	if err != nil {
		return intake.Profile{}, err
	}
	p := intake.Profile{ID: e.ID, NetworkID: e.NetworkID, NetworkName: e.NetworkName, Version: e.Version, Name: e.Name,
		KvK: e.KvK, SectorID: e.SectorID, EmployeeCount: e.EmployeeCount, Postcode: e.Postcode, City: e.City,
		RegionID: e.RegionID, MaturityID: e.MaturityID, ChallengesNote: e.ChallengesNote, OffersNote: e.OffersNote}
	for _, t := range e.TagIDs {
		if hasID(ref.Challenges, t) {
			p.ChallengeIDs = append(p.ChallengeIDs, t)
		} else {
			p.OfferIDs = append(p.OfferIDs, t)
		}
	}
	today := a.clock.Now()
	for _, c := range contacts {
		p.Contacts = append(p.Contacts, intake.Contact{ID: c.ID, Name: c.Name, Email: c.Email, Function: c.Function,
			Level: c.Level, Active: c.Active(today)})
	}
	return p, nil
}

func hasID(opts []employers.Option, id int64) bool {
	return slices.ContainsFunc(opts, func(o employers.Option) bool { return o.ID == id })
}

func (a intakeProfiles) SaveProfile(ctx context.Context, p intake.Profile) error {
	e, err := a.store.Get(ctx, identity.Scope{All: true}, p.ID)
	if err != nil {
		return err
	}
	in := e.Input()
	in.Version = p.Version
	in.Name, in.EmployeeCount, in.City = p.Name, p.EmployeeCount, p.City
	in.KvK, in.Postcode = textPtr(p.KvK), textPtr(p.Postcode)
	in.SectorID, in.RegionID, in.MaturityID = idPtr(p.SectorID), idPtr(p.RegionID), idPtr(p.MaturityID)
	in.TagIDs = append(slices.Clone(p.ChallengeIDs), p.OfferIDs...)
	in.ChallengesNote, in.OffersNote = p.ChallengesNote, p.OffersNote
	err = a.store.Update(ctx, identity.Scope{All: true}, p.ID, in)
	var taken *employers.KvKTakenError
	if errors.As(err, &taken) {
		return apperr.New(apperr.Invalid, i18n.T(ctx,
			"Het KvK-nummer uit de intake hoort al bij %s. Neem het KvK-nummer niet over, of zoek eerst uit welke werkgever het juiste is.",
			taken.EmployerName))
	}
	return err
}

func (a intakeProfiles) AddContact(ctx context.Context, employerID int64, c intake.NewContact) error {
	_, err := a.store.CreateContact(ctx, employerID, employers.ContactInput{Name: c.Name, Email: c.Email,
		Function: c.Function, Level: c.Level, ActiveFrom: a.clock.Now()})
	return err
}

func textPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func idPtr(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
