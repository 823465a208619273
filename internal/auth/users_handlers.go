package auth

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// SignedInRoutes mounts the pages for signed-in users: their own account,
// and the beheerder's user management.
func (h *Handler) SignedInRoutes(r chi.Router) {
	r.Get("/account", h.accountPage)
	r.Post("/account/naam", h.changeName)
	r.Post("/account/wachtwoord", h.changePassword)
	r.Post("/account/sessies/{id}/beeindigen", h.endOneSession)
	r.Post("/account/sessies/andere", h.endOtherSessions)
	r.Post("/account/sessies/alle", h.endAllSessions)
	r.Get("/account/tweestaps", h.twoStepPage)
	r.Post("/account/tweestaps", h.enableTwoStep)
	r.Post("/account/tweestaps/uit", h.disableTwoStep)
	r.Group(func(r chi.Router) {
		r.Use(requireBeheerder)
		r.Get("/beheer/gebruikers", h.users)
		r.Get("/beheer/gebruikers/nieuw", h.inviteForm)
		r.Post("/beheer/gebruikers/nieuw", h.invite)
		r.Get("/beheer/gebruikers/{id}", h.userForm)
		r.Post("/beheer/gebruikers/{id}", h.updateUser)
		r.Post("/beheer/gebruikers/{id}/deactiveren", h.setActive(false))
		r.Post("/beheer/gebruikers/{id}/heractiveren", h.setActive(true))
		r.Post("/beheer/gebruikers/{id}/uitnodiging", h.resendInvite)
		r.Post("/beheer/tweestaps", h.setTwoStepPolicy)
	})
}

func requireBeheerder(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u := identity.From(r.Context()); u == nil || u.Role != identity.Beheerder {
			web.Fail(w, r, apperr.New(apperr.Forbidden, i18n.T(r.Context(), "Alleen de beheerder kan het portaal beheren.")))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (h *Handler) users(w http.ResponseWriter, r *http.Request) {
	as, err := h.store.Accounts(r.Context())
	var required bool
	if err == nil {
		required, err = h.store.TwoStepRequired(r.Context())
	}
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, usersPage(as, required))
}

// UserForm is the invitation or the change of a user.
type UserForm struct {
	Account  Account // the user changed; ID 0 when inviting
	Name     string
	Email    string
	Role     string
	Networks map[string]bool
	Choices  []NetworkChoice
	Errors   web.Errors
}

func (h *Handler) renderUserForm(w http.ResponseWriter, r *http.Request, status int, f UserForm) {
	var err error
	if f.Choices, err = h.store.OpenNetworks(r.Context()); err != nil {
		web.Fail(w, r, err)
		return
	}
	if f.Errors == nil {
		f.Errors = web.Errors{}
	}
	web.Render(w, r, status, userFormPage(f))
}

func (h *Handler) inviteForm(w http.ResponseWriter, r *http.Request) {
	h.renderUserForm(w, r, http.StatusOK, UserForm{Role: identity.Coordinator, Networks: map[string]bool{}})
}

func (h *Handler) userForm(w http.ResponseWriter, r *http.Request) {
	a, err := h.store.Account(r.Context(), pathID(r))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	f := UserForm{Account: a, Name: a.Name, Email: a.Email, Role: a.Role, Networks: map[string]bool{}}
	for _, id := range idsString(a.NetworkIDs) {
		f.Networks[id] = true
	}
	h.renderUserForm(w, r, http.StatusOK, f)
}

// parseUser reads the posted user form; inviting also reads the e-mail.
func (h *Handler) parseUser(r *http.Request, f *UserForm, inviting bool) (AccountInput, error) {
	ctx := r.Context()
	if err := server.ParseForm(r); err != nil {
		return AccountInput{}, err
	}
	f.Errors = web.Errors{}
	f.Name = strings.TrimSpace(r.PostForm.Get("naam"))
	f.Role = r.PostForm.Get("rol")
	f.Networks = map[string]bool{}
	checkName(ctx, f.Errors, f.Name)
	in := AccountInput{Name: f.Name, Role: f.Role}
	if inviting {
		f.Email = cleanEmail(r.PostForm.Get("email"))
		in.Email = f.Email
		if !validate.Email(f.Email) || len(f.Email) > 254 {
			f.Errors["email"] = i18n.T(ctx, "Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")
		}
	}
	if !slices.Contains([]string{identity.Beheerder, identity.Coordinator, identity.Bestuur}, f.Role) {
		f.Errors["rol"] = i18n.T(ctx, "Kies een rol.")
	}
	choices, err := h.store.OpenNetworks(ctx)
	if err != nil {
		return in, err
	}
	for _, v := range r.PostForm["netwerken"] {
		id, _ := strconv.ParseInt(v, 10, 64)
		if !slices.ContainsFunc(choices, func(c NetworkChoice) bool { return c.ID == id }) {
			f.Errors["netwerken"] = i18n.T(ctx, "Kies netwerken uit de lijst.")
			continue
		}
		if !f.Networks[v] {
			f.Networks[v] = true
			in.NetworkIDs = append(in.NetworkIDs, id)
		}
	}
	if f.Role != identity.Beheerder && len(in.NetworkIDs) == 0 && f.Errors["netwerken"] == "" && f.Errors["rol"] == "" {
		f.Errors["netwerken"] = i18n.T(ctx, "Een coördinator of bestuurslid hoort bij minstens één netwerk. Kies er een.")
	}
	return in, nil
}

func (h *Handler) invite(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := UserForm{}
	in, err := h.parseUser(r, &f, true)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	if len(f.Errors) == 0 {
		if _, err = h.store.Invite(ctx, in, h.baseURL); err == errEmailTaken {
			f.Errors["email"] = i18n.T(ctx, "Er is al een account met dit e-mailadres.")
		} else if err != nil {
			web.Fail(w, r, err)
			return
		}
	}
	if len(f.Errors) > 0 {
		h.renderUserForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	session.SetFlash(ctx, i18n.T(ctx, "De uitnodiging is verstuurd. De link werkt 7 dagen."))
	web.Redirect(w, r, "/beheer/gebruikers")
}

func (h *Handler) updateUser(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, err := h.store.Account(ctx, pathID(r))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	f := UserForm{Account: a, Email: a.Email}
	in, err := h.parseUser(r, &f, false)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	if len(f.Errors) == 0 {
		if err = h.store.UpdateAccount(ctx, a.ID, in); err == errLastBeheerder {
			f.Errors["rol"] = i18n.T(ctx, "Dit is de laatste actieve beheerder. Maak eerst iemand anders beheerder.")
		} else if err != nil {
			web.Fail(w, r, err)
			return
		}
	}
	if len(f.Errors) > 0 {
		h.renderUserForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	session.SetFlash(ctx, i18n.T(ctx, "De gebruiker is opgeslagen."))
	web.Redirect(w, r, "/beheer/gebruikers")
}

func (h *Handler) setActive(active bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		err := h.store.SetActive(ctx, pathID(r), active)
		if err == errLastBeheerder {
			err = apperr.New(apperr.Conflict, i18n.T(ctx, "Dit is de laatste actieve beheerder. Maak eerst iemand anders beheerder."))
		}
		if err != nil {
			web.Fail(w, r, err)
			return
		}
		if active {
			session.SetFlash(ctx, i18n.T(ctx, "De gebruiker is weer actief."))
		} else {
			session.SetFlash(ctx, i18n.T(ctx, "De gebruiker is gedeactiveerd en overal uitgelogd."))
		}
		web.Redirect(w, r, "/beheer/gebruikers")
	}
}

func (h *Handler) resendInvite(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	web.Done(w, r, h.store.ResendInvite(ctx, pathID(r), h.baseURL), i18n.T(ctx, "Er is een nieuwe uitnodiging verstuurd; de vorige link werkt niet meer."), "/beheer/gebruikers")
}

func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	return id
}
