package intake

import (
	"context"
	"io"
	"strconv"
	"time"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/web"
)

func intakeURL(id int64) string { return "/intakes/" + strconv.FormatInt(id, 10) }

// statusLabel shows a status as a span with its class. Written out rather
// than as a templ element with a class list: on the list of fifty intakes,
// the class-list machinery (a buffer, a sanitised join and a component per
// row) was a tenth of the page's CPU.
func statusLabel(status string) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		_, err := io.WriteString(w, `<span class="status status-intake-`+templ.EscapeString(status)+`">`+
			templ.EscapeString(StatusText(ctx, status))+`</span>`)
		return err
	})
}

// listLabels are the texts every row of the intakes list repeats,
// translated once per page rather than eight times per row.
type listLabels struct {
	Employer, Year, Network, Contact, Status, Steps, Activity, Expires string
	StepsDone                                                          [answerSteps + 1]string // "n van 7" by n
}

func newListLabels(ctx context.Context) listLabels {
	l := listLabels{Employer: i18n.T(ctx, "Werkgever"), Year: i18n.T(ctx, "Jaar"), Network: i18n.T(ctx, "Netwerk"),
		Contact: i18n.T(ctx, "Contactpersoon"), Status: i18n.T(ctx, "Status"), Steps: i18n.T(ctx, "Stappen af"),
		Activity: i18n.T(ctx, "Laatste activiteit"), Expires: i18n.T(ctx, "Link geldig tot")}
	for n := range l.StepsDone {
		l.StepsDone[n] = i18n.T(ctx, "%d van %d", n, answerSteps)
	}
	return l
}

// stepsDone is the "n van 7" text of a row.
func (l *listLabels) stepsDone(ctx context.Context, n int) string {
	if n >= 0 && n < len(l.StepsDone) {
		return l.StepsDone[n]
	}
	return i18n.T(ctx, "%d van %d", n, answerSteps)
}

// StatusText is a status in words.
func StatusText(ctx context.Context, s string) string {
	switch s {
	case Invited:
		return i18n.T(ctx, "Uitgenodigd")
	case Opened:
		return i18n.T(ctx, "Geopend")
	case Busy:
		return i18n.T(ctx, "Bezig")
	case Submitted:
		return i18n.T(ctx, "Ingediend")
	case Processed:
		return i18n.T(ctx, "Verwerkt")
	case Expired:
		return i18n.T(ctx, "Verlopen")
	case Revoked:
		return i18n.T(ctx, "Ingetrokken")
	}
	return s
}

func statusOptions(ctx context.Context) []web.Option {
	var out []web.Option
	for _, s := range StatusOrder {
		out = append(out, web.Option{Value: s, Label: StatusText(ctx, s)})
	}
	return out
}

var networkOptions = web.NetworkOptions

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// contactOptions are the employer's active contacts; those without an
// e-mail address are listed, with the reason they cannot be chosen.
func contactOptions(ctx context.Context, p Profile) []web.Option {
	var out []web.Option
	for _, c := range p.Contacts {
		if !c.Active {
			continue
		}
		o := web.Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name, Hint: c.Email}
		if c.Email == "" {
			o.Hint = i18n.T(ctx, "Geen e-mailadres bekend")
		}
		out = append(out, o)
	}
	return out
}

// SectionView is the intake section of a profile.
type SectionView struct {
	EmployerID int64
	Intakes    []Intake
	CanInvite  bool
	HasOpen    bool
	Year       int
	Now        time.Time
	// Suggestions are subgroups on the themes the employer showed
	// interest in, taken over from an intake.
	Suggestions []Suggestion
}

// ProfileSection renders the intake history on an employer's profile; app
// registers it with the employer pages.
// It queues its reads on q and renders once q was sent.
func (h *Handler) ProfileSection(q *db.Batch, employerID int64, canWrite bool) func() (templ.Component, error) {
	all, suggestions := h.store.QueueForEmployer(q, employerID), h.store.QueueSuggestions(q, employerID)
	return func() (templ.Component, error) {
		now := h.clock.Now()
		v := SectionView{EmployerID: employerID, Intakes: *all, Year: now.In(nltime.Amsterdam).Year(), Now: now,
			CanInvite: canWrite, Suggestions: *suggestions}
		for _, in := range v.Intakes {
			if in.Year == v.Year {
				v.HasOpen = open(in.Status) || in.Status == Revoked
				v.CanInvite = canWrite && v.HasOpen
			}
		}
		return section(v), nil
	}
}
