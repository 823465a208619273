package app

import (
	"context"
	"errors"
	"time"

	"netwerkportaal/internal/commitments"
	"netwerkportaal/internal/duplicates"
	"netwerkportaal/internal/employers"
	"netwerkportaal/internal/intake"
	"netwerkportaal/internal/platform/identity"
)

// intakeRecords lets the intake's review keep answers as placement reports
// and commitments through the commitments store, so the two packages need
// not import each other. Writes join the intake's transaction (ctx).
type intakeRecords struct {
	store *commitments.Store
}

var _ intake.Records = intakeRecords{}

func (a intakeRecords) Placements(ctx context.Context, employerID int64, year, quarter int) (intake.Placements, bool, error) {
	p := commitments.Period{Year: year, Quarter: quarter}
	rs, err := a.store.Reports(ctx, employerID, p, p)
	if err != nil || len(rs) == 0 {
		return intake.Placements{}, false, err
	}
	r := rs[0]
	return intake.Placements{EmployerID: employerID, Year: year, Quarter: quarter, Ambition: r.Ambition, People: r.People,
		HoursTenths: r.HoursTenths}, true, nil
}

// ReportPlacements adds the quarter's report, or corrects the one there
// is (keeping its split into employed and seconded where it still fits).
func (a intakeRecords) ReportPlacements(ctx context.Context, p intake.Placements) error {
	per := commitments.Period{Year: p.Year, Quarter: p.Quarter}
	in := commitments.ReportInput{EmployerID: p.EmployerID, Period: per, Ambition: p.Ambition, People: p.People,
		HoursTenths: p.HoursTenths, Source: "intake"}
	_, err := a.store.CreateReport(ctx, in)
	if !errors.Is(err, commitments.ErrPeriodTaken) {
		return err
	}
	rs, err := a.store.Reports(ctx, p.EmployerID, per, per)
	if err != nil || len(rs) == 0 {
		return err
	}
	cur := rs[0]
	in.Employed = min(cur.Employed, p.People)
	in.Seconded = min(cur.Seconded, p.People-in.Employed)
	in.Version = cur.Version
	return a.store.UpdateReport(ctx, identity.Scope{All: true}, cur.ID, in)
}

func (a intakeRecords) Promise(ctx context.Context, employerID int64, code string, on time.Time, note string) error {
	kinds, err := a.kinds(ctx, employerID)
	if err != nil {
		return err
	}
	for _, k := range kinds {
		if k.Code == code {
			day := time.Date(on.Year(), on.Month(), on.Day(), 0, 0, 0, 0, time.UTC)
			_, err := a.store.Create(ctx, commitments.Input{EmployerID: employerID, KindID: k.ID, Status: "toegezegd",
				PromisedOn: &day, Notes: note})
			return err
		}
	}
	return nil // the kind is gone: nothing to promise
}

func (a intakeRecords) Promised(ctx context.Context, employerID int64) ([]string, error) {
	kinds, err := a.kinds(ctx, employerID)
	if err != nil {
		return nil, err
	}
	cs, err := a.store.ForEmployer(ctx, employerID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range cs {
		if c.Status != "toegezegd" && c.Status != "getekend" {
			continue
		}
		for _, k := range kinds {
			if k.ID == c.KindID {
				out = append(out, k.Code)
			}
		}
	}
	return out, nil
}

func (a intakeRecords) kinds(ctx context.Context, employerID int64) ([]commitments.Kind, error) {
	e, err := a.store.Employer(ctx, identity.Scope{All: true}, employerID)
	if err != nil {
		return nil, err
	}
	return a.store.Kinds(ctx, e.NetworkID)
}

// employerDuplicates lets a new employer ask "Bestaat deze werkgever al?"
// through the duplicates store, so employers need not import duplicates.
func employerDuplicates(store *duplicates.Store) employers.DuplicateCheck {
	return func(ctx context.Context, networkID int64, name, kvk string) ([]employers.PossibleDuplicate, error) {
		ms, err := store.EmployerMatches(ctx, networkID, name, kvk)
		if err != nil {
			return nil, err
		}
		out := make([]employers.PossibleDuplicate, len(ms))
		for i, m := range ms {
			out[i] = employers.PossibleDuplicate{ID: m.ID, Name: m.Name, City: m.City, KvK: m.KvK, SameKvK: m.SameKvK}
		}
		return out, nil
	}
}
