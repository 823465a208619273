package auth

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// linkRoutes are the pages opened by a one-time link, and the request for
// one; no sign-in needed.
func (h *Handler) linkRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(server.PrivatePage)
		r.Get("/inrichten/{token}", h.setupForm)
		r.Post("/inrichten/{token}", h.setup)
		r.Get("/wachtwoord-instellen/{token}", h.setPasswordForm)
		r.Post("/wachtwoord-instellen/{token}", h.setPassword)
	})
	r.Get("/wachtwoord-vergeten", h.forgotForm)
	r.Post("/wachtwoord-vergeten", h.forgot)
}

// linkProblem answers a link that does not (or no longer) work with a page
// that says why and what to do.
func linkProblem(w http.ResponseWriter, r *http.Request, state linkState, setup bool) {
	ctx := r.Context()
	title, msg, status := i18n.T(ctx, "Deze link werkt niet"), "", http.StatusNotFound
	switch state {
	case linkExpired:
		status = http.StatusGone
		title, msg = i18n.T(ctx, "Deze link is verlopen"), i18n.T(ctx, "Vraag een nieuwe link aan via Wachtwoord vergeten, of vraag de beheerder om een nieuwe uitnodiging.")
	case linkUsed:
		status = http.StatusGone
		title, msg = i18n.T(ctx, "Deze link is al gebruikt"), i18n.T(ctx, "Een link werkt één keer. Log in met uw wachtwoord, of vraag een nieuwe link aan via Wachtwoord vergeten.")
	case linkInactive:
		status = http.StatusGone
		msg = i18n.T(ctx, "Dit account is gedeactiveerd. Neem contact op met de beheerder van het portaal.")
	default:
		msg = i18n.T(ctx, "Controleer of u de hele link uit de mail heeft gebruikt, of vraag een nieuwe link aan via Wachtwoord vergeten.")
	}
	if setup {
		msg = i18n.T(ctx, "Start het portaal opnieuw voor een nieuwe inrichtingslink, of log in als het portaal al is ingericht.")
		if state == linkUsed {
			title = i18n.T(ctx, "Het portaal is al ingericht")
		}
	}
	web.Render(w, r, status, linkProblemPage(title, msg))
}

// SetupForm is the first beheerder's form.
type SetupForm struct {
	Token, Name, Email string
	Errors             web.Errors
}

func (h *Handler) setupForm(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	state, err := h.store.setupState(r.Context(), token)
	if err != nil {
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return
	}
	if state != linkValid {
		linkProblem(w, r, state, true)
		return
	}
	web.Render(w, r, http.StatusOK, setupPage(SetupForm{Token: token, Errors: web.Errors{}}))
}

func (h *Handler) setup(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !web.ParsedForm(w, r) {
		return
	}
	f := SetupForm{Token: chi.URLParam(r, "token"), Name: strings.TrimSpace(r.PostForm.Get("naam")),
		Email: cleanEmail(r.PostForm.Get("email")), Errors: web.Errors{}}
	state, err := h.store.setupState(ctx, f.Token)
	if err != nil {
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return
	}
	if state != linkValid {
		linkProblem(w, r, state, true)
		return
	}
	checkName(ctx, f.Errors, f.Name)
	if !validate.Email(f.Email) || len(f.Email) > 254 {
		f.Errors["email"] = i18n.T(ctx, "Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")
	}
	password := checkNewPassword(ctx, f.Errors, r.PostForm.Get("wachtwoord"), r.PostForm.Get("herhaling"), f.Email)
	if len(f.Errors) > 0 {
		web.Render(w, r, http.StatusUnprocessableEntity, setupPage(f))
		return
	}
	hash, err := HashPasswordCtx(ctx, password)
	if err != nil {
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return
	}
	u, state, err := h.store.completeSetup(ctx, f.Token, f.Name, f.Email, hash)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	if state != linkValid {
		linkProblem(w, r, state, true)
		return
	}
	if !h.startSession(w, r, u.ID, clientAddress(r)) {
		return
	}
	session.SetFlash(ctx, i18n.T(ctx, "Het portaal is ingericht en u bent ingelogd als beheerder. Maak nu het eerste netwerk aan."))
	web.Redirect(w, r, "/beheer/netwerken/nieuw")
}

// startSession signs the user in after a link made them: a new token, a
// session row, the keys in the session.
func (h *Handler) startSession(w http.ResponseWriter, r *http.Request, userID int64, client string) bool {
	ctx := r.Context()
	sid, err := h.store.newSession(ctx, userID, client, r.UserAgent())
	if err == nil {
		err = h.sessions.RenewToken(ctx)
	}
	if err != nil {
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return false
	}
	h.sessions.Put(ctx, sessionUserKey, userID)
	h.sessions.Put(ctx, sessionIDKey, sid)
	return true
}

func checkName(ctx context.Context, errs web.Errors, name string) {
	switch {
	case name == "":
		errs["naam"] = i18n.T(ctx, "Vul uw naam in.")
	case utf8.RuneCountInString(name) > 120 || strings.ContainsFunc(name, isControl):
		errs["naam"] = i18n.T(ctx, "Een naam heeft hoogstens 120 gewone tekens.")
	}
}

// checkNewPassword applies the password rules and the repetition; it
// returns the password.
func checkNewPassword(ctx context.Context, errs web.Errors, password, repeat, email string) string {
	if p := PasswordProblem(ctx, password, email); p != "" {
		errs["wachtwoord"] = p
	} else if password != repeat {
		errs["herhaling"] = i18n.T(ctx, "De twee wachtwoorden verschillen. Typ hetzelfde wachtwoord twee keer.")
	}
	return password
}

// SetPasswordForm is the form behind an invitation or reset link.
type SetPasswordForm struct {
	Token, Email, Name string
	Reset              bool
	Errors             web.Errors
}

func (h *Handler) setPasswordForm(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	l, err := h.store.passwordLink(r.Context(), token)
	if err != nil {
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return
	}
	if l.State != linkValid {
		linkProblem(w, r, l.State, false)
		return
	}
	web.Render(w, r, http.StatusOK, setPasswordPage(SetPasswordForm{Token: token, Email: l.Email, Name: l.Name,
		Reset: l.Purpose == purposeReset, Errors: web.Errors{}}))
}

func (h *Handler) setPassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !web.ParsedForm(w, r) {
		return
	}
	token := chi.URLParam(r, "token")
	l, err := h.store.passwordLink(ctx, token)
	if err != nil {
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return
	}
	if l.State != linkValid {
		linkProblem(w, r, l.State, false)
		return
	}
	f := SetPasswordForm{Token: token, Email: l.Email, Name: l.Name, Reset: l.Purpose == purposeReset, Errors: web.Errors{}}
	password := checkNewPassword(ctx, f.Errors, r.PostForm.Get("wachtwoord"), r.PostForm.Get("herhaling"), l.Email)
	if len(f.Errors) > 0 {
		web.Render(w, r, http.StatusUnprocessableEntity, setPasswordPage(f))
		return
	}
	hash, err := HashPasswordCtx(ctx, password)
	if err != nil {
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return
	}
	if l, err = h.store.setPasswordByLink(ctx, token, hash); err != nil {
		web.Fail(w, r, err)
		return
	}
	if l.State != linkValid {
		linkProblem(w, r, l.State, false)
		return
	}
	// Whoever was signed in in this browser is signed out: the page was
	// opened for the link's user.
	if err := h.sessions.Destroy(ctx); err != nil {
		slog.WarnContext(ctx, "set password: end session", "err", err)
	}
	web.Redirect(w, r, "/inloggen?wachtwoord=1")
}

// ForgotForm is the request for a reset link.
type ForgotForm struct {
	Email  string
	Sent   bool
	Errors web.Errors
}

func (h *Handler) forgotForm(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, forgotPage(ForgotForm{Errors: web.Errors{}}))
}

// forgotMinDuration is how long every answer to a reset request takes, so
// its timing does not tell whether an account exists (queueing a mail takes
// a few milliseconds that a lookup alone does not).
const forgotMinDuration = 300 * time.Millisecond

// Reset requests: per address 3 in a row, one more every 100 s; per client
// 10, one more every 30 s.
const (
	resetPerEmail, resetEmailRefill   = 3, 1.0 / 100
	resetPerClient, resetClientRefill = 10, 1.0 / 30
)

func (h *Handler) forgot(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	start := time.Now()
	if !web.ParsedForm(w, r) {
		return
	}
	f := ForgotForm{Email: cleanEmail(r.PostForm.Get("email")), Errors: web.Errors{}}
	if !validate.Email(f.Email) || len(f.Email) > 254 {
		f.Errors["email"] = i18n.T(ctx, "Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")
		web.Render(w, r, http.StatusUnprocessableEntity, forgotPage(f))
		return
	}
	v, err := h.store.throttle.limit(ctx, "herstel-client:"+clientAddress(r), resetPerClient, resetClientRefill)
	if err == nil && !v.allowed {
		res := throttled(ctx, v.retryAfter)
		w.Header().Set("Retry-After", itoa(int(res.retryAfter.Seconds())))
		f.Errors["email"] = res.message
		web.Render(w, r, http.StatusTooManyRequests, forgotPage(f))
		return
	}
	if err == nil {
		// Too many requests for one address: silently no new mail, so the
		// answer does not differ from any other.
		v, err = h.store.throttle.limit(ctx, "herstel-adres:"+f.Email, resetPerEmail, resetEmailRefill)
		if err == nil && v.allowed {
			err = h.store.mailReset(ctx, f.Email, h.baseURL)
		}
	}
	if err != nil {
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return
	}
	time.Sleep(time.Until(start.Add(forgotMinDuration)))
	f.Sent = true
	web.Render(w, r, http.StatusOK, forgotPage(f))
}
