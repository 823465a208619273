package events

import (
	"context"
	"fmt"
	"strconv"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

func kindOptions(ctx context.Context) []web.Option {
	var out []web.Option
	for _, k := range Kinds {
		out = append(out, web.Option{Value: k, Label: kindLabel(ctx, k)})
	}
	return out
}

var networkOptions = web.NetworkOptions

// groupedOptions lists choices of several networks, naming the network
// when there is more than one.
func groupedOptions(opts []NetworkOption, nets []identity.Network) []web.Option {
	names := map[int64]string{}
	for _, n := range nets {
		names[n.ID] = n.Name
	}
	var out []web.Option
	for _, o := range opts {
		label := o.Name
		if len(nets) > 1 {
			label += " (" + names[o.NetworkID] + ")"
		}
		out = append(out, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: label})
	}
	return out
}

func levelOptions(ctx context.Context) []web.Option {
	var out []web.Option
	for _, l := range levelCodes {
		out = append(out, web.Option{Value: l, Label: web.LevelLabel(ctx, l)})
	}
	return out
}

func employerStatusOptions(ctx context.Context) []web.Option {
	labels := map[string]string{"prospect": i18n.T(ctx, "Prospect"), "aangemeld": i18n.T(ctx, "Aangemeld"),
		"lid": i18n.T(ctx, "Lid"), "gepauzeerd": i18n.T(ctx, "Gepauzeerd")}
	var out []web.Option
	for _, s := range employerStatuses {
		out = append(out, web.Option{Value: s, Label: labels[s]})
	}
	return out
}

func reminderOptions(ctx context.Context) []web.Option {
	return []web.Option{
		{Value: "24", Label: i18n.T(ctx, "1 dag vooraf")},
		{Value: "48", Label: i18n.T(ctx, "2 dagen vooraf")},
		{Value: "72", Label: i18n.T(ctx, "3 dagen vooraf")},
		{Value: "168", Label: i18n.T(ctx, "1 week vooraf")},
		{Value: "geen", Label: i18n.T(ctx, "Geen herinnering")},
	}
}

func statusLabel(ctx context.Context, s string) string {
	switch s {
	case Invited:
		return i18n.T(ctx, "Uitgenodigd")
	case Registered:
		return i18n.T(ctx, "Aangemeld")
	case Declined:
		return i18n.T(ctx, "Afgemeld")
	case Waitlisted:
		return i18n.T(ctx, "Wachtlijst")
	case Present:
		return i18n.T(ctx, "Aanwezig")
	case Absent:
		return i18n.T(ctx, "Afwezig")
	}
	return s
}

// answerStatus is the invitee's own status in words.
func answerStatus(ctx context.Context, s string) string {
	switch s {
	case Registered:
		return i18n.T(ctx, "U bent aangemeld.")
	case Waitlisted:
		return i18n.T(ctx, "U staat op de wachtlijst.")
	case Declined:
		return i18n.T(ctx, "U heeft zich afgemeld.")
	case Present:
		return i18n.T(ctx, "U was aanwezig.")
	case Absent:
		return i18n.T(ctx, "U was er niet bij.")
	}
	return i18n.T(ctx, "U heeft nog niet geantwoord.")
}

// answeredText confirms an answer just given.
func answeredText(ctx context.Context, s string) string {
	switch s {
	case Registered:
		return i18n.T(ctx, "Dank u wel, u bent aangemeld. Tot dan!")
	case Waitlisted:
		return i18n.T(ctx, "De bijeenkomst is vol: u staat op de wachtlijst. Komt er een plaats vrij, dan krijgt u bericht.")
	case Declined:
		return i18n.T(ctx, "U bent afgemeld. Jammer dat u er niet bij bent.")
	}
	return answerStatus(ctx, s)
}

// places says how full an event is: "12 van 30" or "12".
func places(ctx context.Context, e Event) string {
	if e.Capacity == nil {
		return strconv.Itoa(e.Counts.Taken())
	}
	return i18n.T(ctx, "%d van %d", e.Counts.Taken(), *e.Capacity)
}

// rate is the recorded attendance rate as a percentage.
func rate(e Event) string {
	if e.AttendanceRate == nil {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", *e.AttendanceRate*100)
}

func formTitle(ctx context.Context, p FormPage) string {
	if p.Event == nil {
		return i18n.T(ctx, "Nieuwe bijeenkomst")
	}
	return i18n.T(ctx, "%s bewerken", p.Event.Title)
}

// field is a form field with its value and error.
func (p FormPage) field(name, label string, required bool) web.Field {
	values := map[string]string{"soort": p.Form.Kind, "titel": p.Form.Title, "netwerk": p.Form.NetworkID, "subgroep": p.Form.SubgroupID}
	return web.Field{Name: name, Label: label, Value: values[name], Error: p.Form.Errors[name], Required: required}
}

func set(values []string) map[string]bool { return web.Selection(values) }

func walkInOptions(cs []Recipient) []web.Option {
	var out []web.Option
	for _, c := range cs {
		out = append(out, web.Option{Value: strconv.FormatInt(c.ContactID, 10), Label: c.Name + " · " + c.EmployerName})
	}
	return out
}

func pressed(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// functionOptions are the function types as choices of a form.
// functionOptions names the functions; a retired one (in a filter, or held
// by the event) says so.
func functionOptions(ctx context.Context, fs []FunctionType) []web.Option {
	out := make([]web.Option, len(fs))
	for i, f := range fs {
		out[i] = web.Option{Value: f.Code, Label: f.Name}
		if f.Retired {
			out[i].Label = i18n.T(ctx, "%s (niet meer in gebruik)", f.Name)
		}
	}
	return out
}
