package subgroups

import (
	"context"
	"errors"
	"net/http"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

func (h *Handler) addForm(w http.ResponseWriter, r *http.Request) {
	g, ok := h.openSubgroup(w, r)
	if !ok {
		return
	}
	h.renderAdd(w, r, http.StatusOK, AddPage{Subgroup: g, Form: AddForm{Joined: h.clock.Today().Format("2006-01-02")}})
}

func (h *Handler) add(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	g, ok := h.openSubgroup(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	page := AddPage{Subgroup: g, Form: AddForm{ContactIDs: r.PostForm["contactpersonen"], Joined: r.PostForm.Get("lid_vanaf")}}
	active, current, err := h.candidates(r, g)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	ids, joined, valid := page.Form.Validate(ctx, active, current, h.clock.Today())
	if !valid {
		h.renderAdd(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	err = h.store.AddMembers(ctx, g.ID, ids, joined)
	var already *AlreadyMemberError
	switch {
	case errors.As(err, &already):
		page.Form.Errors["contactpersonen"] = alreadyMembers(ctx, already.Names)
	case errors.Is(err, ErrContactUnavailable):
		page.Form.Errors["contactpersonen"] = i18n.T(ctx, "Een van de gekozen contactpersonen is niet (meer) actief bij een werkgever in dit netwerk.")
	case errors.Is(err, ErrClosed):
		web.Fail(w, r, apperr.New(apperr.Conflict, i18n.T(ctx, "Deze subgroep is beëindigd; er kunnen geen leden meer bij.")))
		return
	case err != nil:
		web.Fail(w, r, err)
		return
	default:
		if len(ids) == 1 {
			session.SetFlash(ctx, i18n.T(ctx, "1 lid is toegevoegd."))
		} else {
			session.SetFlash(ctx, i18n.T(ctx, "%d leden zijn toegevoegd.", len(ids)))
		}
		web.Redirect(w, r, subgroupURL(g.ID, "#leden"))
		return
	}
	h.renderAdd(w, r, http.StatusUnprocessableEntity, page)
}

// renderAdd offers the active contacts of the network who are not members
// yet, those of the functions the subgroup is meant for first.
func (h *Handler) renderAdd(w http.ResponseWriter, r *http.Request, status int, page AddPage) {
	active, current, err := h.candidates(r, page.Subgroup)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	for _, c := range active {
		switch {
		case current[c.ID]:
		case len(page.Subgroup.Functions) > 0 && page.Subgroup.MeantFor(c.Function):
			page.Matching = append(page.Matching, c)
		default:
			page.Others = append(page.Others, c)
		}
	}
	web.Render(w, r, status, addPage(page))
}

// candidates returns the active contacts of the subgroup's network and
// which of them are members now.
func (h *Handler) candidates(r *http.Request, g Subgroup) ([]Candidate, map[int64]bool, error) {
	active, err := h.store.Candidates(r.Context(), []int64{g.NetworkID})
	if err != nil {
		return nil, nil, err
	}
	ids, err := h.store.MemberContactIDs(r.Context(), g.ID)
	current := map[int64]bool{}
	for _, id := range ids {
		current[id] = true
	}
	return active, current, err
}

func (h *Handler) endForm(w http.ResponseWriter, r *http.Request) {
	g, m, ok := h.currentMember(w, r)
	if !ok {
		return
	}
	f := EndForm{Left: h.clock.Today().Format("2006-01-02")}
	web.Render(w, r, http.StatusOK, endPage(EndPage{Subgroup: g, Member: m, Form: f}))
}

func (h *Handler) end(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	g, m, ok := h.currentMember(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	page := EndPage{Subgroup: g, Member: m, Form: EndForm{Left: r.PostForm.Get("lid_tot")}}
	left, valid := page.Form.Validate(ctx, m, h.clock.Today())
	if !valid {
		web.Render(w, r, http.StatusUnprocessableEntity, endPage(page))
		return
	}
	err := h.store.EndMember(ctx, g.ID, m.ID, left)
	switch {
	case apperr.Is(err, apperr.Conflict):
		page.Conflict = true
		web.Render(w, r, http.StatusConflict, endPage(page))
	case errors.Is(err, ErrLeftBeforeJoined):
		page.Form.Errors["lid_tot"] = i18n.T(ctx, "De datum van vertrek ligt voor de datum waarop %s lid werd (%s).", m.ContactName, nltime.FormatDate(m.JoinedOn))
		web.Render(w, r, http.StatusUnprocessableEntity, endPage(page))
	default:
		web.Done(w, r, err, i18n.T(ctx, "Het lidmaatschap van %s is beëindigd.", m.ContactName), subgroupURL(g.ID, "#leden"))
	}
}

// openSubgroup is writableSubgroup for adding members: an ended subgroup
// takes none.
func (h *Handler) openSubgroup(w http.ResponseWriter, r *http.Request) (Subgroup, bool) {
	ctx := r.Context()
	g, ok := h.writableSubgroup(w, r)
	if ok && g.Ended(h.clock.Today()) {
		web.Fail(w, r, apperr.New(apperr.Conflict, i18n.T(ctx, "Deze subgroep is beëindigd; er kunnen geen leden meer bij.")))
		return g, false
	}
	return g, ok
}

// currentMember loads the writable subgroup and one of its memberships
// from the URL; a membership that has ended already is a conflict.
func (h *Handler) currentMember(w http.ResponseWriter, r *http.Request) (Subgroup, Member, bool) {
	g, ok := h.writableSubgroup(w, r)
	if !ok {
		return g, Member{}, false
	}
	m, ok := web.LoadParam(w, r, "mid", func(ctx context.Context, mid int64) (Member, error) {
		return h.store.Member(ctx, g.ID, mid)
	})
	if !ok {
		return g, m, false
	}
	ctx := r.Context()
	if m.LeftOn != nil || g.Ended(h.clock.Today()) {
		web.Fail(w, r, apperr.New(apperr.Conflict, i18n.T(ctx, "Dit lidmaatschap is al beëindigd.")))
		return g, m, false
	}
	return g, m, true
}
