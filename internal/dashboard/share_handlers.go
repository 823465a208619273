package dashboard

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// SharesPage lists a director's share links with the form for a new one.
type SharesPage struct {
	Rows     []ShareRow
	Form     ShareForm
	Networks string // the networks a new link shows
	MaxDate  string
	// A coordinator shares one of their networks at a time, for its board.
	ChooseNetwork bool
	NetworkChoice []web.Option
}

// ShareRow is one link in the list.
type ShareRow struct {
	Share
	URL, State string
	Active     bool
}

// ShareForm is the input of a new link.
type ShareForm struct {
	Label, Expires string
	Network        string // a coordinator's chosen network
	Errors         web.Errors
}

// bestuur lets directors, and coordinators for one of their networks at a
// time (issue 11), manage share links: the link shows networks to people
// without an account.
func bestuur(w http.ResponseWriter, r *http.Request) (*identity.User, bool) {
	u := identity.From(r.Context())
	if u.Role != identity.Bestuur && u.Role != identity.Coordinator {
		web.Fail(w, r, apperr.New(apperr.Forbidden, i18n.T(r.Context(), "Alleen het bestuur en de coördinatoren maken deellinks van het dashboard.")))
		return nil, false
	}
	return u, true
}

func (h *Handler) sharesPage(w http.ResponseWriter, r *http.Request) {
	u, ok := bestuur(w, r)
	if !ok {
		return
	}
	today := Scope{Now: h.clock.Now()}.Today()
	h.renderShares(w, r, u, ShareForm{Expires: today.AddDate(0, 0, 14).Format("2006-01-02")}, http.StatusOK)
}

func (h *Handler) renderShares(w http.ResponseWriter, r *http.Request, u *identity.User, form ShareForm, status int) {
	ctx := r.Context()
	shares, err := h.store.Shares(ctx, u.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	now := h.clock.Now()
	p := SharesPage{Form: form, MaxDate: Scope{Now: now}.Today().AddDate(0, 0, MaxShareDays).Format("2006-01-02"),
		ChooseNetwork: u.Role == identity.Coordinator, NetworkChoice: web.NetworkOptions(u.Networks)}
	for _, n := range u.Networks {
		p.Networks += ", " + n.Name
	}
	p.Networks = strings.TrimPrefix(p.Networks, ", ")
	for _, sh := range shares {
		row := ShareRow{Share: sh, Active: sh.Active(now), State: shareState(ctx, sh, now)}
		if row.Active {
			token, err := h.store.Token(ctx, sh)
			if err != nil {
				web.Fail(w, r, err)
				return
			}
			row.URL = h.baseURL + "/bord/" + token
		}
		p.Rows = append(p.Rows, row)
	}
	web.Render(w, r, status, sharesPage(p))
}

func shareState(ctx context.Context, sh Share, now time.Time) string {
	switch {
	case sh.RevokedAt != nil:
		return i18n.T(ctx, "Ingetrokken")
	case !now.Before(sh.ExpiresAt):
		return i18n.T(ctx, "Verlopen")
	}
	return i18n.T(ctx, "Actief")
}

func (h *Handler) createShare(w http.ResponseWriter, r *http.Request) {
	u, ok := bestuur(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	ctx := r.Context()
	form := ShareForm{Label: strings.TrimSpace(r.PostForm.Get("naam")), Expires: strings.TrimSpace(r.PostForm.Get("verloopt")),
		Network: strings.TrimSpace(r.PostForm.Get("netwerk"))}
	expires, errs := validateShare(ctx, form, Scope{Now: h.clock.Now()}.Today())
	networks := u.NetworkIDs()
	if len(u.Networks) == 0 {
		errs["naam"] = i18n.T(ctx, "U heeft geen netwerken om te delen.")
	}
	if u.Role == identity.Coordinator {
		id, _ := strconv.ParseInt(form.Network, 10, 64)
		if !u.CanWrite(id) {
			errs["netwerk"] = i18n.T(ctx, "Kies een van uw netwerken.")
		}
		networks = []int64{id}
	}
	if len(errs) > 0 {
		form.Errors = errs
		h.renderShares(w, r, u, form, http.StatusUnprocessableEntity)
		return
	}
	if _, err := h.store.CreateShare(ctx, u.ID, networks, form.Label, expires); err != nil {
		web.Fail(w, r, err)
		return
	}
	session.SetFlash(ctx, i18n.T(ctx, "De deellink is gemaakt. U vindt hem hieronder."))
	web.Redirect(w, r, "/dashboard/delen")
}

// validateShare checks the label and the last day the link works (after
// today, at most MaxShareDays ahead); the link stops at the end of that day.
func validateShare(ctx context.Context, f ShareForm, today time.Time) (time.Time, web.Errors) {
	errs := web.FormErrors(ctx)
	switch n := utf8.RuneCountInString(f.Label); {
	case n == 0:
		errs["naam"] = i18n.T(ctx, "Geef de link een naam, bijvoorbeeld de vergadering waarvoor hij is.")
	case n > 120:
		errs["naam"] = i18n.T(ctx, "De naam mag hoogstens 120 tekens hebben.")
	}
	day, err := time.Parse("2006-01-02", f.Expires)
	switch {
	case err != nil:
		errs["verloopt"] = i18n.T(ctx, "Vul de laatste dag in dat de link werkt.")
	case !day.After(today):
		errs["verloopt"] = i18n.T(ctx, "Kies een dag na vandaag.")
	case day.After(today.AddDate(0, 0, MaxShareDays)):
		errs["verloopt"] = i18n.T(ctx, "Een deellink werkt hoogstens %d dagen: kies uiterlijk %s.", MaxShareDays, today.AddDate(0, 0, MaxShareDays).Format("02-01-2006"))
	}
	return time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, nltime.Amsterdam), errs
}

func (h *Handler) revokeShare(w http.ResponseWriter, r *http.Request) {
	u, ok := bestuur(w, r)
	if !ok {
		return
	}
	id, ok := web.IDParam(w, r, "id")
	if !ok {
		return
	}
	web.Done(w, r, h.store.RevokeShare(r.Context(), u.ID, id), i18n.T(r.Context(), "De deellink is ingetrokken en werkt niet meer."), "/dashboard/delen")
}
