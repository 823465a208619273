package subgroups

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/web"
)

// Handler serves the subgroup pages.
type Handler struct {
	store *Store
	clock nltime.Clock
}

// NewHandler returns the subgroup handlers.
func NewHandler(store *Store) *Handler {
	return &Handler{store: store, clock: store.Clock()}
}

// Routes mounts the subgroup pages; the caller has made sure a user is
// signed in.
func (h *Handler) Routes(r chi.Router) {
	r.Route("/subgroepen", func(r chi.Router) {
		r.Get("/", h.list)
		r.Get("/nieuw", h.newForm)
		r.Method(http.MethodPost, "/nieuw", web.FieldForm(h.create))
		r.Route("/{id}", func(r chi.Router) {
			r.Get("/", h.show)
			r.Get("/bewerken", h.editForm)
			r.Method(http.MethodPost, "/bewerken", web.FieldForm(h.update))
			r.Get("/leden/toevoegen", h.addForm)
			r.Method(http.MethodPost, "/leden/toevoegen", web.FieldForm(h.add))
			r.Get("/leden/{mid}/beeindigen", h.endForm)
			r.Method(http.MethodPost, "/leden/{mid}/beeindigen", web.FieldForm(h.end))
		})
	})
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := identity.From(ctx)
	f := ParseFilter(r.URL.Query())
	items, total, err := h.store.List(ctx, identity.ScopeOf(u), f)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	ref, err := h.store.Reference(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, listPage(ListPage{
		Filter: f, Items: items, Ref: markRetired(ctx, ref), Networks: u.Networks, CanCreate: len(u.WritableNetworks()) > 0, Today: h.clock.Today(),
		Pager: web.Pager{Page: f.Page, PerPage: PerPage, Total: total, Query: f.Values(), Path: "/subgroepen"},
	}))
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	g, ok := h.subgroup(w, r)
	if !ok {
		return
	}
	members, err := h.store.Members(ctx, g.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	p := DetailPage{Subgroup: g, CanWrite: identity.From(ctx).CanWrite(g.NetworkID), Today: h.clock.Today()}
	for _, m := range members {
		if m.Current(g, p.Today) {
			p.Current = append(p.Current, m)
		} else {
			p.Former = append(p.Former, m)
		}
	}
	p.Mix = functionMix(p.Current)
	web.Render(w, r, http.StatusOK, detailPage(p))
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	networks := identity.From(r.Context()).WritableNetworks()
	if len(networks) == 0 {
		web.Fail(w, r, apperr.ErrForbidden)
		return
	}
	f := Form{Kind: "themagroep"}
	if len(networks) == 1 {
		f.NetworkID = web.FormatID(networks[0].ID)
	}
	h.renderForm(w, r, http.StatusOK, FormPage{Form: f, IsNew: true})
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if len(identity.From(ctx).WritableNetworks()) == 0 {
		web.Fail(w, r, apperr.ErrForbidden)
		return
	}
	page, in, valid := h.parse(w, r, FormPage{IsNew: true})
	if page == nil {
		return
	}
	if !valid {
		h.renderForm(w, r, http.StatusUnprocessableEntity, *page)
		return
	}
	id, err := h.store.Create(ctx, in)
	if h.ruleBroken(ctx, err, &page.Form) {
		h.renderForm(w, r, http.StatusUnprocessableEntity, *page)
		return
	}
	web.Done(w, r, err, i18n.T(ctx, "Subgroep %s is toegevoegd.", in.Name), subgroupURL(id, ""))
}

func (h *Handler) editForm(w http.ResponseWriter, r *http.Request) {
	g, ok := h.writableSubgroup(w, r)
	if !ok {
		return
	}
	h.renderForm(w, r, http.StatusOK, FormPage{Form: formFrom(g), SubgroupID: g.ID, SubgroupName: g.Name, SavedLead: savedLead(g),
		HeldTheme: g.ThemeID, HeldFunctions: g.Functions})
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	g, ok := h.writableSubgroup(w, r)
	if !ok {
		return
	}
	page, in, valid := h.parse(w, r, FormPage{SubgroupID: g.ID, SubgroupName: g.Name, SavedLead: savedLead(g),
		HeldTheme: g.ThemeID, HeldFunctions: g.Functions})
	if page == nil {
		return
	}
	if !valid {
		h.renderForm(w, r, http.StatusUnprocessableEntity, *page)
		return
	}
	err := h.store.Update(ctx, identity.ScopeOf(identity.From(ctx)), g.ID, in)
	switch {
	case h.ruleBroken(ctx, err, &page.Form):
		h.renderForm(w, r, http.StatusUnprocessableEntity, *page)
	case apperr.Is(err, apperr.Conflict):
		h.renderConflict(w, r, *page)
	default:
		web.Done(w, r, err, i18n.T(ctx, "De wijzigingen zijn opgeslagen."), subgroupURL(g.ID, ""))
	}
}

// parse reads and validates a posted subgroup form. A nil page means the
// response has been written (an unreadable or oversized form).
func (h *Handler) parse(w http.ResponseWriter, r *http.Request, page FormPage) (*FormPage, Input, bool) {
	ctx := r.Context()
	if err := server.ParseForm(r); err != nil {
		web.Fail(w, r, err)
		return nil, Input{}, false
	}
	ref, err := h.store.Reference(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return nil, Input{}, false
	}
	page.Form = parseForm(r.PostForm)
	var lead *Candidate
	if id, err := strconv.ParseInt(strings.TrimSpace(page.Form.LeadID), 10, 64); err == nil {
		c, err := h.store.Candidate(ctx, id)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			web.Fail(w, r, err)
			return nil, Input{}, false
		}
		if err == nil {
			lead = &c
		}
	}
	in, valid := page.Form.Validate(ctx, ref.offered(page.HeldTheme, page.HeldFunctions), identity.IDs(identity.From(ctx).WritableNetworks()), lead, h.clock.Today())
	return &page, in, valid
}

// ruleBroken turns a rule the store found broken into a message on its
// field.
func (h *Handler) ruleBroken(ctx context.Context, err error, f *Form) bool {
	field, msg := "", ""
	switch {
	case errors.Is(err, ErrNameTaken):
		field, msg = "naam", i18n.T(ctx, "Er is in dit netwerk al een subgroep met de naam %s. Kies een andere naam.", f.Name)
	case errors.Is(err, ErrLeadInvalid):
		field, msg = "kartrekker", i18n.T(ctx, "Kies als kartrekker een actieve contactpersoon van een werkgever in dit netwerk.")
	case errors.Is(err, ErrNetworkFixed):
		field, msg = "netwerk", i18n.T(ctx, "Deze subgroep heeft al leden uit zijn netwerk; het netwerk kan daarom niet meer veranderen.")
	default:
		return false
	}
	if f.Errors == nil {
		f.Errors = web.Errors{}
	}
	f.Errors[field] = msg
	return true
}

// renderConflict shows the user's input again with what another user saved
// in the meantime; the form now carries the current version, so saving
// again is a deliberate choice to overwrite.
func (h *Handler) renderConflict(w http.ResponseWriter, r *http.Request, page FormPage) {
	ctx := r.Context()
	current, err := h.store.Get(ctx, identity.ScopeOf(identity.From(ctx)), page.SubgroupID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	who, at, err := h.store.LastChange(ctx, current.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	ref, err := h.store.Reference(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	leads, err := h.leads(ctx, page.Form)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	// The saved lead may have left meanwhile; name them all the same.
	leads = append(leads, savedLead(current))
	page.Conflict = &web.Conflict{Title: i18n.T(ctx, "Iemand anders heeft deze subgroep intussen gewijzigd"), By: who, At: at, Rows: conflictRows(ctx, ref, leads, page.Form, formFrom(current))}
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
	if page.Leads, err = h.leads(ctx, page.Form); err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Ref = ref.offered(page.HeldTheme, page.HeldFunctions)
	page.Networks = identity.From(ctx).WritableNetworks()
	if page.SavedLead.ID != 0 && !hasID(page.Leads, page.SavedLead.ID) {
		page.LeadGone = page.SavedLead.Name
	}
	web.Render(w, r, status, formPage(page))
}

// savedLead is the stored lead of a subgroup, to name them on the form
// when they are no longer active.
func savedLead(g Subgroup) Candidate {
	return Candidate{ID: g.LeadID, Name: g.LeadName, EmployerName: g.LeadEmployer}
}

// leads are the contacts the form offers as lead: the active contacts of
// the chosen network, or of every network the user may write in while none
// is chosen.
func (h *Handler) leads(ctx context.Context, f Form) ([]Candidate, error) {
	ids := identity.IDs(identity.From(ctx).WritableNetworks())
	if id, ok := web.PickID(f.NetworkID, ids); ok {
		ids = []int64{id}
	}
	return h.store.Candidates(ctx, ids)
}

// subgroup loads the subgroup of the URL within the user's scope; anything
// else is a 404.
func (h *Handler) subgroup(w http.ResponseWriter, r *http.Request) (Subgroup, bool) {
	return web.Load(w, r, web.InScope(h.store.Get))
}

// writableSubgroup is subgroup, and 403 when the user may only read it.
func (h *Handler) writableSubgroup(w http.ResponseWriter, r *http.Request) (Subgroup, bool) {
	g, ok := h.subgroup(w, r)
	return g, ok && web.MayWrite(w, r, g.NetworkID)
}

// hasID reports whether one of cs is contact id.
func hasID(cs []Candidate, id int64) bool {
	return slices.ContainsFunc(cs, func(c Candidate) bool { return c.ID == id })
}

// markRetired names retired themes as such in the list's filter, which
// keeps them to find old subgroups.
func markRetired(ctx context.Context, ref Reference) Reference {
	themes := slices.Clone(ref.Themes)
	for i, o := range themes {
		if o.Retired {
			themes[i].Name = i18n.T(ctx, "%s (niet meer in gebruik)", o.Name)
		}
	}
	ref.Themes = themes
	return ref
}
