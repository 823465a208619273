package mailings

import (
	"context"
	"strings"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/web"
)

// ListPage is /mailings.
type ListPage struct {
	Items       []ListItem
	ShowNetwork bool
}

// FormPage is the compose form, new (ID 0) or a draft.
type FormPage struct {
	Form        Form
	ID          int64
	NetworkName string
	Choices     Choices
	Conflict    bool
}

// Sample is the mail as one recipient gets it.
type Sample struct {
	For           Recipient
	Subject, Text string
	HTML          string // built by HTMLFragment: everything typed is escaped
}

// ShowPage is a mailing: the preview of a draft, or the progress.
type ShowPage struct {
	Mailing    Mailing
	Count      int
	Recipients []PreviewRecipient
	Choices    Choices
	Sample     Sample
	Progress   Progress
	Failures   []Failure
}

// ConfirmPage asks before sending.
type ConfirmPage struct {
	Mailing Mailing
	Count   int
	Error   string
}

// UnsubscribePage is the page of a personal unsubscribe link.
type UnsubscribePage struct {
	Unsubscription
	Action       string // the link's path
	Resubscribed bool
}

func statusLabel(ctx context.Context, s string) string { return i18n.T(ctx, StatusLabels[s]) }

func employerStatusOptions(ctx context.Context) []web.Option {
	labels := map[string]string{"lid": "Leden", "aangemeld": "Aangemeld (nog geen lid)", "gepauzeerd": "Gepauzeerd"}
	out := make([]web.Option, len(EmployerStatuses))
	for i, s := range EmployerStatuses {
		out[i] = web.Option{Value: s, Label: i18n.T(ctx, labels[s])}
	}
	return out
}

func levelOptions(ctx context.Context) []web.Option {
	labels := map[string]string{"strategisch": "Strategisch", "tactisch": "Tactisch", "operationeel": "Operationeel"}
	out := make([]web.Option, len(Levels))
	for i, l := range Levels {
		out[i] = web.Option{Value: l, Label: i18n.T(ctx, labels[l])}
	}
	return out
}

// webOptions are choices; ref says their labels are reference values
// (functions): translated where the catalogue can, else kept Dutch and
// marked so (web.RefOptions). Subgroup names are names, shown as they are.
func webOptions(ctx context.Context, opts []Option, ref bool) []web.Option {
	out := make([]web.Option, len(opts))
	for i, o := range opts {
		out[i] = web.Option{Value: o.Value, Label: o.Label}
	}
	if ref {
		return web.RefOptions(ctx, out)
	}
	return out
}

func labelOf(opts []Option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// selectionText says in words who a selection reaches.
func selectionText(ctx context.Context, s Selection, c Choices) string {
	var parts []string
	switch s.Status {
	case "aangemeld":
		parts = append(parts, i18n.T(ctx, "Contactpersonen van aangemelde werkgevers"))
	case "gepauzeerd":
		parts = append(parts, i18n.T(ctx, "Contactpersonen van gepauzeerde leden"))
	default:
		parts = append(parts, i18n.T(ctx, "Contactpersonen van alle leden"))
	}
	if s.SubgroupID != 0 {
		parts = append(parts, i18n.T(ctx, "in de subgroep %s", labelOf(c.Subgroups, web.FormatID(s.SubgroupID))))
	}
	if s.Function != "" {
		fn, _ := web.RefLabel(ctx, labelOf(c.Functions, s.Function))
		parts = append(parts, i18n.T(ctx, "functie %s", fn))
	}
	if s.Level != "" {
		// The level's name in the reader's language, not its Dutch code.
		parts = append(parts, i18n.T(ctx, "niveau %s", strings.ToLower(web.LevelLabel(ctx, s.Level))))
	}
	if s.NotAttended {
		parts = append(parts, i18n.T(ctx, "niet aanwezig geweest op een bijeenkomst in de laatste %d maanden", NotAttendedMonths))
	}
	if len(s.Employer) > 0 {
		parts = append(parts, i18n.T(ctx, "met de filters van de werkgeverslijst (%s)", s.Employer.Encode()))
	}
	return strings.Join(parts, ", ")
}

// progressText is "312 van 540 verstuurd".
func progressText(ctx context.Context, p Progress) string {
	return i18n.T(ctx, "%d van %d verstuurd", p.Sent, p.Total)
}

// whenText is when a mailing finished, started sending, or was written.
func whenText(m Mailing) string {
	switch {
	case m.FinishedAt != nil:
		return nltime.FormatDateTime(*m.FinishedAt)
	case m.SendingAt != nil:
		return nltime.FormatDateTime(*m.SendingAt)
	}
	return nltime.FormatDateTime(m.CreatedAt)
}

func failureReason(ctx context.Context, f Failure) string {
	if f.Reason == "" {
		return i18n.T(ctx, "Niet verstuurd: de contactpersoon is intussen vertrokken, gewist of afgemeld.")
	}
	return f.Reason
}

func newURL(networkID int64, employer string) string {
	u := "/mailings/nieuw?netwerk=" + web.FormatID(networkID)
	if employer != "" {
		u += "&" + employer
	}
	return u
}

func editURL(id int64) string    { return mailingURL(id) + "bewerken" }
func confirmURL(id int64) string { return mailingURL(id) + "versturen" }

func formAction(p FormPage) string {
	if p.ID == 0 {
		return "/mailings/nieuw"
	}
	return editURL(p.ID)
}
