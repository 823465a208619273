package visits

import (
	"context"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/identity"
)

// ProfileSection renders the visits and follow-ups on an employer's
// profile; app registers it with the employer pages, which have checked
// that the user may read the employer.
func (h *Handler) ProfileSection(ctx context.Context, employerID int64, canWrite bool) (templ.Component, error) {
	ev, err := h.store.ForEmployer(ctx, employerID)
	if err != nil {
		return nil, err
	}
	if !identity.From(ctx).SeesContactDetails() {
		for i := range ev.Visits {
			ev.Visits[i].Notes, ev.Visits[i].Agreements = "", ""
		}
	}
	return section(SectionView{EmployerID: employerID, Visits: ev, CanWrite: canWrite, Today: h.clock.Today()}), nil
}
