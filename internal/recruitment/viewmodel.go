package recruitment

import (
	"context"
	"strconv"
	"time"

	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/web"
)

// BoardPage is /werving: a column per stage.
type BoardPage struct {
	NetworkID   int64
	Networks    []web.Option
	Columns     []Column
	CanCreate   bool
	ShowNetwork bool
	Wishes      []web.Option // the networks' wish profiles to link to
	Mine        []Prospect   // the user's open next steps, soonest first
	Today       time.Time    // whose past next steps are overdue
}

// Column is one stage of the board.
type Column struct {
	Stage string
	Items []Card
}

// Card is a prospect on the board, with whether the user may move it.
type Card struct {
	Prospect
	CanWrite bool
}

// ListPage is /werving/lijst.
type ListPage struct {
	Filter    Filter
	NetworkID int64
	Networks  []web.Option
	People    []Option
	Items     []Prospect
	Sources   []Count
	CanCreate bool
}

// NewPage is the add form, with the possible duplicates once checked.
type NewPage struct {
	Form    Form
	Choices Choices
	Matches []Match
}

// EditPage is the form that changes a prospect's details.
type EditPage struct {
	Prospect Prospect
	Form     Form
	Choices  Choices
}

// DetailPage is one prospect with its move form and history.
type DetailPage struct {
	Today    time.Time // whose past next step is overdue
	Prospect Prospect
	Move     MoveForm
	People   []Option
	History  []audit.Entry
	CanWrite bool
	Fit      []string // which gaps of the wish profile it closes
	HasWish  bool
	// AskMessage: the card moved it to intake; the page asks for the
	// invitation's personal message before anything is saved.
	AskMessage bool
}

// PublicPage is the interest form of a network.
type PublicPage struct {
	Network     Network
	Form        Form
	Functions   []Option
	ConsentText string
	Blocked     bool // the address sent too many
}

func idStr(n int64) string { return strconv.FormatInt(n, 10) }

func itoa(n int) string { return strconv.Itoa(n) }

func webOptions(opts []Option) []web.Option {
	out := make([]web.Option, len(opts))
	for i, o := range opts {
		out[i] = web.Option{Value: o.Value, Label: o.Label}
	}
	return out
}

func stageOptions(ctx context.Context) []web.Option { return web.CodeOptions(ctx, Stages, StageLabel) }

func sourceOptions(ctx context.Context) []web.Option {
	return web.CodeOptions(ctx, Sources, SourceLabel)
}

func dropOptions(ctx context.Context) []web.Option {
	return web.CodeOptions(ctx, DropReasons, DropLabel)
}

// sourceText says where a prospect came from, with the member or event.
func sourceText(ctx context.Context, p Prospect) string {
	s := SourceLabel(ctx, p.Source)
	switch {
	case p.Source == "lid" && p.SourceEmployerName != "":
		s += ": " + p.SourceEmployerName
	case p.Source == "bijeenkomst" && p.SourceEventTitle != "":
		s += ": " + p.SourceEventTitle
	}
	if p.SourceNote != "" {
		s += " (" + p.SourceNote + ")"
	}
	return s
}

func dateNL(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("02-01-2006")
}

func dateTimeNL(t time.Time) string { return t.In(nltime.Amsterdam).Format("02-01-2006 15:04") }

// overdue reports whether the next step's date is before today.
func overdue(p Prospect, today time.Time) bool {
	return p.NextStepOn != nil && p.NextStepOn.Before(today) && p.Stage != Member && p.Stage != Dropped
}

func matchReasons(ctx context.Context, m Match) string {
	out := ""
	for i, r := range m.Reasons {
		if i > 0 {
			out += ", "
		}
		switch r {
		case "naam":
			out += i18n.T(ctx, "zelfde naam")
		case "kvk":
			out += i18n.T(ctx, "zelfde KvK-nummer")
		case "postcode":
			out += i18n.T(ctx, "zelfde postcode")
		}
	}
	return out
}

func matchStatus(ctx context.Context, m Match) string {
	if m.Kind == "prospect" {
		return i18n.T(ctx, "In de werving, fase %s", StageLabel(ctx, m.Status))
	}
	return i18n.T(ctx, "Werkgever in %s, status %s", m.Network, employerStatus(ctx, m.Status))
}

func employerStatus(ctx context.Context, s string) string {
	switch s {
	case "prospect":
		return i18n.T(ctx, "Prospect")
	case "aangemeld":
		return i18n.T(ctx, "Aangemeld")
	case "lid":
		return i18n.T(ctx, "Lid")
	case "gepauzeerd":
		return i18n.T(ctx, "Gepauzeerd")
	case "uitgeschreven":
		return i18n.T(ctx, "Uitgeschreven")
	}
	return s
}

func matchURL(m Match) string {
	if m.Kind == "prospect" {
		return prospectURL(m.ID)
	}
	return "/werkgevers/" + idStr(m.ID) + "/"
}

func conversion(c Count) string {
	if c.Total == 0 {
		return "0%"
	}
	return strconv.Itoa(c.Members*100/c.Total) + "%"
}

func boardHref(network int64) string {
	if network == 0 {
		return "/werving/"
	}
	return "/werving/?netwerk=" + idStr(network)
}

func listHref(network int64) string {
	if network == 0 {
		return "/werving/lijst"
	}
	return "/werving/lijst?netwerk=" + idStr(network)
}

func newHref(network int64) string {
	if network == 0 {
		return "/werving/nieuw"
	}
	return "/werving/nieuw?netwerk=" + idStr(network)
}

func netValue(id int64) string {
	if id == 0 {
		return ""
	}
	return idStr(id)
}
