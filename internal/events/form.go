package events

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// EventForm is the event form as typed: every value kept as text so it is
// shown again exactly, with the errors next to it.
type EventForm struct {
	Kind, Title, Description, NetworkID, SubgroupID          string
	StartDate, StartTime, EndDate, EndTime                   string
	Location, OnlineURL, HostID, Capacity, Reminder, Version string
	Functions, Levels                                        []string
	Errors                                                   web.Errors
}

// fieldOrder is the order of the form, for the error summary.
var fieldOrder = []string{"soort", "titel", "beschrijving", "netwerk", "subgroep", "begin_datum", "begin_tijd",
	"eind_datum", "eind_tijd", "locatie", "online_link", "gastheer", "functies", "niveaus", "capaciteit", "herinnering"}

// EventInput is a validated form, typed for the store.
type EventInput struct {
	NetworkID                int64
	SubgroupID, HostID       *int64
	Kind, Title, Description string
	StartsAt, EndsAt         time.Time
	Location, OnlineURL      string
	Functions, Levels        []string
	Capacity, ReminderHours  *int
	Version                  int
}

func parseEventForm(v url.Values) EventForm {
	return EventForm{
		Kind: v.Get("soort"), Title: v.Get("titel"), Description: v.Get("beschrijving"), NetworkID: v.Get("netwerk"),
		SubgroupID: v.Get("subgroep"), StartDate: v.Get("begin_datum"), StartTime: v.Get("begin_tijd"),
		EndDate: v.Get("eind_datum"), EndTime: v.Get("eind_tijd"), Location: v.Get("locatie"),
		OnlineURL: v.Get("online_link"), HostID: v.Get("gastheer"), Capacity: v.Get("capaciteit"),
		Reminder: v.Get("herinnering"), Version: v.Get("versie"), Functions: v["functies"], Levels: v["niveaus"],
	}
}

// formFromEvent fills the form with a stored event, for editing.
func formFromEvent(e Event) EventForm {
	start, end := e.StartsAt.In(nltime.Amsterdam), e.EndsAt.In(nltime.Amsterdam)
	f := EventForm{Kind: e.Kind, Title: e.Title, Description: e.Description, NetworkID: idText(e.NetworkID),
		SubgroupID: idText(e.SubgroupID), StartDate: start.Format("2006-01-02"), StartTime: start.Format("15:04"),
		EndDate: end.Format("2006-01-02"), EndTime: end.Format("15:04"), Location: e.Location, OnlineURL: e.OnlineURL,
		HostID: idText(e.HostEmployerID), Functions: e.AudienceFunctions, Levels: e.AudienceLevels,
		Version: strconv.Itoa(e.Version), Reminder: "geen"}
	if e.Capacity != nil {
		f.Capacity = strconv.Itoa(*e.Capacity)
	}
	if e.ReminderHours != nil {
		f.Reminder = strconv.Itoa(*e.ReminderHours)
	}
	return f
}

// ReminderChoices are the offered reminder times, in hours before the start.
var ReminderChoices = []string{"24", "48", "72", "168", "geen"}

// Validate checks the form against the rules and the choices the user has
// (opts), fills f.Errors and returns the typed input when there are none.
func (f *EventForm) Validate(ctx context.Context, opts FormOptions) (EventInput, bool) {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	f.Errors = web.FormErrors(ctx)
	in := EventInput{Kind: f.Kind}
	if !slices.Contains(Kinds, f.Kind) {
		f.Errors["soort"] = t("Kies het soort bijeenkomst.")
	}
	f.Title = f.Errors.Text("titel", f.Title, 200, t("Vul een titel in."), t("De titel mag hoogstens 200 tekens hebben."))
	in.Title = f.Title
	f.Description = f.Errors.Text("beschrijving", f.Description, 10000, "", t("De beschrijving mag hoogstens 10.000 tekens hebben."))
	in.Description = f.Description
	net, err := strconv.ParseInt(f.NetworkID, 10, 64)
	if err != nil || !slices.Contains(opts.writableNetworks(), net) {
		f.Errors["netwerk"] = t("Kies het netwerk van de bijeenkomst.")
	}
	in.NetworkID = net
	in.SubgroupID = f.pick(ctx, "subgroep", f.SubgroupID, opts.Subgroups, net, t("Kies een subgroep van dit netwerk, of geen."))
	in.HostID = f.pick(ctx, "gastheer", f.HostID, opts.Hosts, net, t("Kies een werkgever van dit netwerk als gastheer, of geen."))
	f.checkTimes(ctx, &in)
	f.Location, f.OnlineURL = f.Errors.Text("locatie", f.Location, 300, "", t("De plaats mag hoogstens 300 tekens hebben.")), strings.TrimSpace(f.OnlineURL)
	if f.OnlineURL != "" {
		if u, err := url.Parse(f.OnlineURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(f.OnlineURL) > 500 {
			f.Errors["online_link"] = t("Vul een volledige link in die begint met https://.")
		}
	}
	if f.Location == "" && f.OnlineURL == "" && f.Errors["online_link"] == "" {
		f.Errors["locatie"] = t("Vul een plaats in, of een online link voor een webinar.")
	}
	in.Location, in.OnlineURL = f.Location, f.OnlineURL
	in.Functions = f.known("functies", f.Functions, functionCodes(opts.Functions), t("Een van de gekozen functies bestaat niet."))
	in.Levels = f.known("niveaus", f.Levels, levelCodes, t("Een van de gekozen niveaus bestaat niet."))
	if s := strings.TrimSpace(f.Capacity); s != "" {
		n, ok := validate.Count(s, 100000)
		if !ok || n < 1 {
			f.Errors["capaciteit"] = t("Vul het aantal plaatsen in als een heel getal van 1 of meer, of laat het leeg voor onbeperkt.")
		} else {
			in.Capacity = &n
		}
	}
	switch {
	case f.Reminder == "geen":
	case slices.Contains(ReminderChoices, f.Reminder):
		h, _ := strconv.Atoi(f.Reminder)
		in.ReminderHours = &h
	default:
		f.Errors["herinnering"] = t("Kies wanneer de herinnering verstuurd wordt.")
	}
	in.Version, _ = strconv.Atoi(f.Version)
	return in, len(f.Errors) == 0
}

// checkTimes reads start and end in Amsterdam time; the end date may be
// left empty for an event that ends on the day it starts.
func (f *EventForm) checkTimes(ctx context.Context, in *EventInput) {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	start, okStart := localTime(f.StartDate, f.StartTime)
	if _, ok := validate.Date(f.StartDate); !ok {
		f.Errors["begin_datum"] = t("Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).")
	} else if !okStart {
		f.Errors["begin_tijd"] = t("Vul de begintijd in als uu:mm, bijvoorbeeld 15:30.")
	}
	if strings.TrimSpace(f.EndDate) == "" {
		f.EndDate = f.StartDate
	}
	end, okEnd := localTime(f.EndDate, f.EndTime)
	if _, ok := validate.Date(f.EndDate); !ok {
		f.Errors["eind_datum"] = t("Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).")
	} else if !okEnd {
		f.Errors["eind_tijd"] = t("Vul de eindtijd in als uu:mm, bijvoorbeeld 17:00.")
	}
	if okStart && okEnd && !end.After(start) {
		f.Errors["eind_tijd"] = t("Het einde moet na het begin liggen.")
	}
	if okStart && (start.Year() < 2000 || start.Year() > 2100) {
		f.Errors["begin_datum"] = t("Deze datum ligt te ver weg.")
	}
	in.StartsAt, in.EndsAt = start, end
}

func localTime(date, clock string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(date)+" "+strings.TrimSpace(clock), nltime.Amsterdam)
	return t, err == nil
}

// pick reads an optional choice that must belong to the chosen network.
func (f *EventForm) pick(ctx context.Context, field, raw string, opts []NetworkOption, network int64, msg string) *int64 {
	if strings.TrimSpace(raw) == "" {
		return nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	for _, o := range opts {
		if err == nil && o.ID == id && o.NetworkID == network {
			return &id
		}
	}
	f.Errors[field] = msg
	return nil
}

func (f *EventForm) known(field string, values, allowed []string, msg string) []string {
	out := []string{}
	for _, v := range values {
		if !slices.Contains(allowed, v) {
			f.Errors[field] = msg
			continue
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

var levelCodes = []string{"strategisch", "tactisch", "operationeel"}

// functionCodes are the codes of the function types, the values a form
// may send.
func functionCodes(fs []FunctionType) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
