package beheer

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/branding"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// Handler serves /beheer.
type Handler struct{ store *Store }

// NewHandler returns the /beheer handlers.
func NewHandler(store *Store) *Handler { return &Handler{store: store} }

// Routes mounts /beheer; every page is the beheerder's alone.
func (h *Handler) Routes(r chi.Router) {
	// A group, not a sub-router: package auth adds /beheer/gebruikers.
	r.Group(func(r chi.Router) {
		r.Use(RequireBeheerder)
		r.Get("/beheer", h.overview)
		r.Get("/beheer/netwerken", h.networks)
		r.Get("/beheer/netwerken/nieuw", h.newNetwork)
		r.Post("/beheer/netwerken/nieuw", h.createNetwork)
		r.Get("/beheer/netwerken/{id}", h.editNetwork)
		r.Post("/beheer/netwerken/{id}", h.updateNetwork)
		r.Post("/beheer/netwerken/{id}/archiveren", h.archive(true))
		r.Post("/beheer/netwerken/{id}/heropenen", h.archive(false))
		r.Post("/beheer/netwerken/{id}/logo", h.uploadLogo)
		r.Post("/beheer/netwerken/{id}/logo/verwijderen", h.removeLogo)
		r.Get("/beheer/logboek", h.logbook)
		r.Get("/beheer/referentie", h.refIndex)
		r.Get("/beheer/referentie/{lijst}", h.refPage)
		r.Post("/beheer/referentie/{lijst}", h.refAdd)
		r.Post("/beheer/referentie/{lijst}/{id}", h.refRename)
		r.Post("/beheer/referentie/{lijst}/{id}/omhoog", h.refMove(true))
		r.Post("/beheer/referentie/{lijst}/{id}/omlaag", h.refMove(false))
		r.Post("/beheer/referentie/{lijst}/{id}/buiten-gebruik", h.refRetire(true))
		r.Post("/beheer/referentie/{lijst}/{id}/weer-in-gebruik", h.refRetire(false))
	})
}

// RequireBeheerder answers 403 to everyone signed in who is not the
// beheerder.
func RequireBeheerder(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u := identity.From(r.Context()); u == nil || u.Role != identity.Beheerder {
			web.Fail(w, r, apperr.New(apperr.Forbidden, i18n.T(r.Context(), "Alleen de beheerder kan het portaal beheren.")))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (h *Handler) overview(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, overviewPage())
}

func (h *Handler) networks(w http.ResponseWriter, r *http.Request) {
	ns, err := h.store.Networks(r.Context())
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, networksPage(ns))
}

// NetworkForm is the form of a new or changed network.
type NetworkForm struct {
	ID         int64
	Name       string
	RegionID   string
	Scale      string
	Accent     string
	SenderName string
	HasLogo    bool
	LogoNow    int64 // the logo's cache key: the form shows the logo just uploaded
	Archived   bool
	Regions    []Option
	Scales     []string
	Errors     web.Errors
}

func (h *Handler) renderNetworkForm(w http.ResponseWriter, r *http.Request, status int, f NetworkForm) {
	var err error
	if f.Regions, err = h.store.Regions(r.Context()); err == nil {
		f.Scales, err = h.store.Scales(r.Context())
	}
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	if f.Errors == nil {
		f.Errors = web.Errors{}
	}
	f.LogoNow = h.store.Clock().Now().Unix()
	web.Render(w, r, status, networkFormPage(f))
}

func (h *Handler) newNetwork(w http.ResponseWriter, r *http.Request) {
	h.renderNetworkForm(w, r, http.StatusOK, NetworkForm{Scale: "PSO"})
}

func (h *Handler) editNetwork(w http.ResponseWriter, r *http.Request) {
	n, err := h.store.Network(r.Context(), pathID(r))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	f := NetworkForm{ID: n.ID, Name: n.Name, Scale: n.Scale, Archived: n.ArchivedAt != nil, Accent: n.Accent, SenderName: n.SenderName, HasLogo: n.HasLogo}
	if n.RegionID != 0 {
		f.RegionID = strconv.FormatInt(n.RegionID, 10)
	}
	h.renderNetworkForm(w, r, http.StatusOK, f)
}

// parseNetwork reads and checks the posted form against the choices.
func (h *Handler) parseNetwork(r *http.Request, f *NetworkForm) (NetworkInput, error) {
	ctx := r.Context()
	if err := server.ParseForm(r); err != nil {
		return NetworkInput{}, err
	}
	f.Name = strings.TrimSpace(r.PostForm.Get("naam"))
	f.RegionID = strings.TrimSpace(r.PostForm.Get("regio"))
	f.Scale = strings.TrimSpace(r.PostForm.Get("schaal"))
	f.Accent = strings.ToLower(strings.TrimSpace(r.PostForm.Get("kleur")))
	f.SenderName = strings.TrimSpace(r.PostForm.Get("afzender"))
	f.Errors = web.Errors{}
	in := NetworkInput{Name: f.Name, Scale: f.Scale, Accent: f.Accent, SenderName: f.SenderName}
	if f.Accent != "" {
		if c, ok := branding.Contrast(f.Accent); !ok {
			f.Errors["kleur"] = i18n.T(ctx, "Vul een kleur in als #rrggbb, bijvoorbeeld #154273.")
		} else if c < branding.MinContrast {
			f.Errors["kleur"] = i18n.T(ctx, "Deze kleur is te licht: witte tekst erop en de kleur als tekst op wit zijn slecht leesbaar. Kies een donkerder kleur.")
		}
	}
	if utf8.RuneCountInString(f.SenderName) > 120 || strings.ContainsFunc(f.SenderName, unicode.IsControl) || strings.ContainsAny(f.SenderName, "<>\"@") {
		f.Errors["afzender"] = i18n.T(ctx, "De afzendernaam heeft hoogstens 120 tekens, zonder < > \" of @.")
	}
	switch {
	case f.Name == "":
		f.Errors["naam"] = i18n.T(ctx, "Vul de naam van het netwerk in.")
	case utf8.RuneCountInString(f.Name) > 120 || strings.ContainsFunc(f.Name, unicode.IsControl):
		f.Errors["naam"] = i18n.T(ctx, "De naam heeft hoogstens 120 gewone tekens.")
	}
	regions, err := h.store.Regions(ctx)
	if err != nil {
		return in, err
	}
	if f.RegionID != "" {
		id, _ := strconv.ParseInt(f.RegionID, 10, 64)
		if !slices.ContainsFunc(regions, func(o Option) bool { return o.ID == id }) {
			f.Errors["regio"] = i18n.T(ctx, "Kies een regio uit de lijst.")
		}
		in.RegionID = id
	}
	scales, err := h.store.Scales(ctx)
	if err != nil {
		return in, err
	}
	if !slices.Contains(scales, f.Scale) {
		f.Errors["schaal"] = i18n.T(ctx, "Kies een volwassenheidsschaal uit de lijst.")
	}
	return in, nil
}

func (h *Handler) createNetwork(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var f NetworkForm
	in, err := h.parseNetwork(r, &f)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	if len(f.Errors) == 0 {
		if _, err = h.store.CreateNetwork(ctx, in); apperr.Is(err, apperr.Conflict) {
			f.Errors["naam"] = i18n.T(ctx, "Er is al een netwerk met deze naam.")
		} else if err != nil {
			web.Fail(w, r, err)
			return
		}
	}
	if len(f.Errors) > 0 {
		h.renderNetworkForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	session.SetFlash(ctx, i18n.T(ctx, "Het netwerk is aangemaakt."))
	web.Redirect(w, r, "/beheer/netwerken")
}

func (h *Handler) updateNetwork(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, err := h.store.Network(ctx, pathID(r))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	f := NetworkForm{ID: n.ID, Archived: n.ArchivedAt != nil, HasLogo: n.HasLogo}
	in, err := h.parseNetwork(r, &f)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	if len(f.Errors) == 0 {
		if err = h.store.UpdateNetwork(ctx, n.ID, in); apperr.Is(err, apperr.Conflict) {
			f.Errors["naam"] = i18n.T(ctx, "Er is al een netwerk met deze naam.")
		} else if err != nil {
			web.Fail(w, r, err)
			return
		}
	}
	if len(f.Errors) > 0 {
		h.renderNetworkForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	session.SetFlash(ctx, i18n.T(ctx, "Het netwerk is opgeslagen."))
	web.Redirect(w, r, "/beheer/netwerken")
}

func (h *Handler) archive(archived bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if err := h.store.SetArchived(ctx, pathID(r), archived); err != nil {
			web.Fail(w, r, err)
			return
		}
		if archived {
			session.SetFlash(ctx, i18n.T(ctx, "Het netwerk is gearchiveerd. De gegevens blijven bewaard."))
		} else {
			session.SetFlash(ctx, i18n.T(ctx, "Het netwerk is heropend."))
		}
		web.Redirect(w, r, "/beheer/netwerken")
	}
}

func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	return id
}

func (h *Handler) logbook(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := LogFilter{Kind: q.Get("soort"), Page: max(1, atoi(q.Get("pagina")))}
	f.UserID, _ = strconv.ParseInt(q.Get("gebruiker"), 10, 64)
	page, err := h.store.Log(r.Context(), f)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, logbookPage(page))
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
