package members

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// reviewRoutes: the coordinator's decisions on corrections ter controle,
// and the setting of which fields are. Mounted in the staff group.
func (h *StaffHandler) reviewRoutes(r chi.Router) {
	r.Post("/wijzigingen/{id}/goedkeuren", h.decideChange(true))
	r.Post("/wijzigingen/{id}/afwijzen", h.decideChange(false))
	r.Get("/ledenpagina/controle", h.reviewSettings)
	r.Get(changesPath, h.changes)
	r.Post("/ledenpagina/controle", h.saveReviewSettings)
}

func (h *StaffHandler) decideChange(approve bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		_, err := h.store.DecideChange(ctx, identity.From(ctx), web.ParseID(chi.URLParam(r, "id")), approve)
		switch {
		case errors.Is(err, ErrChangeDecided):
			session.SetFlash(ctx, i18n.T(ctx, "Over deze wijziging was al besloten."))
		case err != nil:
			web.Fail(w, r, err)
			return
		case approve:
			session.SetFlash(ctx, i18n.T(ctx, "De wijziging is goedgekeurd en staat op het profiel."))
		default:
			session.SetFlash(ctx, i18n.T(ctx, "De wijziging is afgewezen; het profiel blijft zoals het was."))
		}
		web.Redirect(w, r, "/taken#wijzigingen-ter-controle")
	}
}

// changesPath is the page of all the corrections waiting for review.
const changesPath = "/taken/wijzigingen"

// ReviewSection is "Wijzigingen ter controle" on /taken: it queues on q
// the first corrections waiting in the user's networks, with the decision
// for whoever may make it; app registers it with the visits package, which
// owns /taken and sends q.
func (h *StaffHandler) ReviewSection(ctx context.Context, q *db.Batch) func() (templ.Component, error) {
	u := identity.From(ctx)
	cs := h.store.QueueOpenChanges(q, identity.ScopeOf(u), web.TaskWindow{Limit: web.TaskRows})
	return func() (templ.Component, error) { return reviewSection(*cs, u), nil }
}

// changes is /taken/wijzigingen?pagina=n: all the corrections waiting in
// the user's networks, a page at a time, oldest first.
func (h *StaffHandler) changes(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := identity.From(ctx)
	web.ServeTaskList(w, r, h.store.pool, changesPath, i18n.T(ctx, "Wijzigingen ter controle"), "",
		func(b *db.Batch, window web.TaskWindow) func() (templ.Component, int, int) {
			cs := h.store.QueueOpenChanges(b, identity.ScopeOf(u), window)
			return func() (templ.Component, int, int) { return reviewList(cs.Changes, u), len(cs.Changes), cs.Total }
		})
}

// mayConfigure answers 403 unless the user sets a network's rules: the
// beheerder, or a coordinator for their own networks (as the conditions of
// membership); the board reads along but decides nothing.
func mayConfigure(w http.ResponseWriter, r *http.Request) bool {
	ctx := r.Context()
	if u := identity.From(ctx); u.Role != identity.Beheerder && u.Role != identity.Coordinator {
		web.Fail(w, r, apperr.New(apperr.Forbidden, i18n.T(ctx, "Alleen de beheerder en de coördinatoren stellen in wat het netwerk eerst controleert.")))
		return false
	}
	return true
}

func (h *StaffHandler) reviewSettings(w http.ResponseWriter, r *http.Request) {
	if !mayConfigure(w, r) {
		return
	}
	ctx := r.Context()
	ns, err := h.store.NetworkReviews(ctx, identity.From(ctx).WritableNetworks())
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, reviewSettingsPage(ns))
}

func (h *StaffHandler) saveReviewSettings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !mayConfigure(w, r) {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	u := identity.From(ctx)
	networkID := web.ParseID(r.PostForm.Get("netwerk"))
	if !slices.Contains(identity.IDs(u.WritableNetworks()), networkID) {
		web.Fail(w, r, apperr.ErrNotFound)
		return
	}
	fields := []string{}
	for _, f := range r.PostForm["velden"] {
		if !slices.Contains(ReviewFields, f) {
			web.Fail(w, r, apperr.New(apperr.BadRequest, ""))
			return
		}
		if !slices.Contains(fields, f) {
			fields = append(fields, f)
		}
	}
	web.Done(w, r, h.store.SetReviewFields(ctx, u, networkID, fields), i18n.T(ctx, "Opgeslagen. Wijzigingen van deze velden wachten voortaan op uw controle."), "/ledenpagina/controle")
}

func reviewOptions(ctx context.Context) []web.Option {
	out := make([]web.Option, len(ReviewFields))
	for i, f := range ReviewFields {
		out[i] = web.Option{Value: f, Label: i18n.T(ctx, ReviewLabels[f])}
	}
	return out
}

func selectedSet(fields []string) map[string]bool { return web.Selection(fields) }

// changeRequestHistory says how corrections ter controle read in an
// employer's history.
func changeRequestHistory() audit.History {
	return audit.History{
		Title: func(ctx context.Context, e audit.Entry) string {
			switch e.Action {
			case Approved:
				return i18n.T(ctx, "Wijziging ter controle goedgekeurd")
			case Declined:
				return i18n.T(ctx, "Wijziging ter controle afgewezen")
			}
			return i18n.T(ctx, "Wijziging voorgesteld door de werkgever, wacht op controle")
		},
		Labels: changeLabels,
		Order:  changeOrder,
	}
}
