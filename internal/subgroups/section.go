package subgroups

import (
	"context"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/identity"
)

// ProfileSection renders which of an employer's contacts are or were in
// which subgroups, for the employer's profile; app registers it with the
// employer pages. Subgroups outside the user's networks are left out.
func (h *Handler) ProfileSection(ctx context.Context, employerID int64) (templ.Component, error) {
	ms, err := h.store.ForEmployer(ctx, identity.ScopeOf(identity.From(ctx)), employerID)
	if err != nil {
		return nil, err
	}
	return section(SectionView{Memberships: ms}), nil
}
