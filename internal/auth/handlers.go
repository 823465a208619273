package auth

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/clientip"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// The session holds the user and the id of its user_sessions row, which
// ends the session when removed (signed out elsewhere, deactivated).
const (
	sessionUserKey = "user_id"
	sessionIDKey   = "user_session_id"
)

// Handler serves sign-in, sign-out and the language switch.
type Handler struct {
	store    *Store
	sessions *session.Manager
	baseURL  string // for the links in mail
	clock    nltime.Clock
}

// NewHandler returns the auth handlers.
func NewHandler(store *Store, sessions *session.Manager, baseURL string) *Handler {
	return &Handler{store: store, clock: store.Clock(), sessions: sessions, baseURL: baseURL}
}

// Routes mounts the public routes of this package.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/inloggen", h.loginForm)
	r.Post("/inloggen", h.login)
	r.Post("/uitloggen", h.logout)
	r.Get("/inloggen/code", h.codeForm)
	r.Post("/inloggen/code", h.code)
	r.Get("/taal", h.switchLanguage)
	h.linkRoutes(r)
}

// LoginForm is the sign-in form's view model.
type LoginForm struct {
	Email   string
	Next    string
	Errors  web.Errors
	General string // a message about the whole form (wrong password, throttled)
	Notice  string
}

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	if identity.From(r.Context()) != nil {
		web.Redirect(w, r, safeNext(r.URL.Query().Get("terug")))
		return
	}
	f := LoginForm{Next: safeNext(r.URL.Query().Get("terug"))}
	switch {
	case r.URL.Query().Has("uitgelogd"):
		f.Notice = i18n.T(r.Context(), "U bent uitgelogd.")
	case r.URL.Query().Has("wachtwoord"):
		f.Notice = i18n.T(r.Context(), "Uw wachtwoord is opgeslagen. Log in met uw nieuwe wachtwoord.")
	}
	web.Render(w, r, http.StatusOK, loginPage(f))
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !web.ParsedForm(w, r) {
		return
	}
	f := LoginForm{
		Email:  cleanEmail(r.PostForm.Get("email")),
		Next:   safeNext(r.PostForm.Get("terug")),
		Errors: web.Errors{},
	}
	password := r.PostForm.Get("wachtwoord")
	if f.Email == "" {
		f.Errors["email"] = i18n.T(ctx, "Vul uw e-mailadres in.")
	} else if len(f.Email) > 254 {
		f.Errors["email"] = i18n.T(ctx, "Dit e-mailadres is te lang.")
	}
	if password == "" {
		f.Errors["wachtwoord"] = i18n.T(ctx, "Vul uw wachtwoord in.")
	}
	if len(f.Errors) > 0 {
		web.Render(w, r, http.StatusUnprocessableEntity, loginPage(f))
		return
	}
	res := h.authenticate(r, f.Email, password)
	if res.user == nil {
		f.General = res.message
		if res.retryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(res.retryAfter.Seconds()))))
		}
		web.Render(w, r, res.status, loginPage(f))
		return
	}
	// A new token at sign-in: a session id planted before cannot be reused.
	if err := h.sessions.RenewToken(ctx); err != nil {
		web.Fail(w, r, err)
		return
	}
	if res.needsCode {
		h.startCodeStep(ctx, res.user.ID, f.Next)
		web.Redirect(w, r, "/inloggen/code")
		return
	}
	h.sessions.Put(ctx, sessionUserKey, res.user.ID)
	h.sessions.Put(ctx, sessionIDKey, res.sessionID)
	web.Redirect(w, r, f.Next)
}

// signInResult is the outcome of a sign-in attempt: a user and their new
// session row, or a status and message (with the wait, when throttled).
type signInResult struct {
	user       *identity.User
	needsCode  bool // two-step sign-in: the password was right, a code follows
	sessionID  int64
	status     int
	message    string
	retryAfter time.Duration
}

// authenticate checks the password under the throttle. It answers the same
// for an unknown account as for a wrong password, and takes as long. A
// database failure is a 503 and never counts as a failed attempt.
func (h *Handler) authenticate(r *http.Request, email, password string) signInResult {
	ctx := r.Context()
	account, client := email, clientAddress(r)
	unavailable := signInResult{status: http.StatusServiceUnavailable, retryAfter: 30 * time.Second,
		message: i18n.T(ctx, "Inloggen lukt nu niet. Probeer het over enkele minuten opnieuw.")}
	c, err := h.store.credentials(ctx, email)
	known := err == nil
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		slog.ErrorContext(ctx, "sign-in: credentials", "err", err)
		return unavailable
	}
	v, err := h.store.throttle.take(ctx, account, client)
	if err != nil {
		slog.ErrorContext(ctx, "sign-in: throttle", "err", err)
		return unavailable
	}
	if !v.allowed {
		return throttled(ctx, v.retryAfter)
	}
	hash := dummyHash()
	if known {
		hash = c.PasswordHash
	}
	match, err := checkPassword(ctx, password, hash)
	if err != nil {
		h.release(ctx, account, client)
		slog.WarnContext(ctx, "sign-in: no hashing slot", "err", err)
		return unavailable
	}
	if !match || !known || !c.Active || !c.PasswordSet {
		if known {
			if err := h.store.failedSignIn(ctx, c.ID, client); err != nil {
				slog.ErrorContext(ctx, "sign-in: audit failure", "err", err)
			}
		}
		return signInResult{status: http.StatusUnprocessableEntity, message: i18n.T(ctx, "Het e-mailadres of het wachtwoord klopt niet.")}
	}
	u, err := h.store.Identity(ctx, c.ID)
	var ts twoStep
	if err == nil {
		ts, err = h.store.twoStep(ctx, c.ID)
	}
	if err == nil && ts.Enabled {
		// The password was right; the code from the app comes next.
		if err = h.store.passwordPassed(ctx, c.ID, account, client); err == nil {
			return signInResult{user: u, needsCode: true}
		}
	}
	var sid int64
	if err == nil {
		sid, err = h.store.signIn(ctx, u, account, client, r.UserAgent())
	}
	if err != nil {
		h.release(ctx, account, client)
		slog.ErrorContext(ctx, "sign-in", "err", err)
		return unavailable
	}
	return signInResult{user: u, sessionID: sid}
}

// release gives back an attempt that got no verdict; when the database is
// down this fails too, and the attempt then costs one short wait.
func (h *Handler) release(ctx context.Context, account, client string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	if err := h.store.throttle.release(ctx, account, client); err != nil {
		slog.WarnContext(ctx, "sign-in: release throttle", "err", err)
	}
}

func throttled(ctx context.Context, wait time.Duration) signInResult {
	secs := max(1, int(math.Ceil(wait.Seconds())))
	msg := fmt.Sprintf(i18n.T(ctx, "Te veel pogingen. Probeer het over %d seconden opnieuw."), secs)
	if secs == 1 {
		msg = i18n.T(ctx, "Te veel pogingen. Probeer het over 1 seconde opnieuw.")
	}
	return signInResult{status: http.StatusTooManyRequests, message: msg, retryAfter: time.Duration(secs) * time.Second}
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if u := identity.From(r.Context()); u != nil {
		if err := h.store.endSession(r.Context(), u.ID, h.sessions.GetInt64(r.Context(), sessionIDKey)); err != nil {
			web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
			return
		}
	}
	if err := h.sessions.Destroy(r.Context()); err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Redirect(w, r, "/inloggen?uitgelogd=1")
}

func (h *Handler) switchLanguage(w http.ResponseWriter, r *http.Request) {
	lang, ok := i18n.Parse(r.URL.Query().Get("lang"))
	if !ok {
		web.Fail(w, r, apperr.New(apperr.BadRequest, ""))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: i18n.CookieName, Value: string(lang), Path: "/",
		MaxAge: int((365 * 24 * time.Hour).Seconds()), SameSite: http.SameSiteLaxMode, HttpOnly: true,
		Secure: h.sessions.Cookie.Secure}) // over HTTPS like the session cookie
	web.Redirect(w, r, safeNext(r.URL.Query().Get("terug")))
}

// Load puts the signed-in user, if any, into the request context. A session
// of a removed or deactivated user is ended.
func (h *Handler) Load(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id := h.sessions.GetInt64(ctx, sessionUserKey)
		if id == 0 {
			next.ServeHTTP(w, r)
			return
		}
		u, err := h.store.sessionIdentity(ctx, id, h.sessions.GetInt64(ctx, sessionIDKey))
		if apperr.Is(err, apperr.NotFound) {
			h.sessions.Destroy(ctx)
			next.ServeHTTP(w, r)
			return
		}
		if err != nil {
			web.Fail(w, r, apperr.Wrap(apperr.Unavailable, err, ""))
			return
		}
		next.ServeHTTP(w, r.WithContext(identity.With(ctx, u)))
	})
}

// RequireUser sends anonymous visitors to the sign-in page, remembering
// where they wanted to go.
func RequireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if identity.From(r.Context()) == nil {
			target := "/inloggen"
			if r.Method == http.MethodGet && r.URL.Path != "/" {
				target += "?terug=" + url.QueryEscape(r.URL.RequestURI())
			}
			web.Redirect(w, r, target)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// safeNext keeps redirects on this site: only a local path is accepted.
func safeNext(s string) string {
	// Browsers drop tabs and newlines from URLs ("/\t/evil" becomes
	// "//evil"), so no control character is accepted at all.
	if s == "" || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/\\") || strings.ContainsFunc(s, unicode.IsControl) {
		return "/"
	}
	return s
}

// cleanEmail normalises a typed e-mail address and drops control characters
// (and, by lower-casing, broken UTF-8), which PostgreSQL would refuse: such
// input is a failed sign-in, not an outage.
func cleanEmail(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	return strings.ToLower(strings.TrimSpace(s))
}

// clientAddress is the client's address (TRUSTED_PROXIES decide whether a
// proxy's forwarding headers count; see clientip), the peer without it.
func clientAddress(r *http.Request) string {
	if a := clientip.From(r.Context()); a != "" {
		return a
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func isControl(r rune) bool { return unicode.IsControl(r) }

func itoa(n int) string { return strconv.Itoa(n) }
