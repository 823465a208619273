package events

import (
	"net/http"
	"strconv"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// CheckInPage is the view model of the check-in on the day.
type CheckInPage struct {
	Event       Event
	Invitations []Invitation
	Contacts    []Recipient // the network's contacts not on the list, for walk-ins
	WalkInError string
	Marked      int64 // the row just marked, to return focus to it
}

func (h *Handler) checkInData(r *http.Request, e Event) (CheckInPage, error) {
	invs, err := h.store.Invitations(r.Context(), e.ID)
	if err != nil {
		return CheckInPage{}, err
	}
	all, err := h.store.Recipients(r.Context(), e, RecipientFilter{})
	if err != nil {
		return CheckInPage{}, err
	}
	p := CheckInPage{Event: e}
	for _, inv := range invs {
		// The check-in lists who may come: not those who declined or were
		// only invited, unless they were marked already.
		if inv.Status != Declined && inv.Status != Invited || inv.CheckedInAt != nil {
			p.Invitations = append(p.Invitations, inv)
		}
	}
	for _, c := range all {
		if !c.Invited {
			p.Contacts = append(p.Contacts, c)
		}
	}
	return p, nil
}

func (h *Handler) checkInPage(w http.ResponseWriter, r *http.Request) {
	e, ok := h.writable(w, r)
	if !ok {
		return
	}
	p, err := h.checkInData(r, e)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	p.Marked, _ = strconv.ParseInt(r.URL.Query().Get("gemarkeerd"), 10, 64)
	web.Render(w, r, http.StatusOK, checkInPage(p))
}

// mark records one person present or absent and returns to the list, at
// that person's row.
func (h *Handler) mark(w http.ResponseWriter, r *http.Request) {
	e, ok := h.writable(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	id, err := strconv.ParseInt(r.PostForm.Get("uitnodiging"), 10, 64)
	if err != nil {
		web.Fail(w, r, apperr.New(apperr.BadRequest, ""))
		return
	}
	present := r.PostForm.Get("aanwezig") == "ja"
	if err := h.store.Mark(r.Context(), identity.ScopeOf(identity.From(r.Context())), e.ID, id, present); err != nil {
		web.Fail(w, r, err)
		return
	}
	// No #fragment: it would stop the browser from focusing the row's
	// button (autofocus), where a keyboard user continues.
	web.Redirect(w, r, eventURL(e.ID, "/aanwezigheid?gemarkeerd="+strconv.FormatInt(id, 10)))
}

func (h *Handler) walkIn(w http.ResponseWriter, r *http.Request) {
	e, ok := h.writable(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PostForm.Get("contactpersoon"), 10, 64)
	if err != nil {
		err = apperr.New(apperr.Invalid, "")
	} else {
		err = h.store.WalkIn(ctx, identity.ScopeOf(identity.From(ctx)), e.ID, id)
	}
	if err != nil && apperr.KindOf(err) != apperr.Invalid {
		web.Fail(w, r, err)
		return
	}
	if err != nil {
		p, perr := h.checkInData(r, e)
		if perr != nil {
			web.Fail(w, r, perr)
			return
		}
		p.WalkInError = i18n.T(ctx, "Kies een contactpersoon van een werkgever uit dit netwerk.")
		web.Render(w, r, http.StatusUnprocessableEntity, checkInPage(p))
		return
	}
	session.SetFlash(ctx, i18n.T(ctx, "De binnenloper staat op de lijst als aanwezig."))
	web.Redirect(w, r, eventURL(e.ID, "/aanwezigheid"))
}

func (h *Handler) closeAttendance(w http.ResponseWriter, r *http.Request) {
	e, ok := h.writable(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	err := h.store.CloseAttendance(ctx, identity.ScopeOf(identity.From(ctx)), e.ID)
	switch {
	case apperr.KindOf(err) == apperr.Conflict:
		session.SetFlash(ctx, i18n.T(ctx, "De aanwezigheid kan pas na het begin van de bijeenkomst worden vastgelegd."))
	case err != nil:
		web.Fail(w, r, err)
		return
	default:
		session.SetFlash(ctx, i18n.T(ctx, "De aanwezigheid is vastgelegd. Wie zich had aangemeld en niet kwam, staat als afwezig."))
	}
	web.Redirect(w, r, eventURL(e.ID, ""))
}
