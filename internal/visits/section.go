package visits

import (
	"context"
	"slices"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// ProfileSection renders the visits and follow-ups on an employer's
// profile; app registers it with the employer pages, which have checked
// that the user may read the employer.
func (h *Handler) ProfileSection(ctx context.Context, employerID int64, canWrite bool) (templ.Component, error) {
	ev, err := h.forProfile(ctx, employerID)
	if err != nil {
		return nil, err
	}
	if !identity.From(ctx).SeesContactDetails() {
		ev.Visits = slices.Clone(ev.Visits) // shared with ProfileFacts
		for i := range ev.Visits {
			ev.Visits[i].Notes, ev.Visits[i].Agreements = "", ""
		}
	}
	return section(SectionView{EmployerID: employerID, Visits: ev, CanWrite: canWrite, Today: h.clock.Today()}), nil
}

// ProfileFacts are the visits' lines in the profile's summary: the last
// visit, and the open follow-ups with how many are overdue.
func (h *Handler) ProfileFacts(ctx context.Context, employerID int64) ([]web.Fact, error) {
	ev, err := h.forProfile(ctx, employerID)
	if err != nil {
		return nil, err
	}
	today := h.clock.Today()
	last := web.Fact{Label: i18n.T(ctx, "Laatste bezoek"), Href: "#bezoeken"}
	switch {
	case ev.LastVisit == nil:
		last.Value, last.Tone = i18n.T(ctx, "nog geen bezoek"), web.ToneWarn
	case ev.LastVisit.Before(today.AddDate(-1, 0, 0)):
		last.Value, last.Tone = i18n.T(ctx, "%s, meer dan een jaar geleden", ev.LastVisit.Format("02-01-2006")), web.ToneWarn
	default:
		last.Value = ev.LastVisit.Format("02-01-2006")
	}
	open := web.Fact{Label: i18n.T(ctx, "Open opvolgingen"), Href: "#bezoeken"}
	late := 0
	for _, f := range ev.Open {
		if f.Overdue(today) {
			late++
		}
	}
	switch {
	case len(ev.Open) == 0:
		open.Value = i18n.T(ctx, "geen")
	case late > 0:
		open.Value, open.Tone = i18n.T(ctx, "%d open, waarvan %d te laat", len(ev.Open), late), web.ToneWarn
	default:
		open.Value = i18n.T(ctx, "%d open", len(ev.Open))
	}
	return []web.Fact{last, open}, nil
}

// profileMemo keys an employer's visits in the profile page's memo.
type profileMemo struct{ employerID int64 }

// forProfile loads an employer's visits once per profile page: its section
// and its summary facts both need them.
func (h *Handler) forProfile(ctx context.Context, employerID int64) (EmployerVisits, error) {
	return web.Memo(ctx, profileMemo{employerID}, func() (EmployerVisits, error) {
		return h.store.ForEmployer(ctx, employerID)
	})
}
