package commitments

import (
	"context"
	"strings"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// CommitmentsSection renders an employer's commitments on its profile, with
// the conditions of its network it still lacks; app registers it with the
// employer pages, which have checked that the user may read the employer.
// It queues its reads on q and renders once q was sent.
func (h *Handler) CommitmentsSection(ctx context.Context, q *db.Batch, employerID int64, canWrite bool) func() (templ.Component, error) {
	cs, conds := h.store.QueueForEmployer(q, employerID), h.conditionsForProfile(ctx, q, employerID)
	return func() (templ.Component, error) {
		return commitmentsSection(CommitmentsSection{EmployerID: employerID, Commitments: *cs,
			Conditions: (*conds)[employerID], CanWrite: canWrite, Today: h.clock.Today()}), nil
	}
}

// Quarters is how many quarters the profile shows: two years.
const Quarters = 8

// PlacementsSection renders an employer's placements of the last eight
// quarters on its profile, with the employer's open link and, once, a link
// just made.
// It queues its reads on q and renders once q was sent.
func (h *Handler) PlacementsSection(ctx context.Context, q *db.Batch, employerID int64, canWrite bool) func() (templ.Component, error) {
	current := h.currentPeriod()
	reports := h.store.QueueReports(q, employerID, periodAt(current.index()-Quarters+1), current)
	links := h.store.QueueOpenLinks(q, employerID)
	return func() (templ.Component, error) {
		return h.placementsSection(ctx, employerID, canWrite, current, *reports, *links), nil
	}
}

func (h *Handler) placementsSection(ctx context.Context, employerID int64, canWrite bool, current Period, reports []Report, links []Link) templ.Component {
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
	return placementsSection(s)
}

// ProfileFacts is the commitments' line in the profile's summary: whether
// the employer meets its network's membership conditions, and if not, what
// is missing.
// It queues its read on q (once, with the section) and answers once q was
// sent.
func (h *Handler) ProfileFacts(ctx context.Context, q *db.Batch, employerID int64) func() ([]web.Fact, error) {
	conds := h.conditionsForProfile(ctx, q, employerID)
	return func() ([]web.Fact, error) { return conditionFacts(ctx, (*conds)[employerID]), nil }
}

// conditionFacts is the summary's line on the network's conditions.
func conditionFacts(ctx context.Context, cs []Condition) []web.Fact {
	f := web.Fact{Label: i18n.T(ctx, "Voorwaarden van het netwerk"), Href: "#toezeggingen"}
	missing := ListItem{Conditions: cs}.Missing()
	switch {
	case len(cs) == 0:
		f.Value = i18n.T(ctx, "Het netwerk stelt geen voorwaarden.")
	case len(missing) == 0:
		f.Value, f.Tone = i18n.T(ctx, "alle voorwaarden vervuld"), web.ToneGood
	default:
		f.Value, f.Tone = i18n.T(ctx, "ontbreekt: %s", strings.Join(missing, ", ")), web.ToneWarn
	}
	return []web.Fact{f}
}

// profileMemo keys an employer's conditions in the profile page's memo.
type profileMemo struct{ employerID int64 }

// conditionsForProfile queues an employer's conditions once per profile
// page: the commitments section and the summary facts both need them.
func (h *Handler) conditionsForProfile(ctx context.Context, q *db.Batch, employerID int64) *map[int64][]Condition {
	conds, _ := web.Memo(ctx, profileMemo{employerID}, func() (*map[int64][]Condition, error) {
		return h.store.QueueEmployerConditions(q, employerID), nil
	})
	return conds
}
