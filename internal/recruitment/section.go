package recruitment

import (
	"netwerkportaal/internal/platform/db"

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
// It queues its reads on q and renders once q was sent.
func (h *Handler) ProfileSection(q *db.Batch, employerID int64) func() (templ.Component, error) {
	v := h.store.queueForEmployer(q, employerID)
	return func() (templ.Component, error) {
		for _, p := range v.BroughtIn {
			if p.Stage == Member {
				v.Members++
			}
		}
		if len(v.BroughtIn) == 0 && len(v.CameIn) == 0 {
			return templ.NopComponent, nil
		}
		return section(*v), nil
	}
}

// queueForEmployer queues the newest 100 prospects the employer brought
// in and the newest 100 by which it came in, as one statement: one for
// each was one more of the some twenty statements of a profile.
func (s *Store) queueForEmployer(b *db.Batch, employerID int64) *SectionView {
	v := new(SectionView)
	b.Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var broughtIn bool
			var p Prospect
			if err := rows.Scan(append([]any{&broughtIn}, prospectDests(&p)...)...); err != nil {
				return err
			}
			if broughtIn {
				v.BroughtIn = append(v.BroughtIn, p)
			} else {
				v.CameIn = append(v.CameIn, p)
			}
		}
		return rows.Err()
	}, `(SELECT true, `+prospectColumns+` WHERE p.source_employer_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT 100)
		UNION ALL
		(SELECT false, `+prospectColumns+` WHERE p.employer_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT 100)`, employerID)
	return v
}
