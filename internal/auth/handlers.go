package auth

import (
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

const sessionUserKey = "user_id"

// Handler serves sign-in, sign-out and the language switch.
type Handler struct {
	store    *Store
	sessions *session.Manager
}

// NewHandler returns the auth handlers.
func NewHandler(store *Store, sessions *session.Manager) *Handler {
	return &Handler{store: store, sessions: sessions}
}

// Routes mounts the public routes of this package.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/inloggen", h.loginForm)
	r.Post("/inloggen", h.login)
	r.Post("/uitloggen", h.logout)
	r.Get("/taal", h.switchLanguage)
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
	if r.URL.Query().Has("uitgelogd") {
		f.Notice = i18n.T(r.Context(), "U bent uitgelogd.")
	}
	web.Render(w, r, http.StatusOK, loginPage(f))
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := server.ParseForm(r); err != nil {
		web.Fail(w, r, err)
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
	u, status, msg := h.authenticate(r, f.Email, password)
	if u == nil {
		f.General = msg
		web.Render(w, r, status, loginPage(f))
		return
	}
	// A new token at sign-in: a session id planted before cannot be reused.
	if err := h.sessions.RenewToken(ctx); err != nil {
		web.Fail(w, r, err)
		return
	}
	h.sessions.Put(ctx, sessionUserKey, u.ID)
	web.Redirect(w, r, f.Next)
}

// authenticate checks the password under the throttle. It answers the same
// for an unknown account as for a wrong password, and takes as long.
func (h *Handler) authenticate(r *http.Request, email, password string) (*identity.User, int, string) {
	ctx := r.Context()
	account, address := "account:"+email, "adres:"+clientIP(r)
	wrong := i18n.T(ctx, "Het e-mailadres of het wachtwoord klopt niet.")
	blocked, err := h.store.throttled(ctx, account, address)
	if err != nil {
		slog.ErrorContext(ctx, "throttle check", "err", err)
		return nil, http.StatusServiceUnavailable, i18n.T(ctx, "Inloggen lukt nu niet. Probeer het over enkele minuten opnieuw.")
	}
	if blocked {
		return nil, http.StatusTooManyRequests, i18n.T(ctx, "Er is te vaak een verkeerd wachtwoord gebruikt. Wacht een kwartier en probeer het dan opnieuw.")
	}
	c, err := h.store.credentials(ctx, email)
	hash := c.PasswordHash
	if err != nil {
		hash = dummyHash
	}
	if !CheckPassword(password, hash) || err != nil || !c.Active {
		if ferr := h.store.recordFailure(ctx, account, address); ferr != nil {
			slog.ErrorContext(ctx, "record sign-in failure", "err", ferr)
		}
		return nil, http.StatusUnprocessableEntity, wrong
	}
	u, err := h.store.Identity(ctx, c.ID)
	if err == nil {
		err = h.store.signedIn(ctx, u, account)
	}
	if err != nil {
		slog.ErrorContext(ctx, "sign-in", "err", err)
		return nil, http.StatusServiceUnavailable, i18n.T(ctx, "Inloggen lukt nu niet. Probeer het over enkele minuten opnieuw.")
	}
	return u, 0, ""
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
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
		u, err := h.store.Identity(ctx, id)
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

// clientIP is the peer address. Headers such as X-Forwarded-For are not
// trusted: anyone can send them to escape the address throttle.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
