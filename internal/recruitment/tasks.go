package recruitment

import (
	"context"
	"net/http"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// openSteps is the SQL condition for the open, dated next steps of owner
// $1 in the scope $2 (all networks) or $3 (network ids): a member or a
// dropped prospect has no next step to take.
const openSteps = `p.owner_id = $1 AND p.next_step_on IS NOT NULL AND p.stage NOT IN ('lid', 'afgevallen')
	AND ($2 OR p.network_id = ANY($3))`

// StepList is a window of the user's dated next steps with their number.
type StepList struct {
	Steps []Prospect
	Total int
}

// QueueSteps queues on b the window w of the user's dated next steps,
// soonest (and so overdue) first, and how many there are.
func (s *Store) QueueSteps(b *db.Batch, u *identity.User, w web.TaskWindow) *StepList {
	sc := identity.ScopeOf(u)
	out := new(StepList)
	b.QueryRow(func(r pgx.Row) error { return r.Scan(&out.Total) }, `SELECT count(*) FROM prospects p WHERE `+openSteps,
		u.ID, sc.All, nonNil(sc.Networks))
	steps := db.Collect(b, func(r pgx.CollectableRow) (Prospect, error) { return scanProspect(r) },
		`SELECT `+prospectColumns+` WHERE `+openSteps+`
		ORDER BY p.next_step_on, lower(p.name), p.id LIMIT $4 OFFSET $5`, u.ID, sc.All, nonNil(sc.Networks), w.Limit, w.Offset)
	b.After(func() error {
		out.Steps = *steps
		return nil
	})
	return out
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

// TasksView is the pipeline's list on /taken and on its own page.
type TasksView struct {
	StepList
	Today       time.Time
	ShowNetwork bool
}

// stepsPath is the page of all the user's next steps.
const stepsPath = "/taken/werving"

// TaskSection queues the signed-in user's first next steps for /taken on
// q; app registers it with the visits package, which owns that page and
// sends q. The board (bestuur) owns no next steps and gets nothing.
func (h *Handler) TaskSection(ctx context.Context, q *db.Batch) func() (templ.Component, error) {
	u := identity.From(ctx)
	if !u.MayWrite() {
		return func() (templ.Component, error) { return templ.NopComponent, nil }
	}
	steps := h.store.QueueSteps(q, u, web.TaskWindow{Limit: web.TaskRows})
	return func() (templ.Component, error) { return tasksSection(h.tasksView(ctx, steps)), nil }
}

// steps is /taken/werving?pagina=n: all the user's dated next steps, a
// page at a time, in the order of /taken.
func (h *Handler) steps(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	web.ServeTaskList(w, r, h.store.pool, stepsPath, i18n.T(ctx, "Volgende stappen in de werving"), "",
		func(b *db.Batch, window web.TaskWindow) func() (templ.Component, int, int) {
			steps := h.store.QueueSteps(b, identity.From(ctx), window)
			return func() (templ.Component, int, int) {
				return stepsTable(h.tasksView(ctx, steps)), len(steps.Steps), steps.Total
			}
		})
}

// tasksView shows steps to the signed-in user.
func (h *Handler) tasksView(ctx context.Context, steps *StepList) TasksView {
	u := identity.From(ctx)
	steps.Steps = forViewer(ctx, steps.Steps)
	return TasksView{StepList: *steps, Today: h.store.Clock().Today(), ShowNetwork: len(u.Networks) > 1}
}

// OverdueSteps counts the user's overdue next steps, for the Taken badge.
func (h *Handler) OverdueSteps(ctx context.Context, u *identity.User, today time.Time) (int, error) {
	return h.store.OverdueSteps(ctx, u, today)
}
