package partners

import (
	"context"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/identity"
)

// maxSuggestions keeps the suggestions to the few partners that fit best.
const maxSuggestions = 5

// ProfileSection renders an employer's referrals and the partners that
// could help it, for the employer's profile; app registers it with the
// employer pages. Referrals of networks the user may not read are left out.
func (h *Handler) ProfileSection(ctx context.Context, employerID int64, canWrite bool) (templ.Component, error) {
	e, err := h.store.Employer(ctx, employerID)
	if err != nil {
		return nil, err
	}
	v := SectionView{Employer: e, CanWrite: canWrite, Today: h.clock.Today()}
	if v.Referrals, err = h.store.ForEmployer(ctx, identity.ScopeOf(identity.From(ctx)), employerID); err != nil {
		return nil, err
	}
	minimise(ctx, v.Referrals)
	if v.Challenges, err = h.store.Challenges(ctx, employerID); err != nil {
		return nil, err
	}
	if v.Suggestions, err = h.store.Suggestions(ctx, employerID, maxSuggestions); err != nil {
		return nil, err
	}
	return section(v), nil
}
