package visits

import (
	"context"
	"net/http"
	"slices"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// TaskSection is another package's list on /taken (the pipeline's next
// steps, the corrections to review), so this package need not know it. It
// queues its reads on q, which /taken sends with its own in one round
// trip, and returns what renders it once q was sent.
type TaskSection func(ctx context.Context, q *db.Batch) func() (templ.Component, error)

// tasks is /taken: the signed-in user's open follow-ups and what their
// networks ask of them, the first web.TaskRows of each list with a link
// to the whole list. The board sees the same lists without buttons: it
// owns no follow-ups, but which members nobody visited for a year is what
// the chapter asks a board to watch.
func (h *Handler) tasks(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var b db.Batch
	extra := make([]func() (templ.Component, error), len(h.taskSections))
	for i, section := range h.taskSections {
		extra[i] = section(ctx, &b)
	}
	// The other packages' reads come before the setting, so they keep the
	// plans they have on their own pages.
	b.GenericPlans()
	page := h.tasksPage(r)
	h.store.QueueTasks(&b, &page.Tasks, h.taskQuery(ctx, web.TaskWindow{Limit: web.TaskRows}))
	if err := b.Send(ctx, h.store.pool); err != nil {
		web.Fail(w, r, err)
		return
	}
	for _, render := range extra {
		c, err := render()
		if err != nil {
			web.Fail(w, r, err)
			return
		}
		page.Extra = append(page.Extra, c)
	}
	web.Render(w, r, http.StatusOK, tasksPage(page))
}

// taskList is the page of one list of /taken, /taken/{lijst}?pagina=n: the
// whole list in the order of /taken, web.TaskPageRows rows at a time.
func (h *Handler) taskList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	list := TaskList(chi.URLParam(r, "lijst"))
	if !slices.Contains(TaskLists, list) {
		web.Fail(w, r, apperr.ErrNotFound)
		return
	}
	web.ServeTaskList(w, r, h.store.pool, list.href(), list.title(ctx), list.hint(ctx),
		func(b *db.Batch, window web.TaskWindow) func() (templ.Component, int, int) {
			b.GenericPlans()
			page := h.tasksPage(r)
			h.store.QueueTaskList(b, &page.Tasks, list, h.taskQuery(ctx, window))
			return func() (templ.Component, int, int) {
				shown, total := page.Tasks.count(list)
				return taskRows(page, list), shown, total
			}
		})
}

// tasksPage is the view model of the signed-in user's task lists, without
// the lists; a follow-up marked done returns to the page of r.
func (h *Handler) tasksPage(r *http.Request) TasksPage {
	u := identity.From(r.Context())
	return TasksPage{CanWrite: u.MayWrite(), ShowNetwork: len(u.Networks) > 1, Today: h.clock.Today(), Back: r.URL.RequestURI()}
}

// taskQuery reads window of the signed-in user's lists, today.
func (h *Handler) taskQuery(ctx context.Context, window web.TaskWindow) TaskQuery {
	u := identity.From(ctx)
	return TaskQuery{Scope: identity.ScopeOf(u), UserID: u.ID, Today: h.clock.Today(), Window: window}
}

// AddTaskSection adds a list of another package's to /taken (after the
// user's own follow-ups).
func (h *Handler) AddTaskSection(section TaskSection) {
	h.taskSections = append(h.taskSections, section)
}

// Overdue tells a coordinator in the navigation how many of their
// follow-ups and of their networks' referrals are overdue; it costs one
// indexed count per rendered page, on a failed POST (422) too.
func (h *Handler) Overdue(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := identity.From(r.Context())
		if u.MayWrite() {
			r = r.WithContext(web.WithNavCounter(r.Context(), "taken", func(ctx context.Context) (int, error) {
				n, err := h.store.OverdueCount(ctx, identity.ScopeOf(u), u.ID, h.clock.Today())
				if err != nil {
					return 0, err
				}
				m, err := h.extraOverdue(ctx, u, h.clock.Today())
				return n + m, err
			}))
		}
		next.ServeHTTP(w, r)
	})
}
