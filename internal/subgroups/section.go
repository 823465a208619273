package subgroups

import (
	"context"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
)

// ProfileSection renders which of an employer's contacts are or were in
// which subgroups, for the employer's profile; app registers it with the
// employer pages. Subgroups outside the user's networks are left out.
// It queues its read on q and renders once q was sent.
func (h *Handler) ProfileSection(ctx context.Context, q *db.Batch, employerID int64) func() (templ.Component, error) {
	ms := h.store.QueueForEmployer(q, identity.ScopeOf(identity.From(ctx)), employerID)
	return func() (templ.Component, error) { return section(SectionView{Memberships: *ms}), nil }
}
