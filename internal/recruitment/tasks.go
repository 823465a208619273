package recruitment

import (
	"context"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/identity"
)

// MaxSteps is the most next steps /taken lists; the board has them all.
const MaxSteps = 100

// openSteps is the SQL condition for the open, dated next steps of owner
// $1 in the scope $2 (all networks) or $3 (network ids): a member or a
// dropped prospect has no next step to take.
const openSteps = `p.owner_id = $1 AND p.next_step_on IS NOT NULL AND p.stage NOT IN ('lid', 'afgevallen')
	AND ($2 OR p.network_id = ANY($3))`

// Steps returns the user's dated next steps, soonest (and so overdue)
// first, and how many there are.
func (s *Store) Steps(ctx context.Context, u *identity.User) ([]Prospect, int, error) {
	sc := identity.ScopeOf(u)
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM prospects p WHERE `+openSteps,
		u.ID, sc.All, nonNil(sc.Networks)).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.pool.Query(ctx, `SELECT `+prospectColumns+` WHERE `+openSteps+`
		ORDER BY p.next_step_on, lower(p.name), p.id LIMIT $4`, u.ID, sc.All, nonNil(sc.Networks), MaxSteps)
	if err != nil {
		return nil, 0, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Prospect, error) { return scanProspect(r) })
	return list, total, err
}

// OverdueSteps counts the user's next steps whose date passed, for the
// Taken badge: one indexed count (prospects_owner_idx) per page.
func (s *Store) OverdueSteps(ctx context.Context, u *identity.User, today time.Time) (int, error) {
	sc := identity.ScopeOf(u)
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM prospects p WHERE `+openSteps+` AND p.next_step_on < $4`,
		u.ID, sc.All, nonNil(sc.Networks), today).Scan(&n)
	return n, err
}

// TasksView is the pipeline's part of /taken.
type TasksView struct {
	Steps       []Prospect
	Total       int
	Today       time.Time
	ShowNetwork bool
}

// TaskSection renders the signed-in user's next steps for /taken; app
// registers it with the visits package, which owns that page. The board
// (bestuur) owns no next steps and gets nothing.
func (h *Handler) TaskSection(ctx context.Context) (templ.Component, error) {
	u := identity.From(ctx)
	if !u.MayWrite() {
		return templ.NopComponent, nil
	}
	today := h.store.Clock().Today()
	steps, total, err := h.store.Steps(ctx, u)
	if err != nil {
		return nil, err
	}
	return tasksSection(TasksView{Steps: forViewer(ctx, steps), Total: total, Today: today, ShowNetwork: len(u.Networks) > 1}), nil
}

// OverdueSteps counts the user's overdue next steps, for the Taken badge.
func (h *Handler) OverdueSteps(ctx context.Context, u *identity.User, today time.Time) (int, error) {
	return h.store.OverdueSteps(ctx, u, today)
}
