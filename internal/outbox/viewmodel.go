package outbox

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/mail"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/web"
)

// ListPage is the mail list.
type ListPage struct {
	Filter      Filter
	Items       []Item
	Pager       web.Pager
	Development bool // no mail server: mail is only logged
}

// ShowPage is one mail.
type ShowPage struct {
	Mail     Mail
	ShowBody bool // no mail server: mail is only logged, its text shown here
}

// Without a mail server the outbox still marks a mail "verzonden" once it
// has gone to the log; the page says what really happened to it.
const (
	loggedLabel = "Alleen gelogd, niet verstuurd"
	loggedAt    = "Gelogd op"
)

func statusOptions(ctx context.Context, loggedOnly bool) []web.Option {
	out := make([]web.Option, len(Statuses))
	for i, s := range Statuses {
		out[i] = web.Option{Value: s, Label: statusLabel(ctx, s, loggedOnly)}
	}
	return out
}

func statusLabel(ctx context.Context, s string, loggedOnly bool) string {
	if s == mail.Sent && loggedOnly {
		return i18n.T(ctx, loggedLabel)
	}
	if l, ok := StatusLabels[s]; ok {
		return i18n.T(ctx, l)
	}
	return s
}

// sentHeading names the time a mail left the outbox: sent, or only logged.
func sentHeading(ctx context.Context, loggedOnly bool) string {
	if loggedOnly {
		return i18n.T(ctx, loggedAt)
	}
	return i18n.T(ctx, "Verzonden")
}

func dateTimePtr(t *time.Time) string {
	if t == nil {
		return "–"
	}
	return nltime.FormatDateTime(*t)
}

func mailURL(id int64) string { return "/mail/" + strconv.FormatInt(id, 10) }

func employerURL(id int64) string { return "/werkgevers/" + strconv.FormatInt(id, 10) }

// size is a byte count for people.
func size(n int) string {
	switch {
	case n < 1024:
		return strconv.Itoa(n) + " B"
	case n < 1024*1024:
		return strconv.Itoa((n+1023)/1024) + " kB"
	}
	return strconv.FormatFloat(float64(n)/(1024*1024), 'f', 1, 64) + " MB"
}

// short cuts a long error for the list; the mail's page shows all of it.
func short(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return s
}

// segment is a piece of a mail body: text, or a link when URL is set.
type segment struct {
	Text string
	URL  string
}

var linkRe = regexp.MustCompile(`https?://[^\s<>"]+`)

// segments splits a body into text and web links, so in development the
// link of an invitation can be followed from this page.
func segments(body string) []segment {
	body = strings.TrimRight(body, "\n")
	var out []segment
	last := 0
	for _, m := range linkRe.FindAllStringIndex(body, -1) {
		link := strings.TrimRight(body[m[0]:m[1]], ".,;:!?)")
		end := m[0] + len(link)
		if u, err := url.Parse(link); err != nil || u.Host == "" {
			continue
		}
		if m[0] > last {
			out = append(out, segment{Text: body[last:m[0]]})
		}
		out = append(out, segment{Text: link, URL: link})
		last = end
	}
	if last < len(body) {
		out = append(out, segment{Text: body[last:]})
	}
	return out
}

// kindText shows a kind code ("intake_uitnodiging") as words.
func kindText(kind string) string { return strings.ReplaceAll(kind, "_", " ") }
