package importer

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"netwerkportaal/internal/platform/i18n"
)

// Problem is a message about a cell or a row: why it cannot be imported, or
// what the import will do with it. Msg is a Dutch message id (see
// messages.go), translated when shown.
type Problem struct {
	Row    int    // row number as the spreadsheet program shows it
	Column int    // column index, -1 for the row as a whole
	Header string // the column's header text
	Value  string // the cell value, shortened for display
	Msg    string
	Args   []any
}

// Text returns the message in the language of ctx.
func (p Problem) Text(ctx context.Context) string { return i18n.T(ctx, p.Msg, p.Args...) }

// ColumnName is the column's letter with its header, as "C (Postcode)".
func (p Problem) ColumnName() string {
	if p.Column < 0 {
		return ""
	}
	if p.Header == "" {
		return ColumnLetter(p.Column)
	}
	return ColumnLetter(p.Column) + " (" + p.Header + ")"
}

// FileError is why a file as a whole cannot be read; nothing is stored.
type FileError struct {
	Msg  string // Dutch message id
	Args []any
}

func fileError(msg string, args ...any) *FileError { return &FileError{Msg: msg, Args: args} }

// Error returns the message in Dutch.
func (e *FileError) Error() string { return fmt.Sprintf(e.Msg, e.Args...) }

// Text returns the message in the language of ctx.
func (e *FileError) Text(ctx context.Context) string { return i18n.T(ctx, e.Msg, e.Args...) }

// ColumnLetter is the spreadsheet name of column i (0 → A, 26 → AA).
func ColumnLetter(i int) string {
	if i < 0 {
		return ""
	}
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// shorten cuts a value for display to at most n characters.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n])) + "…"
}
