package commitments

import (
	"context"
	"strconv"
	"strings"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
)

// longDate writes a date in full in Dutch, for mail: "3 maart 2026".
func longDate(t time.Time) string {
	months := []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
		"oktober", "november", "december"}
	t = t.In(nltime.Amsterdam)
	return strconv.Itoa(t.Day()) + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// peopleLabel asks for the number of people from the target group: of the
// employer to the coordinator, of "u" to the employer on its own form.
func peopleLabel(ctx context.Context, byEmployer bool) string {
	if byEmployer {
		return i18n.T(ctx, "Aantal mensen uit de doelgroep dat bij u werkt")
	}
	return i18n.T(ctx, "Aantal mensen uit de doelgroep dat er werkt")
}

// tenths writes a number kept in tenths with a decimal comma: 510 is "51,0".
func tenths(n int) string { return strconv.Itoa(n/10) + "," + strconv.Itoa(n%10) }

// tenthsIn writes a number kept in tenths as the reader's language does.
func tenthsIn(ctx context.Context, n int) string {
	if i18n.LangOf(ctx) == i18n.EN {
		return strings.Replace(tenths(n), ",", ".", 1)
	}
	return tenths(n)
}

// sizeText is a file size as people read it: "312 kB", "1,4 MB".
func sizeText(n int) string {
	switch {
	case n < 1000:
		return strconv.Itoa(n) + " bytes"
	case n < 1000*1000:
		return strconv.Itoa((n+500)/1000) + " kB"
	}
	return tenths((n+50000)/100000) + " MB"
}

func userID(ctx context.Context) int64 {
	if u := identity.From(ctx); u != nil {
		return u.ID
	}
	return 0
}
