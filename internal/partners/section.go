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
// It queues its reads on q and renders once q was sent.
func (h *Handler) ProfileSection(ctx context.Context, q *db.Batch, employerID int64, canWrite bool) func() (templ.Component, error) {
	e := h.store.QueueEmployer(q, employerID)
	referrals := h.store.QueueForEmployer(q, identity.ScopeOf(identity.From(ctx)), employerID)
	challenges := h.store.QueueChallenges(q, employerID)
	suggestions := h.store.QueueSuggestions(q, employerID, maxSuggestions)
	return func() (templ.Component, error) {
		v := SectionView{Employer: *e, CanWrite: canWrite, Today: h.clock.Today(),
			Referrals: *referrals, Challenges: *challenges, Suggestions: *suggestions}
		minimise(ctx, v.Referrals)
		return section(v), nil
	}
}
