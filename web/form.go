package web

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/validate"
)

// Field describes one form control with its label, hint and error.
type Field struct {
	Name         string
	Label        string
	Value        string
	Hint         string
	Error        string
	Type         string // input type; text when empty
	Autocomplete string
	InputMode    string
	Required     bool
	Plain        bool   // no "(niet verplicht)" marker: for search and filter fields
	Class        string // width class, e.g. "input-short"
	ElemID       string // element id when two controls share a name
}

// ID is the element id of the control; error summaries link to it.
func (f Field) ID() string {
	if f.ElemID != "" {
		return FieldID(f.ElemID)
	}
	return FieldID(f.Name)
}

// FieldID returns the element id used for the control of a form field.
func FieldID(name string) string { return "f-" + strings.ReplaceAll(name, ".", "-") }

func (f Field) inputType() string {
	if f.Type == "" {
		return "text"
	}
	return f.Type
}

// describedBy lists the ids of the hint and error, for aria-describedby.
func (f Field) describedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID()+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID()+"-error")
	}
	return strings.Join(ids, " ")
}

func (f Field) inputClass() string {
	c := "input"
	if f.Class != "" {
		c += " " + f.Class
	}
	if f.Error != "" {
		c += " input-error"
	}
	return c
}

// Option is a choice in a select or checkbox group.
type Option struct {
	Value string
	Label string
	Hint  string // one line under the label of a radio button or checkbox
	// Dutch marks a label that stays Dutch in another language (a
	// reference value, see RefOptions): it gets lang="nl" there.
	Dutch bool
}

// labelAttrs marks the option's label as Dutch where it needs to be.
func (o Option) labelAttrs(ctx context.Context) templ.Attributes {
	if !o.Dutch {
		return templ.Attributes{}
	}
	return dutchAttrs(ctx)
}

// Choice is a select or a group of radio buttons or checkboxes.
type Choice struct {
	Field
	Options  []Option
	Empty    string          // label of the empty option of a select; none when ""
	Selected map[string]bool // for checkbox groups
}

func (c Choice) isSelected(v string) bool {
	if c.Selected != nil {
		return c.Selected[v]
	}
	return c.Value == v
}

// FieldError is one message of an error summary.
type FieldError struct {
	Field   string
	Message string
}

// Errors maps field names to Dutch messages; the order of Order is the order
// of the fields on the form, for the summary.
type Errors map[string]string

// Summary lists the errors in the given field order.
func (e Errors) Summary(order ...string) []FieldError {
	var out []FieldError
	seen := map[string]bool{}
	for _, f := range order {
		if m, ok := e[f]; ok {
			out = append(out, FieldError{Field: f, Message: m})
			seen[f] = true
		}
	}
	for f, m := range e {
		if !seen[f] {
			out = append(out, FieldError{Field: f, Message: m})
		}
	}
	return out
}

// Text cleans a posted text (validate.CleanText), checks it and returns it
// cleaned: missing goes on field when the text is empty (a required field;
// "" for an optional one), tooLong when it has more than max characters.
//
//	f.Name = f.Errors.Text("naam", f.Name, 200, t("Vul de naam van de partner in."), t("De naam mag hoogstens 200 tekens hebben."))
func (e Errors) Text(field, value string, max int, missing, tooLong string) string {
	value = validate.CleanText(value)
	switch {
	case value == "" && missing != "":
		e[field] = missing
	case utf8.RuneCountInString(value) > max:
		e[field] = tooLong
	}
	return value
}

// FormErrors starts the errors of a posted form with the problems the input
// gate found in it (see validate.Problems), translated, so each shows next
// to its field. A form handler that starts from it parses the form with
// server.ParseFormFields.
func FormErrors(ctx context.Context) Errors {
	errs := Errors{}
	if p := validate.ProblemsFrom(ctx); p != nil {
		for field, msg := range p.Fields {
			errs[field] = i18n.T(ctx, msg)
		}
	}
	return errs
}

// Conflict tells a user whose save lost the race what was saved meanwhile:
// the form carried an older version than the row has now. Every domain with
// optimistic locking shows it with ConflictNotice, above the kept input.
type Conflict struct {
	Title string // the notice's heading, naming what was changed
	By    string // who saved the newer version; empty when unknown
	At    time.Time
	Rows  []DiffRow
}

// DiffRow is a field whose saved value differs from the user's input.
type DiffRow struct {
	Label, Saved, Yours string
}

// Diff is one field of a form as the user typed it and as it is saved,
// both already in words (names, not ids). It is an alias of a plain struct
// so that the domains' field lists stay short positional triples.
type Diff = struct{ Field, Yours, Saved string }

// DiffRows keeps the fields whose values differ (surrounding spaces do not
// count), in the order given, each named by label.
func DiffRows(ctx context.Context, label func(context.Context, string) string, diffs []Diff) []DiffRow {
	var rows []DiffRow
	for _, d := range diffs {
		if strings.TrimSpace(d.Yours) != strings.TrimSpace(d.Saved) {
			rows = append(rows, DiffRow{Label: label(ctx, d.Field), Yours: d.Yours, Saved: d.Saved})
		}
	}
	return rows
}
