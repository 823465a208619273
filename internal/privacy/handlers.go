package privacy

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/export"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// Handler serves the privacy pages.
type Handler struct {
	store *Store
	years int
}

// NewHandler returns the privacy handlers; years is the retention period
// (RETENTION_YEARS), 2 when not given.
func NewHandler(store *Store, years int) *Handler {
	if years < 1 {
		years = 2
	}
	return &Handler{store: store, years: years}
}

// Routes mounts the privacy pages; the caller has made sure a user is
// signed in. Everyone but the beheerder gets 403 on every one of them.
func (h *Handler) Routes(r chi.Router) {
	r.Route("/privacy", func(r chi.Router) {
		r.Use(requireBeheerder, server.PrivatePage)
		r.Get("/", h.overview)
		r.Post("/wissen", h.confirmBulk)
		r.Post("/wissen/bevestigen", h.eraseBulk)
		r.Get("/contactpersonen/{id}", h.subject)
		r.Get("/contactpersonen/{id}/wissen", h.confirmErase)
		r.Post("/contactpersonen/{id}/wissen", h.erase)
		h.prospectRoutes(r)
	})
}

func requireBeheerder(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u := identity.From(r.Context()); u == nil || u.Role != identity.Beheerder {
			web.Fail(w, r, apperr.ErrForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// SubjectURL is the address of the page about a contact.
func SubjectURL(id int64) string { return "/privacy/contactpersonen/" + strconv.FormatInt(id, 10) }

func (h *Handler) overview(w http.ResponseWriter, r *http.Request) {
	h.renderOverview(w, r, http.StatusOK, "")
}

func (h *Handler) renderOverview(w http.ResponseWriter, r *http.Request, status int, errMsg string) {
	ctx := r.Context()
	q := web.Cut(strings.TrimSpace(r.URL.Query().Get("q")), 100)
	p := OverviewPage{Query: q, Error: errMsg}
	var err error
	if q != "" {
		p.Searched = true
		if p.Results, err = h.store.Search(ctx, q); err != nil {
			web.Fail(w, r, err)
			return
		}
	}
	if p.Retention, err = h.store.Retention(ctx, h.years); err != nil {
		web.Fail(w, r, err)
		return
	}
	if err = h.loadProspects(ctx, &p); err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, status, overviewPage(p))
}

// selection reads the ids checked in the retention list.
func selection(r *http.Request) (contacts, employers []int64) {
	parse := func(vals []string) []int64 {
		var out []int64
		for _, v := range vals {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 && len(out) < MaxBulk {
				out = append(out, id)
			}
		}
		return out
	}
	return parse(r.PostForm["contact"]), parse(r.PostForm["werkgever"])
}

func (h *Handler) confirmBulk(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !web.ParsedForm(w, r) {
		return
	}
	cids, eids := selection(r)
	if len(cids)+len(eids) == 0 {
		h.renderOverview(w, r, http.StatusUnprocessableEntity, i18n.T(ctx, "Kies ten minste één contactpersoon of werkgever om te wissen."))
		return
	}
	if len(cids)+len(eids) > MaxBulk {
		h.renderOverview(w, r, http.StatusUnprocessableEntity, i18n.T(ctx, "Kies hoogstens %d tegelijk.", MaxBulk))
		return
	}
	p := BulkPage{Years: h.years}
	var err error
	if p.Contacts, err = h.store.People(ctx, cids); err != nil {
		web.Fail(w, r, err)
		return
	}
	if p.Employers, err = h.store.Employers(ctx, eids); err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, bulkPage(p))
}

func (h *Handler) eraseBulk(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !web.ParsedForm(w, r) {
		return
	}
	cids, eids := selection(r)
	if r.PostForm.Get("bevestig") != "ja" || len(cids)+len(eids) == 0 {
		web.Redirect(w, r, "/privacy")
		return
	}
	cutoff := h.store.Cutoff(h.years)
	res, err := h.store.Erase(ctx, Request{ContactIDs: cids, EmployerIDs: eids, Cutoff: &cutoff})
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	slog.InfoContext(ctx, "privacy: erased", "contacts", res.Contacts, "employers", res.Employers,
		"user", identity.From(ctx).ID)
	session.SetFlash(ctx, i18n.T(ctx, "Gewist: %d contactpersonen en %d werkgevers.", res.Contacts, res.Employers))
	web.Redirect(w, r, "/privacy")
}

// subjectID reads the contact id of the URL; "{id}.json" asks for JSON.
func subjectID(r *http.Request) (int64, bool, bool) {
	raw := chi.URLParam(r, "id")
	raw, asJSON := strings.CutSuffix(raw, ".json")
	id, err := strconv.ParseInt(raw, 10, 64)
	return id, asJSON, err == nil && id > 0
}

func (h *Handler) subject(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, asJSON, ok := subjectID(r)
	if !ok {
		web.Fail(w, r, apperr.ErrNotFound)
		return
	}
	sub, err := h.store.Subject(ctx, id)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	sub.RetentionYears = h.years
	if !asJSON {
		web.Render(w, r, http.StatusOK, subjectPage(SubjectPage{Subject: sub}))
		return
	}
	h.accessExport(w, r, sub, "contact", "contactpersoon", id)
}

// accessExport answers an access request with what the portal holds about
// one person (v) as a JSON download named after file and id, and logs who
// asked for whose data (kind and id).
func (h *Handler) accessExport(w http.ResponseWriter, r *http.Request, v any, kind, file string, id int64) {
	ctx := r.Context()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	slog.InfoContext(ctx, "privacy: access export", kind, id, "user", identity.From(ctx).ID)
	name := export.FileName(file+"-"+strconv.FormatInt(id, 10), h.store.Clock().Now().In(nltime.Amsterdam), "json")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(append(b, '\n'))
}

func (h *Handler) confirmErase(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, asJSON, ok := subjectID(r)
	if !ok || asJSON {
		web.Fail(w, r, apperr.ErrNotFound)
		return
	}
	sub, err := h.store.Subject(ctx, id)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	if sub.Contact.ErasedAt != nil {
		web.Redirect(w, r, SubjectURL(id))
		return
	}
	web.Render(w, r, http.StatusOK, confirmPage(SubjectPage{Subject: sub}))
}

func (h *Handler) erase(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, asJSON, ok := subjectID(r)
	if !ok || asJSON {
		web.Fail(w, r, apperr.ErrNotFound)
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	if r.PostForm.Get("bevestig") != "ja" {
		web.Redirect(w, r, SubjectURL(id)+"/wissen")
		return
	}
	if _, err := h.store.Person(ctx, id); err != nil {
		web.Fail(w, r, err)
		return
	}
	err := h.store.EraseContact(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		// Erased already (a second click, or someone else): nothing to do.
		session.SetFlash(ctx, i18n.T(ctx, "Deze contactpersoon was al gewist."))
		web.Redirect(w, r, SubjectURL(id))
		return
	}
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	slog.InfoContext(ctx, "privacy: erased", "contacts", 1, "user", identity.From(ctx).ID)
	session.SetFlash(ctx, i18n.T(ctx, "De contactpersoon is gewist. Aanmeldingen, subgroepen en bezoeken blijven meetellen, zonder naam."))
	web.Redirect(w, r, SubjectURL(id))
}
