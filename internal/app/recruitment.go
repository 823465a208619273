package app

import (
	"context"
	"errors"

	"netwerkportaal/internal/employers"
	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/recruitment"
)

// recruitmentMembers lets the pipeline make an employer a member through
// the employers store (and so its status history and audit trail), without
// the two packages importing each other. The pipeline's transaction rides
// in ctx, so the employers store works in a savepoint of it.
type recruitmentMembers struct {
	store *employers.Store
}

var _ recruitment.Members = recruitmentMembers{}

func (a recruitmentMembers) MakeMember(ctx context.Context, m recruitment.Membership) (int64, error) {
	id, err := a.makeMember(ctx, m)
	var taken *employers.KvKTakenError
	if errors.As(err, &taken) {
		return 0, apperr.New(apperr.Invalid, i18n.T(ctx,
			"Het KvK-nummer van deze werkgever hoort al bij %s. Zoek eerst uit of het dezelfde werkgever is; pas anders het KvK-nummer aan.",
			taken.EmployerName))
	}
	return id, err
}

func (a recruitmentMembers) makeMember(ctx context.Context, m recruitment.Membership) (int64, error) {
	all := identity.Scope{All: true}
	if m.EmployerID != 0 {
		e, err := a.store.Get(ctx, all, m.EmployerID)
		if err != nil {
			return 0, err
		}
		in := e.Input()
		in.Status, in.StatusDate = "lid", m.Since
		return m.EmployerID, a.store.Update(ctx, all, m.EmployerID, in)
	}
	region, err := a.store.NetworkRegion(ctx, m.NetworkID)
	if err != nil {
		return 0, err
	}
	return a.store.Create(ctx, employers.EmployerInput{NetworkID: m.NetworkID, Name: m.Name, KvK: textPtr(m.KvK),
		Postcode: textPtr(m.Postcode), RegionID: idPtr(region), Status: "lid", StatusDate: m.Since,
		OffersNote: m.OffersNote, TagIDs: []int64{}})
}
