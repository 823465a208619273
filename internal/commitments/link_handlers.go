package commitments

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// linkOnceKey holds a new link for the profile to show once, with the id
// of its employer: "12 https://…".
const linkOnceKey = "plaatsingslink"

func (h *Handler) linkForm(w http.ResponseWriter, r *http.Request) {
	e, ok := h.employerParam(w, r)
	if !ok {
		return
	}
	h.renderLinkForm(w, r, http.StatusOK, LinkFormPage{Employer: e})
}

func (h *Handler) renderLinkForm(w http.ResponseWriter, r *http.Request, status int, page LinkFormPage) {
	contacts, err := h.store.LinkContacts(r.Context(), page.Employer.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Contacts = contacts
	if page.Contact == "" && len(contacts) > 0 {
		page.Contact = web.FormatID(contacts[0].ID)
	}
	if page.Errors == nil {
		page.Errors = web.Errors{}
	}
	web.Render(w, r, status, linkFormPage(page))
}

// createLink makes a personal link, queues the mail with it in the same
// transaction and shows it once on the profile.
func (h *Handler) createLink(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, ok := h.employerParam(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	page := LinkFormPage{Employer: e, Contact: r.PostForm.Get("contactpersoon"), Errors: web.FormErrors(r.Context())}
	contacts, err := h.store.LinkContacts(ctx, e.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	contactID, _ := strconv.ParseInt(strings.TrimSpace(page.Contact), 10, 64)
	if !slices.ContainsFunc(contacts, func(c LinkContact) bool { return c.ID == contactID }) {
		page.Errors["contactpersoon"] = i18n.T(ctx, "Kies de contactpersoon die de cijfers doorgeeft: een actieve contactpersoon met een e-mailadres.")
		h.renderLinkForm(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	var link string
	l, err := h.store.CreateLink(ctx, e.ID, contactID, func(tx pgx.Tx, l Link, token string) error {
		link = h.linkURL(token)
		return h.mailLink(ctx, tx, l, link)
	})
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	session.SetOnce(ctx, linkOnceKey, web.FormatID(e.ID)+" "+link)
	session.SetFlash(ctx, i18n.T(ctx, "De link voor %s staat klaar om te worden verstuurd. U kunt hem hieronder ook zelf doorgeven.", l.ContactName))
	web.Redirect(w, r, employerURL(e.ID, "plaatsingen"))
}

func (h *Handler) linkURL(token string) string { return h.baseURL + "/plaatsing/" + token }

func (h *Handler) revokeLink(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l, ok := web.Load(w, r, web.InScope(h.store.Link))
	if !ok || !web.MayWrite(w, r, l.NetworkID) {
		return
	}
	web.Done(w, r, h.store.RevokeLink(ctx, identity.ScopeOf(identity.From(ctx)), l.ID), i18n.T(ctx, "De link is ingetrokken; hij werkt niet meer."), employerURL(l.EmployerID, "plaatsingen"))
}

// deadLink answers a report link that does not (or no longer) work.
var deadLink = web.DeadLink{Closed: ErrLinkClosed, ClosedPage: linkClosedPage(), UnknownPage: linkUnknownPage()}

// byToken finds the link of the path, or answers with the friendly page
// for a link that does not (or no longer) work.
func (h *Handler) byToken(w http.ResponseWriter, r *http.Request) (Link, bool) {
	return web.OpenLink(w, r, deadLink, h.store.LinkByToken)
}

func (h *Handler) publicForm(w http.ResponseWriter, r *http.Request) {
	l, ok := h.byToken(w, r)
	if !ok {
		return
	}
	current := h.currentPeriod()
	page := PublicPage{Link: l, Form: PlacementForm{Period: periodValue(current.Prev())}}
	if v := r.URL.Query().Get("opgeslagen"); v != "" {
		for _, p := range linkPeriods(current) {
			if periodValue(p) == v {
				page.Saved = &p
			}
		}
	}
	h.renderPublic(w, r, http.StatusOK, page)
}

func (h *Handler) publicSave(w http.ResponseWriter, r *http.Request) {
	l, ok := h.byToken(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	page := PublicPage{Link: l, Form: parsePlacementForm(r.PostForm)}
	in, valid := page.Form.ValidateLink(r.Context(), h.currentPeriod())
	if !valid {
		h.renderPublic(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	if err := h.store.SaveFromLink(r.Context(), l, in); err != nil {
		web.DeadLink{Closed: ErrLinkClosed, ClosedPage: linkClosedPage()}.Fail(w, r, err)
		return
	}
	web.Redirect(w, r, "/plaatsing/"+chi.URLParam(r, "token")+"?opgeslagen="+periodValue(in.Period))
}

// renderPublic shows the employer's form with what it already reported
// for the quarters it may report: its own figures, nobody else's.
func (h *Handler) renderPublic(w http.ResponseWriter, r *http.Request, status int, page PublicPage) {
	current := h.currentPeriod()
	reports, err := h.store.Reports(r.Context(), page.Link.EmployerID, current.Prev(), current)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Token = chi.URLParam(r, "token")
	page.Periods = linkPeriods(current)
	page.Reports = reports
	if page.Form.Errors == nil {
		page.Form.Errors = web.Errors{}
	}
	web.Render(w, r, status, publicPage(page))
}
