package events

import (
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// CalendarPage is the view model of the page that manages the networks'
// calendar feeds.
type CalendarPage struct {
	Feeds      []CalendarFeed
	NewNetwork int64  // the network whose link was just made
	NewLink    string // that link, shown once
}

// feedLinkKey holds a new feed link from the POST to the page after it:
// the link is shown once and never put in a URL or the page's history.
const feedLinkKey = "agenda-link"

// downloadICS is one event for the coordinator's own calendar.
func (h *Handler) downloadICS(w http.ResponseWriter, r *http.Request) {
	e, ok := h.event(w, r)
	if !ok {
		return
	}
	h.serveEvent(w, r, e)
}

// answerICS is the event of an invitation link, for the invitee's calendar.
func (h *Handler) answerICS(w http.ResponseWriter, r *http.Request) {
	_, e, err := h.store.ByToken(r.Context(), chi.URLParam(r, "token"))
	if err != nil {
		h.unknownLink(w, r, err)
		return
	}
	h.serveEvent(w, r, e)
}

func (h *Handler) serveEvent(w http.ResponseWriter, r *http.Request, e Event) {
	data, err := EventICS(e, h.baseURL, MethodPublish)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	writeCalendar(w, "bijeenkomst-"+strconv.FormatInt(e.ID, 10)+".ics", data)
}

// feed is a network's calendar to subscribe to. The path holds the secret
// token with ".ics" after it, as some calendar apps want to see.
func (h *Handler) feed(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(chi.URLParam(r, "token"), ".ics")
	if !ok {
		web.Fail(w, r, apperr.ErrNotFound)
		return
	}
	ctx := r.Context()
	n, err := h.store.feedNetwork(ctx, token)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	events, err := h.store.feedEvents(ctx, n.ID, h.clock.Now().Add(-FeedWindow))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	data, err := FeedICS(n.Name, events, h.baseURL)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	writeCalendar(w, "bijeenkomsten "+n.Name+".ics", data)
}

func writeCalendar(w http.ResponseWriter, filename string, data []byte) {
	disp := mime.FormatMediaType("attachment", map[string]string{"filename": filename})
	if disp == "" { // a name mime cannot encode
		disp = `attachment; filename="agenda.ics"`
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", disp)
	w.Write(data)
}

// calendarPage lists the networks the user may manage, with their feeds.
func (h *Handler) calendarPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	nets := identity.From(ctx).WritableNetworks()
	if len(nets) == 0 {
		web.Fail(w, r, apperr.ErrForbidden)
		return
	}
	feeds, err := h.store.feeds(ctx, nets)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	p := CalendarPage{Feeds: feeds}
	if id, link, ok := strings.Cut(session.PopOnce(ctx, feedLinkKey), " "); ok {
		p.NewNetwork, _ = strconv.ParseInt(id, 10, 64)
		p.NewLink = link
	}
	web.Render(w, r, http.StatusOK, calendarPage(p))
}

// renewCalendar makes a network's feed link, or a new one in place of the
// old, which stops working: the way out when a link got into wrong hands.
func (h *Handler) renewCalendar(w http.ResponseWriter, r *http.Request) {
	if !web.ParsedForm(w, r) {
		return
	}
	ctx := r.Context()
	u := identity.From(ctx)
	id, _ := strconv.ParseInt(r.PostForm.Get("netwerk"), 10, 64)
	i := slices.IndexFunc(u.Networks, func(n identity.Network) bool { return n.ID == id })
	switch {
	case !u.CanWrite(id):
		web.Fail(w, r, apperr.ErrForbidden)
		return
	case i < 0: // a beheerder may write anywhere, but only in networks that exist
		web.Fail(w, r, apperr.ErrNotFound)
		return
	}
	token, err := h.store.newFeedToken(ctx, id)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	session.SetOnce(ctx, feedLinkKey, strconv.FormatInt(id, 10)+" "+h.feedURL(token))
	session.SetFlash(ctx, i18n.T(ctx, "Er is een nieuwe agenda-link voor %s. Kopieer hem nu: hij wordt maar één keer getoond.", u.Networks[i].Name))
	web.Redirect(w, r, "/bijeenkomsten/agenda")
}

func (h *Handler) feedURL(token string) string { return h.baseURL + "/agenda/" + token + ".ics" }
