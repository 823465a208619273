package commitments

import (
	"context"
	"strings"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// CommitmentsSection renders an employer's commitments on its profile, with
// the conditions of its network it still lacks; app registers it with the
// employer pages, which have checked that the user may read the employer.
func (h *Handler) CommitmentsSection(ctx context.Context, employerID int64, canWrite bool) (templ.Component, error) {
	cs, err := h.store.ForEmployer(ctx, employerID)
	if err != nil {
		return nil, err
	}
	conds, err := h.conditionsForProfile(ctx, employerID)
	if err != nil {
		return nil, err
	}
	return commitmentsSection(CommitmentsSection{EmployerID: employerID, Commitments: cs,
		Conditions: conds[employerID], CanWrite: canWrite, Today: h.clock.Today()}), nil
}

// Quarters is how many quarters the profile shows: two years.
const Quarters = 8

// PlacementsSection renders an employer's placements of the last eight
// quarters on its profile, with the employer's open link and, once, a link
// just made.
func (h *Handler) PlacementsSection(ctx context.Context, employerID int64, canWrite bool) (templ.Component, error) {
	current := h.currentPeriod()
	first := periodAt(current.index() - Quarters + 1)
	reports, err := h.store.Reports(ctx, employerID, first, current)
	if err != nil {
		return nil, err
	}
	links, err := h.store.OpenLinks(ctx, employerID)
	if err != nil {
		return nil, err
	}
	s := PlacementsSection{EmployerID: employerID, CanWrite: canWrite, Links: links}
	for i := range Quarters {
		row := QuarterRow{Period: periodAt(current.index() - i)}
		for _, r := range reports {
			if r.Period == row.Period {
				r := r
				row.Report = &r
			}
		}
		s.Rows = append(s.Rows, row)
	}
	// Only the profile of the employer the link was made for shows it.
	if id, link, ok := strings.Cut(session.PopOnce(ctx, linkOnceKey), " "); ok && id == web.FormatID(employerID) {
		s.NewLink = link
	}
	return placementsSection(s), nil
}

// ProfileFacts is the commitments' line in the profile's summary: whether
// the employer meets its network's membership conditions, and if not, what
// is missing.
func (h *Handler) ProfileFacts(ctx context.Context, employerID int64) ([]web.Fact, error) {
	conds, err := h.conditionsForProfile(ctx, employerID)
	if err != nil {
		return nil, err
	}
	f := web.Fact{Label: i18n.T(ctx, "Voorwaarden van het netwerk"), Href: "#toezeggingen"}
	cs := conds[employerID]
	missing := ListItem{Conditions: cs}.Missing()
	switch {
	case len(cs) == 0:
		f.Value = i18n.T(ctx, "Het netwerk stelt geen voorwaarden.")
	case len(missing) == 0:
		f.Value, f.Tone = i18n.T(ctx, "alle voorwaarden vervuld"), web.ToneGood
	default:
		f.Value, f.Tone = i18n.T(ctx, "ontbreekt: %s", strings.Join(missing, ", ")), web.ToneWarn
	}
	return []web.Fact{f}, nil
}

// profileMemo keys an employer's conditions in the profile page's memo.
type profileMemo struct{ employerID int64 }

// conditionsForProfile loads an employer's conditions once per profile
// page: the commitments section and the summary facts both need them.
func (h *Handler) conditionsForProfile(ctx context.Context, employerID int64) (map[int64][]Condition, error) {
	return web.Memo(ctx, profileMemo{employerID}, func() (map[int64][]Condition, error) {
		return h.store.Conditions(ctx, []int64{employerID})
	})
}
