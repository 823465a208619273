package auth

import (
	"net/http"
	"strings"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// AccountPage is /account: the user's name, password and sessions.
type AccountPage struct {
	User           *identity.User
	Name           string
	Sessions       []BrowserSession
	Current        int64
	NameErrors     web.Errors
	PasswordErrors web.Errors
}

func (h *Handler) renderAccount(w http.ResponseWriter, r *http.Request, status int, p AccountPage) {
	ctx := r.Context()
	p.User = identity.From(ctx)
	p.Current = h.sessions.GetInt64(ctx, sessionIDKey)
	if p.Name == "" {
		p.Name = p.User.Name
	}
	var err error
	if p.Sessions, err = h.store.Sessions(ctx, p.User.ID); err != nil {
		web.Fail(w, r, err)
		return
	}
	if p.NameErrors == nil {
		p.NameErrors = web.Errors{}
	}
	if p.PasswordErrors == nil {
		p.PasswordErrors = web.Errors{}
	}
	web.Render(w, r, status, accountPage(p))
}

func (h *Handler) accountPage(w http.ResponseWriter, r *http.Request) {
	h.renderAccount(w, r, http.StatusOK, AccountPage{})
}

func (h *Handler) changeName(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !web.ParsedForm(w, r) {
		return
	}
	u := identity.From(ctx)
	p := AccountPage{Name: strings.TrimSpace(r.PostForm.Get("naam")), NameErrors: web.Errors{}}
	checkName(ctx, p.NameErrors, p.Name)
	if len(p.NameErrors) > 0 {
		h.renderAccount(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	web.Done(w, r, h.store.changeName(ctx, u.ID, u.Name, p.Name), i18n.T(ctx, "Uw naam is opgeslagen."), "/account")
}

func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !web.ParsedForm(w, r) {
		return
	}
	u := identity.From(ctx)
	p := AccountPage{PasswordErrors: web.Errors{}}
	hash, err := h.store.passwordHash(ctx, u.ID)
	if err != nil {
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return
	}
	// The current password is checked under the sign-in throttle: a
	// stolen session must not become a way to guess it.
	current := r.PostForm.Get("huidig")
	account, client := u.Email, clientAddress(r)
	v, err := h.store.throttle.take(ctx, account, client)
	if err != nil {
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return
	}
	if !v.allowed {
		res := throttled(ctx, v.retryAfter)
		w.Header().Set("Retry-After", itoa(int(res.retryAfter.Seconds())))
		p.PasswordErrors["huidig"] = res.message
		h.renderAccount(w, r, http.StatusTooManyRequests, p)
		return
	}
	ok, err := checkPassword(ctx, current, hash)
	if err != nil {
		h.release(ctx, account, client)
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return
	}
	if !ok {
		p.PasswordErrors["huidig"] = i18n.T(ctx, "Dit is niet uw huidige wachtwoord.")
	} else {
		h.release(ctx, account, client)
	}
	password := checkNewPassword(ctx, p.PasswordErrors, r.PostForm.Get("wachtwoord"), r.PostForm.Get("herhaling"), u.Email)
	if len(p.PasswordErrors) > 0 {
		h.renderAccount(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	newHash, err := HashPasswordCtx(ctx, password)
	if err == nil {
		err = h.store.changePassword(ctx, u.ID, h.sessions.GetInt64(ctx, sessionIDKey), newHash)
	}
	if err != nil {
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return
	}
	web.Done(w, r, h.sessions.RenewToken(ctx), i18n.T(ctx, "Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd."), "/account")
}

func (h *Handler) endOneSession(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := identity.From(ctx)
	web.Done(w, r, h.store.endSession(ctx, u.ID, pathID(r)), i18n.T(ctx, "Die sessie is beëindigd."), "/account")
}

func (h *Handler) endOtherSessions(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := identity.From(ctx)
	web.Done(w, r, h.store.endSessions(ctx, u.ID, h.sessions.GetInt64(ctx, sessionIDKey), "elders uitgelogd"), i18n.T(ctx, "U bent op alle andere apparaten uitgelogd."), "/account")
}

func (h *Handler) endAllSessions(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := identity.From(ctx)
	if err := h.store.endSessions(ctx, u.ID, 0, "overal uitgelogd"); err != nil {
		web.Fail(w, r, err)
		return
	}
	if err := h.sessions.Destroy(ctx); err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Redirect(w, r, "/inloggen?uitgelogd=1")
}
