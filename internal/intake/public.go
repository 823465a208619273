package intake

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// PublicRoutes mounts the questionnaire behind its personal link. These
// routes know no session: the token in the path is the only key, and it
// opens this one intake and nothing else.
func (h *Handler) PublicRoutes(r chi.Router) {
	r.Route("/intake/{token}", func(r chi.Router) {
		r.Use(server.PrivatePage)
		r.Get("/", h.resume)
		r.Get("/stap/{n}", h.showStep)
		r.Method(http.MethodPost, "/stap/{n}", web.FieldForm(h.saveStep))
		r.Get("/ingediend", h.copy)
	})
}

// deadLink answers a questionnaire link that does not (or no longer) work.
var deadLink = web.DeadLink{Closed: ErrLinkClosed, ClosedPage: linkClosedPage(), UnknownPage: linkUnknownPage()}

// byToken finds the intake of the link and its token, or answers with the
// friendly page for a link that does not (or no longer) work.
func (h *Handler) byToken(w http.ResponseWriter, r *http.Request) (Intake, string, bool) {
	in, ok := web.OpenLink(w, r, deadLink, h.store.ByToken)
	return in, chi.URLParam(r, "token"), ok
}

func stepURL(token string, n int) string { return "/intake/" + token + "/stap/" + strconv.Itoa(n) }

// resume opens the step where the employer left off.
func (h *Handler) resume(w http.ResponseWriter, r *http.Request) {
	in, token, ok := h.byToken(w, r)
	if !ok {
		return
	}
	if !open(in.Status) {
		web.Redirect(w, r, "/intake/"+token+"/ingediend")
		return
	}
	web.Redirect(w, r, stepURL(token, max(in.CurrentStep, 1)))
}

func stepParam(r *http.Request) (int, bool) {
	n, err := strconv.Atoi(chi.URLParam(r, "n"))
	return n, err == nil && n >= 1 && n <= StepSummary
}

func (h *Handler) showStep(w http.ResponseWriter, r *http.Request) {
	in, token, ok := h.byToken(w, r)
	if !ok {
		return
	}
	n, valid := stepParam(r)
	if !valid {
		web.Render(w, r, http.StatusNotFound, linkUnknownPage())
		return
	}
	if !open(in.Status) {
		web.Redirect(w, r, "/intake/"+token+"/ingediend")
		return
	}
	if err := h.store.Visit(r.Context(), in.ID, n); err != nil {
		web.Fail(w, r, err)
		return
	}
	in.CurrentStep = n
	h.renderStep(w, r, http.StatusOK, in, token, n, in.Values(n), nil, r.URL.Query().Get("opgeslagen") == "1")
}

func (h *Handler) renderStep(w http.ResponseWriter, r *http.Request, status int, in Intake, token string, n int,
	values url.Values, errs web.Errors, saved bool) {
	ref, err := h.store.Reference(r.Context(), in.NetworkID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	p := StepPage{Intake: in, Token: token, Step: n, Values: values, Errors: errs, Ref: ref.offered(in.Answers.Step(n), in.Drafts.Step(n)), Saved: saved}
	if n == StepSummary {
		p.Summary = summarise(r.Context(), in, ref)
	}
	web.Render(w, r, status, stepPage(p))
}

// saveStep handles the buttons of a step: next (validate and save), back
// and "later verder" (keep the input as a draft, valid or not), and the
// autosave of the script, which answers 204.
func (h *Handler) saveStep(w http.ResponseWriter, r *http.Request) {
	in, token, ok := h.byToken(w, r)
	if !ok {
		return
	}
	n, valid := stepParam(r)
	if !valid {
		web.Render(w, r, http.StatusNotFound, linkUnknownPage())
		return
	}
	if !open(in.Status) {
		web.Redirect(w, r, "/intake/"+token+"/ingediend")
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	ctx := r.Context()
	if validate.ProblemsFrom(ctx) != nil {
		// Input the gate refused is neither kept as a draft (autosave,
		// concept, back) nor taken as an answer: the step shows why, by
		// its fields, with the cleaned input.
		h.renderStep(w, r, http.StatusUnprocessableEntity, in, token, n, keep(n, r.PostForm), web.FormErrors(ctx), false)
		return
	}
	if n == StepSummary {
		h.submit(w, r, in, token)
		return
	}
	raw := keep(n, r.PostForm)
	switch r.PostForm.Get("actie") {
	case "autosave":
		if err := h.store.SaveDraft(ctx, in.ID, n, Answers{strconv.Itoa(n): raw}, n); err != nil {
			h.failSave(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case "vorige", "concept":
		next := n
		if r.PostForm.Get("actie") == "vorige" {
			next = max(n-1, 1)
		}
		if err := h.store.SaveDraft(ctx, in.ID, n, Answers{strconv.Itoa(n): raw}, next); err != nil {
			h.failSave(w, r, err)
			return
		}
		target := stepURL(token, next)
		if next == n {
			target += "?opgeslagen=1"
		}
		web.Redirect(w, r, target)
	default:
		h.next(w, r, in, token, n, raw)
	}
}

// next validates the step; invalid input is kept as a draft too, so leaving
// the page after an error loses nothing.
func (h *Handler) next(w http.ResponseWriter, r *http.Request, in Intake, token string, n int, raw url.Values) {
	ctx := r.Context()
	ref, err := h.store.Reference(ctx, in.NetworkID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	values, errs := check(ctx, n, raw, ref.offered(in.Answers.Step(n), in.Drafts.Step(n)))
	if len(errs) > 0 {
		if err := h.store.SaveDraft(ctx, in.ID, n, Answers{strconv.Itoa(n): raw}, n); err != nil {
			h.failSave(w, r, err)
			return
		}
		in.DoneSteps = without(in.DoneSteps, n)
		h.renderStep(w, r, http.StatusUnprocessableEntity, in, token, n, raw, errs, false)
		return
	}
	if err := h.store.SaveAnswer(ctx, in.ID, n, Answers{strconv.Itoa(n): values}, n+1); err != nil {
		h.failSave(w, r, err)
		return
	}
	web.Redirect(w, r, stepURL(token, n+1))
}

func (h *Handler) failSave(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, ErrLinkClosed):
		web.Render(w, r, http.StatusGone, linkClosedPage())
	case errors.Is(err, ErrDraftTooLarge):
		ctx := r.Context()
		web.Fail(w, r, apperr.Wrap(apperr.Invalid, err, i18n.T(ctx, "Uw antwoorden zijn samen langer dan het portaal bewaart. Maak de toelichtingen korter en probeer het opnieuw.")))
	default:
		web.Fail(w, r, err)
	}
}

// submit hands the intake in when every step is complete; otherwise the
// summary says which steps still need attention.
func (h *Handler) submit(w http.ResponseWriter, r *http.Request, in Intake, token string) {
	err := h.store.Submit(r.Context(), in.ID, func(tx pgx.Tx, in Intake) error {
		return h.mailer.confirmation(r.Context(), tx, in, token)
	})
	switch {
	case err == nil:
		web.Redirect(w, r, "/intake/"+token+"/ingediend")
	case apperr.KindOf(err) == apperr.Invalid:
		h.renderStep(w, r, http.StatusUnprocessableEntity, in, token, StepSummary, nil,
			web.Errors{"indienen": incompleteMessage(r.Context(), in)}, false)
	default:
		h.failSave(w, r, err)
	}
}

// copy is the employer's read-only copy of what they handed in.
func (h *Handler) copy(w http.ResponseWriter, r *http.Request) {
	in, _, ok := h.byToken(w, r)
	if !ok {
		return
	}
	if open(in.Status) {
		web.Redirect(w, r, "/intake/"+chi.URLParam(r, "token"))
		return
	}
	ref, err := h.store.Reference(r.Context(), in.NetworkID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, copyPage(CopyPage{Intake: in, Summary: summarise(r.Context(), in, ref)}))
}

func without(steps []int, n int) []int {
	var out []int
	for _, s := range steps {
		if s != n {
			out = append(out, s)
		}
	}
	return out
}

// StepSummaryView is one step on the summary page.
type StepSummaryView struct {
	N     int
	Title string
	Done  bool
	Draft bool
	Rows  []Row
}

func summarise(ctx context.Context, in Intake, ref Reference) []StepSummaryView {
	var out []StepSummaryView
	for n := 1; n <= answerSteps; n++ {
		out = append(out, StepSummaryView{N: n, Title: StepTitle(ctx, n), Done: in.Done(n), Draft: in.Drafts.Has(n),
			Rows: Rows(ctx, n, in.Values(n), ref)})
	}
	return out
}

// StepPage is the view model of a questionnaire step.
type StepPage struct {
	Intake  Intake
	Token   string
	Step    int
	Values  url.Values
	Errors  web.Errors
	Ref     Reference
	Saved   bool
	Summary []StepSummaryView
}

// CopyPage is the read-only copy after submitting.
type CopyPage struct {
	Intake  Intake
	Summary []StepSummaryView
}
