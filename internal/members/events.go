package members

import (
	"context"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/web"
)

// EventItem is an upcoming event meant for the member, as the events
// package describes it (converted in internal/app).
type EventItem struct {
	ID                    int64
	Title, Kind, Location string
	Subgroup              string
	StartsAt, EndsAt      time.Time
	Status                string // the member's: aangemeld, wachtlijst, afgemeld, uitgenodigd or ""
	Full                  bool
}

// Events is what the members' page needs of the events package: the
// upcoming events meant for a contact, and registering or cancelling with
// the waiting-list rules of the invitation answer page.
type Events interface {
	ContactEvents(ctx context.Context, contactID int64) ([]EventItem, error)
	ContactAnswer(ctx context.Context, contactID, eventID int64, yes bool, actor string) (string, error)
	ContactICS(ctx context.Context, contactID, eventID int64) ([]byte, error)
}

func (h *Handler) eventsPage(w http.ResponseWriter, r *http.Request) {
	m := memberOf(r.Context())
	evs, err := h.events.ContactEvents(r.Context(), m.ContactID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, eventsPage(m, evs, h.flash(r)))
}

func (h *Handler) answerEvent(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m := memberOf(ctx)
	id := web.ParseID(chi.URLParam(r, "id"))
	r.ParseForm()
	choice := r.PostForm.Get("antwoord")
	if choice != "aanmelden" && choice != "afmelden" {
		web.Fail(w, r, apperr.New(apperr.BadRequest, ""))
		return
	}
	status, err := h.events.ContactAnswer(ctx, m.ContactID, id, choice == "aanmelden", m.Name)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	msg := i18n.T(ctx, "U bent afgemeld.")
	switch status {
	case "aangemeld":
		msg = i18n.T(ctx, "U bent aangemeld. Tot dan!")
	case "wachtlijst":
		msg = i18n.T(ctx, "De bijeenkomst is vol: u staat op de wachtlijst en krijgt bericht als er plaats vrijkomt.")
	}
	h.sessions.Put(ctx, "flash", msg)
	web.Redirect(w, r, "/mijn/bijeenkomsten")
}

func (h *Handler) eventICS(w http.ResponseWriter, r *http.Request) {
	m := memberOf(r.Context())
	data, err := h.events.ContactICS(r.Context(), m.ContactID, web.ParseID(chi.URLParam(r, "id")))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="bijeenkomst-`+chi.URLParam(r, "id")+`.ics"`)
	w.Write(data)
}
