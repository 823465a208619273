package visits

import (
	"context"
	"slices"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// ProfileSection renders the visits and follow-ups on an employer's
// profile; app registers it with the employer pages, which have checked
// that the user may read the employer.
// It queues its reads on q and renders once q was sent.
func (h *Handler) ProfileSection(ctx context.Context, q *db.Batch, employerID int64, canWrite bool) func() (templ.Component, error) {
	loaded := h.forProfile(ctx, q, employerID)
	return func() (templ.Component, error) { return h.section(ctx, *loaded, employerID, canWrite), nil }
}

func (h *Handler) section(ctx context.Context, ev EmployerVisits, employerID int64, canWrite bool) templ.Component {
	if !identity.From(ctx).SeesContactDetails() {
		ev.Visits = slices.Clone(ev.Visits) // shared with ProfileFacts
		for i := range ev.Visits {
			ev.Visits[i].Notes, ev.Visits[i].Agreements = "", ""
		}
	}
	return section(SectionView{EmployerID: employerID, Visits: ev, CanWrite: canWrite, Today: h.clock.Today()})
}

// ProfileFacts are the visits' lines in the profile's summary: the last
// visit, and the open follow-ups with how many are overdue.
// It queues its reads on q (once, with the section) and answers once q
// was sent.
func (h *Handler) ProfileFacts(ctx context.Context, q *db.Batch, employerID int64) func() ([]web.Fact, error) {
	loaded := h.forProfile(ctx, q, employerID)
	return func() ([]web.Fact, error) { return h.facts(ctx, *loaded), nil }
}

// facts are the summary's lines on visits and follow-ups.
func (h *Handler) facts(ctx context.Context, ev EmployerVisits) []web.Fact {
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
	return []web.Fact{last, open}
}

// profileMemo keys an employer's visits in the profile page's memo.
type profileMemo struct{ employerID int64 }

// forProfile queues an employer's visits once per profile page: its
// section and its summary facts both need them.
func (h *Handler) forProfile(ctx context.Context, q *db.Batch, employerID int64) *EmployerVisits {
	ev, _ := web.Memo(ctx, profileMemo{employerID}, func() (*EmployerVisits, error) {
		return h.store.QueueForEmployer(q, employerID), nil
	})
	return ev
}
