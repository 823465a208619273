package auth

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"image/png"

	"github.com/a-h/templ"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// Between the password and the code the session holds who is signing in,
// until when, and where to go next; nobody is signed in yet.
const (
	pendingUserKey  = "tweestap_gebruiker"
	pendingUntilKey = "tweestap_tot"
	pendingNextKey  = "tweestap_terug"
	enrolSecretKey  = "tweestap_nieuw_geheim"
	codeStepTime    = 5 * time.Minute
)

func (h *Handler) startCodeStep(ctx context.Context, userID int64, next string) {
	h.sessions.Put(ctx, pendingUserKey, userID)
	h.sessions.Put(ctx, pendingUntilKey, h.clock.Now().Add(codeStepTime).Unix())
	h.sessions.Put(ctx, pendingNextKey, next)
}

// pendingUser is the user whose password was right, while the code step
// lasts; 0 otherwise.
func (h *Handler) pendingUser(ctx context.Context) int64 {
	if h.clock.Now().Unix() > h.sessions.GetInt64(ctx, pendingUntilKey) {
		return 0
	}
	return h.sessions.GetInt64(ctx, pendingUserKey)
}

// CodeForm is the second step of sign-in.
type CodeForm struct {
	Errors  web.Errors
	General string
}

func (h *Handler) codeForm(w http.ResponseWriter, r *http.Request) {
	if h.pendingUser(r.Context()) == 0 {
		web.Redirect(w, r, "/inloggen")
		return
	}
	web.Render(w, r, http.StatusOK, codePage(CodeForm{Errors: web.Errors{}}))
}

func (h *Handler) code(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := h.pendingUser(ctx)
	if id == 0 {
		web.Redirect(w, r, "/inloggen")
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	f := CodeForm{Errors: web.Errors{}}
	code := r.PostForm.Get("code")
	if strings.TrimSpace(code) == "" || len(code) > 40 {
		f.Errors["code"] = i18n.T(ctx, "Vul de code uit uw app in, of een herstelcode.")
		web.Render(w, r, http.StatusUnprocessableEntity, codePage(f))
		return
	}
	u, err := h.store.Identity(ctx, id)
	if err != nil {
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return
	}
	account, client := "code:"+u.Email, clientAddress(r)
	v, err := h.store.throttle.take(ctx, account, client)
	if err != nil {
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return
	}
	if !v.allowed {
		res := throttled(ctx, v.retryAfter)
		w.Header().Set("Retry-After", itoa(int(res.retryAfter.Seconds())))
		f.Errors["code"] = res.message
		web.Render(w, r, http.StatusTooManyRequests, codePage(f))
		return
	}
	kind, err := h.store.useSecondFactor(ctx, id, code)
	if errors.Is(err, errNoTOTPKey) {
		// The server's key is missing or changed: no app code can be
		// checked. Say so rather than "wrong code", and keep the door of
		// the recovery codes open.
		slog.ErrorContext(ctx, "two-step: secret cannot be opened; is TOTP_KEY set and unchanged?", "user", id)
		if err := h.store.failedCode(ctx, id, client); err != nil {
			slog.ErrorContext(ctx, "two-step: audit", "err", err)
		}
		f.Errors["code"] = i18n.T(ctx, "De code uit uw app kan nu niet worden gecontroleerd: de sleutel op de server ontbreekt of is gewijzigd. Gebruik een herstelcode, of vraag de beheerder van de server.")
		web.Render(w, r, http.StatusUnprocessableEntity, codePage(f))
		return
	}
	if err == errWrongCode {
		if err := h.store.failedCode(ctx, id, client); err != nil {
			slog.ErrorContext(ctx, "two-step: audit", "err", err)
		}
		f.Errors["code"] = i18n.T(ctx, "Deze code klopt niet. Een code uit de app geldt 30 seconden en één keer.")
		web.Render(w, r, http.StatusUnprocessableEntity, codePage(f))
		return
	}
	var sid int64
	if err == nil {
		sid, err = h.store.signIn(ctx, u, account, client, r.UserAgent())
	}
	if err != nil {
		h.release(ctx, account, client)
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return
	}
	next := h.sessions.PopString(ctx, pendingNextKey)
	h.sessions.Remove(ctx, pendingUserKey)
	h.sessions.Remove(ctx, pendingUntilKey)
	if err := h.sessions.RenewToken(ctx); err != nil {
		web.Fail(w, r, err)
		return
	}
	h.sessions.Put(ctx, sessionUserKey, u.ID)
	h.sessions.Put(ctx, sessionIDKey, sid)
	if kind == "herstelcode" {
		session.SetFlash(ctx, i18n.T(ctx, "U bent ingelogd met een herstelcode; die werkt nu niet meer. Bekijk onder Mijn account hoeveel herstelcodes u nog heeft."))
	}
	web.Redirect(w, r, safeNext(next))
}

// TwoStepPage is /account/tweestaps: turn two-step sign-in on or off.
type TwoStepPage struct {
	State         twoStep
	Secret        string        // while enrolling
	QR            templ.SafeURL // data: URL of the QR code, made here
	RecoveryCodes []string
	Errors        web.Errors
	// Available: a TOTP_KEY is set, so a secret can be stored encrypted.
	Available bool
}

func (h *Handler) twoStepPage(w http.ResponseWriter, r *http.Request) {
	h.renderTwoStep(w, r, http.StatusOK, TwoStepPage{})
}

func (h *Handler) renderTwoStep(w http.ResponseWriter, r *http.Request, status int, p TwoStepPage) {
	ctx := r.Context()
	u := identity.From(ctx)
	var err error
	if p.State, err = h.store.twoStep(ctx, u.ID); err != nil {
		web.Fail(w, r, err)
		return
	}
	if p.Errors == nil {
		p.Errors = web.Errors{}
	}
	p.Available = h.store.TwoStepAvailable()
	if !p.State.Enabled && p.RecoveryCodes == nil && p.Available {
		// A new secret for each visit to the form: it is stored only once
		// a code from the app confirms it.
		secret := h.enrolSecret(ctx, u.ID)
		if secret == "" || status == http.StatusOK {
			key, err := newTOTPKey(u.Email)
			if err == nil {
				secret = key.Secret()
				err = h.putEnrolSecret(ctx, u.ID, secret)
			}
			if err != nil {
				web.Fail(w, r, err)
				return
			}
		}
		p.Secret = secret
		qr, err := qrDataURL(u.Email, secret)
		p.QR = templ.SafeURL(qr)
		if err != nil {
			web.Fail(w, r, err)
			return
		}
	}
	web.Render(w, r, status, twoStepPage(p))
}

func qrDataURL(email, secret string) (string, error) {
	key, err := otpKey(email, secret)
	if err != nil {
		return "", err
	}
	img, err := key.Image(220, 220)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// The secret being enrolled waits in the session, sealed like a stored
// one: once confirmed it is the user's secret, and the session table is as
// readable to a copy of the database as the users table.
func (h *Handler) putEnrolSecret(ctx context.Context, userID int64, secret string) error {
	sealed, err := h.store.sealer.seal(userID, secret)
	if err == nil {
		h.sessions.Put(ctx, enrolSecretKey, sealed)
	}
	return err
}

// enrolSecret is the secret being enrolled, or "" when there is none (or it
// no longer opens: a new one is made).
func (h *Handler) enrolSecret(ctx context.Context, userID int64) string {
	sealed := h.sessions.GetString(ctx, enrolSecretKey)
	if sealed == "" {
		return ""
	}
	secret, err := h.store.sealer.open(userID, sealed)
	if err != nil {
		return ""
	}
	return secret
}

func (h *Handler) enableTwoStep(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !web.ParsedForm(w, r) {
		return
	}
	u := identity.From(ctx)
	secret := h.enrolSecret(ctx, u.ID)
	p := TwoStepPage{Errors: web.Errors{}}
	if !h.store.TwoStepAvailable() {
		h.renderTwoStep(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	step := int64(0)
	if secret != "" {
		step = totpStep(secret, r.PostForm.Get("code"), h.clock.Now())
	}
	if step == 0 {
		p.Errors["code"] = i18n.T(ctx, "Deze code klopt niet. Scan de QR-code opnieuw en vul de code in die de app nu toont.")
		h.renderTwoStep(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	codes, err := h.store.enableTwoStep(ctx, u.ID, secret, step)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	h.sessions.Remove(ctx, enrolSecretKey)
	p.RecoveryCodes = codes
	h.renderTwoStep(w, r, http.StatusOK, p)
}

func (h *Handler) disableTwoStep(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !web.ParsedForm(w, r) {
		return
	}
	u := identity.From(ctx)
	p := TwoStepPage{Errors: web.Errors{}}
	st, err := h.store.twoStep(ctx, u.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	if st.Required {
		p.Errors["huidig"] = i18n.T(ctx, "Voor beheerders is tweestapsverificatie verplicht; u kunt hem niet uitzetten.")
		h.renderTwoStep(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	hash, err := h.store.passwordHash(ctx, u.ID)
	if err != nil {
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return
	}
	ok, err := checkPassword(ctx, r.PostForm.Get("huidig"), hash)
	if err != nil {
		web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
		return
	}
	if !ok {
		p.Errors["huidig"] = i18n.T(ctx, "Dit is niet uw huidige wachtwoord.")
		h.renderTwoStep(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	web.Done(w, r, h.store.disableTwoStep(ctx, u.ID), i18n.T(ctx, "Tweestapsverificatie staat uit. U logt voortaan alleen met uw wachtwoord in."), "/account/tweestaps")
}

// RequireTwoStep sends a beheerder without two-step sign-in to set it up,
// when the beheerder made it compulsory for beheerders.
func (h *Handler) RequireTwoStep(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := identity.From(r.Context())
		if u == nil || u.Role != identity.Beheerder || strings.HasPrefix(r.URL.Path, "/account/tweestaps") {
			next.ServeHTTP(w, r)
			return
		}
		st, err := h.store.twoStep(r.Context(), u.ID)
		if err != nil {
			web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
			return
		}
		// Without TOTP_KEY nobody can switch it on: the requirement
		// cannot lock beheerders out (the portal warns at start).
		if st.Required && !st.Enabled && h.store.TwoStepAvailable() {
			session.SetFlash(r.Context(), i18n.T(r.Context(), "Voor beheerders is tweestapsverificatie verplicht. Zet hem eerst aan."))
			web.Redirect(w, r, "/account/tweestaps")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (h *Handler) setTwoStepPolicy(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !web.ParsedForm(w, r) {
		return
	}
	required := r.PostForm.Get("verplicht") == "ja"
	if required && !h.store.TwoStepAvailable() {
		session.SetFlash(ctx, i18n.T(ctx, "Tweestapsverificatie kan op deze server niet worden aangezet: de instelling TOTP_KEY ontbreekt. Er is niets gewijzigd."))
		web.Redirect(w, r, "/beheer/gebruikers")
		return
	}
	if err := h.store.SetTwoStepRequired(ctx, required); err != nil {
		web.Fail(w, r, err)
		return
	}
	if required {
		session.SetFlash(ctx, i18n.T(ctx, "Tweestapsverificatie is nu verplicht voor beheerders."))
	} else {
		session.SetFlash(ctx, i18n.T(ctx, "Tweestapsverificatie is niet langer verplicht voor beheerders."))
	}
	web.Redirect(w, r, "/beheer/gebruikers")
}
