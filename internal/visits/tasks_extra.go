package visits

import (
	"context"
	"time"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/identity"
)

// TaskList is another domain's part of /taken, such as the recruitment
// pipeline's next steps. app registers it, so this package imports no
// other domain.
type TaskList struct {
	// Section renders the list of the user on day today.
	Section func(ctx context.Context, u *identity.User, today time.Time) (templ.Component, error)
	// Overdue counts the user's overdue items for the Taken badge.
	Overdue func(ctx context.Context, u *identity.User, today time.Time) (int, error)
}

// AddTaskList adds a list to /taken and its count to the badge; only for
// users who own tasks (coordinators and beheerders).
func (h *Handler) AddTaskList(l TaskList) { h.extra = append(h.extra, l) }

// extraSections renders the registered lists for u.
func (h *Handler) extraSections(ctx context.Context, u *identity.User, today time.Time) ([]templ.Component, error) {
	if !u.MayWrite() {
		return nil, nil
	}
	var out []templ.Component
	for _, l := range h.extra {
		c, err := l.Section(ctx, u, today)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// extraOverdue adds the registered lists' overdue items.
func (h *Handler) extraOverdue(ctx context.Context, u *identity.User, today time.Time) (int, error) {
	n := 0
	for _, l := range h.extra {
		m, err := l.Overdue(ctx, u, today)
		if err != nil {
			return 0, err
		}
		n += m
	}
	return n, nil
}
