package events

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

func parseFilter(v url.Values) Filter {
	f := Filter{When: v.Get("wanneer"), Kind: v.Get("soort")}
	if f.When != "voorbij" {
		f.When = "komend"
	}
	if !containsKind(f.Kind) {
		f.Kind = ""
	}
	f.Network, _ = strconv.ParseInt(v.Get("netwerk"), 10, 64)
	f.Page, _ = strconv.Atoi(v.Get("pagina"))
	if f.Page < 1 || f.Page > 100000 {
		f.Page = 1
	}
	return f
}

func containsKind(k string) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

func (f Filter) values() url.Values {
	v := url.Values{}
	if f.When == "voorbij" {
		v.Set("wanneer", "voorbij")
	}
	if f.Kind != "" {
		v.Set("soort", f.Kind)
	}
	if f.Network != 0 {
		v.Set("netwerk", strconv.FormatInt(f.Network, 10))
	}
	return v
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := identity.From(ctx)
	f := parseFilter(r.URL.Query())
	items, total, err := h.store.List(ctx, identity.ScopeOf(u), f)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, listPage(ListPage{Filter: f, Items: items, Networks: u.Networks,
		CanCreate: len(u.WritableNetworks()) > 0, Now: h.clock.Now(),
		Pager: web.Pager{Page: f.Page, PerPage: PerPage, Total: total, Query: f.values(), Path: "/bijeenkomsten"}}))
}

func (h *Handler) formPage(r *http.Request, f EventForm, e *Event) (FormPage, error) {
	u := identity.From(r.Context())
	opts, err := h.store.Options(r.Context(), u.WritableNetworks())
	return FormPage{Form: f, Options: opts.forEvent(e), Event: e}, err
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	u := identity.From(r.Context())
	nets := u.WritableNetworks()
	if len(nets) == 0 {
		web.Fail(w, r, apperr.ErrForbidden)
		return
	}
	f := EventForm{Kind: "netwerkbijeenkomst", Reminder: "48", StartTime: "15:30", EndTime: "17:30"}
	if len(nets) == 1 {
		f.NetworkID = strconv.FormatInt(nets[0].ID, 10)
	}
	if sg := r.URL.Query().Get("subgroep"); sg != "" {
		f.SubgroupID = sg
	}
	p, err := h.formPage(r, f, nil)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, formPage(p))
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	if len(identity.From(r.Context()).WritableNetworks()) == 0 {
		web.Fail(w, r, apperr.ErrForbidden)
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	f := parseEventForm(r.PostForm)
	p, err := h.formPage(r, f, nil)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	in, ok := p.Form.Validate(r.Context(), p.Options)
	if !ok {
		web.Render(w, r, http.StatusUnprocessableEntity, formPage(p))
		return
	}
	id, err := h.store.Create(r.Context(), in)
	web.Done(w, r, err, i18n.T(r.Context(), "De bijeenkomst is aangemaakt. Nodig nu mensen uit."), eventURL(id, ""))
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	e, ok := h.event(w, r)
	if !ok {
		return
	}
	invs, err := h.store.Invitations(r.Context(), e.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, showPage(ShowPage{Event: e, Invitations: invs, Now: h.clock.Now(),
		CanWrite: identity.From(r.Context()).CanWrite(e.NetworkID)}))
}

func (h *Handler) editForm(w http.ResponseWriter, r *http.Request) {
	e, ok := h.writable(w, r)
	if !ok {
		return
	}
	p, err := h.formPage(r, formFromEvent(e), &e)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, formPage(p))
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	e, ok := h.writable(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	ctx := r.Context()
	p, err := h.formPage(r, parseEventForm(r.PostForm), &e)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	in, valid := p.Form.Validate(ctx, p.Options)
	if !valid {
		web.Render(w, r, http.StatusUnprocessableEntity, formPage(p))
		return
	}
	err = h.store.Update(ctx, identity.ScopeOf(identity.From(ctx)), e.ID, in, func(tx pgx.Tx, e Event, inv Invitation) error {
		return h.promotedMail(ctx, tx, e, inv)
	})
	var capErr *CapacityError
	switch {
	case errors.As(err, &capErr):
		p.Form.Errors["capaciteit"] = i18n.T(ctx, "Er zijn al %d aanmeldingen; de capaciteit kan niet lager zijn.", capErr.Taken)
		web.Render(w, r, http.StatusUnprocessableEntity, formPage(p))
		return
	case apperr.KindOf(err) == apperr.Conflict:
		p.Conflict = true
		if fresh, gerr := h.store.Get(ctx, identity.ScopeOf(identity.From(ctx)), e.ID); gerr == nil {
			p.Event = &fresh
			p.Form.Version = strconv.Itoa(fresh.Version)
		}
		web.Render(w, r, http.StatusConflict, formPage(p))
		return
	case err != nil:
		web.Fail(w, r, err)
		return
	}
	session.SetFlash(ctx, i18n.T(ctx, "De bijeenkomst is opgeslagen."))
	web.Redirect(w, r, eventURL(e.ID, ""))
}

func (h *Handler) cancel(w http.ResponseWriter, r *http.Request) {
	e, ok := h.writable(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	err := h.store.Cancel(ctx, identity.ScopeOf(identity.From(ctx)), e.ID, func(tx pgx.Tx, e Event, invs []Invitation) error {
		for _, inv := range invs {
			if err := h.cancelMail(ctx, tx, e, inv); err != nil {
				return err
			}
		}
		return nil
	})
	switch {
	case apperr.KindOf(err) == apperr.Conflict:
		session.SetFlash(ctx, i18n.T(ctx, "Deze bijeenkomst was al geannuleerd."))
	case err != nil:
		web.Fail(w, r, err)
		return
	default:
		session.SetFlash(ctx, i18n.T(ctx, "De bijeenkomst is geannuleerd. Wie zich had aangemeld of op de wachtlijst stond, krijgt bericht."))
	}
	web.Redirect(w, r, eventURL(e.ID, ""))
}

// ListPage is the view model of /bijeenkomsten.
type ListPage struct {
	Filter    Filter
	Items     []Event
	Networks  []identity.Network
	CanCreate bool
	Pager     web.Pager
	Now       time.Time
}

// FormPage is the view model of the new and edit forms.
type FormPage struct {
	Form     EventForm
	Options  FormOptions
	Event    *Event // nil for a new event
	Conflict bool
}

// ShowPage is the view model of an event's page.
type ShowPage struct {
	Event       Event
	Invitations []Invitation
	CanWrite    bool
	Now         time.Time
}
