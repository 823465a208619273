package commitments

import (
	"context"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

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
	return web.LoadID(w, r, strings.TrimSpace(r.URL.Query().Get("werkgever")),
		web.Writable(web.InScope(h.store.Employer), func(e Employer) int64 { return e.NetworkID }))
}

// writableWithEmployer loads the record of the path with get for a user who
// may change it (404 outside the user's networks, 403 for read-only users)
// and the employer it belongs to; owner names the record's network and
// employer.
func writableWithEmployer[T any](h *Handler, w http.ResponseWriter, r *http.Request,
	get func(context.Context, identity.Scope, int64) (T, error), owner func(T) (networkID, employerID int64)) (T, Employer, bool) {
	v, ok := web.Load(w, r, web.InScope(get))
	if !ok {
		return v, Employer{}, false
	}
	networkID, employerID := owner(v)
	if !web.MayWrite(w, r, networkID) {
		return v, Employer{}, false
	}
	e, err := h.store.Employer(r.Context(), identity.ScopeOf(identity.From(r.Context())), employerID)
	if err != nil {
		web.Fail(w, r, err)
		return v, e, false
	}
	return v, e, true
}

func (h *Handler) currentPeriod() Period { return PeriodOf(h.clock.Now().In(nltime.Amsterdam)) }

func employerURL(id int64, anchor string) string {
	if anchor != "" {
		return "/werkgevers/" + web.FormatID(id) + "#" + anchor
	}
	return "/werkgevers/" + web.FormatID(id)
}

func commitmentURL(id int64, rest string) string { return "/toezeggingen/" + web.FormatID(id) + rest }
