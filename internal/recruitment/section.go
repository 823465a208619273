package recruitment

import (
	"context"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5"
)

// SectionView is the recruitment part of an employer's profile: the
// employers it brought in (an ambassador of the network) and the path by
// which it came in itself.
type SectionView struct {
	BroughtIn []Prospect
	Members   int
	CameIn    []Prospect
}

// ProfileSection renders the section for an employer's profile; app
// registers it with the employer pages, which have checked the reader.
func (h *Handler) ProfileSection(ctx context.Context, employerID int64) (templ.Component, error) {
	var v SectionView
	var err error
	if v.BroughtIn, err = h.store.byEmployer(ctx, `p.source_employer_id = $1`, employerID); err != nil {
		return nil, err
	}
	for _, p := range v.BroughtIn {
		if p.Stage == Member {
			v.Members++
		}
	}
	if v.CameIn, err = h.store.byEmployer(ctx, `p.employer_id = $1`, employerID); err != nil {
		return nil, err
	}
	if len(v.BroughtIn) == 0 && len(v.CameIn) == 0 {
		return templ.NopComponent, nil
	}
	return section(v), nil
}

func (s *Store) byEmployer(ctx context.Context, where string, employerID int64) ([]Prospect, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+prospectColumns+` WHERE `+where+` ORDER BY p.created_at DESC, p.id DESC LIMIT 100`, employerID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Prospect, error) { return scanProspect(r) })
}
