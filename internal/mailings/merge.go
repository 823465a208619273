package mailings

import (
	"context"
	"html"
	"regexp"
	"slices"
	"strings"

	"netwerkportaal/internal/platform/i18n"
)

// MergeFields are the fields a mailing may use, written {{naam}}: the
// contact's name, the name of their organisation, and of the network.
var MergeFields = []string{"naam", "organisatie", "netwerk"}

// Recipient is what the merge fields of one mail are filled with.
type Recipient struct {
	Name, Organisation, Network string
}

var fieldRe = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// checkFields returns a Dutch message for the first problem with the merge
// fields of s ("" when there is none): an unknown field, or braces that do
// not make a field. Refusing them keeps "Beste {{nam}}," from reaching 540
// people.
func checkFields(ctx context.Context, s string) string {
	for _, m := range fieldRe.FindAllStringSubmatch(s, -1) {
		if !slices.Contains(MergeFields, strings.ToLower(m[1])) {
			return i18n.T(ctx, "Onbekend invulveld {{%s}}. U kunt {{naam}}, {{organisatie}} en {{netwerk}} gebruiken.", printable(m[1]))
		}
	}
	rest := fieldRe.ReplaceAllString(s, "")
	if strings.Contains(rest, "{{") || strings.Contains(rest, "}}") {
		return i18n.T(ctx, "Een invulveld staat tussen dubbele accolades, zoals {{naam}}. Controleer de accolades.")
	}
	return ""
}

// printable cuts a field name for a message.
func printable(s string) string {
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

// Merge fills the merge fields of s for r. s has passed checkFields.
func Merge(s string, r Recipient) string {
	return fieldRe.ReplaceAllStringFunc(s, func(m string) string {
		switch strings.ToLower(fieldRe.FindStringSubmatch(m)[1]) {
		case "naam":
			return r.Name
		case "organisatie":
			return r.Organisation
		case "netwerk":
			return r.Network
		}
		return m
	})
}

var linkRe = regexp.MustCompile(`https?://[^\s<>"]+`)

// HTMLFragment is the plain text as simple HTML: every character escaped,
// paragraphs at blank lines, line breaks kept, and web addresses made into
// links. Nothing the coordinator types becomes markup.
func HTMLFragment(text string) string {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	var b strings.Builder
	for para := range strings.SplitSeq(text, "\n\n") {
		para = strings.Trim(para, "\n")
		if strings.TrimSpace(para) == "" {
			continue
		}
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			b.WriteString(linkify(line))
		}
		b.WriteString("</p>\n")
	}
	return b.String()
}

// linkify escapes line and makes its web addresses links; punctuation at
// the end of an address belongs to the sentence.
func linkify(line string) string {
	var b strings.Builder
	last := 0
	for _, m := range linkRe.FindAllStringIndex(line, -1) {
		link := strings.TrimRight(line[m[0]:m[1]], ".,;:!?)")
		b.WriteString(html.EscapeString(line[last:m[0]]))
		esc := html.EscapeString(link)
		b.WriteString(`<a href="` + esc + `">` + esc + `</a>`)
		last = m[0] + len(link)
	}
	b.WriteString(html.EscapeString(line[last:]))
	return b.String()
}

// htmlDocument wraps a fragment into the HTML alternative of a mail.
func htmlDocument(subject, fragment string) string {
	return `<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>` + html.EscapeString(subject) + `</title></head>
<body style="font-family: sans-serif; font-size: 16px; line-height: 1.5; max-width: 40em">
` + fragment + `</body></html>
`
}
