package validate

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the input gate, in characters. Forms may set tighter limits of
// their own; nothing longer than these reaches a handler.
const (
	MaxLine      = 2000  // a single-line field: names, titles, addresses, links
	MaxMultiLine = 20000 // a textarea: notes, descriptions, questions
	MaxQuery     = 500   // a query-string value: search terms, filters
	MaxFieldName = 100   // the name of a form field or query parameter
)

// The gate's messages, in Dutch (translated where they are shown).
const (
	MsgInvalidUTF8 = "Dit veld bevat tekens die geen geldige tekst zijn. Typ de tekst opnieuw."
	MsgNUL         = "Dit veld bevat een nul-teken. Typ de tekst opnieuw."
	MsgTooLong     = "Dit veld is langer dan het portaal aanneemt. Maak de tekst korter."
	MsgLineBreak   = "Dit veld moet op één regel passen. Haal de regeleinden weg."
	MsgControl     = "Dit veld bevat een onzichtbaar stuurteken. Typ de tekst opnieuw."
	MsgBidi        = "Dit veld bevat een onzichtbaar teken dat de leesrichting omdraait. Typ de tekst opnieuw."
)

// multiLine names the form fields shown as a textarea (web.TextArea): the
// only fields that may hold line breaks and that may be long. A test checks
// this list against the templates, so a new textarea cannot be forgotten.
var multiLine = map[string]bool{
	"uitdagingen_toelichting": true,
	"aanbod_toelichting":      true,
	"notities":                true,
	"beschrijving":            true,
	"vraag":                   true,
	"uitkomst":                true,
	"kennis_onderwerpen":      true,
	"verwachtingen":           true,
	"afspraken":               true,
	"omschrijving":            true,
	"hoopt":                   true, // the public interest form
	"biedt":                   true,
	"bericht":                 true, // an introduction request (members); a prospect's intake invitation
	"toelichting":             true, // a prospect's move
	"plaatsen":                true, // the wish profile: one place a line
	"tekst":                   true, // a mailing's text
}

// IsMultiLine reports whether the form field name is a textarea.
func IsMultiLine(name string) bool { return multiLine[name] }

// Problem says in Dutch what makes a submitted value unacceptable for a
// field, or "" when it is fine. Single-line fields refuse every control
// character (line breaks included, so a value can never break a mail header)
// and the bidirectional overrides that make a name display as something
// else; textareas keep tabs and line breaks.
func Problem(value string, multi bool) string {
	limit := MaxLine
	if multi {
		limit = MaxMultiLine
	}
	switch {
	case !utf8.ValidString(value):
		return MsgInvalidUTF8
	case strings.IndexByte(value, 0) >= 0:
		return MsgNUL
	case utf8.RuneCountInString(value) > limit:
		return MsgTooLong
	}
	for _, r := range value {
		switch {
		case multi && (r == '\n' || r == '\r' || r == '\t'):
		case !multi && r == '\t':
		case !multi && (r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029'):
			return MsgLineBreak
		case unicode.IsControl(r):
			return MsgControl
		case !multi && IsBidiControl(r):
			return MsgBidi
		}
	}
	return ""
}

// QueryProblem checks a query-string value: one line, short, no control
// or bidirectional characters.
func QueryProblem(value string) string {
	if p := Problem(value, false); p != "" {
		return p
	}
	if utf8.RuneCountInString(value) > MaxQuery {
		return MsgTooLong
	}
	return ""
}

// IsBidiControl reports the invisible characters that change the direction
// of text (U+202E shows "exe.doc" as "cod.exe"): embeddings, overrides,
// isolates and direction marks.
func IsBidiControl(r rune) bool {
	return r == '\u061C' || r == '\u200E' || r == '\u200F' ||
		(r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// Clean makes a refused value safe to show again in its form: valid UTF-8,
// no control characters (line breaks become spaces outside textareas), no
// bidirectional controls outside textareas, at most the gate's length.
func Clean(value string, multi bool) string {
	value = strings.ToValidUTF8(value, "")
	value = strings.Map(func(r rune) rune {
		switch {
		case multi && (r == '\n' || r == '\r' || r == '\t'):
			return r
		case r == '\t', r == '\n', r == '\r', r == '\u2028', r == '\u2029':
			return ' '
		case unicode.IsControl(r), !multi && IsBidiControl(r):
			return -1
		}
		return r
	}, value)
	limit := MaxLine
	if multi {
		limit = MaxMultiLine
	}
	if utf8.RuneCountInString(value) > limit {
		value = string([]rune(value)[:limit])
	}
	return value
}

// Problems are the fields the input gate refused in a posted form, with
// their messages. The gate cleans the values (Clean) and passes the request
// on only to a handler that shows the messages next to the fields (one
// registered as server.FieldForm, whose errors start from web.FormErrors);
// any other route gets a 422 page from the gate.
type Problems struct {
	Fields map[string]string
	Shown  bool // the handler shows them next to the fields
}

type problemsKey struct{}

// WithProblems returns ctx carrying p.
func WithProblems(ctx context.Context, p *Problems) context.Context {
	return context.WithValue(ctx, problemsKey{}, p)
}

// ProblemsFrom returns the gate's problems of the request, or nil.
func ProblemsFrom(ctx context.Context) *Problems {
	p, _ := ctx.Value(problemsKey{}).(*Problems)
	return p
}
