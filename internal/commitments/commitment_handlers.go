package commitments

import (
	"net/http"
	"strconv"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// list is the overview of the members of the user's networks and the
// conditions they meet or lack.
func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := identity.From(ctx)
	f := ParseFilter(r.URL.Query())
	o, err := h.store.List(ctx, identity.ScopeOf(u), f, u.NetworkIDs())
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, listPage(ListPage{
		Filter: f, Items: o.Items, Kinds: o.Kinds, Networks: u.Networks, IsBeheerder: u.Role == identity.Beheerder || u.Role == identity.Coordinator,
		Pager: web.Pager{Page: f.Page, PerPage: PerPage, Total: o.Total, Query: f.Values(), Path: "/toezeggingen"},
	}))
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	e, ok := h.employerParam(w, r)
	if !ok {
		return
	}
	h.renderForm(w, r, http.StatusOK, FormPage{Employer: e, Form: Form{Status: "getekend"}, IsNew: true})
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, ok := h.employerParam(w, r)
	if !ok {
		return
	}
	page, in, valid := h.parse(w, r, FormPage{Employer: e, IsNew: true})
	if page == nil {
		return
	}
	if !valid {
		h.renderForm(w, r, http.StatusUnprocessableEntity, *page)
		return
	}
	in.EmployerID = e.ID
	if _, err := h.store.Create(ctx, in); err != nil {
		web.Fail(w, r, err)
		return
	}
	session.SetFlash(ctx, i18n.T(ctx, "De toezegging van %s is vastgelegd.", e.Name))
	web.Redirect(w, r, employerURL(e.ID, "toezeggingen"))
}

// commitment loads the commitment of the path for a user who may change
// it: 404 outside the user's networks, 403 for read-only users.
func (h *Handler) commitment(w http.ResponseWriter, r *http.Request) (Commitment, Employer, bool) {
	return writableWithEmployer(h, w, r, h.store.Get, func(c Commitment) (int64, int64) { return c.NetworkID, c.EmployerID })
}

func (h *Handler) editForm(w http.ResponseWriter, r *http.Request) {
	c, e, ok := h.commitment(w, r)
	if !ok {
		return
	}
	h.renderForm(w, r, http.StatusOK, FormPage{Employer: e, Commitment: c, Form: formFrom(c)})
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, e, ok := h.commitment(w, r)
	if !ok {
		return
	}
	page, in, valid := h.parse(w, r, FormPage{Employer: e, Commitment: c})
	if page == nil {
		return
	}
	if !valid {
		h.renderForm(w, r, http.StatusUnprocessableEntity, *page)
		return
	}
	in.EmployerID = e.ID
	err := h.store.Update(ctx, identity.ScopeOf(identity.From(ctx)), c.ID, in)
	switch {
	case apperr.Is(err, apperr.Conflict):
		h.renderConflict(w, r, *page)
	default:
		web.Done(w, r, err, i18n.T(ctx, "De wijzigingen zijn opgeslagen."), employerURL(e.ID, "toezeggingen"))
	}
}

// parse reads and validates a posted commitment form. A nil page means the
// response has been written (an unreadable form).
func (h *Handler) parse(w http.ResponseWriter, r *http.Request, page FormPage) (*FormPage, Input, bool) {
	p, err := readPost(r)
	if err != nil {
		web.Fail(w, r, err)
		return nil, Input{}, false
	}
	kinds, err := h.store.OfferedKinds(r.Context(), page.Employer.NetworkID, page.Commitment.KindID)
	if err != nil {
		web.Fail(w, r, err)
		return nil, Input{}, false
	}
	page.Form = parseForm(p)
	in, valid := page.Form.Validate(r.Context(), kinds, h.clock.Today())
	return &page, in, valid
}

// renderConflict shows the user's input again with what another user saved
// in the meantime; the form now carries the current version, so saving
// again is a deliberate choice to overwrite.
func (h *Handler) renderConflict(w http.ResponseWriter, r *http.Request, page FormPage) {
	ctx := r.Context()
	current, err := h.store.Get(ctx, identity.ScopeOf(identity.From(ctx)), page.Commitment.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	who, at, err := h.store.LastChange(ctx, "commitment", current.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	kinds, err := h.store.Kinds(ctx, page.Employer.NetworkID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Conflict = &web.Conflict{Title: i18n.T(ctx, "Iemand anders heeft deze toezegging intussen gewijzigd"), By: who, At: at, Rows: conflictRows(ctx, kinds, page.Form, formFrom(current))}
	page.Commitment = current
	page.Form.Version = strconv.Itoa(current.Version)
	h.renderForm(w, r, http.StatusConflict, page)
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, page FormPage) {
	kinds, err := h.store.OfferedKinds(r.Context(), page.Employer.NetworkID, page.Commitment.KindID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Kinds = kinds
	web.Render(w, r, status, formPage(page))
}

// document serves a commitment's signed PDF to whoever may read the
// employer, as a download that no browser renders in the portal's origin
// and no cache keeps.
func (h *Handler) document(w http.ResponseWriter, r *http.Request) {
	id, ok := web.IDParam(w, r, "id")
	if !ok {
		return
	}
	name, data, err := h.store.Document(r.Context(), identity.ScopeOf(identity.From(r.Context())), id)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	writeDocument(w, name, data)
}
