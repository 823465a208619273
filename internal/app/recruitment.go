package app

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"netwerkportaal/internal/dashboard"
	"netwerkportaal/internal/platform/db"

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

// RecruitmentDashboard gives the dashboard its recruitment sections: the
// figures come from the recruitment package (the wish profile's gaps are
// computed there and only there), the dashboard keeps them in its
// snapshots as JSON and asks for the words when a page is shown.
func RecruitmentDashboard() dashboard.RecruitmentSource {
	return dashboard.RecruitmentSource{
		Load: func(ctx context.Context, q db.Querier, networks []int64, today time.Time) ([]byte, error) {
			d, err := recruitment.LoadDashboard(ctx, q, networks, today)
			if err != nil {
				return nil, err
			}
			return json.Marshal(d)
		},
		Read: func(ctx context.Context, data []byte) (dashboard.Recruitment, error) {
			var d recruitment.Dashboard
			// A snapshot from before recruitment was wired in has none.
			if len(data) > 0 {
				if err := json.Unmarshal(data, &d); err != nil {
					return dashboard.Recruitment{}, err
				}
			}
			return dashboardRecruitment(ctx, d), nil
		},
	}
}

func dashboardRecruitment(ctx context.Context, d recruitment.Dashboard) dashboard.Recruitment {
	var out dashboard.Recruitment
	for _, w := range d.Wishes {
		dw := dashboard.WishNetwork{NetworkID: w.NetworkID, Network: w.Network}
		for _, f := range d.Findings(ctx, w) {
			dw.Findings = append(dw.Findings, dashboard.WishFinding{Criterion: f.Criterion, Text: f.Text, Met: f.Met, Warning: f.Warning})
		}
		out.Wishes = append(out.Wishes, dw)
	}
	for _, s := range d.Stages {
		out.Stages = append(out.Stages, dashboard.PipelineStage{Label: recruitment.StageLabel(ctx, s.Stage), Now: s.Now, Reached: s.Reached})
	}
	out.Dropped = d.Dropped
	for _, s := range d.Sources {
		out.Sources = append(out.Sources, dashboard.PipelineSource{Label: recruitment.SourceLabel(ctx, s.Key), Total: s.Total, Members: s.Members})
	}
	return out
}
