package employers

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strconv"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/web"
)

// Handler serves the employer pages.
type Handler struct {
	store      *Store
	clock      nltime.Clock
	sections   []namedSection
	facts      []Facts
	histories  audit.Histories
	duplicates DuplicateCheck
}

// namedSection is a contributed section with the id of its heading and its
// (Dutch, untranslated) title, for the profile's section navigation.
type namedSection struct {
	id, title string
	render    Section
}

// Facts contributes lines to the summary at the top of the profile (the last
// visit, the next event, the conditions met), again without this package
// knowing where they come from. Like a Section it queues its reads on q
// and makes its lines once q was sent.
type Facts func(ctx context.Context, q *db.Batch, s SectionInput) Later[[]web.Fact]

// Later makes a part of the profile from the reads it queued, once the
// profile's batch was sent.
type Later[T any] func() (T, error)

// PossibleDuplicate is a stored employer that a new one may be.
type PossibleDuplicate struct {
	ID         int64
	Name, City string
	KvK        string
	SameKvK    bool
}

// DuplicateCheck finds the employers of a network with the same normalised
// name (legal forms, punctuation, case and accents ignored) or KvK number;
// the duplicates package implements it and app wires it (SetDuplicateCheck).
type DuplicateCheck func(ctx context.Context, networkID int64, name, kvk string) ([]PossibleDuplicate, error)

// SetDuplicateCheck makes a new employer ask "Bestaat deze werkgever al?"
// when c finds one; saving anyway is then a deliberate choice.
func (h *Handler) SetDuplicateCheck(c DuplicateCheck) { h.duplicates = c }

// Section is a part of the profile that another package contributes (the
// intake history, and later events or visits), so this package need not know
// those packages: app registers them with AddSection. A section queues the
// reads it needs on q and returns what renders it once q was sent: the
// profile sends the reads of all its parts in one round trip.
type Section func(ctx context.Context, q *db.Batch, s SectionInput) Later[templ.Component]

// SectionInput is what a section knows of the profile it is shown on.
type SectionInput struct {
	EmployerID int64
	CanWrite   bool
	// Employer is the profile's own read of the employer, in the same
	// batch: a section reads it once the batch was sent, in its Later,
	// instead of reading the same row again.
	Employer *Employer
}

// AddHistories says how other packages' entries read in the history of
// every profile.
func (h *Handler) AddHistories(hs audit.Histories) {
	if h.histories == nil {
		h.histories = audit.Histories{}
	}
	maps.Copy(h.histories, hs)
}

// AddSection adds a section to every profile, below the contacts; id is the
// id of the section's heading and title its Dutch title (translated when
// shown), for the section navigation.
func (h *Handler) AddSection(id, title string, s Section) {
	h.sections = append(h.sections, namedSection{id: id, title: title, render: s})
}

// AddFacts adds lines to every profile's summary.
func (h *Handler) AddFacts(f Facts) { h.facts = append(h.facts, f) }

// NewHandler returns the employer handlers.
func NewHandler(store *Store) *Handler {
	return &Handler{store: store, clock: store.Clock()}
}

// Routes mounts the employer and contact pages; the caller has made sure
// a user is signed in.
func (h *Handler) Routes(r chi.Router) {
	r.Route("/werkgevers", func(r chi.Router) {
		r.Get("/", h.list)
		r.Get("/nieuw", h.newForm)
		r.Method(http.MethodPost, "/nieuw", web.FieldForm(h.create))
		h.exportRoutes(r)
		r.Route("/{id}", func(r chi.Router) {
			r.Get("/", h.show)
			r.Get("/bewerken", h.editForm)
			r.Method(http.MethodPost, "/bewerken", web.FieldForm(h.update))
			r.Get("/contactpersonen/nieuw", h.newContactForm)
			r.Method(http.MethodPost, "/contactpersonen/nieuw", web.FieldForm(h.createContact))
			r.Get("/contactpersonen/{cid}/bewerken", h.editContactForm)
			r.Method(http.MethodPost, "/contactpersonen/{cid}/bewerken", web.FieldForm(h.updateContact))
			r.Get("/contactpersonen/{cid}/beeindigen", h.endContactForm)
			r.Method(http.MethodPost, "/contactpersonen/{cid}/beeindigen", web.FieldForm(h.endContact))
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
		Filter: f, Items: items, Ref: ref.MarkRetired(ctx), Networks: u.Networks, CanCreate: len(u.WritableNetworks()) > 0,
		Pager: web.Pager{Page: f.Page, PerPage: PerPage, Total: total, Query: f.Values(), Path: "/werkgevers"},
	}))
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	u := identity.From(r.Context())
	networks := u.WritableNetworks()
	if len(networks) == 0 {
		web.Fail(w, r, apperr.ErrForbidden)
		return
	}
	f := EmployerForm{Status: "prospect"}
	if len(networks) == 1 {
		// Most employers of a regional network sit in its region.
		f.NetworkID = strconv.FormatInt(networks[0].ID, 10)
		region, err := h.store.NetworkRegion(r.Context(), networks[0].ID)
		if err != nil {
			web.Fail(w, r, err)
			return
		}
		f.RegionID = idOrEmpty(region)
	}
	h.renderForm(w, r, http.StatusOK, EmployerFormPage{Form: f, IsNew: true})
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	networks := identity.From(ctx).WritableNetworks()
	if len(networks) == 0 {
		web.Fail(w, r, apperr.ErrForbidden)
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	ref, err := h.store.Reference(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	f := parseEmployerForm(r.PostForm)
	offered, scales, err := h.offeredFor(ctx, ref, f.NetworkID, Held{})
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	in, valid := f.Validate(ctx, offered, identity.IDs(networks), h.clock.Today())
	explainMaturity(ctx, &f, ref, scales)
	page := EmployerFormPage{Form: f, IsNew: true}
	if !valid {
		h.renderForm(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	if ok, err := h.askIfDuplicate(ctx, r, in, &page); err != nil {
		web.Fail(w, r, err)
		return
	} else if !ok {
		h.renderForm(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	id, err := h.store.Create(ctx, in)
	if h.kvkTaken(ctx, err, &page.Form) {
		h.renderForm(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	web.Done(w, r, err, i18n.T(ctx, "Werkgever %s is toegevoegd.", in.Name), "/werkgevers/"+strconv.FormatInt(id, 10))
}

// askIfDuplicate reports whether a new employer may be saved: it has no
// likely duplicate in its network, or the coordinator ticked that it is
// another employer all the same. Otherwise page lists the likely ones.
func (h *Handler) askIfDuplicate(ctx context.Context, r *http.Request, in EmployerInput, page *EmployerFormPage) (bool, error) {
	if h.duplicates == nil || r.PostForm.Get(fieldSaveAnyway) == "1" {
		return true, nil
	}
	kvk := ""
	if in.KvK != nil {
		kvk = *in.KvK
	}
	found, err := h.duplicates(ctx, in.NetworkID, in.Name, kvk)
	if err != nil || len(found) == 0 {
		return err == nil, err
	}
	page.Duplicates = found
	page.Form.Errors[fieldSaveAnyway] = i18n.T(ctx, "Bestaat deze werkgever al? Open de bestaande werkgever hieronder, of vink aan dat dit een andere werkgever is en sla opnieuw op.")
	return false, nil
}

// fieldSaveAnyway is the checkbox that saves a new employer that looks
// like an existing one.
const fieldSaveAnyway = "toch_opslaan"

func (h *Handler) editForm(w http.ResponseWriter, r *http.Request) {
	e, ok := h.writableEmployer(w, r)
	if !ok {
		return
	}
	h.renderForm(w, r, http.StatusOK, EmployerFormPage{Form: formFromEmployer(e), EmployerID: e.ID, EmployerName: e.Name, Held: heldBy(e)})
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, ok := h.writableEmployer(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	ref, err := h.store.Reference(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	f := parseEmployerForm(r.PostForm)
	offered, scales, err := h.offeredFor(ctx, ref, f.NetworkID, heldBy(e))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	in, valid := f.Validate(ctx, offered, identity.IDs(identity.From(ctx).WritableNetworks()), h.clock.Today())
	explainMaturity(ctx, &f, ref, scales)
	page := EmployerFormPage{Form: f, EmployerID: e.ID, EmployerName: e.Name, Held: heldBy(e)}
	if !valid {
		h.renderForm(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	err = h.store.Update(ctx, identity.ScopeOf(identity.From(ctx)), e.ID, in)
	switch {
	case h.kvkTaken(ctx, err, &page.Form):
		h.renderForm(w, r, http.StatusUnprocessableEntity, page)
	case apperr.Is(err, apperr.Conflict):
		h.renderConflict(w, r, page, ref)
	default:
		web.Done(w, r, err, i18n.T(ctx, "De wijzigingen zijn opgeslagen."), "/werkgevers/"+strconv.FormatInt(e.ID, 10))
	}
}

// renderConflict shows the user's input again with what another user saved
// in the meantime; the form now carries the current version, so saving
// again is a deliberate choice to overwrite.
func (h *Handler) renderConflict(w http.ResponseWriter, r *http.Request, page EmployerFormPage, ref Reference) {
	ctx := r.Context()
	current, err := h.store.Get(ctx, identity.ScopeOf(identity.From(ctx)), page.EmployerID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	who, at, err := h.store.LastChange(ctx, current.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Conflict = &web.Conflict{Title: i18n.T(ctx, "Iemand anders heeft dit profiel intussen gewijzigd"), By: who, At: at,
		Rows: conflictRows(ctx, ref, page.Form, formFromEmployer(current))}
	page.Form.Version = strconv.Itoa(current.Version)
	h.renderForm(w, r, http.StatusConflict, page)
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, page EmployerFormPage) {
	ref, err := h.store.Reference(r.Context())
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	if page.Ref, _, err = h.offeredFor(r.Context(), ref, page.Form.NetworkID, page.Held); err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Networks = identity.From(r.Context()).WritableNetworks()
	web.Render(w, r, status, employerFormPage(page))
}

// kvkTaken turns a KvKTakenError into a message on the KvK field.
func (h *Handler) kvkTaken(ctx context.Context, err error, f *EmployerForm) bool {
	var taken *KvKTakenError
	if !errors.As(err, &taken) {
		return false
	}
	if f.Errors == nil {
		f.Errors = web.Errors{}
	}
	// Name the other employer only to someone who may read it: a
	// coordinator must not learn who is a member of another network.
	if taken.EmployerID != 0 && identity.From(ctx).CanRead(taken.NetworkID) {
		f.Errors["kvk"] = i18n.T(ctx, "Dit KvK-nummer is al in gebruik bij %s. Zoek die werkgever op in plaats van hem opnieuw aan te maken.", taken.EmployerName)
	} else {
		f.Errors["kvk"] = i18n.T(ctx, "Dit KvK-nummer is al in gebruik bij een werkgever in een ander netwerk. Neem contact op met de beheerder als deze werkgever ook in uw netwerk hoort.")
	}
	return true
}

// employer loads the employer of the URL within the user's scope; anything
// else is a 404.
func (h *Handler) employer(w http.ResponseWriter, r *http.Request) (Employer, bool) {
	return web.Load(w, r, web.InScope(h.store.Get))
}

// writableEmployer is employer, and 403 when the user may only read it.
func (h *Handler) writableEmployer(w http.ResponseWriter, r *http.Request) (Employer, bool) {
	e, ok := h.employer(w, r)
	return e, ok && web.MayWrite(w, r, e.NetworkID)
}

// personalFields are the audited fields a user who may not read contact
// details does not see in the history, by entity.
var personalFields = map[string][]string{
	"contact":  {"email", "telefoon"},
	"visit":    {"notities", "afspraken"},
	"referral": {"vraag", "uitkomst"},
}

// withoutPersonalDetails drops contacts' addresses and phone numbers, visit
// notes and referral questions from a history, for the bestuur.
func withoutPersonalDetails(history []audit.Entry) []audit.Entry {
	for i, e := range history {
		fields := personalFields[e.Entity]
		if len(fields) == 0 {
			continue
		}
		changes := make(map[string]audit.Change, len(e.Changes))
		for k, c := range e.Changes {
			if !slices.Contains(fields, k) {
				changes[k] = c
			}
		}
		history[i].Changes = changes
	}
	return history
}
