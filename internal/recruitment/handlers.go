package recruitment

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/redact"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// Handler serves /werving and the public form /aanmelden/{netwerk}.
type Handler struct {
	store   *Store
	baseURL string
}

// NewHandler returns the recruitment handlers; baseURL makes the links in
// the coordinator's mail.
func NewHandler(store *Store, baseURL string) *Handler {
	return &Handler{store: store, baseURL: strings.TrimRight(baseURL, "/")}
}

// Routes mounts the coordinator's pages; the caller has made sure a user is
// signed in. Coordinators of the network and beheerders write, the board
// (bestuur) reads, another network's prospect is not found.
func (h *Handler) Routes(r chi.Router) {
	r.Get(stepsPath, h.steps)
	r.Route("/werving", func(r chi.Router) {
		r.Get("/", h.board)
		r.Get("/lijst", h.list)
		r.Get("/nieuw", h.newProspect)
		r.Method(http.MethodPost, "/nieuw", web.FieldForm(h.createProspect))
		r.Get("/{id}/", h.detail)
		r.Method(http.MethodPost, "/{id}/fase", web.FieldForm(h.move))
		r.Get("/{id}/wijzigen", h.editForm)
		r.Method(http.MethodPost, "/{id}/wijzigen", web.FieldForm(h.update))
	})
}

func prospectURL(id int64) string { return "/werving/" + strconv.FormatInt(id, 10) + "/" }

// networksOf returns the networks the user reads, narrowed to ?netwerk=
// when that is one of them.
func networksOf(r *http.Request) ([]int64, int64) {
	u := identity.From(r.Context())
	ids := u.NetworkIDs()
	if n, err := strconv.ParseInt(r.URL.Query().Get("netwerk"), 10, 64); err == nil && slices.Contains(ids, n) {
		return []int64{n}, n
	}
	return ids, 0
}

func (h *Handler) board(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := identity.From(ctx)
	networks, chosen := networksOf(r)
	page := BoardPage{NetworkID: chosen, Networks: web.NetworkOptions(u.Networks), CanCreate: u.MayWrite(),
		ShowNetwork: len(networks) > 1, Today: h.store.Clock().Today()}
	for _, n := range u.Networks {
		if chosen == 0 || n.ID == chosen {
			page.Wishes = append(page.Wishes, web.Option{Value: wishURL(n.ID), Label: n.Name})
		}
	}
	items, err := h.store.List(ctx, Filter{Networks: nonNil(networks)})
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	items = forViewer(ctx, items)
	page.Mine = mine(items, u.ID)
	for _, s := range Stages {
		col := Column{Stage: s}
		for _, p := range items {
			if p.Stage == s {
				col.Items = append(col.Items, Card{Prospect: p, CanWrite: u.CanWrite(p.NetworkID)})
			}
		}
		page.Columns = append(page.Columns, col)
	}
	web.Render(w, r, http.StatusOK, boardPage(page))
}

// mine returns the user's open next steps, those with a date first and
// soonest first: what the owner has to do.
func mine(items []Prospect, userID int64) []Prospect {
	var out []Prospect
	for _, p := range items {
		if p.OwnerID == userID && p.NextStep != "" && p.Stage != Member && p.Stage != Dropped {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b Prospect) int {
		switch {
		case a.NextStepOn == nil && b.NextStepOn == nil:
			return 0
		case a.NextStepOn == nil:
			return 1
		case b.NextStepOn == nil:
			return -1
		}
		return a.NextStepOn.Compare(*b.NextStepOn)
	})
	return out
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := identity.From(ctx)
	networks, chosen := networksOf(r)
	q := r.URL.Query()
	f := Filter{Networks: nonNil(networks), Query: strings.TrimSpace(q.Get("q"))}
	if utf8Short(f.Query, 100) {
		f.Query = ""
	}
	if s := q.Get("fase"); slices.Contains(Stages, s) {
		f.Stage = s
	}
	if s := q.Get("bron"); slices.Contains(Sources, s) {
		f.Source = s
	}
	page := ListPage{Filter: f, NetworkID: chosen, Networks: web.NetworkOptions(u.Networks), CanCreate: u.MayWrite()}
	if id, err := strconv.ParseInt(q.Get("eigenaar"), 10, 64); err == nil && id > 0 {
		f.OwnerID, page.Filter.OwnerID = id, id
	}
	var err error
	if page.Items, err = h.store.List(ctx, f); err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Items = forViewer(ctx, page.Items)
	if page.Sources, err = h.store.SourceCounts(ctx, f.Networks); err != nil {
		web.Fail(w, r, err)
		return
	}
	if len(networks) == 1 {
		if page.People, err = h.store.People(ctx, networks[0]); err != nil {
			web.Fail(w, r, err)
			return
		}
	}
	web.Render(w, r, http.StatusOK, listPage(page))
}

// utf8Short reports whether s is unusable as a search: unreadable or too long.
func utf8Short(s string, max int) bool {
	return len([]rune(s)) > max || strings.ContainsFunc(s, func(r rune) bool { return r == 0xFFFD || r < 0x20 })
}

func (h *Handler) newProspect(w http.ResponseWriter, r *http.Request) {
	u := identity.From(r.Context())
	if !u.MayWrite() {
		web.Fail(w, r, apperr.New(apperr.Forbidden, ""))
		return
	}
	f := Form{Source: "", Errors: web.Errors{}, Owner: strconv.FormatInt(u.ID, 10)}
	if n, err := strconv.ParseInt(r.URL.Query().Get("netwerk"), 10, 64); err == nil && u.CanWrite(n) {
		f.NetworkID = strconv.FormatInt(n, 10)
	} else if ws := u.WritableNetworks(); len(ws) == 1 {
		f.NetworkID = strconv.FormatInt(ws[0].ID, 10)
	}
	h.renderNew(w, r, http.StatusOK, NewPage{Form: f})
}

func (h *Handler) createProspect(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := identity.From(ctx)
	if !u.MayWrite() {
		web.Fail(w, r, apperr.New(apperr.Forbidden, ""))
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	page := NewPage{Form: parseForm(r.PostForm)}
	page.Form.Errors = web.FormErrors(ctx) // what the input gate refused
	choices, err := h.choices(r, page.Form.NetworkID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	in, valid := page.Form.Validate(ctx, choices)
	if !valid {
		h.renderNew(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	if !page.Form.Confirmed {
		// "Bestaat deze werkgever al?" before anything is saved.
		page.Matches, err = h.store.Duplicates(ctx, in.NetworkID, in.Name, deref(in.KvK), deref(in.Postcode))
		if err != nil {
			web.Fail(w, r, err)
			return
		}
		if len(page.Matches) > 0 {
			h.renderNew(w, r, http.StatusOK, page)
			return
		}
	}
	id, err := h.store.Create(ctx, in)
	web.Done(w, r, err, i18n.T(ctx, "%s staat in de werving, in de fase Gesignaleerd.", in.Name), prospectURL(id))
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// choices loads the options of the add form for the network chosen (none
// when no network of the user's is chosen yet).
func (h *Handler) choices(r *http.Request, network string) (Choices, error) {
	ctx := r.Context()
	u := identity.From(ctx)
	c := Choices{Networks: web.NetworkOptions(u.WritableNetworks())}
	var err error
	if c.Functions, err = h.store.FunctionOptions(ctx); err != nil {
		return c, err
	}
	id, perr := strconv.ParseInt(network, 10, 64)
	if perr != nil || !u.CanWrite(id) {
		return c, nil
	}
	if c.Members, err = h.store.MemberOptions(ctx, id); err != nil {
		return c, err
	}
	if c.Events, err = h.store.EventOptions(ctx, id); err != nil {
		return c, err
	}
	c.People, err = h.store.People(ctx, id)
	return c, err
}

func (h *Handler) renderNew(w http.ResponseWriter, r *http.Request, status int, page NewPage) {
	var err error
	if page.Choices, err = h.choices(r, page.Form.NetworkID); err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, status, newPage(page))
}

// prospect loads the prospect of the path for a user who may read its
// network: another network's is not found.
func (h *Handler) prospect(w http.ResponseWriter, r *http.Request) (Prospect, bool) {
	return web.Load(w, r, func(ctx context.Context, id int64) (Prospect, error) {
		p, err := h.store.Get(ctx, id)
		if err == nil && !identity.From(ctx).CanRead(p.NetworkID) {
			err = apperr.ErrNotFound
		}
		return p, err
	})
}

func (h *Handler) detail(w http.ResponseWriter, r *http.Request) {
	p, ok := h.prospect(w, r)
	if !ok {
		return
	}
	h.renderDetail(w, r, http.StatusOK, DetailPage{Prospect: p, Move: moveFormFrom(p, h.store.Clock().Today())})
}

func (h *Handler) renderDetail(w http.ResponseWriter, r *http.Request, status int, page DetailPage) {
	ctx := r.Context()
	page.CanWrite = identity.From(ctx).CanWrite(page.Prospect.NetworkID)
	page.Today = h.store.Clock().Today()
	if !identity.From(ctx).SeesContactDetails() {
		page.Prospect = withoutContactDetails(page.Prospect)
	}
	var err error
	if page.History, err = h.store.History(ctx, page.Prospect.ID); err != nil {
		web.Fail(w, r, err)
		return
	}
	if !identity.From(ctx).SeesContactDetails() {
		for i, e := range page.History {
			changes := make(map[string]audit.Change, len(e.Changes))
			for k, c := range e.Changes {
				changes[k] = audit.Change{Old: redact.ContactDetails(c.Old), New: redact.ContactDetails(c.New)}
			}
			page.History[i].Changes = changes
		}
	}
	if page.People, err = h.store.People(ctx, page.Prospect.NetworkID); err != nil {
		web.Fail(w, r, err)
		return
	}
	if page.Fit, page.HasWish, err = h.fit(ctx, page.Prospect); err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, status, detailPage(page))
}

// move handles both the full form of the detail page and the small form
// on a board card (which posts kaart=ja and only the stage).
func (h *Handler) move(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := h.writable(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	fromCard := r.PostForm.Get("kaart") == "ja"
	f := parseMove(r.PostForm)
	f.Errors = web.FormErrors(ctx) // what the input gate refused
	people, err := h.store.People(ctx, p.NetworkID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	mv, valid := f.Validate(ctx, p, people, !fromCard, h.store.Clock().Today())
	if fromCard && valid && mv.Stage == Intake && p.Stage != Intake {
		// The intake invitation goes out with a personal message, which the
		// card has no room for: the prospect's page asks for it first.
		keep := moveFormFrom(p, h.store.Clock().Today())
		keep.Stage = Intake
		h.renderDetail(w, r, http.StatusOK, DetailPage{Prospect: p, Move: keep, AskMessage: true})
		return
	}
	if fromCard {
		// The card has no room for the rest: the detail page asks for it.
		keep := moveFormFrom(p, h.store.Clock().Today())
		keep.Stage, keep.Errors, keep.Version = f.Stage, f.Errors, f.Version
		f = keep
	}
	if !valid {
		h.renderDetail(w, r, http.StatusUnprocessableEntity, DetailPage{Prospect: p, Move: f})
		return
	}
	err = h.store.Move(ctx, p.ID, mv)
	switch {
	case apperr.Is(err, apperr.Conflict):
		current, gerr := h.store.Get(ctx, p.ID)
		if gerr != nil {
			web.Fail(w, r, gerr)
			return
		}
		f.Version = strconv.Itoa(current.Version)
		f.Errors["fase"] = i18n.T(ctx, "Iemand anders heeft deze werkgever intussen verplaatst of gewijzigd. Hieronder staat de huidige stand; uw keuze is bewaard in het formulier. Verstuur het opnieuw om die toch door te voeren.")
		h.renderDetail(w, r, http.StatusConflict, DetailPage{Prospect: current, Move: f})
		return
	case errors.Is(err, ErrNoContact):
		f.Errors["fase"] = i18n.T(ctx, "De uitnodiging voor de intake gaat naar de contactpersoon. Vul eerst de naam en het e-mailadres van de contactpersoon in bij Gegevens wijzigen.")
		h.renderDetail(w, r, http.StatusUnprocessableEntity, DetailPage{Prospect: p, Move: f})
		return
	case errors.Is(err, ErrLeftMembership):
		f.Errors["fase"] = i18n.T(ctx, "Deze werkgever is al lid. Een lidmaatschap beëindigt u op het profiel van de werkgever.")
		h.renderDetail(w, r, http.StatusUnprocessableEntity, DetailPage{Prospect: p, Move: f})
		return
	case apperr.Is(err, apperr.Invalid):
		f.Errors["fase"] = apperr.MessageOf(err)
		h.renderDetail(w, r, http.StatusUnprocessableEntity, DetailPage{Prospect: p, Move: f})
		return
	case err != nil:
		web.Fail(w, r, err)
		return
	}
	if mv.Stage == Intake && p.Stage != Intake {
		session.SetFlash(ctx, i18n.T(ctx, "%s staat nu in de fase %s. De uitnodiging voor de intake staat klaar om te worden verstuurd.", p.Name, StageLabel(ctx, mv.Stage)))
	} else if mv.Stage != p.Stage {
		session.SetFlash(ctx, i18n.T(ctx, "%s staat nu in de fase %s.", p.Name, StageLabel(ctx, mv.Stage)))
	} else {
		session.SetFlash(ctx, i18n.T(ctx, "De wijzigingen zijn opgeslagen."))
	}
	if fromCard {
		web.Redirect(w, r, "/werving/#fase-"+mv.Stage)
		return
	}
	web.Redirect(w, r, prospectURL(p.ID))
}

// fit compares a prospect with its network's wish profile.
func (h *Handler) fit(ctx context.Context, p Prospect) ([]string, bool, error) {
	wish, err := h.store.Wish(ctx, p.NetworkID)
	if err != nil || wish.Version == 0 {
		return nil, false, err
	}
	facts, err := h.store.Facts(ctx, p.NetworkID)
	if err != nil {
		return nil, true, err
	}
	choices, err := h.store.WishChoices(ctx)
	if err != nil {
		return nil, true, err
	}
	return Fit(ctx, wish, facts, choices.Names(levelNames(ctx)), p), true, nil
}

// historyLines renders an audit entry's changes as "veld: oud → nieuw".
func historyLines(e audit.Entry) []string {
	keys := make([]string, 0, len(e.Changes))
	for k := range e.Changes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys {
		c := e.Changes[k]
		switch {
		case c.Old == "":
			out = append(out, strings.ReplaceAll(k, "_", " ")+": "+c.New)
		case c.New == "":
			out = append(out, strings.ReplaceAll(k, "_", " ")+": "+c.Old+" → —")
		default:
			out = append(out, strings.ReplaceAll(k, "_", " ")+": "+c.Old+" → "+c.New)
		}
	}
	return out
}

// withoutContactDetails is a prospect for a user who may not read
// contacts' e-mail addresses and phone numbers (the bestuur): the
// contact's are left out, and so is whatever looks like one in the texts
// (the public form's, the coordinators' notes).
func withoutContactDetails(p Prospect) Prospect {
	p.ContactEmail, p.ContactPhone = "", ""
	for _, s := range []*string{&p.Hopes, &p.Offers, &p.SourceNote, &p.NextStep, &p.DropNote} {
		*s = redact.ContactDetails(*s)
	}
	return p
}

// forViewer is the prospects as the user may see them.
func forViewer(ctx context.Context, items []Prospect) []Prospect {
	if identity.From(ctx).SeesContactDetails() {
		return items
	}
	for i := range items {
		items[i] = withoutContactDetails(items[i])
	}
	return items
}
