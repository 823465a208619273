package dashboard

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/web"
)

func pageTitle(ctx context.Context, p Page) string {
	if p.Shared {
		return i18n.T(ctx, "Dashboard (alleen lezen)")
	}
	return i18n.T(ctx, "Dashboard")
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

var networkOptions = web.NetworkOptions

func periodOptions(ctx context.Context) []web.Option {
	out := make([]web.Option, len(Periods))
	for i, p := range Periods {
		out[i] = web.Option{Value: strconv.Itoa(p), Label: i18n.T(ctx, "Laatste %d kwartalen", p)}
	}
	return out
}

func numClass(num bool) string {
	if num {
		return "num"
	}
	return ""
}

// Colours of the charts: the portal's blue (10:1 on white) for bars, a
// dark orange (5.9:1) and near-black for lines. The second bar series is
// hatched and the second line dashed with square markers, so the series
// differ without colour too.
const (
	colourBar   = "#154273"
	colourLine1 = "#a63d00"
	colourLine2 = "#1a1a1a"
)

// hatched says whether the chart draws a series with the hatching.
func (v chartView) hatched() bool {
	for _, b := range v.Bars {
		if b.Series == 1 {
			return true
		}
	}
	for _, it := range v.Legend {
		if it.Bar && it.Series == 1 {
			return true
		}
	}
	return false
}

// gridPath draws the horizontal grid lines of the left axis as one path.
func (v chartView) gridPath() string {
	var b strings.Builder
	for _, t := range v.LeftTicks {
		b.WriteString("M" + f(v.X0) + " " + f(t.Y) + "H" + f(v.X1))
	}
	return b.String()
}

func barFill(chartID string, series int) string {
	if series == 1 {
		return "url(#" + chartID + "-arcering)"
	}
	return colourBar
}

func lineColour(series int) string {
	if series == 1 {
		return colourLine2
	}
	return colourLine1
}

func revokeURL(id int64) templ.SafeURL {
	return templ.SafeURL("/dashboard/delen/" + strconv.FormatInt(id, 10) + "/intrekken")
}

// LastDay is the last day a share link works, as its maker chose it
// ("Laatste dag dat de link werkt"): the link expires at the midnight that
// ends that day. Every page says "werkt tot en met" this day, so the list
// and the shared page name one and the same moment.
func LastDay(expires time.Time) string {
	return nltime.FormatDate(expires.In(nltime.Amsterdam).Add(-time.Nanosecond))
}

// shareBrand names the network in the header of a share link's page, the
// page a board member opens without an account.
func shareBrand(p Page) *web.Brand {
	if !p.Shared {
		return nil
	}
	// A share link for one network shows that network's logo and colour.
	id := p.NetworkID
	if id == 0 && len(p.Networks) == 1 {
		id = p.Networks[0].ID
	}
	return &web.Brand{NetworkID: id, Name: p.ScopeName}
}
