package visits

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// Handler serves the visit and follow-up pages and /taken.
type Handler struct {
	store        *Store
	clock        nltime.Clock
	taskSections []TaskSection
	overdue      []OverdueCounter // other packages' overdue items in the Taken badge
}

// NewHandler returns the visit handlers.
func NewHandler(store *Store) *Handler {
	return &Handler{store: store, clock: store.Clock()}
}

// Routes mounts the pages; the caller has made sure a user is signed in.
// The employer's own paths belong to the employers package, so the forms
// name their employer in the query: /bezoeken/nieuw?werkgever=12.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/taken", h.tasks)
	r.Get("/taken/{lijst}", h.taskList)
	r.Route("/bezoeken", func(r chi.Router) {
		r.Get("/nieuw", h.newVisit)
		r.Method(http.MethodPost, "/nieuw", web.FieldForm(h.createVisit))
		r.Get("/{id}/bewerken", h.editVisit)
		r.Method(http.MethodPost, "/{id}/bewerken", web.FieldForm(h.updateVisit))
	})
	r.Route("/opvolging", func(r chi.Router) {
		r.Get("/nieuw", h.newFollowUp)
		r.Method(http.MethodPost, "/nieuw", web.FieldForm(h.createFollowUp))
		r.Post("/{id}/afgerond", h.markDone)
		r.Post("/{id}/heropenen", h.reopen)
	})
}

func (h *Handler) newVisit(w http.ResponseWriter, r *http.Request) {
	e, ok := h.writableEmployer(w, r)
	if !ok {
		return
	}
	page := VisitPage{Employer: e, Form: VisitForm{Kind: "bezoek", VisitedOn: nltime.ISODate(h.clock.Today())}}
	me := web.FormatID(identity.From(r.Context()).ID)
	people, err := h.store.People(r.Context(), e.NetworkID, nil)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	// Whoever records the visit usually went, and acts on what was agreed.
	if slices.Contains(idStrings(personIDs(people)), me) {
		page.Form.UserIDs = []string{me}
	} else {
		me = ""
	}
	for range MaxFollowUps {
		page.Form.Rows = append(page.Form.Rows, FollowUpRow{OwnerID: me})
	}
	h.renderVisit(w, r, http.StatusOK, page)
}

func (h *Handler) createVisit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, ok := h.writableEmployer(w, r)
	if !ok {
		return
	}
	page := VisitPage{Employer: e}
	in, valid, ok := h.parseVisit(w, r, &page, Visit{})
	if !ok {
		return
	}
	if !valid {
		h.renderVisit(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	in.EmployerID = e.ID
	for i := range in.FollowUps {
		in.FollowUps[i].EmployerID = e.ID
	}
	_, err := h.store.CreateVisit(ctx, e.NetworkID, in)
	if ruleBroken(ctx, err, &page.Form) {
		h.renderVisit(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	session.SetFlash(ctx, savedMessage(ctx, in))
	web.Redirect(w, r, profileURL(e.ID))
}

func (h *Handler) editVisit(w http.ResponseWriter, r *http.Request) {
	v, ok := h.writableVisit(w, r)
	if !ok {
		return
	}
	h.renderVisit(w, r, http.StatusOK, VisitPage{Employer: employerOf(v), Visit: &v, Form: visitFormFrom(v)})
}

func (h *Handler) updateVisit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v, ok := h.writableVisit(w, r)
	if !ok {
		return
	}
	page := VisitPage{Employer: employerOf(v), Visit: &v}
	in, valid, ok := h.parseVisit(w, r, &page, v)
	if !ok {
		return
	}
	if !valid {
		h.renderVisit(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	in.EmployerID = v.EmployerID
	err := h.store.UpdateVisit(ctx, identity.ScopeOf(identity.From(ctx)), v.ID, in)
	switch {
	case ruleBroken(ctx, err, &page.Form):
		h.renderVisit(w, r, http.StatusUnprocessableEntity, page)
	case apperr.Is(err, apperr.Conflict):
		h.renderConflict(w, r, page)
	default:
		web.Done(w, r, err, i18n.T(ctx, "De wijzigingen zijn opgeslagen."), profileURL(v.EmployerID))
	}
}

// parseVisit reads and validates a posted visit form into page. ok is
// false when the response has been written (an unreadable form, or the
// data could not be loaded).
func (h *Handler) parseVisit(w http.ResponseWriter, r *http.Request, page *VisitPage, stored Visit) (in VisitInput, valid, ok bool) {
	ctx := r.Context()
	if err := server.ParseForm(r); err != nil {
		web.Fail(w, r, err)
		return in, false, false
	}
	page.Form = parseVisitForm(r.PostForm, page.Visit == nil)
	people, err := h.store.People(ctx, page.Employer.NetworkID, stored.UserIDs)
	if err != nil {
		web.Fail(w, r, err)
		return in, false, false
	}
	owners, err := h.store.People(ctx, page.Employer.NetworkID, nil)
	if err != nil {
		web.Fail(w, r, err)
		return in, false, false
	}
	contacts, err := h.store.Contacts(ctx, page.Employer.ID, stored.ContactIDs)
	if err != nil {
		web.Fail(w, r, err)
		return in, false, false
	}
	in, valid = page.Form.Validate(ctx, people, owners, contacts, h.clock.Today())
	return in, valid, true
}

// ruleBroken turns a rule the store found broken into a message on its
// field.
func ruleBroken(ctx context.Context, err error, f *VisitForm) bool {
	field, msg := "", ""
	var owner *OwnerError
	switch {
	case errors.Is(err, ErrPeopleInvalid):
		field, msg = "wie", i18n.T(ctx, "Een van de gekozen collega's werkt niet (meer) in dit netwerk.")
	case errors.Is(err, ErrContactsInvalid):
		field, msg = "contactpersonen", i18n.T(ctx, "Een van de gekozen contactpersonen werkt niet (meer) bij deze werkgever.")
	case errors.As(err, &owner):
		field, msg = rowField(rowOwner, owner.Row), i18n.T(ctx, "Kies wie dit oppakt: een coördinator of beheerder van dit netwerk.")
	default:
		return false
	}
	if f.Errors == nil {
		f.Errors = web.Errors{}
	}
	f.Errors[field] = msg
	return true
}

// renderConflict shows the user's input again with what another user saved
// in the meantime; the form now carries the current version, so saving
// again is a deliberate choice to overwrite.
func (h *Handler) renderConflict(w http.ResponseWriter, r *http.Request, page VisitPage) {
	ctx := r.Context()
	current, err := h.store.Visit(ctx, identity.ScopeOf(identity.From(ctx)), page.Visit.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	who, at, err := h.store.LastChange(ctx, current.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	people, err := h.store.People(ctx, current.NetworkID, append(slices.Clone(current.UserIDs), page.Visit.UserIDs...))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	contacts, err := h.store.Contacts(ctx, current.EmployerID, append(slices.Clone(current.ContactIDs), page.Visit.ContactIDs...))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Conflict = &web.Conflict{Title: i18n.T(ctx, "Iemand anders heeft dit bezoek intussen gewijzigd"), By: who, At: at, Rows: conflictRows(ctx, people, contacts, page.Form, visitFormFrom(current))}
	page.Form.Version = strconv.Itoa(current.Version)
	h.renderVisit(w, r, http.StatusConflict, page)
}

// renderVisit loads whom the form offers: the people of the network and
// the employer's active contacts, with those the stored visit names.
func (h *Handler) renderVisit(w http.ResponseWriter, r *http.Request, status int, page VisitPage) {
	ctx := r.Context()
	var keepUsers, keepContacts []int64
	if page.Visit != nil {
		keepUsers, keepContacts = page.Visit.UserIDs, page.Visit.ContactIDs
	}
	var err error
	if page.People, err = h.store.People(ctx, page.Employer.NetworkID, keepUsers); err != nil {
		web.Fail(w, r, err)
		return
	}
	if page.Owners, err = h.store.People(ctx, page.Employer.NetworkID, nil); err != nil {
		web.Fail(w, r, err)
		return
	}
	if page.Contacts, err = h.store.Contacts(ctx, page.Employer.ID, keepContacts); err != nil {
		web.Fail(w, r, err)
		return
	}
	for page.Visit == nil && len(page.Form.Rows) < MaxFollowUps {
		page.Form.Rows = append(page.Form.Rows, FollowUpRow{})
	}
	web.Render(w, r, status, visitPage(page))
}

// writableEmployer loads the employer named by ?werkgever= for a user who
// may write in its network: another network's is a 404, a reader's 403.
func (h *Handler) writableEmployer(w http.ResponseWriter, r *http.Request) (Employer, bool) {
	return web.LoadID(w, r, r.URL.Query().Get("werkgever"), web.Writable(h.store.Employer, func(e Employer) int64 { return e.NetworkID }))
}

// writableVisit loads the visit of the URL within the user's scope (else
// 404), and 403 when the user may only read it.
func (h *Handler) writableVisit(w http.ResponseWriter, r *http.Request) (Visit, bool) {
	return web.Load(w, r, web.Writable(web.InScope(h.store.Visit), func(v Visit) int64 { return v.NetworkID }))
}

func employerOf(v Visit) Employer {
	return Employer{ID: v.EmployerID, Name: v.EmployerName, NetworkID: v.NetworkID}
}

// savedMessage says what was recorded, with the number of follow-ups.
func savedMessage(ctx context.Context, in VisitInput) string {
	kind := kindLabel(ctx, in.Kind)
	switch len(in.FollowUps) {
	case 0:
		return i18n.T(ctx, "%s op %s is vastgelegd.", kind, nltime.FormatDate(in.VisitedOn))
	case 1:
		return i18n.T(ctx, "%s op %s is vastgelegd, met 1 opvolging.", kind, nltime.FormatDate(in.VisitedOn))
	}
	return i18n.T(ctx, "%s op %s is vastgelegd, met %d opvolgingen.", kind, nltime.FormatDate(in.VisitedOn), len(in.FollowUps))
}

// safeReturn keeps a return address on this site: only a local path is
// accepted, anything else gives fallback.
func safeReturn(s, fallback string) string {
	// Browsers drop tabs and newlines from URLs ("/\t/evil" becomes
	// "//evil"), so no control character is accepted at all.
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/\\") || strings.ContainsFunc(s, unicode.IsControl) {
		return fallback
	}
	return s
}
