package validate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the input gate, in characters. Forms may set tighter limits of
// their own; nothing longer than these reaches a handler.
const (
	MaxLine      = 1000  // a single-line field: names, titles, addresses, links
	MaxMultiLine = 10000 // a textarea: notes, descriptions, questions
	MaxQuery     = 500   // a query-string value: search terms, filters
	MaxFieldName = 100   // the name of a form field or query parameter
)

// The gate's messages, in Dutch; they complete "Het veld x ...".
const (
	MsgInvalidUTF8 = "bevat tekens die geen geldige tekst zijn"
	MsgNUL         = "bevat een nul-teken"
	MsgTooLong     = "is langer dan het portaal aanneemt"
	MsgLineBreak   = "mag geen regeleinde bevatten"
	MsgControl     = "bevat een stuurteken"
	MsgBidi        = "bevat een onzichtbaar teken dat de leesrichting omdraait"
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
