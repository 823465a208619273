package commitments

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/web"
)

// Handler serves the commitment and placement pages.
type Handler struct {
	store   *Store
	baseURL string
	clock   nltime.Clock
}

// NewHandler returns the handlers; baseURL makes the links in mail.
func NewHandler(store *Store, baseURL string) *Handler {
	return &Handler{store: store, clock: store.Clock(), baseURL: baseURL}
}

// Routes mounts the coordinator's pages; the caller has made sure a user is
// signed in. Only the forms with a document accept a body above the
// portal's usual limit.
func (h *Handler) Routes(r chi.Router) {
	upload := server.AllowBody(UploadBodyBytes)
	r.Route("/toezeggingen", func(r chi.Router) {
		r.Get("/", h.list)
		r.Get("/voorwaarden", h.conditionsPage)
		r.Post("/voorwaarden", h.saveConditions)
		r.Post("/voorwaarden/soort", h.addKind)
		r.Get("/nieuw", h.newForm)
		r.With(upload).Method(http.MethodPost, "/nieuw", web.FieldForm(h.create))
		r.Route("/{id}", func(r chi.Router) {
			r.Get("/bewerken", h.editForm)
			r.With(upload).Method(http.MethodPost, "/bewerken", web.FieldForm(h.update))
			r.Get("/document", h.document)
		})
	})
	r.Route("/plaatsingen", func(r chi.Router) {
		r.Get("/nieuw", h.newReportForm)
		r.Method(http.MethodPost, "/nieuw", web.FieldForm(h.createReport))
		r.Get("/link", h.linkForm)
		r.Method(http.MethodPost, "/link", web.FieldForm(h.createLink))
		r.Post("/link/{id}/intrekken", h.revokeLink)
		r.Get("/{id}/bewerken", h.editReportForm)
		r.Method(http.MethodPost, "/{id}/bewerken", web.FieldForm(h.updateReport))
	})
}

// PublicRoutes mounts the employer's page behind its personal link. It
// knows no session: the token in the path is the only key, and it opens
// this one employer's placements and nothing else.
func (h *Handler) PublicRoutes(r chi.Router) {
	r.Route("/plaatsing/{token}", func(r chi.Router) {
		r.Use(server.PrivatePage)
		r.Get("/", h.publicForm)
		r.Method(http.MethodPost, "/", web.FieldForm(h.publicSave))
	})
}

// employerParam loads the employer named in the query (?werkgever=) for a
// user who may change it: another network's employer is 404, a read-only
// user gets 403.
func (h *Handler) employerParam(w http.ResponseWriter, r *http.Request) (Employer, bool) {
	id, err := strconv.ParseInt(strings.TrimSpace(r.URL.Query().Get("werkgever")), 10, 64)
	if err != nil {
		web.Fail(w, r, apperr.ErrNotFound)
		return Employer{}, false
	}
	u := identity.From(r.Context())
	e, err := h.store.Employer(r.Context(), identity.ScopeOf(u), id)
	switch {
	case err != nil:
		web.Fail(w, r, err)
		return e, false
	case !u.CanWrite(e.NetworkID):
		web.Fail(w, r, apperr.ErrForbidden)
		return e, false
	}
	return e, true
}

// idParam reads the {id} of the path; anything else is 404.
func idParam(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		web.Fail(w, r, apperr.ErrNotFound)
		return 0, false
	}
	return id, true
}

// mayWrite answers 403 when the user may only read the network.
func mayWrite(w http.ResponseWriter, r *http.Request, networkID int64) bool {
	if !identity.From(r.Context()).CanWrite(networkID) {
		web.Fail(w, r, apperr.ErrForbidden)
		return false
	}
	return true
}

func (h *Handler) currentPeriod() Period { return PeriodOf(h.clock.Now().In(nltime.Amsterdam)) }

func employerURL(id int64, anchor string) string {
	if anchor != "" {
		return "/werkgevers/" + web.FormatID(id) + "#" + anchor
	}
	return "/werkgevers/" + web.FormatID(id)
}

func commitmentURL(id int64, rest string) string { return "/toezeggingen/" + web.FormatID(id) + rest }
