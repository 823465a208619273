package mailings

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/linktoken"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/web"
)

// Handler serves /mailings and the unsubscribe links.
type Handler struct{ store *Store }

// NewHandler returns the mailings handlers.
func NewHandler(store *Store) *Handler { return &Handler{store: store} }

// Routes mounts the coordinators' pages; the caller has made sure a user is
// signed in. Coordinators of the network and the beheerder write mailings;
// the board (bestuur) does not handle mail; another network's mailing is
// not found.
func (h *Handler) Routes(r chi.Router) {
	r.Route("/mailings", func(r chi.Router) {
		r.Get("/", h.list)
		r.Get("/nieuw", h.newMailing)
		r.Method(http.MethodPost, "/nieuw", web.FieldForm(h.create))
		r.Get("/{id}/", h.show)
		r.Get("/{id}/bewerken", h.edit)
		r.Method(http.MethodPost, "/{id}/bewerken", web.FieldForm(h.update))
		r.Get("/{id}/versturen", h.confirm)
		r.Post("/{id}/versturen", h.send)
	})
}

// UnsubscribePage mounts the page a person reaches from the link in a
// mailing: a button that confirms, so a mail scanner that follows links
// unsubscribes nobody; and, once unsubscribed, a button to receive the
// mailings again, behind the usual cross-origin protection.
func (h *Handler) UnsubscribePage(r chi.Router) {
	r.With(server.PrivatePage).Get("/afmelden/{token}", h.unsubscribePage)
	r.With(server.PrivatePage).Post("/afmelden/{token}/weer-ontvangen", h.resubscribe)
}

// OneClick mounts the unsubscribe POST: the form of that page, and the
// RFC 8058 one-click POST a mail client sends from its own servers. It has
// no session and can carry no CSRF token, so the caller mounts it outside
// the cross-origin protection: this route alone. The token in the path is
// the authority, and the most it can do is unsubscribe its own recipient.
func (h *Handler) OneClick(r chi.Router) {
	r.With(server.PrivatePage).Post("/afmelden/{token}", h.unsubscribe)
}

func mailingURL(id int64) string { return "/mailings/" + strconv.FormatInt(id, 10) + "/" }

// writer refuses roles that write no mail.
func writer(w http.ResponseWriter, r *http.Request) (*identity.User, bool) {
	u := identity.From(r.Context())
	if !u.MayWrite() {
		web.Fail(w, r, apperr.New(apperr.Forbidden, ""))
		return u, false
	}
	return u, true
}

// load returns the mailing of the URL if the user may write it: another
// network's is not found, the board is refused.
func (h *Handler) load(w http.ResponseWriter, r *http.Request) (Mailing, bool) {
	m, ok := web.Load(w, r, web.InScope(h.store.Get))
	return m, ok && web.MayWrite(w, r, m.NetworkID)
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	u, ok := writer(w, r)
	if !ok {
		return
	}
	items, err := h.store.List(r.Context(), identity.ScopeOf(u))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, listPage(ListPage{Items: items, ShowNetwork: u.SeesAll() || len(u.Networks) > 1}))
}

// newMailing shows the compose form for one network: the one asked for,
// or the user's only one; with several, first the choice.
func (h *Handler) newMailing(w http.ResponseWriter, r *http.Request) {
	u, ok := writer(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	n := web.ParseID(q.Get("netwerk"))
	if !writable(u, n) { // none asked for, or not one of the user's
		if ws := u.WritableNetworks(); len(ws) == 1 {
			n = ws[0].ID
		} else {
			web.Render(w, r, http.StatusOK, chooseNetworkPage(web.NetworkOptions(ws), employerValues(q).Encode()))
			return
		}
	}
	f := Form{NetworkID: n, Status: "lid", Employer: employerValues(q), Errors: web.Errors{}}
	if s := q.Get("status"); validStatus(s) {
		f.Status = s
	}
	h.renderForm(w, r, http.StatusOK, FormPage{Form: f})
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, p FormPage) {
	var err error
	if p.Choices, err = h.store.ChoicesFor(r.Context(), p.Form.NetworkID); err != nil {
		web.Fail(w, r, err)
		return
	}
	p.NetworkName = networkName(identity.From(r.Context()), p.Form.NetworkID)
	web.Render(w, r, status, formPage(p))
}

// writable reports whether id is one of the user's networks (for the
// beheerder: an existing one) that they may write in. CanWrite alone says
// yes to the beheerder for any number, a network that does not exist too.
func writable(u *identity.User, id int64) bool {
	return u.CanWrite(id) && networkName(u, id) != ""
}

func networkName(u *identity.User, id int64) string {
	for _, n := range u.Networks {
		if n.ID == id {
			return n.Name
		}
	}
	return ""
}

// parse reads and validates a posted compose form; false when it has been
// answered (an error page or the form again with 422).
func (h *Handler) parse(w http.ResponseWriter, r *http.Request, p *FormPage) (Input, bool) {
	ctx := r.Context()
	if err := server.ParseForm(r); err != nil {
		web.Fail(w, r, err)
		return Input{}, false
	}
	if p.Form.NetworkID == 0 { // new: the network comes from the form
		p.Form = parseForm(r.PostForm)
	} else {
		n := p.Form.NetworkID
		p.Form = parseForm(r.PostForm)
		p.Form.NetworkID = n
	}
	p.Form.Errors = web.FormErrors(ctx) // what the input gate refused
	if u := identity.From(ctx); !writable(u, p.Form.NetworkID) {
		// Another network's is not found; one the user only reads is refused.
		err := apperr.ErrNotFound
		if networkName(u, p.Form.NetworkID) != "" {
			err = apperr.New(apperr.Forbidden, "")
		}
		web.Fail(w, r, err)
		return Input{}, false
	}
	choices, err := h.store.ChoicesFor(ctx, p.Form.NetworkID)
	if err != nil {
		web.Fail(w, r, err)
		return Input{}, false
	}
	in, valid := p.Form.Validate(ctx, choices)
	if !valid {
		h.renderForm(w, r, http.StatusUnprocessableEntity, *p)
		return in, false
	}
	return in, true
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	if _, ok := writer(w, r); !ok {
		return
	}
	var p FormPage
	in, ok := h.parse(w, r, &p)
	if !ok {
		return
	}
	id, err := h.store.Create(r.Context(), in)
	web.Done(w, r, err, i18n.T(r.Context(), "Het concept is opgeslagen. Controleer de ontvangers en de e-mail, en verstuur hem dan."), mailingURL(id))
}

func (h *Handler) edit(w http.ResponseWriter, r *http.Request) {
	m, ok := h.load(w, r)
	if !ok {
		return
	}
	if m.Status != Draft {
		web.Redirect(w, r, mailingURL(m.ID))
		return
	}
	h.renderForm(w, r, http.StatusOK, FormPage{Form: formOf(m), ID: m.ID})
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	m, ok := h.load(w, r)
	if !ok {
		return
	}
	p := FormPage{Form: Form{NetworkID: m.NetworkID}, ID: m.ID}
	in, ok := h.parse(w, r, &p)
	if !ok {
		return
	}
	version, _ := strconv.Atoi(p.Form.Version)
	err := h.store.Update(r.Context(), m.ID, version, in)
	if apperr.Is(err, apperr.Conflict) && apperr.MessageOf(err) == "" {
		p.Conflict = true
		if cur, gerr := h.store.Get(r.Context(), identity.Scope{All: true}, m.ID); gerr == nil {
			p.Form.Version = strconv.Itoa(cur.Version)
		}
		h.renderForm(w, r, http.StatusConflict, p)
		return
	}
	web.Done(w, r, err, i18n.T(r.Context(), "De wijzigingen zijn opgeslagen."), mailingURL(m.ID))
}

// show is the preview of a draft (who receives it, and the mail as the
// first of them gets it), or the progress and outcome of one sent.
func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	m, ok := h.load(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	p := ShowPage{Mailing: m}
	var err error
	if m.Status == Draft {
		if p.Count, p.Recipients, err = h.store.Preview(ctx, m.NetworkID, m.Selection); err != nil {
			web.Fail(w, r, err)
			return
		}
		if p.Choices, err = h.store.ChoicesFor(ctx, m.NetworkID); err != nil {
			web.Fail(w, r, err)
			return
		}
		p.Sample = sample(m, p.Recipients)
	} else {
		if p.Progress, err = h.store.Progress(ctx, m); err != nil {
			web.Fail(w, r, err)
			return
		}
		if p.Failures, err = h.store.Failures(ctx, m.ID); err != nil {
			web.Fail(w, r, err)
			return
		}
	}
	web.Render(w, r, http.StatusOK, showPage(p))
}

// sample is the mail as the first recipient would get it (or with example
// values when the selection reaches nobody).
func sample(m Mailing, rs []PreviewRecipient) Sample {
	rec := Recipient{Name: "Voorbeeld Contactpersoon", Organisation: "Voorbeeld BV", Network: m.NetworkName}
	if len(rs) > 0 {
		rec.Name, rec.Organisation = rs[0].Name, rs[0].Organisation
	}
	body := Merge(m.Body, rec)
	return Sample{For: rec, Subject: Merge(m.Subject, rec), Text: body, HTML: HTMLFragment(body)}
}

func (h *Handler) confirm(w http.ResponseWriter, r *http.Request) {
	m, ok := h.load(w, r)
	if !ok {
		return
	}
	if m.Status != Draft {
		web.Redirect(w, r, mailingURL(m.ID))
		return
	}
	count, _, err := h.store.Preview(r.Context(), m.NetworkID, m.Selection)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, confirmPage(ConfirmPage{Mailing: m, Count: count}))
}

func (h *Handler) send(w http.ResponseWriter, r *http.Request) {
	m, ok := h.load(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	if !web.ParsedForm(w, r) {
		return
	}
	version, err := strconv.Atoi(r.PostForm.Get("versie"))
	if err != nil {
		version = m.Version // a form without the version: the page just loaded
	}
	n, err := h.store.Send(ctx, m.ID, version)
	if errors.Is(err, ErrNoRecipients) {
		web.Render(w, r, http.StatusUnprocessableEntity, confirmPage(ConfirmPage{Mailing: m, Error: apperr.MessageOf(err)}))
		return
	}
	web.Done(w, r, err, i18n.T(ctx, "De mailing wordt verstuurd naar %d ontvangers.", n), mailingURL(m.ID))
}

// token reads the link's token; anything that cannot be one is not found.
func token(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	t := chi.URLParam(r, "token")
	if !linktoken.Plausible(t) {
		web.Fail(w, r, apperr.ErrNotFound)
		return nil, false
	}
	return linktoken.Hash(t), true
}

// unsubscribePage shows the confirm button (GET: a mail scanner that opens
// the link changes nothing); unsubscribe is the one-click POST.
func (h *Handler) unsubscribePage(w http.ResponseWriter, r *http.Request) {
	h.byLink(w, r, h.store.ByToken)
}

func (h *Handler) unsubscribe(w http.ResponseWriter, r *http.Request) {
	h.byLink(w, r, h.store.OptOut)
}

// byLink runs act on the unsubscription of the link's token and shows the
// page with its state.
func (h *Handler) byLink(w http.ResponseWriter, r *http.Request, act func(context.Context, []byte) (Unsubscription, error)) {
	hash, ok := token(w, r)
	if !ok {
		return
	}
	u, err := act(r.Context(), hash)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, unsubscribePage(UnsubscribePage{Unsubscription: u, Action: r.URL.Path}))
}

// resubscribe undoes an unsubscription: only the person can, through their
// own link (the coordinator cannot; see Store.OptIn).
func (h *Handler) resubscribe(w http.ResponseWriter, r *http.Request) {
	hash, ok := token(w, r)
	if !ok {
		return
	}
	u, err := h.store.OptIn(r.Context(), hash)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, unsubscribePage(UnsubscribePage{Unsubscription: u,
		Action: UnsubscribePath(chi.URLParam(r, "token")), Resubscribed: true}))
}
