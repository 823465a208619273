package members

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// maxIntroMessage is the longest personal note of an introduction.
const maxIntroMessage = 1000

// ExchangePage is Vraag en aanbod: the member's consent, the filter and
// the other members who opted in.
type ExchangePage struct {
	Member     Member
	ConsentAt  *time.Time
	Challenges []Tag
	Filter     int64
	Peers      []Peer
	Flash      string
}

func (h *Handler) exchange(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m := memberOf(ctx)
	page := ExchangePage{Member: m, Flash: h.flash(r)}
	var err error
	if page.ConsentAt, err = h.store.Consent(ctx, m.ContactID); err != nil {
		web.Fail(w, r, err)
		return
	}
	if page.Challenges, _, err = h.store.Tags(ctx, m.EmployerID); err != nil {
		web.Fail(w, r, err)
		return
	}
	// An unknown filter shows everyone rather than an error: it is a link.
	if id, ok := web.PickID(r.URL.Query().Get("uitdaging"), tagIDs(page.Challenges)); ok {
		page.Filter = id
	}
	if page.ConsentAt != nil {
		if page.Peers, err = h.store.Peers(ctx, m, page.Filter); err != nil {
			web.Fail(w, r, err)
			return
		}
	}
	web.Render(w, r, http.StatusOK, exchangePage(page))
}

// consent gives or withdraws the member's consent; back is where the form
// was (Vraag en aanbod or Mijn gegevens).
func (h *Handler) consent(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m := memberOf(ctx)
	r.ParseForm()
	choice := r.PostForm.Get("toestemming")
	if choice != "ja" && choice != "nee" {
		web.Fail(w, r, apperr.New(apperr.BadRequest, ""))
		return
	}
	if err := h.store.SetConsent(ctx, m, choice == "ja"); err != nil {
		web.Fail(w, r, err)
		return
	}
	msg := i18n.T(ctx, "U doet mee aan Vraag en aanbod. Andere leden van het netwerk zien nu uw naam, uw organisatie en haar uitdagingen en aanbod.")
	if choice == "nee" {
		msg = i18n.T(ctx, "U doet niet meer mee aan Vraag en aanbod. Andere leden zien u niet meer.")
	}
	h.sessions.Put(ctx, "flash", msg)
	back := "/mijn/vraag-en-aanbod"
	if r.PostForm.Get("terug") == "gegevens" {
		back = "/mijn/gegevens"
	}
	web.Redirect(w, r, back)
}

// introForm is the request for an introduction to one peer.
type introForm struct {
	Topic, Message string
	Errors         web.Errors
	General        string
}

var introOrder = []string{"onderwerp", "bericht"}

// IntroPage is the introduction form for one peer.
type IntroPage struct {
	Member     Member
	Peer       Peer
	Challenges []Tag
	Form       introForm
}

func (h *Handler) introForm(w http.ResponseWriter, r *http.Request) {
	f := introForm{Topic: r.URL.Query().Get("uitdaging")}
	h.renderIntro(w, r, http.StatusOK, f)
}

// introPeer loads the peer of the path, for a member who opted in: others
// are sent to give their consent first.
func (h *Handler) introPeer(w http.ResponseWriter, r *http.Request) (IntroPage, bool) {
	ctx := r.Context()
	m := memberOf(ctx)
	page := IntroPage{Member: m}
	at, err := h.store.Consent(ctx, m.ContactID)
	if err != nil {
		web.Fail(w, r, err)
		return page, false
	}
	if at == nil {
		web.Redirect(w, r, "/mijn/vraag-en-aanbod")
		return page, false
	}
	if page.Peer, err = h.store.Peer(ctx, m, web.ParseID(chi.URLParam(r, "id"))); err != nil {
		web.Fail(w, r, err)
		return page, false
	}
	if page.Challenges, _, err = h.store.Tags(ctx, m.EmployerID); err != nil {
		web.Fail(w, r, err)
		return page, false
	}
	return page, true
}

func (h *Handler) renderIntro(w http.ResponseWriter, r *http.Request, status int, f introForm) {
	page, ok := h.introPeer(w, r)
	if !ok {
		return
	}
	if f.Errors == nil {
		f.Errors = web.FormErrors(r.Context())
	}
	page.Form = f
	web.Render(w, r, status, introPage(page))
}

func (h *Handler) introduce(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	page, ok := h.introPeer(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	f := introForm{Topic: r.PostForm.Get("onderwerp"), Message: strings.TrimSpace(validate.CleanText(r.PostForm.Get("bericht"))),
		Errors: web.FormErrors(ctx)}
	in := IntroInput{TargetID: page.Peer.ContactID, Message: f.Message}
	if f.Topic != "" {
		id, ok := web.PickID(f.Topic, tagIDs(page.Challenges))
		if !ok {
			f.Errors["onderwerp"] = i18n.T(ctx, "Kies een onderwerp uit de lijst.")
		}
		for _, t := range page.Challenges {
			if t.ID == id {
				in.Topic = t
			}
		}
	}
	f.Message = f.Errors.Text("bericht", f.Message, maxIntroMessage, i18n.T(ctx, "Schrijf in een paar zinnen waarom u kennis wilt maken."),
		i18n.T(ctx, "Maak dit korter: ten hoogste %d tekens.", maxIntroMessage))
	if len(f.Errors) > 0 {
		page.Form = f
		web.Render(w, r, http.StatusUnprocessableEntity, introPage(page))
		return
	}
	err := h.store.Introduce(ctx, page.Member, in, h.baseURL)
	switch {
	case errors.Is(err, ErrAlreadyIntroduc):
		f.General = i18n.T(ctx, "U heeft in de afgelopen dertig dagen al om een kennismaking met %s gevraagd. Antwoord op die e-mail om het contact voort te zetten.", page.Peer.Name)
	case errors.Is(err, ErrTooManyIntros):
		f.General = i18n.T(ctx, "U heeft vandaag al %d keer om een kennismaking gevraagd. Probeer het morgen opnieuw.", introductionsPerDay)
	case errors.Is(err, ErrPeerBusy):
		f.General = i18n.T(ctx, "%s kreeg vandaag al veel verzoeken om kennis te maken. Probeer het morgen opnieuw.", page.Peer.Name)
	case err != nil:
		web.Fail(w, r, err)
		return
	}
	if f.General != "" {
		page.Form = f
		page.Form.Errors = web.FormErrors(ctx)
		web.Render(w, r, http.StatusTooManyRequests, introPage(page))
		return
	}
	h.sessions.Put(ctx, "flash", i18n.T(ctx, "Uw verzoek is verstuurd: %s en u krijgen één e-mail, met de coördinator in kopie. Antwoord aan allen om af te spreken.", page.Peer.Name))
	web.Redirect(w, r, "/mijn/vraag-en-aanbod")
}
