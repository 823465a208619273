package employers

import (
	"context"
	"net/http"
	"strconv"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

func (h *Handler) newContactForm(w http.ResponseWriter, r *http.Request) {
	e, ok := h.writableEmployer(w, r)
	if !ok {
		return
	}
	f := ContactForm{ActiveFrom: h.clock.Today().Format("2006-01-02"), Level: "tactisch"}
	h.renderContactForm(w, r, http.StatusOK, ContactFormPage{EmployerID: e.ID, EmployerName: e.Name, Form: f, IsNew: true})
}

func (h *Handler) createContact(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, ok := h.writableEmployer(w, r)
	if !ok {
		return
	}
	page, in, valid := h.parseContact(w, r, ContactFormPage{EmployerID: e.ID, EmployerName: e.Name, IsNew: true})
	if page == nil {
		return
	}
	if !valid {
		h.renderContactForm(w, r, http.StatusUnprocessableEntity, *page)
		return
	}
	if _, err := h.store.CreateContact(ctx, e.ID, in); err != nil {
		web.Fail(w, r, err)
		return
	}
	session.SetFlash(ctx, i18n.T(ctx, "Contactpersoon %s is toegevoegd.", in.Name))
	web.Redirect(w, r, employerURL(e.ID, "#contactpersonen"))
}

func (h *Handler) editContactForm(w http.ResponseWriter, r *http.Request) {
	e, c, ok := h.writableContact(w, r)
	if !ok {
		return
	}
	h.renderContactForm(w, r, http.StatusOK, ContactFormPage{EmployerID: e.ID, EmployerName: e.Name, ContactID: c.ID, Form: formFromContact(c), HeldFunction: c.Function})
}

func (h *Handler) updateContact(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, c, ok := h.writableContact(w, r)
	if !ok {
		return
	}
	page, in, valid := h.parseContact(w, r, ContactFormPage{EmployerID: e.ID, EmployerName: e.Name, ContactID: c.ID, HeldFunction: c.Function})
	if page == nil {
		return
	}
	if !valid {
		h.renderContactForm(w, r, http.StatusUnprocessableEntity, *page)
		return
	}
	err := h.store.UpdateContact(ctx, e.ID, c.ID, in)
	if apperr.Is(err, apperr.Conflict) {
		h.renderContactConflict(w, r, *page)
		return
	}
	web.Done(w, r, err, i18n.T(ctx, "De gegevens van %s zijn opgeslagen.", in.Name), employerURL(e.ID, "#contactpersonen"))
}

// renderContactConflict is renderConflict for a contact: the user's input
// again, what was saved meanwhile, and the current version in the form.
func (h *Handler) renderContactConflict(w http.ResponseWriter, r *http.Request, page ContactFormPage) {
	ctx := r.Context()
	current, err := h.store.Contact(ctx, page.EmployerID, page.ContactID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	ref, err := h.store.Reference(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	who, at, err := h.store.LastContactChange(ctx, current.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Conflict = &web.Conflict{Title: i18n.T(ctx, "Iemand anders heeft deze contactpersoon intussen gewijzigd"), By: who, At: at,
		Rows: contactConflictRows(ctx, ref, page.Form, formFromContact(current))}
	page.Form.Version = strconv.Itoa(current.Version)
	h.renderContactForm(w, r, http.StatusConflict, page)
}

func (h *Handler) endContactForm(w http.ResponseWriter, r *http.Request) {
	e, c, ok := h.writableContact(w, r)
	if !ok {
		return
	}
	if c.ActiveUntil != nil {
		web.Fail(w, r, apperr.New(apperr.Conflict, i18n.T(r.Context(), "Deze contactpersoon is al beëindigd.")))
		return
	}
	f := EndForm{Date: h.clock.Today().Format("2006-01-02"), Version: strconv.Itoa(c.Version)}
	web.Render(w, r, http.StatusOK, endContactPage(EndContactPage{EmployerID: e.ID, EmployerName: e.Name, Contact: c, Form: f}))
}

func (h *Handler) endContact(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, c, ok := h.writableContact(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	page := EndContactPage{EmployerID: e.ID, EmployerName: e.Name, Contact: c,
		Form: EndForm{Date: r.PostForm.Get("einddatum"), Version: r.PostForm.Get("versie")}}
	until, version, valid := page.Form.Validate(ctx, c, h.clock.Today())
	if !valid {
		web.Render(w, r, http.StatusUnprocessableEntity, endContactPage(page))
		return
	}
	err := h.store.EndContact(ctx, e.ID, c.ID, until, version)
	if apperr.Is(err, apperr.Conflict) && c.ActiveUntil == nil {
		page.Conflict = true
		page.Form.Version = strconv.Itoa(c.Version)
		web.Render(w, r, http.StatusConflict, endContactPage(page))
		return
	}
	web.Done(w, r, err, i18n.T(ctx, "%s is beëindigd als contactpersoon en staat nu bij de voormalige contactpersonen.", c.Name), employerURL(e.ID, "#contactpersonen"))
}

// parseContact reads and validates a posted contact form. A nil page means
// the response has been written (an unreadable or oversized form).
func (h *Handler) parseContact(w http.ResponseWriter, r *http.Request, page ContactFormPage) (*ContactFormPage, ContactInput, bool) {
	if err := server.ParseForm(r); err != nil {
		web.Fail(w, r, err)
		return nil, ContactInput{}, false
	}
	ref, err := h.store.Reference(r.Context())
	if err != nil {
		web.Fail(w, r, err)
		return nil, ContactInput{}, false
	}
	page.Form = parseContactForm(r.PostForm)
	in, valid := page.Form.Validate(r.Context(), ref.Offered(nil, Held{Function: page.HeldFunction}), h.clock.Today())
	return &page, in, valid
}

func (h *Handler) renderContactForm(w http.ResponseWriter, r *http.Request, status int, page ContactFormPage) {
	ref, err := h.store.Reference(r.Context())
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Ref = ref.Offered(nil, Held{Function: page.HeldFunction})
	web.Render(w, r, status, contactFormPage(page))
}

// writableContact loads the employer (writable by the user) and one of its
// contacts from the URL.
func (h *Handler) writableContact(w http.ResponseWriter, r *http.Request) (Employer, Contact, bool) {
	e, ok := h.writableEmployer(w, r)
	if !ok {
		return e, Contact{}, false
	}
	c, ok := web.LoadParam(w, r, "cid", func(ctx context.Context, cid int64) (Contact, error) {
		return h.store.Contact(ctx, e.ID, cid)
	})
	return e, c, ok
}
