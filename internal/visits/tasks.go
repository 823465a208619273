package visits

import (
	"context"
	"net/http"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// tasks is /taken: the signed-in user's open follow-ups and what their
// networks ask of them. The board sees the same lists without buttons: it
// owns no follow-ups, but which members nobody visited for a year is what
// the chapter asks a board to watch.
func (h *Handler) tasks(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := identity.From(ctx)
	today := h.clock.Today()
	t, err := h.store.Tasks(ctx, identity.ScopeOf(u), u.ID, today)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page := TasksPage{Tasks: t, CanWrite: u.MayWrite(), ShowNetwork: len(u.Networks) > 1, Today: today}
	for _, section := range h.taskSections {
		c, err := section(ctx)
		if err != nil {
			web.Fail(w, r, err)
			return
		}
		page.Extra = append(page.Extra, c)
	}
	web.Render(w, r, http.StatusOK, tasksPage(page))
}

// AddTaskSection adds a list of another package's to /taken (after the
// user's own follow-ups), so this package need not know it.
func (h *Handler) AddTaskSection(section func(ctx context.Context) (templ.Component, error)) {
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
