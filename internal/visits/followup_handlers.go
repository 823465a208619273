package visits

import (
	"errors"
	"net/http"
	"slices"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

func (h *Handler) newFollowUp(w http.ResponseWriter, r *http.Request) {
	e, ok := h.writableEmployer(w, r)
	if !ok {
		return
	}
	owners, err := h.store.People(r.Context(), e.NetworkID, nil)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	f := FollowUpForm{}
	if me := identity.From(r.Context()).ID; slices.Contains(personIDs(owners), me) {
		f.Row.OwnerID = web.FormatID(me)
	}
	web.Render(w, r, http.StatusOK, followUpPage(FollowUpPage{Employer: e, Form: f, Owners: owners}))
}

func (h *Handler) createFollowUp(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, ok := h.writableEmployer(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	owners, err := h.store.People(ctx, e.NetworkID, nil)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page := FollowUpPage{Employer: e, Owners: owners, Form: FollowUpForm{Row: FollowUpRow{
		Description: r.PostForm.Get("omschrijving"), OwnerID: r.PostForm.Get("eigenaar"), DueOn: r.PostForm.Get("datum")}}}
	in, valid := page.Form.Validate(ctx, owners, h.clock.Today())
	if valid {
		in.EmployerID = e.ID
		_, err = h.store.CreateFollowUp(ctx, e.NetworkID, in)
	}
	var owner *OwnerError
	switch {
	case errors.As(err, &owner):
		page.Form.Errors["eigenaar"] = i18n.T(ctx, "Kies wie dit oppakt: een coördinator of beheerder van dit netwerk.")
	case err != nil:
		web.Fail(w, r, err)
		return
	case valid:
		session.SetFlash(ctx, i18n.T(ctx, "De opvolging is toegevoegd."))
		web.Redirect(w, r, profileURL(e.ID))
		return
	}
	web.Render(w, r, http.StatusUnprocessableEntity, followUpPage(page))
}

// markDone and reopen come from /taken and from the profile, and return
// there (the form's "terug"). A second click, or a colleague who was
// quicker, only gets a message: the follow-up is as they wanted it.
func (h *Handler) markDone(w http.ResponseWriter, r *http.Request) {
	h.setDone(w, r, true)
}

func (h *Handler) reopen(w http.ResponseWriter, r *http.Request) {
	h.setDone(w, r, false)
}

func (h *Handler) setDone(w http.ResponseWriter, r *http.Request, done bool) {
	ctx := r.Context()
	if !web.ParsedForm(w, r) {
		return
	}
	f, ok := h.writableFollowUp(w, r)
	if !ok {
		return
	}
	change := h.store.Reopen
	if done {
		change = h.store.MarkDone
	}
	err := change(ctx, identity.ScopeOf(identity.From(ctx)), f.ID)
	switch {
	case apperr.Is(err, apperr.Conflict) && done:
		session.SetFlash(ctx, i18n.T(ctx, "Deze opvolging was al afgerond."))
	case apperr.Is(err, apperr.Conflict):
		session.SetFlash(ctx, i18n.T(ctx, "Deze opvolging stond al open."))
	case err != nil:
		web.Fail(w, r, err)
		return
	case done:
		session.SetFlash(ctx, i18n.T(ctx, "Afgerond: %s", f.Description))
	default:
		session.SetFlash(ctx, i18n.T(ctx, "Weer open: %s", f.Description))
	}
	web.Redirect(w, r, safeReturn(r.PostForm.Get("terug"), profileURL(f.EmployerID)))
}

// writableFollowUp loads the follow-up of the URL within the user's scope
// (else 404), and 403 when the user may only read it.
func (h *Handler) writableFollowUp(w http.ResponseWriter, r *http.Request) (FollowUp, bool) {
	return web.Load(w, r, web.Writable(web.InScope(h.store.FollowUp), func(f FollowUp) int64 { return f.NetworkID }))
}
