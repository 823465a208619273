package members

import (
	"context"
	"errors"
	"net/http"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/clientip"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// Handler serves /mijn.
type Handler struct {
	store    *Store
	sessions *scs.SessionManager
	baseURL  string
	events   Events
	agree    Agreements
	access   Access
}

// NewHandler returns the members' handler; sessions is from NewSessions.
func NewHandler(store *Store, sessions *scs.SessionManager, baseURL string, events Events) *Handler {
	return &Handler{store: store, sessions: sessions, baseURL: baseURL, events: events}
}

// WithAgreements gives the handler the commitments and placements of an
// organisation, and access (what the portal holds about a contact).
func (h *Handler) WithAgreements(a Agreements, access Access) *Handler {
	h.agree, h.access = a, access
	return h
}

// Routes registers /mijn. They carry the member session only, never the
// staff's: mount them outside the staff group.
func (h *Handler) Routes(r chi.Router) {
	r.Route("/mijn", func(r chi.Router) {
		r.Use(h.sessions.LoadAndSave, noStore)
		r.Get("/inloggen", h.signInForm)
		r.Method(http.MethodPost, "/inloggen", web.FieldForm(h.signIn))
		r.Get("/link/{token}", h.linkPage)
		r.Post("/link/{token}", h.redeem)
		r.Post("/uitloggen", h.signOut)
		r.Group(func(r chi.Router) {
			r.Use(h.requireMember)
			r.Get("/", h.overview)
			r.Get("/organisatie", h.profileForm)
			r.Method(http.MethodPost, "/organisatie", web.FieldForm(h.updateProfile))
			r.Get("/collegas", h.colleagues)
			r.Method(http.MethodPost, "/collegas", web.FieldForm(h.propose))
			r.Get("/bijeenkomsten", h.eventsPage)
			r.Post("/bijeenkomsten/{id}", h.answerEvent)
			r.Get("/bijeenkomsten/{id}/agenda.ics", h.eventICS)
			r.Get("/vraag-en-aanbod", h.exchange)
			r.Post("/vraag-en-aanbod/toestemming", h.consent)
			r.Get("/vraag-en-aanbod/{id}", h.introForm)
			r.Method(http.MethodPost, "/vraag-en-aanbod/{id}", web.FieldForm(h.introduce))
			r.Get("/afspraken", h.agreementsPage)
			r.Get("/afspraken/{id}/document", h.document)
			r.Method(http.MethodPost, "/afspraken/plaatsingen", web.FieldForm(h.reportPlacements))
			r.Get("/gegevens", h.myData)
			r.Get("/gegevens/inzage.json", h.myDataJSON)
			r.Post("/gegevens/mailings", h.mailings)
		})
	})
}

// noStore keeps members' pages out of shared caches and the back button of
// a shared computer.
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

type memberKey struct{}

// memberOf returns the signed-in member of a request under requireMember.
func memberOf(ctx context.Context) Member {
	m, _ := ctx.Value(memberKey{}).(Member)
	return m
}

// requireMember lets through a request of a signed-in member who may still
// sign in; others go to the sign-in page.
func (h *Handler) requireMember(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := h.sessions.GetInt64(r.Context(), contactKey)
		if id == 0 {
			web.Redirect(w, r, "/mijn/inloggen")
			return
		}
		m, err := h.store.Member(r.Context(), id)
		if apperr.Is(err, apperr.NotFound) {
			// Ended or erased since signing in: the session ends with it.
			h.sessions.Destroy(r.Context())
			web.Redirect(w, r, "/mijn/inloggen")
			return
		}
		if err != nil {
			web.Fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), memberKey{}, m)))
	})
}

// RefuseMembers answers 403 on staff pages to a request that carries a
// member session and no staff session, so a member who guesses a staff
// address learns that it is not theirs rather than being asked for a
// password. Mount it in the staff group, after the staff user is loaded.
func (h *Handler) RefuseMembers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if identity.From(ctx) == nil {
			if c, err := r.Cookie(CookieName); err == nil && c.Value != "" {
				if _, live, _ := h.sessions.Store.Find(c.Value); live {
					web.Fail(w, r, apperr.New(apperr.Forbidden, i18n.T(ctx, "Deze pagina is voor de medewerkers van het netwerk. Uw eigen pagina vindt u onder Mijn netwerk.")))
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (h *Handler) signInForm(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, signInPage(signInForm{}))
}

func (h *Handler) signIn(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, ok := parseSignIn(r)
	if !ok {
		web.Render(w, r, http.StatusUnprocessableEntity, signInPage(f))
		return
	}
	err := h.store.RequestLink(r.Context(), f.Email, clientIP(r), h.baseURL)
	if errors.Is(err, ErrThrottled) {
		f.General = i18n.T(ctx, "U heeft te vaak een inloglink aangevraagd. Wacht een kwartier en probeer het opnieuw.")
		web.Render(w, r, http.StatusTooManyRequests, signInPage(f))
		return
	}
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	// The same answer whether or not the address is known.
	web.Render(w, r, http.StatusOK, linkSentPage(f.Email))
}

// linkPage asks for one click before the link is used, so a mail scanner
// that opens links does not spend it.
func (h *Handler) linkPage(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	networkID, networkName, valid, err := h.store.LinkValid(r.Context(), token)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	if !valid {
		web.Render(w, r, http.StatusNotFound, linkInvalidPage())
		return
	}
	web.Render(w, r, http.StatusOK, linkConfirmPage(token, &web.Brand{NetworkID: networkID, Name: networkName}))
}

func (h *Handler) redeem(w http.ResponseWriter, r *http.Request) {
	m, err := h.store.Redeem(r.Context(), chi.URLParam(r, "token"))
	if apperr.Is(err, apperr.NotFound) {
		web.Render(w, r, http.StatusNotFound, linkInvalidPage())
		return
	}
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	// A new token at sign-in, so a token planted before cannot be used.
	if err := h.sessions.RenewToken(r.Context()); err != nil {
		web.Fail(w, r, err)
		return
	}
	h.sessions.Put(r.Context(), contactKey, m.ContactID)
	if s, ok := h.sessions.Store.(sessionStore); ok {
		_ = s.deleteExpired(r.Context()) // housekeeping; a failure costs nothing
	}
	web.Redirect(w, r, "/mijn/")
}

func (h *Handler) signOut(w http.ResponseWriter, r *http.Request) {
	if err := h.sessions.Destroy(r.Context()); err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Redirect(w, r, "/mijn/inloggen?uitgelogd=1")
}

func (h *Handler) overview(w http.ResponseWriter, r *http.Request) {
	m := memberOf(r.Context())
	p, err := h.store.Profile(r.Context(), m)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	pending, err := h.store.PendingChanges(r.Context(), m.EmployerID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, overviewPage(m, p, pending, h.flash(r)))
}

func (h *Handler) profileForm(w http.ResponseWriter, r *http.Request) {
	m := memberOf(r.Context())
	p, err := h.store.Profile(r.Context(), m)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	h.renderProfileForm(w, r, http.StatusOK, m, profileFormOf(p))
}

func (h *Handler) renderProfileForm(w http.ResponseWriter, r *http.Request, status int, m Member, f profileForm) {
	challenges, offers, err := h.store.Tags(r.Context(), m.EmployerID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	review, err := h.store.ReviewFields(r.Context(), m.NetworkID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, status, profilePage(m, f, challenges, offers, review))
}

func (h *Handler) updateProfile(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m := memberOf(r.Context())
	challenges, offers, err := h.store.Tags(r.Context(), m.EmployerID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	f, in, ok := parseProfile(r, tagIDs(challenges, offers))
	if !ok {
		h.renderProfileForm(w, r, http.StatusUnprocessableEntity, m, f)
		return
	}
	pending, err := h.store.UpdateProfile(r.Context(), m, in)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	msg := i18n.T(ctx, "Het profiel van uw organisatie is bijgewerkt.")
	if pending > 0 {
		msg = i18n.T(ctx, "Uw wijzigingen zijn opgeslagen. Wat het netwerk eerst controleert, wacht op de coördinator; u ziet het hieronder.")
	}
	h.sessions.Put(r.Context(), "flash", msg)
	web.Redirect(w, r, "/mijn/")
}

func (h *Handler) colleagues(w http.ResponseWriter, r *http.Request) {
	h.renderColleagues(w, r, http.StatusOK, colleagueForm{})
}

func (h *Handler) renderColleagues(w http.ResponseWriter, r *http.Request, status int, f colleagueForm) {
	m := memberOf(r.Context())
	cs, err := h.store.Colleagues(r.Context(), m)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	fs, err := h.store.Functions(r.Context())
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, status, colleaguesPage(m, cs, f, fs, h.flash(r)))
}

func (h *Handler) propose(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m := memberOf(r.Context())
	fs, err := h.store.Functions(r.Context())
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	f, in, ok := parseColleague(r, fs)
	if !ok {
		h.renderColleagues(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err := h.store.ProposeColleague(r.Context(), m, in); err != nil {
		web.Fail(w, r, err)
		return
	}
	h.sessions.Put(r.Context(), "flash", i18n.T(ctx, "Dank u. De coördinator van het netwerk bekijkt uw voorstel."))
	web.Redirect(w, r, "/mijn/collegas")
}

// flash pops the member session's one-time message (the staff flash lives
// in the staff session, which members do not have).
func (h *Handler) flash(r *http.Request) string {
	return h.sessions.PopString(r.Context(), "flash")
}

// clientIP is the address the rate limits count (see clientip.FromRequest).
func clientIP(r *http.Request) string { return clientip.FromRequest(r) }
