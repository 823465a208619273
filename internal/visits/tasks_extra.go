package visits

import (
	"context"
	"time"

	"netwerkportaal/internal/platform/identity"
)

// OverdueCounter counts another package's overdue items of user u on day
// today (the recruitment pipeline's next steps), for the Taken badge.
type OverdueCounter func(ctx context.Context, u *identity.User, today time.Time) (int, error)

// AddOverdueCount adds another package's overdue items to the Taken badge;
// its list on /taken comes in through AddTaskSection. app wires both, so
// this package imports no other domain.
func (h *Handler) AddOverdueCount(c OverdueCounter) { h.overdue = append(h.overdue, c) }

// extraOverdue adds the other packages' overdue items.
func (h *Handler) extraOverdue(ctx context.Context, u *identity.User, today time.Time) (int, error) {
	n := 0
	for _, c := range h.overdue {
		m, err := c(ctx, u, today)
		if err != nil {
			return 0, err
		}
		n += m
	}
	return n, nil
}
