package duplicates

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// Handler serves the duplicate pages.
type Handler struct {
	store *Store
}

// NewHandler returns the duplicate handlers.
func NewHandler(store *Store) *Handler { return &Handler{store: store} }

// Routes mounts the pages under /dubbelen, beside rather than under
// /werkgevers, whose subrouter the employers package owns; the caller has
// made sure a user is signed in.
func (h *Handler) Routes(r chi.Router) {
	r.Route("/dubbelen", func(r chi.Router) {
		r.Get("/", h.list)
		r.Get("/werkgevers/{a}/{b}", h.employerForm)
		r.Post("/werkgevers/{a}/{b}", h.mergeEmployers)
		r.Get("/contactpersonen/{a}/{b}", h.contactForm)
		r.Post("/contactpersonen/{a}/{b}", h.mergeContacts)
	})
}

// errCrossNetworkEmployers: only the beheerder, who sees every network,
// merges employers of two networks; a coordinator in both might not know
// what the other network agreed with the employer.
var errCrossNetworkEmployers = apperr.New(apperr.Forbidden,
	"Alleen de beheerder kan werkgevers uit verschillende netwerken samenvoegen.")

// readScope is what the user may read; pages of records outside it are 404.
func readScope(u *identity.User) identity.Scope {
	return identity.Scope{All: u.SeesAll(), Networks: u.NetworkIDs()}
}

// writeScope is where the user may merge: the list shows no pair the user
// could not merge.
func writeScope(u *identity.User) identity.Scope {
	s := identity.Scope{All: u.SeesAll(), Networks: []int64{}}
	for _, n := range u.Networks {
		if u.CanWrite(n.ID) {
			s.Networks = append(s.Networks, n.ID)
		}
	}
	return s
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := identity.From(ctx)
	if !u.MayWrite() {
		web.Fail(w, r, apperr.ErrForbidden)
		return
	}
	// A few changed employers and contacts are compared here, so an edit
	// shows at once; more are left to the background (RunPairs) and the
	// page gives the age.
	if _, err := h.store.RefreshPairs(ctx, true); err != nil {
		web.Fail(w, r, err)
		return
	}
	state, err := h.store.PairsState(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	contactState, err := h.store.ContactPairsState(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	employers, err := h.store.EmployerPairs(ctx, writeScope(u))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	contacts, err := h.store.ContactPairs(ctx, writeScope(u))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, listPage(ListPage{Employers: employers, Contacts: contacts, Several: u.SeesAll() || len(u.Networks) > 1, Pairs: state,
		ContactPairs: contactState}))
}

func (h *Handler) employerForm(w http.ResponseWriter, r *http.Request) {
	a, b, ok := h.employerPair(w, r)
	if !ok {
		return
	}
	p := employerPage(r.Context(), a, b)
	p.Form = employerDefaults(r.Context(), a, b)
	web.Render(w, r, http.StatusOK, mergePage(p))
}

func (h *Handler) mergeEmployers(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, b, ok := h.employerPair(w, r)
	if !ok || !parsed(w, r) {
		return
	}
	// A stale form is a conflict before anything else: its choices were
	// made for values that may no longer be there.
	if stale(r.PostForm, a.Version, b.Version) {
		h.employerConflict(w, r, a, b, postedForm(r.PostForm))
		return
	}
	p, in := employerInput(ctx, r.PostForm, a, b)
	if len(p.Form.Errors) > 0 {
		web.Render(w, r, http.StatusUnprocessableEntity, mergePage(p))
		return
	}
	err := h.store.MergeEmployers(ctx, readScope(identity.From(ctx)), in)
	switch {
	case apperr.Is(err, apperr.Conflict): // changed since the check above
		if a, b, ok := h.employerPair(w, r); ok {
			h.employerConflict(w, r, a, b, p.Form)
		}
	default:
		web.Done(w, r, err, i18n.T(ctx, "De werkgevers zijn samengevoegd."), "/werkgevers/"+web.FormatID(in.SurvivorID))
	}
}

// employerInput reads the posted choices and checks what they would make.
func employerInput(ctx context.Context, v url.Values, a, b EmployerRecord) (MergePage, MergeInput) {
	p := employerPage(ctx, a, b)
	var in MergeInput
	p.Form, in = parseForm(ctx, v, p)
	if len(p.Form.Errors) == 0 {
		s, o := a, b
		if in.SurvivorID == b.ID {
			s, o = b, a
		}
		merged, _ := merge(ctx, employerFields, s, o, in.Choices)
		p.Form.addErrors(validateEmployer(ctx, merged))
	}
	return p, in
}

// employerConflict shows the pair as it is now, with the user's choices
// and the current versions: merging again is a deliberate choice.
func (h *Handler) employerConflict(w http.ResponseWriter, r *http.Request, a, b EmployerRecord, f MergeForm) {
	ctx := r.Context()
	p := employerPage(ctx, a, b)
	p.Form = f.keptOver(employerDefaults(ctx, a, b), a.ID, b.ID)
	p.Conflict = true
	web.Render(w, r, http.StatusConflict, mergePage(p))
}

// employerPair loads the two employers of the URL: 404 unless the user may
// read both, 403 unless the user may merge them.
func (h *Handler) employerPair(w http.ResponseWriter, r *http.Request) (EmployerRecord, EmployerRecord, bool) {
	a, b, err := h.loadEmployers(r)
	if err != nil {
		web.Fail(w, r, err)
		return a, b, false
	}
	return a, b, true
}

func (h *Handler) loadEmployers(r *http.Request) (a, b EmployerRecord, err error) {
	ctx := r.Context()
	u := identity.From(ctx)
	ida, idb, ok := pairIDs(r)
	if !ok {
		return a, b, apperr.ErrNotFound
	}
	if a, err = h.store.Employer(ctx, readScope(u), ida); err != nil {
		return a, b, err
	}
	if b, err = h.store.Employer(ctx, readScope(u), idb); err != nil {
		return a, b, err
	}
	return a, b, mayMerge(u, a.NetworkID, b.NetworkID, u.SeesAll(), errCrossNetworkEmployers)
}

func (h *Handler) contactForm(w http.ResponseWriter, r *http.Request) {
	a, b, ok := h.contactPair(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	p := contactPage(ctx, a, b)
	p.Form = contactDefaults(ctx, a, b)
	web.Render(w, r, http.StatusOK, mergePage(p))
}

func (h *Handler) mergeContacts(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, b, ok := h.contactPair(w, r)
	if !ok || !parsed(w, r) {
		return
	}
	if stale(r.PostForm, a.Version, b.Version) {
		h.contactConflict(w, r, a, b, postedForm(r.PostForm))
		return
	}
	p, in := contactInput(ctx, r.PostForm, a, b)
	if len(p.Form.Errors) > 0 {
		web.Render(w, r, http.StatusUnprocessableEntity, mergePage(p))
		return
	}
	err := h.store.MergeContacts(ctx, readScope(identity.From(ctx)), in)
	switch {
	case apperr.Is(err, apperr.Conflict):
		if a, b, ok := h.contactPair(w, r); ok {
			h.contactConflict(w, r, a, b, p.Form)
		}
	case err != nil:
		web.Fail(w, r, err)
	default:
		employer := a.EmployerID
		if in.SurvivorID == b.ID {
			employer = b.EmployerID
		}
		session.SetFlash(ctx, i18n.T(ctx, "De contactpersonen zijn samengevoegd."))
		web.Redirect(w, r, "/werkgevers/"+web.FormatID(employer))
	}
}

// contactInput reads the posted choices and checks what they would make.
func contactInput(ctx context.Context, v url.Values, a, b ContactRecord) (MergePage, MergeInput) {
	p := contactPage(ctx, a, b)
	var in MergeInput
	p.Form, in = parseForm(ctx, v, p)
	if len(p.Form.Errors) == 0 {
		s, o := a, b
		if in.SurvivorID == b.ID {
			s, o = b, a
		}
		merged, _ := merge(ctx, contactFields, s, o, in.Choices)
		p.Form.addErrors(validateContact(ctx, merged, a, b))
	}
	return p, in
}

func (h *Handler) contactConflict(w http.ResponseWriter, r *http.Request, a, b ContactRecord, f MergeForm) {
	ctx := r.Context()
	p := contactPage(ctx, a, b)
	p.Form = f.keptOver(contactDefaults(ctx, a, b), a.ID, b.ID)
	p.Conflict = true
	web.Render(w, r, http.StatusConflict, mergePage(p))
}

// contactPair loads the two contacts of the URL: 404 unless the user may
// read both, 403 unless the user may merge them (never across networks).
func (h *Handler) contactPair(w http.ResponseWriter, r *http.Request) (ContactRecord, ContactRecord, bool) {
	a, b, err := h.loadContacts(r)
	if err != nil {
		web.Fail(w, r, err)
		return a, b, false
	}
	return a, b, true
}

func (h *Handler) loadContacts(r *http.Request) (a, b ContactRecord, err error) {
	ctx := r.Context()
	u := identity.From(ctx)
	ida, idb, ok := pairIDs(r)
	if !ok {
		return a, b, apperr.ErrNotFound
	}
	if a, err = h.store.Contact(ctx, readScope(u), ida); err != nil {
		return a, b, err
	}
	if b, err = h.store.Contact(ctx, readScope(u), idb); err != nil {
		return a, b, err
	}
	return a, b, mayMerge(u, a.NetworkID, b.NetworkID, false, errCrossNetwork)
}

// mayMerge says whether the user may merge records of two networks: write
// access to both, and one network unless crossAllowed (cross says why not).
func mayMerge(u *identity.User, netA, netB int64, crossAllowed bool, cross error) error {
	if !u.CanWrite(netA) || !u.CanWrite(netB) {
		return apperr.ErrForbidden
	}
	if netA != netB && !crossAllowed {
		return cross
	}
	return nil
}

// parsed parses the posted form, or answers with why it could not.
func parsed(w http.ResponseWriter, r *http.Request) bool {
	if err := server.ParseForm(r); err != nil {
		web.Fail(w, r, err)
		return false
	}
	return true
}

// pairIDs reads the two ids of the URL; a record is no pair with itself.
func pairIDs(r *http.Request) (int64, int64, bool) {
	a, errA := strconv.ParseInt(chi.URLParam(r, "a"), 10, 64)
	b, errB := strconv.ParseInt(chi.URLParam(r, "b"), 10, 64)
	return a, b, errA == nil && errB == nil && a > 0 && b > 0 && a != b
}
