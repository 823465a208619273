package events

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/server"
)

// Handler serves the event pages, the invitation answers and the calendars.
type Handler struct {
	store   *Store
	baseURL string
	now     func() time.Time
}

// NewHandler returns the event handlers; baseURL makes links in mail and
// calendars.
func NewHandler(store *Store, baseURL string) *Handler {
	return &Handler{store: store, baseURL: baseURL, now: time.Now}
}

// Routes mounts the coordinator's pages; the caller has made sure a user
// is signed in.
func (h *Handler) Routes(r chi.Router) {
	r.Route("/bijeenkomsten", func(r chi.Router) {
		r.Get("/", h.list)
		r.Get("/nieuw", h.newForm)
		r.Method(http.MethodPost, "/nieuw", server.FieldForm(h.create))
		r.Get("/agenda", h.calendarPage)
		r.Post("/agenda", h.renewCalendar)
		h.exportRoutes(r)
		r.Route("/{id}", func(r chi.Router) {
			r.Get("/", h.show)
			r.Get("/bewerken", h.editForm)
			r.Method(http.MethodPost, "/bewerken", server.FieldForm(h.update))
			r.Post("/annuleren", h.cancel)
			r.Get("/uitnodigen", h.inviteForm)
			r.Post("/uitnodigen", h.invite)
			r.Get("/aanwezigheid", h.checkInPage)
			r.Post("/aanwezigheid", h.mark)
			r.Post("/aanwezigheid/binnenloper", h.walkIn)
			r.Post("/aanwezigheid/afsluiten", h.closeAttendance)
			r.Get("/agenda.ics", h.downloadICS)
			r.Get("/deelnemers.{format}", h.exportInvitations)
		})
	})
}

// PublicRoutes mounts the pages reached by a personal link, without a
// session: the answer to an invitation and a network's calendar feed.
func (h *Handler) PublicRoutes(r chi.Router) {
	r.Route("/uitnodiging/{token}", func(r chi.Router) {
		r.Use(server.PrivatePage)
		r.Get("/", h.answerPage)
		r.Post("/", h.answer)
		r.Get("/agenda.ics", h.answerICS)
	})
	r.With(server.PrivatePage).Get("/agenda/{token}", h.feed)
}

// event loads the event of the URL within the user's networks; another
// network's event is not found.
func (h *Handler) event(w http.ResponseWriter, r *http.Request) (Event, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		server.Fail(w, r, apperr.ErrNotFound)
		return Event{}, false
	}
	e, err := h.store.Get(r.Context(), ScopeOf(identity.From(r.Context())), id)
	if err != nil {
		server.Fail(w, r, err)
		return e, false
	}
	return e, true
}

// writable is event for a change: read-only users get 403.
func (h *Handler) writable(w http.ResponseWriter, r *http.Request) (Event, bool) {
	e, ok := h.event(w, r)
	if ok && !identity.From(r.Context()).CanWrite(e.NetworkID) {
		server.Fail(w, r, apperr.ErrForbidden)
		return e, false
	}
	return e, ok
}

func eventURL(id int64, suffix string) string {
	return "/bijeenkomsten/" + strconv.FormatInt(id, 10) + suffix
}

// writableNetworks are the networks the user may create events in.
func writableNetworks(u *identity.User) []identity.Network {
	var out []identity.Network
	for _, n := range u.Networks {
		if u.CanWrite(n.ID) {
			out = append(out, n)
		}
	}
	return out
}
