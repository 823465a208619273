package recruitment

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/clientip"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/mail"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/web"
)

// PublicRoutes mounts the interest form: no account, linkable from the
// network's own website as /aanmelden/{slug of its name} or /aanmelden/{id}.
func (h *Handler) PublicRoutes(r chi.Router) {
	r.Route("/aanmelden/{netwerk}", func(r chi.Router) {
		r.Use(server.PrivatePage)
		r.Get("/", h.publicForm)
		r.Method(http.MethodPost, "/", web.FieldForm(h.publicSubmit))
		r.Get("/bedankt", h.thanks)
	})
}

// honeypot is a field people never see nor fill in; a bot that fills in
// every field gives itself away.
const honeypot = "website"

func (h *Handler) network(w http.ResponseWriter, r *http.Request) (Network, bool) {
	n, err := h.store.NetworkByKey(r.Context(), chi.URLParam(r, "netwerk"))
	if err != nil {
		web.Fail(w, r, err)
		return n, false
	}
	return n, true
}

func (h *Handler) publicForm(w http.ResponseWriter, r *http.Request) {
	n, ok := h.network(w, r)
	if !ok {
		return
	}
	h.renderPublic(w, r, http.StatusOK, PublicPage{Network: n, Form: Form{Errors: web.Errors{}}})
}

func (h *Handler) renderPublic(w http.ResponseWriter, r *http.Request, status int, page PublicPage) {
	var err error
	if page.Functions, err = h.store.FunctionOptions(r.Context()); err != nil {
		web.Fail(w, r, err)
		return
	}
	page.ConsentText = consentText(r, page.Network)
	web.Render(w, r, status, publicPage(page))
}

func consentText(r *http.Request, n Network) string {
	ctx := r.Context()
	return i18n.T(ctx, "Ik geef %s toestemming om contact met mij op te nemen over deelname aan het netwerk. Mijn gegevens worden alleen daarvoor gebruikt.", n.Name)
}

func thanksURL(n Network) string { return "/aanmelden/" + n.Slug + "/bedankt" }

func (h *Handler) publicSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, ok := h.network(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	page := PublicPage{Network: n, Form: parseForm(r.PostForm)}
	page.Form.Errors = web.FormErrors(ctx) // what the input gate refused
	functions, err := h.store.FunctionOptions(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	in, valid := page.Form.ValidatePublic(ctx, functions)
	trapped := strings.TrimSpace(r.PostForm.Get(honeypot)) != ""
	// A bot that fills the trap is thanked for ordinary input, but bytes the
	// input gate refused are refused for everyone.
	if !valid && (!trapped || len(web.FormErrors(ctx)) > 0) {
		h.renderPublic(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	allowed, err := h.store.Throttle(ctx, clientIP(r))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	if !allowed {
		page.Blocked = true
		h.renderPublic(w, r, http.StatusTooManyRequests, page)
		return
	}
	if trapped {
		// The bot sees what a person would see, and nothing is stored.
		web.Redirect(w, r, thanksURL(n))
		return
	}
	in.NetworkID = n.ID
	consent := consentText(r, n)
	in.ConsentText = &consent
	_, err = h.store.Submit(ctx, in, h.mails(r, n, in))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Redirect(w, r, thanksURL(n))
}

// mails builds the mail to the coordinators and the confirmation.
func (h *Handler) mails(r *http.Request, n Network, in Input) Mails {
	ctx := r.Context()
	summary := i18n.T(ctx, "Organisatie: %s\nKvK-nummer: %s\nPostcode: %s\nNaam: %s\nE-mailadres: %s\nTelefoon: %s\n\nWat hoopt u uit het netwerk te halen?\n%s\n\nWat kunt u het netwerk bieden?\n%s\n",
		in.Name, web.OrDash(deref(in.KvK)), web.OrDash(deref(in.Postcode)), in.ContactName, in.ContactEmail,
		web.OrDash(in.ContactPhone), web.OrDash(in.Hopes), web.OrDash(in.Offers))
	return Mails{
		ToCoordinator: func(to mail.Address, id int64) mail.Message {
			return mail.Message{Kind: "werving_aanmelding", NetworkID: n.ID, To: to, ReplyTo: in.ContactEmail,
				Subject: i18n.T(ctx, "Nieuwe aanmelding voor %s: %s", n.Name, in.Name),
				Text:    i18n.T(ctx, "Beste %s,\n\nEr is een nieuwe aanmelding binnengekomen via het aanmeldformulier van %s. De werkgever staat in de werving in de fase Gesignaleerd, met als bron Eigen aanmelding:\n%s\n\n%s", to.Name, n.Name, h.baseURL+prospectURL(id), summary)}
		},
		Confirmation: mail.Message{Kind: "werving_bevestiging", NetworkID: n.ID, To: mail.Address{Name: in.ContactName, Email: in.ContactEmail},
			Subject: i18n.T(ctx, "Uw aanmelding bij %s", n.Name),
			Text:    i18n.T(ctx, "Beste %s,\n\nBedankt voor uw belangstelling voor %s. De coördinator van het netwerk neemt contact met u op voor een kennismaking.\n\nDit hebt u ons gestuurd:\n\n%s\nU gaf toestemming om contact met u op te nemen over deelname aan het netwerk. Wilt u dat niet meer, beantwoord dan deze e-mail.\n", in.ContactName, n.Name, summary)},
	}
}

func (h *Handler) thanks(w http.ResponseWriter, r *http.Request) {
	n, ok := h.network(w, r)
	if !ok {
		return
	}
	web.Render(w, r, http.StatusOK, thanksPage(n))
}

// clientIP is the address the rate limits count (see clientip.FromRequest).
func clientIP(r *http.Request) string { return clientip.FromRequest(r) }
