package partners

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

func (h *Handler) newReferral(w http.ResponseWriter, r *http.Request) {
	e, ok := h.writableEmployer(w, r)
	if !ok {
		return
	}
	f := ReferralForm{ReferredOn: h.clock.Today().Format("2006-01-02"), Status: Referred}
	if id := web.ParseID(r.URL.Query().Get("partner")); id != 0 {
		f.PartnerID = web.FormatID(id)
	}
	h.renderReferralForm(w, r, http.StatusOK, ReferralFormPage{Employer: e, Form: f})
}

func (h *Handler) createReferral(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, ok := h.writableEmployer(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	page := ReferralFormPage{Employer: e, Form: parseReferralForm(r.PostForm)}
	if err := h.loadReferralChoices(ctx, &page); err != nil {
		web.Fail(w, r, err)
		return
	}
	in, valid := page.Form.Validate(ctx, page.Choices(), page.Contacts, h.clock.Today())
	if !valid {
		h.renderReferralForm(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	in.EmployerID, in.NetworkID = e.ID, e.NetworkID
	id, err := h.store.CreateReferral(ctx, in)
	if h.referralRuleBroken(ctx, err, &page) {
		h.renderReferralForm(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	msg := i18n.T(ctx, "De doorverwijzing is opgeslagen.")
	if in.Intro {
		msg += " " + i18n.T(ctx, "De introductiemail staat klaar om te worden verstuurd.")
	}
	session.SetFlash(ctx, msg)
	web.Redirect(w, r, referralURL(id))
}

// referralRuleBroken puts a rule the saving transaction found broken (the
// partner or contact changed meanwhile) next to its field.
func (h *Handler) referralRuleBroken(ctx context.Context, err error, page *ReferralFormPage) bool {
	t := func(s string) string { return i18n.T(ctx, s) }
	field, msg := "", ""
	switch {
	case errors.Is(err, ErrPartnerGone):
		field, msg = "partner", t("Kies de partner naar wie u de werkgever doorverwijst.")
	case errors.Is(err, ErrContactInvalid):
		field, msg = "contactpersoon", t("Kies een actieve contactpersoon van deze werkgever.")
	case errors.Is(err, ErrNoContact):
		field, msg = "contactpersoon", t("Kies de contactpersoon die de introductiemail in kopie krijgt.")
	case errors.Is(err, ErrContactNoEmail):
		field, msg = "contactpersoon", t("Deze contactpersoon heeft geen e-mailadres meer. Kies iemand anders.")
	case errors.Is(err, ErrPartnerNoEmail):
		field, msg = "introductiemail", t("Deze partner heeft geen e-mailadres meer. Laat de introductiemail weg.")
	case apperr.Is(err, apperr.Invalid): // the outbox refused an address
		field, msg = "introductiemail", apperr.MessageOf(err)
	default:
		return false
	}
	page.Form.Errors[field] = msg
	return true
}

func (h *Handler) renderReferralForm(w http.ResponseWriter, r *http.Request, status int, page ReferralFormPage) {
	if page.Contacts == nil {
		if err := h.loadReferralChoices(r.Context(), &page); err != nil {
			web.Fail(w, r, err)
			return
		}
	}
	web.Render(w, r, status, referralFormPage(page))
}

// loadReferralChoices fills the partners, those of the employer's region
// apart, and the employer's active contacts.
func (h *Handler) loadReferralChoices(ctx context.Context, page *ReferralFormPage) error {
	choices, err := h.store.Choices(ctx)
	if err != nil {
		return err
	}
	page.Local, page.Others = nil, nil
	for _, c := range choices {
		if c.RegionID == page.Employer.RegionID {
			page.Local = append(page.Local, c)
		} else {
			page.Others = append(page.Others, c)
		}
	}
	page.Contacts, err = h.store.Contacts(ctx, page.Employer.ID)
	if page.Contacts == nil {
		page.Contacts = []Contact{}
	}
	return err
}

// writableEmployer loads the employer of ?werkgever=: a 404 when the user
// may not read its network, a 403 when they may only read it.
func (h *Handler) writableEmployer(w http.ResponseWriter, r *http.Request) (Employer, bool) {
	return web.LoadID(w, r, strings.TrimSpace(r.URL.Query().Get("werkgever")),
		web.Writable(h.store.Employer, func(e Employer) int64 { return e.NetworkID }))
}

func (h *Handler) showReferral(w http.ResponseWriter, r *http.Request) {
	ref, ok := h.referral(w, r)
	if !ok {
		return
	}
	h.renderReferral(w, r, http.StatusOK, ReferralPage{Referral: ref, Form: statusFormFrom(ref)})
}

func (h *Handler) updateReferral(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ref, ok := h.referral(w, r)
	if !ok {
		return
	}
	if !web.MayWrite(w, r, ref.NetworkID) || !web.ParsedForm(w, r) {
		return
	}
	page := ReferralPage{Referral: ref, Form: parseStatusForm(r.PostForm)}
	in, valid := page.Form.Validate(ctx, ref.ReferredOn, h.clock.Today())
	if !valid {
		h.renderReferral(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	err := h.store.UpdateReferral(ctx, identity.ScopeOf(identity.From(ctx)), ref.ID, in)
	switch {
	case apperr.Is(err, apperr.Conflict):
		h.renderReferralConflict(w, r, page)
	default:
		web.Done(w, r, err, i18n.T(ctx, "De doorverwijzing is bijgewerkt."), referralURL(ref.ID))
	}
}

// renderReferralConflict shows the page with what was saved meanwhile and
// the user's input still in the form, which now carries the current
// version.
func (h *Handler) renderReferralConflict(w http.ResponseWriter, r *http.Request, page ReferralPage) {
	ctx := r.Context()
	current, err := h.store.Referral(ctx, identity.ScopeOf(identity.From(ctx)), page.Referral.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	who, at, err := h.store.LastChange(ctx, "referral", current.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Referral = current
	page.Conflict = &web.Conflict{Title: i18n.T(ctx, "Iemand anders heeft deze doorverwijzing intussen gewijzigd"), By: who, At: at, Rows: statusConflictRows(ctx, page.Form, statusFormFrom(current))}
	page.Form.Version = strconv.Itoa(current.Version)
	h.renderReferral(w, r, http.StatusConflict, page)
}

func (h *Handler) renderReferral(w http.ResponseWriter, r *http.Request, status int, page ReferralPage) {
	u := identity.From(r.Context())
	page.CanWrite = u.CanWrite(page.Referral.NetworkID)
	page.EmployerLink = u.CanRead(page.Referral.EmployerNetworkID)
	page.Today = h.clock.Today()
	web.Render(w, r, status, referralPage(page))
}

// referral loads the referral of the URL if the user may read the network
// that made it; anything else is a 404.
func (h *Handler) referral(w http.ResponseWriter, r *http.Request) (Referral, bool) {
	ref, ok := web.Load(w, r, web.InScope(h.store.Referral))
	if !ok {
		return ref, false
	}
	if !identity.From(r.Context()).SeesContactDetails() {
		ref.Question, ref.Outcome = "", ""
	}
	return ref, true
}

// minimise blanks what an employer asked and what came of it for a user who
// may not read contact details (the bestuur): the question often names the
// people involved.
func minimise(ctx context.Context, rs []Referral) {
	if identity.From(ctx).SeesContactDetails() {
		return
	}
	for i := range rs {
		rs[i].Question, rs[i].Outcome = "", ""
	}
}
