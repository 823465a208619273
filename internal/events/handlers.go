package events

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/web"
)

// Handler serves the event pages, the invitation answers and the calendars.
type Handler struct {
	store   *Store
	baseURL string
	sender  string // see WithSender
	clock   nltime.Clock
}

// NewHandler returns the event handlers; baseURL makes links in mail and
// calendars.
func NewHandler(store *Store, baseURL string) *Handler {
	return &Handler{store: store, clock: store.Clock(), baseURL: baseURL}
}

// WithSender sets the portal's sender address (MAIL_FROM), the ORGANIZER
// of the calendar invitations the mails carry.
func (h *Handler) WithSender(email string) *Handler {
	h.sender = email
	return h
}

// Routes mounts the coordinator's pages; the caller has made sure a user
// is signed in.
func (h *Handler) Routes(r chi.Router) {
	r.Route("/bijeenkomsten", func(r chi.Router) {
		r.Get("/", h.list)
		r.Get("/nieuw", h.newForm)
		r.Method(http.MethodPost, "/nieuw", web.FieldForm(h.create))
		r.Get("/agenda", h.calendarPage)
		r.Post("/agenda", h.renewCalendar)
		r.Get("/werkgever", h.employerEvents)
		h.exportRoutes(r)
		r.Route("/{id}", func(r chi.Router) {
			r.Get("/", h.show)
			r.Get("/bewerken", h.editForm)
			r.Method(http.MethodPost, "/bewerken", web.FieldForm(h.update))
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
	return web.Load(w, r, web.InScope(h.store.Get))
}

// writable is event for a change: read-only users get 403.
func (h *Handler) writable(w http.ResponseWriter, r *http.Request) (Event, bool) {
	e, ok := h.event(w, r)
	return e, ok && web.MayWrite(w, r, e.NetworkID)
}

func eventURL(id int64, suffix string) string {
	return "/bijeenkomsten/" + strconv.FormatInt(id, 10) + suffix
}
