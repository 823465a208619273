package events

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/web"
)

// AnswerPage is the view model of the page an invitee answers on.
type AnswerPage struct {
	Event      Event
	Invitation Invitation
	Token      string
	Closed     bool   // cancelled or over: no answer possible
	Answered   string // the status after an answer just given
}

func (h *Handler) answerPage(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	inv, e, err := h.store.ByToken(r.Context(), token)
	if err != nil {
		h.unknownLink(w, r, err)
		return
	}
	p := AnswerPage{Event: e, Invitation: inv, Token: token, Closed: e.Status == Cancelled || e.Past(h.clock.Now())}
	if r.URL.Query().Get("beantwoord") == "1" {
		p.Answered = inv.Status
	}
	web.Render(w, r, http.StatusOK, answerPage(p))
}

// answer registers or cancels; the invitee sees the result on the page.
func (h *Handler) answer(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	if !web.ParsedForm(w, r) {
		return
	}
	choice := r.PostForm.Get("antwoord")
	if choice != "aanmelden" && choice != "afmelden" {
		web.Fail(w, r, apperr.New(apperr.BadRequest, ""))
		return
	}
	ctx := r.Context()
	_, err := h.store.Answer(ctx, token, choice == "aanmelden", func(tx pgx.Tx, e Event, inv Invitation) error {
		return h.promotedMail(ctx, tx, e, inv)
	})
	switch {
	case errors.Is(err, ErrClosed):
		web.Redirect(w, r, "/uitnodiging/"+token)
		return
	case err != nil:
		h.unknownLink(w, r, err)
		return
	}
	web.Redirect(w, r, "/uitnodiging/"+token+"?beantwoord=1")
}

func (h *Handler) unknownLink(w http.ResponseWriter, r *http.Request, err error) {
	web.DeadLink{UnknownPage: unknownLinkPage()}.Fail(w, r, err)
}
