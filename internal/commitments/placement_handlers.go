package commitments

import (
	"errors"
	"net/http"
	"strconv"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// newReportForm offers the quarter of the query (?jaar=&kwartaal=), or
// the previous quarter: figures are mostly reported when a quarter is over.
func (h *Handler) newReportForm(w http.ResponseWriter, r *http.Request) {
	e, ok := h.employerParam(w, r)
	if !ok {
		return
	}
	p := h.currentPeriod().Prev()
	f := PlacementForm{Year: strconv.Itoa(p.Year), Quarter: strconv.Itoa(p.Quarter)}
	q := r.URL.Query()
	if y, err := strconv.Atoi(q.Get("jaar")); err == nil && y >= 2013 && y <= 9999 {
		f.Year = q.Get("jaar")
	}
	if k, err := strconv.Atoi(q.Get("kwartaal")); err == nil && k >= 1 && k <= 4 {
		f.Quarter = q.Get("kwartaal")
	}
	h.renderReportForm(w, r, http.StatusOK, PlacementFormPage{Employer: e, Form: f, IsNew: true})
}

func (h *Handler) createReport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, ok := h.employerParam(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	page := PlacementFormPage{Employer: e, Form: parsePlacementForm(r.PostForm), IsNew: true}
	in, valid := page.Form.Validate(ctx, h.currentPeriod())
	if !valid {
		h.renderReportForm(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	in.EmployerID = e.ID
	_, err := h.store.CreateReport(ctx, in)
	if errors.Is(err, ErrPeriodTaken) {
		page.Form.Errors["kwartaal"] = i18n.T(ctx, "Voor %s zijn al cijfers vastgelegd. Corrigeer die via ‘Corrigeren’ bij Plaatsingen op het profiel.", in.Period)
		h.renderReportForm(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	web.Done(w, r, err, i18n.T(ctx, "De plaatsingen over %s zijn vastgelegd.", in.Period), employerURL(e.ID, "plaatsingen"))
}

// report loads the report of the path for a user who may change it.
func (h *Handler) report(w http.ResponseWriter, r *http.Request) (Report, Employer, bool) {
	return writableWithEmployer(h, w, r, h.store.Report, func(rep Report) (int64, int64) { return rep.NetworkID, rep.EmployerID })
}

func (h *Handler) editReportForm(w http.ResponseWriter, r *http.Request) {
	rep, e, ok := h.report(w, r)
	if !ok {
		return
	}
	h.renderReportForm(w, r, http.StatusOK, PlacementFormPage{Employer: e, Report: rep, Form: placementFormFrom(rep)})
}

func (h *Handler) updateReport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rep, e, ok := h.report(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	page := PlacementFormPage{Employer: e, Report: rep, Form: parsePlacementForm(r.PostForm)}
	in, valid := page.Form.ValidateCorrection(ctx, rep)
	if !valid {
		h.renderReportForm(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	err := h.store.UpdateReport(ctx, identity.ScopeOf(identity.From(ctx)), rep.ID, in)
	switch {
	case apperr.Is(err, apperr.Conflict):
		h.renderReportConflict(w, r, page)
	default:
		web.Done(w, r, err, i18n.T(ctx, "De plaatsingen over %s zijn gecorrigeerd.", rep.Period), employerURL(e.ID, "plaatsingen"))
	}
}

// renderReportConflict keeps the user's figures and shows what was saved
// meanwhile; saving again overwrites it, and both stay in the history.
func (h *Handler) renderReportConflict(w http.ResponseWriter, r *http.Request, page PlacementFormPage) {
	ctx := r.Context()
	current, err := h.store.Report(ctx, identity.ScopeOf(identity.From(ctx)), page.Report.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	who, at, err := h.store.LastChange(ctx, "placement", current.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Conflict = &web.Conflict{Title: i18n.T(ctx, "Iemand anders heeft deze cijfers intussen gewijzigd"), By: who, At: at, Rows: placementConflictRows(ctx, page.Form, placementFormFrom(current))}
	page.Report = current
	page.Form.Version = strconv.Itoa(current.Version)
	h.renderReportForm(w, r, http.StatusConflict, page)
}

func (h *Handler) renderReportForm(w http.ResponseWriter, r *http.Request, status int, page PlacementFormPage) {
	if page.Form.Errors == nil {
		page.Form.Errors = web.Errors{}
	}
	page.Current = h.currentPeriod()
	web.Render(w, r, status, placementFormPage(page))
}
