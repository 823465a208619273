package intake

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// InvitePage is the view model of the invitation form.
type InvitePage struct {
	Profile  Profile
	Contact  string // chosen contact id
	Days     string
	Errors   web.Errors
	Existing *Intake // this year's intake, when there is one
	Year     int
}

// employerForInvite loads the profile of the employer named in the form or
// query, for a user who may change it.
func (h *Handler) employerForInvite(w http.ResponseWriter, r *http.Request, raw string) (Profile, bool) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		web.Fail(w, r, apperr.ErrNotFound)
		return Profile{}, false
	}
	p, err := h.store.profiles.Profile(r.Context(), id)
	u := identity.From(r.Context())
	switch {
	case err != nil:
		web.Fail(w, r, err)
		return p, false
	case !u.CanRead(p.NetworkID):
		web.Fail(w, r, apperr.ErrNotFound)
		return p, false
	case !u.CanWrite(p.NetworkID):
		web.Fail(w, r, apperr.ErrForbidden)
		return p, false
	}
	return p, true
}

// thisYear returns the employer's intake of the current year, if any.
func (h *Handler) thisYear(r *http.Request, employerID int64) (*Intake, int, error) {
	year := h.clock.Now().In(nltime.Amsterdam).Year()
	all, err := h.store.ForEmployer(r.Context(), employerID)
	if err != nil {
		return nil, year, err
	}
	for _, in := range all {
		if in.Year == year {
			return &in, year, nil
		}
	}
	return nil, year, nil
}

func (h *Handler) inviteForm(w http.ResponseWriter, r *http.Request) {
	p, ok := h.employerForInvite(w, r, r.URL.Query().Get("werkgever"))
	if !ok {
		return
	}
	existing, year, err := h.thisYear(r, p.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page := InvitePage{Profile: p, Days: "30", Existing: existing, Year: year}
	if existing != nil {
		page.Contact = strconv.FormatInt(existing.ContactID, 10)
	}
	web.Render(w, r, http.StatusOK, invitePage(page))
}

func (h *Handler) invite(w http.ResponseWriter, r *http.Request) {
	if !web.ParsedForm(w, r) {
		return
	}
	ctx := r.Context()
	p, ok := h.employerForInvite(w, r, r.PostForm.Get("werkgever"))
	if !ok {
		return
	}
	existing, year, err := h.thisYear(r, p.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page := InvitePage{Profile: p, Contact: r.PostForm.Get("contactpersoon"), Days: strings.TrimSpace(r.PostForm.Get("dagen")),
		Errors: web.FormErrors(ctx), Existing: existing, Year: year}
	contactID, _ := strconv.ParseInt(page.Contact, 10, 64)
	if c, ok := activeContact(p, contactID); !ok {
		page.Errors["contactpersoon"] = i18n.T(ctx, "Kies de contactpersoon die de vragenlijst invult.")
	} else if c.Email == "" {
		page.Errors["contactpersoon"] = i18n.T(ctx, "%s heeft geen e-mailadres. Vul dat eerst in bij de contactpersoon, of kies iemand anders.", c.Name)
	}
	days, err := strconv.Atoi(page.Days)
	if err != nil || days < 1 || days > 365 {
		page.Errors["dagen"] = i18n.T(ctx, "Vul een aantal dagen in van 1 tot en met 365.")
	}
	if len(page.Errors) > 0 {
		web.Render(w, r, http.StatusUnprocessableEntity, invitePage(page))
		return
	}
	var link string
	id, err := h.store.Invite(ctx, Invitation{EmployerID: p.ID, ContactID: contactID, Validity: time.Duration(days) * 24 * time.Hour},
		func(tx pgx.Tx, in Intake, token string) error {
			link = h.mailer.link(token)
			return h.mailer.invitation(ctx, tx, in, token, "")
		})
	if apperr.KindOf(err) == apperr.Conflict {
		page.Errors["contactpersoon"] = i18n.T(ctx, "De intake van %d is al ingediend. Stuur hem terug met een vraag als er iets moet worden aangevuld.", year)
		web.Render(w, r, http.StatusConflict, invitePage(page))
		return
	}
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	session.SetOnce(ctx, "intake-link", link)
	session.SetFlash(ctx, i18n.T(ctx, "De uitnodiging staat klaar om te worden verstuurd. U kunt de link hieronder ook zelf doorgeven."))
	web.Redirect(w, r, "/intakes/"+strconv.FormatInt(id, 10))
}
