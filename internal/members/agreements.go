package members

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/web"
)

// CommitmentItem is one of the organisation's commitments, as the
// commitments package describes it (converted in internal/app).
type CommitmentItem struct {
	ID                   int64
	Kind, Status         string // Status: the Dutch label
	SignedOn, ValidUntil *time.Time
	HasDocument          bool
}

// Agreements is what the members' page needs of the commitments package:
// the organisation's own commitments and signed documents, and its
// placement reports with the form of the placement link (the same
// quarters, checks and storage), rendered by that package.
type Agreements interface {
	Commitments(ctx context.Context, employerID int64) ([]CommitmentItem, error)
	// ServeDocument sends the signed PDF of the commitment when it is the
	// employer's, and a 404 otherwise.
	ServeDocument(w http.ResponseWriter, r *http.Request, employerID, commitmentID int64)
	// Placements shows the employer's reports per quarter and the form,
	// posting to action.
	Placements(ctx context.Context, employerID int64, action string) (templ.Component, error)
	// ReportPlacements checks and saves the posted form for employerID,
	// reported by actor: saved names the quarter, or view shows the form
	// with its errors (ok false).
	ReportPlacements(ctx context.Context, employerID int64, actor string, form url.Values, action string) (view templ.Component, saved string, ok bool, err error)
}

// AgreementsPage is Afspraken en plaatsingen.
type AgreementsPage struct {
	Member      Member
	Commitments []CommitmentItem
	Placements  templ.Component
	Invalid     bool
	Flash       string
}

const placementsAction = "/mijn/afspraken/plaatsingen"

func (h *Handler) agreementsPage(w http.ResponseWriter, r *http.Request) {
	view, err := h.agree.Placements(r.Context(), memberOf(r.Context()).EmployerID, placementsAction)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	h.renderAgreements(w, r, http.StatusOK, view)
}

func (h *Handler) renderAgreements(w http.ResponseWriter, r *http.Request, status int, placements templ.Component) {
	ctx := r.Context()
	m := memberOf(ctx)
	page := AgreementsPage{Member: m, Placements: placements, Invalid: status != http.StatusOK, Flash: h.flash(r)}
	var err error
	if page.Commitments, err = h.agree.Commitments(ctx, m.EmployerID); err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, status, agreementsPage(page))
}

func (h *Handler) document(w http.ResponseWriter, r *http.Request) {
	m := memberOf(r.Context())
	h.agree.ServeDocument(w, r, m.EmployerID, web.ParseID(chi.URLParam(r, "id")))
}

func (h *Handler) reportPlacements(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m := memberOf(ctx)
	r.ParseForm()
	view, saved, ok, err := h.agree.ReportPlacements(ctx, m.EmployerID, m.Name, r.PostForm, placementsAction)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	if !ok {
		h.renderAgreements(w, r, http.StatusUnprocessableEntity, view)
		return
	}
	h.sessions.Put(ctx, "flash", i18n.T(ctx, "Dank u. De plaatsingen over %s zijn opgeslagen.", saved))
	web.Redirect(w, r, "/mijn/afspraken")
}
