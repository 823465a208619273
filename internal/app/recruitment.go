package app

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"netwerkportaal/internal/dashboard"
	"netwerkportaal/internal/platform/db"

	"netwerkportaal/internal/employers"
	"netwerkportaal/internal/intake"
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
	return id, kvkTaken(ctx, err)
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

// recruitmentIntakes lets the pipeline send the intake invitation when a
// prospect reaches "intake": the prospect becomes an employer record
// (status "prospect", the schema's status before "aangemeld") with its
// contact through the employers store, and the intake package opens the
// intake and queues its invitation. Both join the pipeline's transaction.
type recruitmentIntakes struct {
	employers *employers.Store
	intake    *intake.Handler
}

var _ recruitment.Intakes = recruitmentIntakes{}

// intakeValidity is how long the pipeline's intake link works, the same
// default as the coordinator's invite form.
const intakeValidity = 30 * 24 * time.Hour

func (a recruitmentIntakes) Employer(ctx context.Context, p recruitment.Prospect) (int64, int64, error) {
	today := a.employers.Clock().Today()
	employerID, isNew := p.EmployerID, p.EmployerID == 0
	if isNew {
		region, err := a.employers.NetworkRegion(ctx, p.NetworkID)
		if err != nil {
			return 0, 0, err
		}
		employerID, err = a.employers.Create(ctx, employers.EmployerInput{NetworkID: p.NetworkID, Name: p.Name,
			KvK: textPtr(p.KvK), Postcode: textPtr(p.Postcode), RegionID: idPtr(region), Status: "prospect",
			StatusDate: today, OffersNote: p.Offers, TagIDs: []int64{}})
		if err != nil {
			return 0, 0, kvkTaken(ctx, err)
		}
	} else {
		contacts, err := a.employers.Contacts(ctx, employerID)
		if err != nil {
			return 0, 0, err
		}
		for _, c := range contacts {
			if c.Active(today) && strings.EqualFold(c.Email, p.ContactEmail) {
				return employerID, c.ID, nil
			}
		}
	}
	function, level := p.ContactFunction, "tactisch"
	switch function {
	case "":
		function = "anders"
	case "directie":
		level = "strategisch"
	}
	contactID, err := a.employers.CreateContact(ctx, employerID, employers.ContactInput{Name: p.ContactName,
		Email: p.ContactEmail, Phone: p.ContactPhone, Function: function, JobTitle: p.ContactJobTitle, Level: level,
		Primary: isNew, ActiveFrom: today})
	return employerID, contactID, err
}

func (a recruitmentIntakes) Invite(ctx context.Context, employerID, contactID int64, message string) error {
	_, err := a.intake.InviteWithMessage(ctx, employerID, contactID, intakeValidity, message)
	if apperr.KindOf(err) == apperr.Conflict {
		return apperr.New(apperr.Invalid, i18n.T(ctx,
			"De intake van dit jaar is al ingediend. Zet de werkgever in een andere fase, of stuur de intake terug met een vraag op de intakepagina."))
	}
	return err
}

// kvkTaken turns the employers store's refusal of a KvK number that
// belongs to another employer into a message for the coordinator.
func kvkTaken(ctx context.Context, err error) error {
	var taken *employers.KvKTakenError
	if errors.As(err, &taken) {
		return apperr.New(apperr.Invalid, i18n.T(ctx,
			"Het KvK-nummer van deze werkgever hoort al bij %s. Zoek eerst uit of het dezelfde werkgever is; pas anders het KvK-nummer aan.",
			taken.EmployerName))
	}
	return err
}
