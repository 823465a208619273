package partners

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/web"
)

// Handler serves the partner directory and the referrals.
type Handler struct {
	store *Store
	clock nltime.Clock
}

// NewHandler returns the partner and referral handlers.
func NewHandler(store *Store) *Handler {
	return &Handler{store: store, clock: store.Clock()}
}

// Routes mounts the partner and referral pages; the caller has made sure a
// user is signed in.
func (h *Handler) Routes(r chi.Router) {
	r.Route("/partners", func(r chi.Router) {
		r.Get("/", h.list)
		r.Get("/nieuw", h.newForm)
		r.Method(http.MethodPost, "/nieuw", web.FieldForm(h.create))
		r.Get("/{id}", h.show)
		r.Get("/{id}/bewerken", h.editForm)
		r.Method(http.MethodPost, "/{id}/bewerken", web.FieldForm(h.update))
	})
	r.Route("/verwijzingen", func(r chi.Router) {
		r.Get("/nieuw", h.newReferral)
		r.Method(http.MethodPost, "/nieuw", web.FieldForm(h.createReferral))
		r.Get("/{id}", h.showReferral)
		r.Method(http.MethodPost, "/{id}", web.FieldForm(h.updateReferral))
	})
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := identity.From(ctx)
	f := ParseFilter(r.URL.Query())
	own, err := h.store.NetworkRegions(ctx, u.NetworkIDs())
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	items, total, err := h.store.List(ctx, identity.ScopeOf(u), f, f.regions(own))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	ref, err := h.store.Reference(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	writable, err := h.writableRegions(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, listPage(ListPage{
		Filter: f, Items: items, Ref: ref, OwnRegions: regionNames(ref, own), CanCreate: writable.Any(),
		Pager: web.Pager{Page: f.Page, PerPage: PerPage, Total: total, Query: f.Values(), Path: "/partners"},
	}))
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := h.partner(w, r)
	if !ok {
		return
	}
	u := identity.From(ctx)
	referrals, counts, err := h.store.ForPartner(ctx, identity.ScopeOf(u), p.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	minimise(ctx, referrals)
	writable, err := h.writableRegions(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, detailPage(DetailPage{
		Partner: p, Referrals: referrals, Counts: counts, CanEdit: writable.Has(p.RegionID), User: u,
		ShowNetwork: u.SeesAll() || len(u.Networks) > 1, Today: h.clock.Today(),
	}))
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	writable, err := h.writableRegions(r.Context())
	if err != nil || !writable.Any() {
		web.Fail(w, r, forbiddenOr(err))
		return
	}
	f := Form{}
	if len(writable.IDs) == 1 {
		f.RegionID = web.FormatID(writable.IDs[0])
	}
	h.renderForm(w, r, http.StatusOK, FormPage{Form: f, IsNew: true})
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	page, in, valid := h.parse(w, r, FormPage{IsNew: true})
	if page == nil {
		return
	}
	if !valid {
		h.renderForm(w, r, http.StatusUnprocessableEntity, *page)
		return
	}
	id, err := h.store.Create(ctx, in)
	if h.nameTaken(ctx, err, page) {
		h.renderForm(w, r, http.StatusUnprocessableEntity, *page)
		return
	}
	web.Done(w, r, err, i18n.T(ctx, "Partner %s is toegevoegd.", in.Name), partnerURL(id, ""))
}

func (h *Handler) editForm(w http.ResponseWriter, r *http.Request) {
	p, ok := h.writablePartner(w, r)
	if !ok {
		return
	}
	h.renderForm(w, r, http.StatusOK, FormPage{Form: formFrom(p), PartnerID: p.ID, PartnerName: p.Name, HeldTags: p.TagIDs})
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := h.writablePartner(w, r)
	if !ok {
		return
	}
	page, in, valid := h.parse(w, r, FormPage{PartnerID: p.ID, PartnerName: p.Name, HeldTags: p.TagIDs})
	if page == nil {
		return
	}
	if !valid {
		h.renderForm(w, r, http.StatusUnprocessableEntity, *page)
		return
	}
	err := h.store.Update(ctx, p.ID, in)
	switch {
	case h.nameTaken(ctx, err, page):
		h.renderForm(w, r, http.StatusUnprocessableEntity, *page)
	case apperr.Is(err, apperr.Conflict):
		h.renderConflict(w, r, *page)
	default:
		web.Done(w, r, err, i18n.T(ctx, "De wijzigingen zijn opgeslagen."), partnerURL(p.ID, ""))
	}
}

// parse reads and validates a posted partner form; the user must be
// allowed to edit partners at all. A nil page means the response has been
// written.
func (h *Handler) parse(w http.ResponseWriter, r *http.Request, page FormPage) (*FormPage, PartnerInput, bool) {
	ctx := r.Context()
	writable, err := h.writableRegions(ctx)
	if err != nil || !writable.Any() {
		web.Fail(w, r, forbiddenOr(err))
		return nil, PartnerInput{}, false
	}
	if err := server.ParseForm(r); err != nil {
		web.Fail(w, r, err)
		return nil, PartnerInput{}, false
	}
	ref, err := h.store.Reference(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return nil, PartnerInput{}, false
	}
	page.Form = parseForm(r.PostForm)
	in, valid := page.Form.Validate(ctx, ref.offered(page.HeldTags), writable)
	return &page, in, valid
}

// nameTaken puts the store's verdict on a duplicate name next to the name.
func (h *Handler) nameTaken(ctx context.Context, err error, page *FormPage) bool {
	if !errors.Is(err, ErrNameTaken) {
		return false
	}
	region := page.Form.RegionID
	if ref, rerr := h.store.Reference(ctx); rerr == nil {
		region = optionName(ref.Regions, page.Form.RegionID)
	}
	page.Form.Errors["naam"] = i18n.T(ctx, "Er is in %s al een partner met de naam %s. Kies een andere naam, of zoek die partner op.", region, page.Form.Name)
	return true
}

// renderConflict shows the user's input again with what another user saved
// in the meantime; the form now carries the current version, so saving
// again is a deliberate choice to overwrite.
func (h *Handler) renderConflict(w http.ResponseWriter, r *http.Request, page FormPage) {
	ctx := r.Context()
	current, err := h.store.Get(ctx, page.PartnerID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	who, at, err := h.store.LastChange(ctx, "partner", current.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	ref, err := h.store.Reference(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Conflict = &web.Conflict{Title: i18n.T(ctx, "Iemand anders heeft deze partner intussen gewijzigd"), By: who, At: at, Rows: partnerConflictRows(ctx, ref, page.Form, formFrom(current))}
	page.Form.Version = strconv.Itoa(current.Version)
	h.renderForm(w, r, http.StatusConflict, page)
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, page FormPage) {
	ctx := r.Context()
	ref, err := h.store.Reference(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	writable, err := h.writableRegions(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Ref = ref.offered(page.HeldTags)
	for _, o := range ref.Regions {
		if writable.Has(o.ID) {
			page.Regions = append(page.Regions, o)
		}
	}
	web.Render(w, r, status, formPage(page))
}

// partner loads the partner of the URL; an unknown id is a 404.
func (h *Handler) partner(w http.ResponseWriter, r *http.Request) (Partner, bool) {
	return web.Load(w, r, h.store.Get)
}

// writablePartner is partner, and 403 when the user may not edit partners
// of its region.
func (h *Handler) writablePartner(w http.ResponseWriter, r *http.Request) (Partner, bool) {
	p, ok := h.partner(w, r)
	if !ok {
		return p, false
	}
	writable, err := h.writableRegions(r.Context())
	if err != nil || !writable.Has(p.RegionID) {
		web.Fail(w, r, forbiddenOr(err))
		return p, false
	}
	return p, true
}

// writableRegions are the regions in which the user may add and edit
// partners: every region for the administrator, the regions of their
// networks for a coordinator (partners are shared by the networks of a
// region), none for the board, which only reads.
func (h *Handler) writableRegions(ctx context.Context) (Regions, error) {
	u := identity.From(ctx)
	switch {
	case u == nil || !u.MayWrite():
		return Regions{}, nil
	case u.Role == identity.Beheerder:
		return Regions{All: true}, nil
	}
	ids, err := h.store.NetworkRegions(ctx, u.NetworkIDs())
	return Regions{IDs: ids}, err
}

// forbiddenOr is err, or Forbidden when there is none.
func forbiddenOr(err error) error {
	if err != nil {
		return err
	}
	return apperr.ErrForbidden
}
