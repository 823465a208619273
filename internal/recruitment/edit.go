package recruitment

import (
	"net/http"
	"strconv"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/web"
)

// writable loads the prospect of the path for a user who may change it:
// another network's is not found, a reader (bestuur) is forbidden.
func (h *Handler) writable(w http.ResponseWriter, r *http.Request) (Prospect, bool) {
	p, ok := h.prospect(w, r)
	return p, ok && web.MayWrite(w, r, p.NetworkID)
}

func (h *Handler) editForm(w http.ResponseWriter, r *http.Request) {
	p, ok := h.writable(w, r)
	if !ok {
		return
	}
	h.renderEdit(w, r, http.StatusOK, EditPage{Prospect: p, Form: formFrom(p)})
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := h.writable(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	page := EditPage{Prospect: p, Form: parseForm(r.PostForm)}
	page.Form.NetworkID = idStr(p.NetworkID) // a prospect stays in its network
	page.Form.Errors = web.FormErrors(ctx)   // what the input gate refused
	choices, err := h.choices(r, page.Form.NetworkID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	in, valid := page.Form.Validate(ctx, choices)
	version, verr := strconv.Atoi(page.Form.Version)
	if verr != nil {
		page.Form.Errors["versie"] = i18n.T(ctx, "Het formulier is onvolledig. Open de pagina opnieuw en probeer het nog eens.")
		valid = false
	}
	if !valid {
		h.renderEdit(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	err = h.store.Update(ctx, p.ID, version, in)
	if apperr.Is(err, apperr.Conflict) {
		current, gerr := h.store.Get(ctx, p.ID)
		if gerr != nil {
			web.Fail(w, r, gerr)
			return
		}
		page.Prospect, page.Form.Version = current, strconv.Itoa(current.Version)
		page.Form.Errors["versie"] = i18n.T(ctx, "Iemand anders heeft deze werkgever intussen gewijzigd. Uw invoer staat nog in het formulier; kijk op de pagina van de werkgever wat er veranderde en verstuur het formulier opnieuw om uw wijziging toch door te voeren.")
		h.renderEdit(w, r, http.StatusConflict, page)
		return
	}
	web.Done(w, r, err, i18n.T(ctx, "De gegevens van %s zijn opgeslagen.", in.Name), prospectURL(p.ID))
}

func (h *Handler) renderEdit(w http.ResponseWriter, r *http.Request, status int, page EditPage) {
	var err error
	if page.Choices, err = h.choices(r, page.Form.NetworkID); err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, status, editPage(page))
}
