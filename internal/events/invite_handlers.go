package events

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// employerStatuses are the membership statuses an invitation can target.
var employerStatuses = []string{"prospect", "aangemeld", "lid", "gepauzeerd"}

// parseRecipientFilter reads the filter; unknown values are dropped. With
// no filter at all the event's intended audience is the default.
func parseRecipientFilter(v url.Values, e Event, functions []string) RecipientFilter {
	f := RecipientFilter{}
	f.SubgroupID, _ = strconv.ParseInt(v.Get("subgroep"), 10, 64)
	for _, s := range v["functies"] {
		if slices.Contains(functions, s) {
			f.Functions = append(f.Functions, s)
		}
	}
	for _, s := range v["niveaus"] {
		if slices.Contains(levelCodes, s) {
			f.Levels = append(f.Levels, s)
		}
	}
	for _, s := range v["status"] {
		if slices.Contains(employerStatuses, s) {
			f.EmployerStatuses = append(f.EmployerStatuses, s)
		}
	}
	if v.Get("gefilterd") == "" {
		f.Functions, f.Levels, f.EmployerStatuses = e.AudienceFunctions, e.AudienceLevels, []string{"lid"}
		f.SubgroupID = e.SubgroupID
	}
	return f
}

// InvitePage is the view model of the invitation page: the filter, and the
// people it finds, to check before sending.
type InvitePage struct {
	Event      Event
	Filter     RecipientFilter
	Options    FormOptions
	Recipients []Recipient
	Chosen     map[int64]bool
	Error      string
}

func (h *Handler) invitePage(r *http.Request, e Event, v url.Values) (InvitePage, error) {
	ctx := r.Context()
	opts, err := h.store.Options(ctx, []identity.Network{{ID: e.NetworkID, Name: e.NetworkName}})
	if err != nil {
		return InvitePage{}, err
	}
	f := parseRecipientFilter(v, e, functionCodes(opts.Functions))
	rs, err := h.store.Recipients(ctx, e, f)
	if err != nil {
		return InvitePage{}, err
	}
	chosen := map[int64]bool{}
	for _, rc := range rs {
		chosen[rc.ContactID] = !rc.Invited
	}
	return InvitePage{Event: e, Filter: f, Options: opts, Recipients: rs, Chosen: chosen}, nil
}

func (h *Handler) inviteForm(w http.ResponseWriter, r *http.Request) {
	e, ok := h.writable(w, r)
	if !ok {
		return
	}
	p, err := h.invitePage(r, e, r.URL.Query())
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, invitePage(p))
}

func (h *Handler) invite(w http.ResponseWriter, r *http.Request) {
	e, ok := h.writable(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	ctx := r.Context()
	var ids []int64
	for _, s := range r.PostForm["contact"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 || len(ids) > 2000 {
		p, err := h.invitePage(r, e, r.PostForm)
		if err != nil {
			web.Fail(w, r, err)
			return
		}
		p.Error = i18n.T(ctx, "Kies ten minste één persoon om uit te nodigen.")
		web.Render(w, r, http.StatusUnprocessableEntity, invitePage(p))
		return
	}
	n, err := h.store.Invite(ctx, identity.ScopeOf(identity.From(ctx)), e.ID, ids, func(tx pgx.Tx, e Event, inv Invitation, token string) error {
		return h.invitationMail(ctx, tx, e, inv, token)
	})
	switch {
	case apperr.KindOf(err) == apperr.Conflict:
		session.SetFlash(ctx, i18n.T(ctx, "Voor een geannuleerde of voorbije bijeenkomst worden geen uitnodigingen meer verstuurd."))
	case err != nil:
		web.Fail(w, r, err)
		return
	case n == 1:
		session.SetFlash(ctx, i18n.T(ctx, "1 uitnodiging staat klaar om te worden verstuurd."))
	default:
		session.SetFlash(ctx, i18n.T(ctx, "%d uitnodigingen staan klaar om te worden verstuurd.", n))
	}
	web.Redirect(w, r, eventURL(e.ID, ""))
}

func (p InvitePage) filterChoice(ctx context.Context, name, label string, opts []web.Option, picked []string) web.Choice {
	sel := map[string]bool{}
	for _, s := range picked {
		sel[s] = true
	}
	return web.Choice{Field: web.Field{Name: name, Label: label, Plain: true}, Options: opts, Selected: sel}
}
