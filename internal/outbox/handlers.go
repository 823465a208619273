package outbox

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// Handler serves the pages under /mail.
type Handler struct {
	store *Store
	// showBodies is set in development, where no mail leaves the portal
	// and the page is the only place to read one. With a mail server the
	// bodies stay hidden: their personal links open an employer's intake.
	showBodies bool
}

// NewHandler returns the outbox pages; showBodies is for development only.
func NewHandler(store *Store, showBodies bool) *Handler {
	return &Handler{store: store, showBodies: showBodies}
}

// Routes mounts /mail; the caller has made sure a user is signed in.
func (h *Handler) Routes(r chi.Router) {
	r.Route("/mail", func(r chi.Router) {
		r.Use(handlesMail)
		r.Get("/", h.list)
		r.Get("/{id}", h.show)
	})
}

// handlesMail lets coordinators and the beheerder in: they send the
// invitations. Bestuur reads the networks' figures, not their mail.
func handlesMail(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !MayRead(identity.From(r.Context())) {
			web.Fail(w, r, apperr.ErrForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// MayRead reports whether the user's role may see the outbox (also used to
// show the menu item).
func MayRead(u *identity.User) bool {
	return u != nil && (u.Role == identity.Coordinator || u.Role == identity.Beheerder)
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := ParseFilter(r.URL.Query())
	items, total, err := h.store.List(ctx, identity.ScopeOf(identity.From(ctx)), f)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, listPage(ListPage{
		Filter: f, Items: items, Development: h.showBodies,
		Pager: web.Pager{Page: f.Page, PerPage: PerPage, Total: total, Query: f.Values(), Path: "/mail"},
	}))
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	m, ok := web.Load(w, r, func(ctx context.Context, id int64) (Mail, error) {
		return h.store.Get(ctx, identity.ScopeOf(identity.From(ctx)), id, h.showBodies)
	})
	if !ok {
		return
	}
	// The page may hold a personal link: keep it out of caches.
	w.Header().Set("Cache-Control", "no-store")
	web.Render(w, r, http.StatusOK, showPage(ShowPage{Mail: m, ShowBody: h.showBodies}))
}
