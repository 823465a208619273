package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Table is a file read as text: the header and the non-empty data rows.
type Table struct {
	Format    string // "csv" or "xlsx"
	Encoding  string // CSV: "UTF-8", "UTF-8 met BOM", "UTF-16" or "Windows-1252"
	Delimiter rune   // CSV: ';', ',', '\t' or '|'
	Sheet     string // xlsx: the worksheet read (the first)
	Header    []string
	HeaderRow int
	Rows      []Row
}

// Row is a data row: its number as a spreadsheet program shows it, and its
// trimmed cells.
type Row struct {
	Num   int
	Cells []string
}

// Cell returns cell i of the row, "" when the row is shorter.
func (r Row) Cell(i int) string {
	if i < len(r.Cells) {
		return r.Cells[i]
	}
	return ""
}

var (
	zipMagic  = []byte("PK\x03\x04")
	oleMagic  = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	utf8BOM   = []byte{0xEF, 0xBB, 0xBF}
	utf16LEBO = []byte{0xFF, 0xFE}
	utf16BEBO = []byte{0xFE, 0xFF}
)

// Parse reads a .xlsx (recognised by its content, not its name) or CSV file
// within the limits of this package. A file it cannot read, or that breaks a
// limit, is a *FileError with a Dutch message saying why.
func Parse(ctx context.Context, data []byte) (*Table, error) {
	switch {
	case len(data) == 0:
		return nil, fileError(msgEmptyFile)
	case len(data) > MaxFileBytes:
		return nil, fileError(msgFileTooLarge, MaxFileBytes>>20)
	case bytes.HasPrefix(data, zipMagic):
		return parseXLSX(ctx, data)
	case bytes.HasPrefix(data, oleMagic):
		return nil, fileError(msgOldExcel)
	}
	return parseCSV(ctx, data)
}

// tableBuilder collects rows and enforces the limits shared by both formats.
type tableBuilder struct {
	ctx context.Context
	t   *Table
	n   int // rows seen, for the deadline check
}

// add takes one row (cells untrimmed) with its spreadsheet row number.
func (b *tableBuilder) add(num int, cells []string) error {
	if b.n++; b.n%512 == 0 && b.ctx.Err() != nil {
		return fileError(msgTimeout, int(ParseTimeout.Seconds()))
	}
	last := -1
	for i, c := range cells {
		c = strings.TrimSpace(c)
		if n := utf8.RuneCountInString(c); n > MaxCellChars {
			return fileError(msgCellTooLong, num, ColumnLetter(i), n, MaxCellChars)
		}
		cells[i] = c
		if c != "" {
			last = i
		}
	}
	if last < 0 {
		return nil // an empty row
	}
	if last >= MaxColumns {
		return fileError(msgTooManyColumns, num, last+1, MaxColumns)
	}
	cells = cells[:last+1]
	if b.t.Header == nil {
		b.t.Header, b.t.HeaderRow = cells, num
		return nil
	}
	if len(b.t.Rows) == MaxRows {
		return fileError(msgTooManyRows, MaxRows)
	}
	b.t.Rows = append(b.t.Rows, Row{Num: num, Cells: cells})
	return nil
}

func (b *tableBuilder) done() (*Table, error) {
	if b.t.Header == nil {
		return nil, fileError(msgEmptyFile)
	}
	if len(b.t.Rows) == 0 {
		return nil, fileError(msgNoDataRows)
	}
	return b.t, nil
}

func parseCSV(ctx context.Context, data []byte) (*Table, error) {
	t := &Table{Format: "csv", Encoding: "UTF-8"}
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		data, t.Encoding = data[len(utf8BOM):], "UTF-8 met BOM"
	case bytes.HasPrefix(data, utf16LEBO), bytes.HasPrefix(data, utf16BEBO):
		// Excel's "Unicode text" is UTF-16 with a byte order mark.
		dec := xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()
		d, err := dec.Bytes(data)
		if err != nil {
			return nil, fileError(msgBinary, 1)
		}
		data, t.Encoding = d, "UTF-16"
	}
	if !utf8.Valid(data) {
		d, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fileError(msgBinary, 1)
		}
		data, t.Encoding = d, "Windows-1252"
	}
	text := string(data)
	if line := junkLine(text); line > 0 {
		return nil, fileError(msgBinary, line)
	}
	t.Delimiter = sniffDelimiter(text)
	if line := tooWide(text, t.Delimiter); line > 0 {
		return nil, fileError(msgTooWide, line, maxFields)
	}

	r := csv.NewReader(strings.NewReader(text))
	r.Comma = t.Delimiter
	r.FieldsPerRecord = -1
	r.LazyQuotes = false
	b := &tableBuilder{ctx: ctx, t: t}
	extra := 0 // line breaks inside quoted cells so far: lines that are no rows
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line := pe.Line
				if errors.Is(pe.Err, csv.ErrQuote) {
					line = pe.StartLine
				}
				return nil, fileError(msgBadQuotes, line)
			}
			return nil, fileError(msgUnreadable)
		}
		line, _ := r.FieldPos(0)
		num := line - extra
		for _, c := range rec {
			extra += strings.Count(c, "\n")
		}
		if err := b.add(num, rec); err != nil {
			return nil, err
		}
	}
	return b.done()
}

// junkLine returns the line number of the first character that has no place
// in a text file (NUL and other control characters, undecodable bytes), or 0
// when there is none.
func junkLine(s string) int {
	i := strings.IndexFunc(s, func(r rune) bool {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return false
		case r == utf8.RuneError, r == 0x7F, unicode.Is(unicode.Cc, r):
			return true
		}
		return false
	})
	if i < 0 {
		return 0
	}
	return strings.Count(s[:i], "\n") + 1
}

// sniffDelimiter picks the separator that occurs most often in the header
// line, outside quotes; a tie goes to the Dutch default ';', then ',', TAB, '|'.
func sniffDelimiter(s string) rune {
	candidates := []rune{';', ',', '\t', '|'}
	counts := make([]int, len(candidates))
	quoted := false
	for _, r := range s {
		if r == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if r == '\n' {
			break
		}
		for i, c := range candidates {
			if r == c {
				counts[i]++
			}
		}
	}
	best := 1 // ',' when the header holds a single column
	for i := range candidates {
		if counts[i] > counts[best] || (counts[i] == counts[best] && counts[i] > 0 && i < best) {
			best = i
		}
	}
	return candidates[best]
}

// maxFields bounds the cells of one CSV record, empty ones included, before
// encoding/csv allocates them: a line of ten million separators is refused
// without costing memory. The limit that matters, MaxColumns, counts cells
// up to the last non-empty one.
const maxFields = 10 * MaxColumns

// tooWide returns the line on which a record with more than maxFields
// cells starts, or 0.
func tooWide(s string, delim rune) int {
	quoted := false
	fields, line, start := 1, 1, 1
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case r == '\n':
			line++
			if !quoted {
				fields, start = 1, line
			}
		case r == delim && !quoted:
			if fields++; fields > maxFields {
				return start
			}
		}
	}
	return 0
}
