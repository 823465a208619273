package intake

import (
	"context"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// Handler serves the questionnaire and the coordinator's intake pages.
type Handler struct {
	store  *Store
	mailer mailer
	clock  nltime.Clock
}

// NewHandler returns the intake handlers; baseURL makes the links in mail.
func NewHandler(store *Store, baseURL string) *Handler {
	return &Handler{store: store, clock: store.Clock(), mailer: mailer{baseURL: baseURL}}
}

// Routes mounts the coordinator's pages; the caller has made sure a user
// is signed in.
func (h *Handler) Routes(r chi.Router) {
	r.Route("/intakes", func(r chi.Router) {
		r.Get("/", h.list)
		r.Get("/nieuw", h.inviteForm)
		r.Method(http.MethodPost, "/nieuw", web.FieldForm(h.invite))
		r.Route("/{id}", func(r chi.Router) {
			r.Get("/", h.review)
			r.Post("/verwerken", h.process)
			r.Post("/terugsturen", h.sendBack)
			r.Post("/verlengen", h.extend)
			r.Post("/intrekken", h.revoke)
		})
	})
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := identity.From(ctx)
	f := ParseFilter(r.URL.Query())
	items, total, err := h.store.List(ctx, identity.ScopeOf(u), f)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, listPage(ListPage{
		Filter: f, Items: items, Networks: u.Networks, Now: h.clock.Now(),
		Pager: web.Pager{Page: f.Page, PerPage: PerPage, Total: total, Query: f.Values(), Path: "/intakes"},
	}))
}

// intake loads the intake of the URL within the user's networks; another
// network's intake is not found rather than forbidden, so ids reveal nothing.
func (h *Handler) intake(w http.ResponseWriter, r *http.Request) (Intake, bool) {
	return web.Load(w, r, web.InScope(h.store.Get))
}

// writable is intake for a change: read-only users get 403.
func (h *Handler) writable(w http.ResponseWriter, r *http.Request) (Intake, bool) {
	in, ok := h.intake(w, r)
	return in, ok && web.MayWrite(w, r, in.NetworkID)
}

func (h *Handler) review(w http.ResponseWriter, r *http.Request) {
	in, ok := h.intake(w, r)
	if !ok {
		return
	}
	p, err := h.reviewPage(r, in)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	p.Link = session.PopOnce(r.Context(), "intake-link")
	web.Render(w, r, http.StatusOK, reviewPage(p))
}

func (h *Handler) process(w http.ResponseWriter, r *http.Request) {
	in, ok := h.writable(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	ctx := r.Context()
	t := TakeOver{Fields: r.PostForm["overnemen"]}
	t.ProfileVersion, _ = strconv.Atoi(r.PostForm.Get("profielversie"))
	t.Version, _ = strconv.Atoi(r.PostForm.Get("versie"))
	for _, s := range r.PostForm["collega"] {
		if i, err := strconv.Atoi(s); err == nil {
			t.Colleagues = append(t.Colleagues, i)
		}
	}
	err := h.store.Process(ctx, identity.ScopeOf(identity.From(ctx)), in.ID, t)
	if apperr.KindOf(err) == apperr.Conflict || apperr.KindOf(err) == apperr.Invalid {
		// Someone changed the profile or the intake in between, or the KvK
		// number belongs to another employer: show the page afresh with the
		// coordinator's choices kept and the reason.
		in, _ = h.store.Get(ctx, identity.ScopeOf(identity.From(ctx)), in.ID)
		p, perr := h.reviewPage(r, in)
		if perr != nil {
			web.Fail(w, r, perr)
			return
		}
		p.Chosen, p.ChosenColleagues = r.PostForm["overnemen"], r.PostForm["collega"]
		p.ProcessError = apperr.MessageOf(err)
		if p.ProcessError == "" {
			p.ProcessError = i18n.T(ctx, "Het profiel of de intake is intussen gewijzigd. Bekijk de verschillen hieronder opnieuw en kies wat u wilt overnemen.")
		}
		status := http.StatusConflict
		if apperr.KindOf(err) == apperr.Invalid {
			status = http.StatusUnprocessableEntity
		}
		web.Render(w, r, status, reviewPage(p))
		return
	}
	web.Done(w, r, err, i18n.T(ctx, "De intake is verwerkt."), "/intakes/"+strconv.FormatInt(in.ID, 10))
}

func (h *Handler) sendBack(w http.ResponseWriter, r *http.Request) {
	in, ok := h.writable(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	ctx := r.Context()
	q := validate.CleanText(r.PostForm.Get("vraag"))
	msg := ""
	switch {
	case q == "":
		msg = i18n.T(ctx, "Schrijf de vraag die de contactpersoon per e-mail krijgt.")
	case len([]rune(q)) > 2000:
		msg = i18n.T(ctx, "De vraag mag hoogstens 2000 tekens hebben.")
	}
	if msg == "" {
		var link string
		err := h.store.SendBack(ctx, identity.ScopeOf(identity.From(ctx)), in.ID, q, DefaultValidity,
			func(tx pgx.Tx, in Intake, token string) error {
				link = h.mailer.link(token)
				return h.mailer.question(ctx, tx, in, token)
			})
		switch {
		case err == nil:
			session.SetOnce(ctx, "intake-link", link)
			session.SetFlash(ctx, i18n.T(ctx, "De intake is teruggestuurd met uw vraag aan %s.", in.ContactName))
			web.Redirect(w, r, "/intakes/"+strconv.FormatInt(in.ID, 10))
			return
		case apperr.KindOf(err) == apperr.Conflict:
			msg = i18n.T(ctx, "Alleen een ingediende intake kan worden teruggestuurd.")
		case apperr.KindOf(err) == apperr.Invalid:
			msg = i18n.T(ctx, "De contactpersoon van deze intake heeft geen e-mailadres meer. Nodig iemand anders uit.")
		default:
			web.Fail(w, r, err)
			return
		}
	}
	p, err := h.reviewPage(r, in)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	p.Question, p.QuestionError = q, msg
	web.Render(w, r, http.StatusUnprocessableEntity, reviewPage(p))
}

func (h *Handler) extend(w http.ResponseWriter, r *http.Request) {
	h.linkAction(w, r, func(s identity.Scope, id int64) error { return h.store.Extend(r.Context(), s, id, DefaultValidity) },
		func(after Intake) string {
			return i18n.T(r.Context(), "De link werkt nu tot en met %s.", longDate(after.ExpiresAt))
		})
}

func (h *Handler) revoke(w http.ResponseWriter, r *http.Request) {
	h.linkAction(w, r, func(s identity.Scope, id int64) error { return h.store.Revoke(r.Context(), s, id) },
		func(Intake) string { return i18n.T(r.Context(), "De link is ingetrokken en werkt niet meer.") })
}

// linkAction runs a change of the link and reports it on the review page.
func (h *Handler) linkAction(w http.ResponseWriter, r *http.Request, fn func(identity.Scope, int64) error, done func(Intake) string) {
	in, ok := h.writable(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	err := fn(identity.ScopeOf(identity.From(ctx)), in.ID)
	if apperr.KindOf(err) == apperr.Conflict {
		session.SetFlash(ctx, i18n.T(ctx, "Dat kan niet meer: de intake is al ingediend, verwerkt of ingetrokken."))
	} else if err != nil {
		web.Fail(w, r, err)
		return
	} else {
		after, err := h.store.Get(ctx, identity.ScopeOf(identity.From(ctx)), in.ID)
		if err != nil {
			web.Fail(w, r, err)
			return
		}
		session.SetFlash(ctx, done(after))
	}
	web.Redirect(w, r, "/intakes/"+strconv.FormatInt(in.ID, 10))
}

// Awaiting tells a coordinator in the navigation how many intakes have been
// submitted and wait for them; it costs one indexed count per rendered
// page, on a failed POST (422) too.
func (h *Handler) Awaiting(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := identity.From(r.Context())
		if u.MayWrite() {
			r = r.WithContext(web.WithNavCounter(r.Context(), "intakes", func(ctx context.Context) (int, error) {
				return h.store.AwaitingReview(ctx, identity.ScopeOf(u))
			}))
		}
		next.ServeHTTP(w, r)
	})
}
