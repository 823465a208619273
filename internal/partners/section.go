package partners

import (
	"context"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
)

// maxSuggestions keeps the suggestions to the few partners that fit best.
const maxSuggestions = 5

// ProfileSection renders an employer's referrals and the partners that
// could help it, for the employer's profile; app registers it with the
// employer pages. Referrals of networks the user may not read are left out.
// It queues its reads on q and renders once q was sent; the employer and
// the challenges it named come from the profile's own read of it (known,
// to be called then), not a second read of the same rows.
func (h *Handler) ProfileSection(ctx context.Context, q *db.Batch, employerID int64, canWrite bool,
	known func() (Employer, []string)) func() (templ.Component, error) {
	referrals := h.store.QueueForEmployer(q, identity.ScopeOf(identity.From(ctx)), employerID)
	suggestions := h.store.QueueSuggestions(q, employerID, maxSuggestions)
	return func() (templ.Component, error) {
		e, challenges := known()
		v := SectionView{Employer: e, CanWrite: canWrite, Today: h.clock.Today(),
			Referrals: *referrals, Challenges: challenges, Suggestions: *suggestions}
		minimise(ctx, v.Referrals)
		return section(v), nil
	}
}
