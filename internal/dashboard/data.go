package dashboard

import (
	"context"
	"fmt"
)

// Data holds the results of the dashboard's queries for one scope.
type Data struct {
	Scope              Scope
	Growth             []GrowthRow
	Attendance         []AttendanceRow
	Summary            Summary
	Fragile            []FragileMember
	Mix                []MixCell
	FunctionAttendance []FunctionAttendance
	Composition        Composition
	Conditions         []ConditionRow
	Placements         []PlacementRow
	EmployerPlacements []EmployerPlacement
	Intake             IntakeFunnel
	Needs              []Need
	Recruitment        []byte // kept as the recruitment package gave it, see RecruitmentSource
}

// loader runs one query into d.
type loader func(ctx context.Context, s *Store, d *Data) error

var (
	loadGrowth = func(ctx context.Context, s *Store, d *Data) (err error) {
		d.Growth, err = s.Growth(ctx, d.Scope)
		return err
	}
	loadAttendance = func(ctx context.Context, s *Store, d *Data) (err error) {
		d.Attendance, err = s.Attendance(ctx, d.Scope)
		return err
	}
	loadSummary = func(ctx context.Context, s *Store, d *Data) (err error) {
		d.Summary, err = s.Summary(ctx, d.Scope)
		return err
	}
	loadFragile = func(ctx context.Context, s *Store, d *Data) (err error) {
		d.Fragile, err = s.Fragile(ctx, d.Scope)
		return err
	}
	loadMix = func(ctx context.Context, s *Store, d *Data) (err error) {
		d.Mix, err = s.ContactMix(ctx, d.Scope)
		return err
	}
	loadFunctionAttendance = func(ctx context.Context, s *Store, d *Data) (err error) {
		d.FunctionAttendance, err = s.FunctionAttendance(ctx, d.Scope)
		return err
	}
	loadComposition = func(ctx context.Context, s *Store, d *Data) (err error) {
		d.Composition, err = s.Composition(ctx, d.Scope)
		return err
	}
	loadConditions = func(ctx context.Context, s *Store, d *Data) (err error) {
		d.Conditions, err = s.Conditions(ctx, d.Scope)
		return err
	}
	loadPlacements = func(ctx context.Context, s *Store, d *Data) (err error) {
		d.Placements, err = s.Placements(ctx, d.Scope)
		return err
	}
	loadEmployerPlacements = func(ctx context.Context, s *Store, d *Data) (err error) {
		d.EmployerPlacements, err = s.EmployerPlacements(ctx, d.Scope)
		return err
	}
	loadIntake = func(ctx context.Context, s *Store, d *Data) (err error) {
		d.Intake, err = s.Intake(ctx, d.Scope)
		return err
	}
	loadNeeds = func(ctx context.Context, s *Store, d *Data) (err error) {
		d.Needs, err = s.Needs(ctx, d.Scope)
		return err
	}
)

// allLoaders is the whole query set of the page, in page order.
var allLoaders = []loader{loadGrowth, loadAttendance, loadSummary, loadFragile, loadMix,
	loadFunctionAttendance, loadComposition, loadConditions, loadPlacements, loadEmployerPlacements, loadIntake, loadNeeds, loadRecruitment}

// Load runs the given queries (all of them when none are given) for sc.
// They run one after another in one read-only transaction: one snapshot,
// and one connection per view, so many directors at once do not starve the
// pool.
func (s *Store) Load(ctx context.Context, sc Scope, loads ...loader) (*Data, error) {
	if len(loads) == 0 {
		loads = allLoaders
	}
	d := &Data{Scope: sc}
	err := s.readOnly(ctx, func(ctx context.Context) error {
		for _, l := range loads {
			if err := l(ctx, s, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	return d, nil
}
