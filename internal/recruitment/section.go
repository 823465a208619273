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
	broughtIn := h.store.queueByEmployer(q, `p.source_employer_id = $1`, employerID)
	cameIn := h.store.queueByEmployer(q, `p.employer_id = $1`, employerID)
	return func() (templ.Component, error) {
		v := SectionView{BroughtIn: *broughtIn, CameIn: *cameIn}
		for _, p := range v.BroughtIn {
			if p.Stage == Member {
				v.Members++
			}
		}
		if len(v.BroughtIn) == 0 && len(v.CameIn) == 0 {
			return templ.NopComponent, nil
		}
		return section(v), nil
	}
}

func (s *Store) queueByEmployer(b *db.Batch, where string, employerID int64) *[]Prospect {
	return db.Collect(b, func(r pgx.CollectableRow) (Prospect, error) { return scanProspect(r) },
		`SELECT `+prospectColumns+` WHERE `+where+` ORDER BY p.created_at DESC, p.id DESC LIMIT 100`, employerID)
}
