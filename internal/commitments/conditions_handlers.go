package commitments

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// beheerder answers 403 unless the user sets conditions: the beheerder for
// every network, a coordinator for their own networks (issue 11); the board
// reads along but decides nothing here.
func beheerder(w http.ResponseWriter, r *http.Request) bool {
	ctx := r.Context()
	if u := identity.From(ctx); u.Role != identity.Beheerder && u.Role != identity.Coordinator {
		web.Fail(w, r, apperr.New(apperr.Forbidden, i18n.T(ctx, "Alleen de beheerder en de coördinatoren stellen de voorwaarden van het lidmaatschap vast.")))
		return false
	}
	return true
}

func (h *Handler) conditionsPage(w http.ResponseWriter, r *http.Request) {
	if !beheerder(w, r) {
		return
	}
	h.renderConditions(w, r, http.StatusOK, ConditionsPage{})
}

func (h *Handler) renderConditions(w http.ResponseWriter, r *http.Request, status int, page ConditionsPage) {
	networks, err := h.store.NetworkConditions(r.Context())
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Networks = writable(r, networks)
	if page.Errors == nil {
		page.Errors = web.Errors{}
	}
	web.Render(w, r, status, conditionsPage(page))
}

// postedNetwork reads the posted network of the conditions forms.
func (h *Handler) postedNetwork(w http.ResponseWriter, r *http.Request) (NetworkConditions, bool) {
	if err := server.ParseForm(r); err != nil {
		web.Fail(w, r, err)
		return NetworkConditions{}, false
	}
	id, _ := strconv.ParseInt(strings.TrimSpace(r.PostForm.Get("netwerk")), 10, 64)
	networks, err := h.store.NetworkConditions(r.Context())
	if err != nil {
		web.Fail(w, r, err)
		return NetworkConditions{}, false
	}
	networks = writable(r, networks)
	i := slices.IndexFunc(networks, func(n NetworkConditions) bool { return n.NetworkID == id })
	if i < 0 {
		web.Fail(w, r, apperr.ErrNotFound)
		return NetworkConditions{}, false
	}
	return networks[i], true
}

func (h *Handler) saveConditions(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !beheerder(w, r) {
		return
	}
	n, ok := h.postedNetwork(w, r)
	if !ok {
		return
	}
	var ids []int64
	for _, k := range n.Kinds { // in the kinds' order, whatever the post's
		if slices.Contains(r.PostForm["soorten"], web.FormatID(k.ID)) {
			ids = append(ids, k.ID)
		}
	}
	if len(ids) != len(slices.Compact(slices.Sorted(slices.Values(r.PostForm["soorten"])))) {
		field := "soorten-" + web.FormatID(n.NetworkID)
		h.renderConditions(w, r, http.StatusUnprocessableEntity, ConditionsPage{
			Errors: web.Errors{field: i18n.T(ctx, "Een van de gekozen soorten bestaat niet (meer) voor dit netwerk.")},
			Posted: map[int64][]string{n.NetworkID: r.PostForm["soorten"]}})
		return
	}
	web.Done(w, r, h.store.SetConditions(ctx, n.NetworkID, nonNilIDs(ids)), i18n.T(ctx, "De voorwaarden van %s zijn opgeslagen.", n.NetworkName), "/toezeggingen/voorwaarden#netwerk-"+web.FormatID(n.NetworkID))
}

func (h *Handler) addKind(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !beheerder(w, r) {
		return
	}
	n, ok := h.postedNetwork(w, r)
	if !ok {
		return
	}
	in := KindInput{NetworkID: n.NetworkID, Name: validate.CleanText(r.PostForm.Get("naam")),
		Description: validate.CleanText(r.PostForm.Get("beschrijving")), Required: r.PostForm.Get("verplicht") == "1"}
	page := ConditionsPage{Errors: web.Errors{}, KindNetwork: n.NetworkID, Kind: in}
	nameField, descField := "naam-"+web.FormatID(n.NetworkID), "beschrijving-"+web.FormatID(n.NetworkID)
	page.Errors.Text(nameField, in.Name, 120, i18n.T(ctx, "Vul de naam van de soort toezegging in."), i18n.T(ctx, "De naam mag hoogstens 120 tekens hebben."))
	page.Errors.Text(descField, in.Description, 300, "", i18n.T(ctx, "De beschrijving mag hoogstens 300 tekens hebben."))
	if len(page.Errors) == 0 {
		_, err := h.store.AddKind(ctx, in)
		switch {
		case errors.Is(err, ErrKindNameTaken):
			page.Errors[nameField] = i18n.T(ctx, "%s kent al een soort toezegging met de naam %s. Kies een andere naam.", n.NetworkName, in.Name)
		case err != nil:
			web.Fail(w, r, err)
			return
		default:
			session.SetFlash(ctx, i18n.T(ctx, "De soort %s is toegevoegd aan %s.", in.Name, n.NetworkName))
			web.Redirect(w, r, "/toezeggingen/voorwaarden#netwerk-"+web.FormatID(n.NetworkID))
			return
		}
	}
	h.renderConditions(w, r, http.StatusUnprocessableEntity, page)
}

func nonNilIDs(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// writable keeps the networks whose conditions the user sets; another
// network's are not found, as everywhere in the portal.
func writable(r *http.Request, ns []NetworkConditions) []NetworkConditions {
	u := identity.From(r.Context())
	return slices.DeleteFunc(ns, func(n NetworkConditions) bool { return !u.CanWrite(n.NetworkID) })
}
