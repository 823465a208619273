// Package export is the one place where a list of the portal becomes a
// download: a CSV file for Dutch Excel (UTF-8 with a byte order mark, ";"
// between the fields, RFC 4180 quoting) or an .xlsx workbook. Every text cell
// passes Safe, so a value typed into the portal cannot become a formula in
// the spreadsheet of whoever opens the download.
package export

import (
	"encoding/csv"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"netwerkportaal/internal/platform/nltime"
)

// Table is a list to download: a header row and the rows below it, every
// cell already formatted as text.
type Table struct {
	Name    string // base of the file name and the sheet name, e.g. "werkgevers"
	Headers []string
	Rows    [][]string
	// Numeric lists the columns (0-based) that hold numbers: in an .xlsx
	// their cells are numbers (so Excel can sum them), and a value that is
	// a plain number is not prefixed by Safe. Other values stay text.
	Numeric []int
	// Decimals are numeric columns shown with one decimal in an .xlsx.
	Decimals []int
	// Percents hold whole percentages ("45%"): fractions shown as
	// percentages in an .xlsx.
	Percents []int
	// Dates hold ISO dates ("2006-01-02", as Date writes them): real
	// dates in an .xlsx, shown Dutch (dd-mm-jjjj); as they are in CSV.
	Dates []int
	// DateTimes hold moments as DateTime writes them ("2006-01-02
	// 15:04"): dates with a time in an .xlsx.
	DateTimes []int
	// Codes hold identifiers made of digits (KvK number, postcode): text
	// with the text format in an .xlsx, so no leading zero is lost when
	// someone edits the cell.
	Codes []int
}

// Formats are the download formats Serve knows.
var Formats = []string{"csv", "xlsx"}

// Content types of the formats.
const (
	ContentTypeCSV  = "text/csv; charset=utf-8"
	ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// bom makes Excel read a CSV file as UTF-8.
const bom = "\uFEFF"

// Safe neutralises formula injection: a value that starts with =, +, -, @,
// a tab or a carriage return would be taken for a formula (or a command) by
// a spreadsheet, so it gets a leading apostrophe and stays text.
func Safe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Restore undoes Safe for a value that comes back from a download: the
// apostrophe before a formula character goes, so exporting and importing
// again never stacks apostrophes. Safe(Restore(Safe(s))) == Safe(s).
func Restore(s string) string {
	if len(s) > 1 && s[0] == '\'' && Safe(s[1:]) == s {
		return s[1:]
	}
	return s
}

// plainNumber is a number as the portal writes one: digits, an optional
// minus sign and decimal part (point or Dutch comma).
var plainNumber = regexp.MustCompile(`^-?[0-9]{1,15}([.,][0-9]{1,10})?$`)

// number returns the value of a numeric cell, and whether it is one.
func number(s string) (float64, bool) {
	if !plainNumber.MatchString(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	return f, err == nil
}

func (t Table) numeric(col int) bool {
	return slices.Contains(t.Numeric, col) || slices.Contains(t.Decimals, col)
}

// cell is the text of a cell as written: a plain number in a numeric column
// as it is, anything else through Safe.
func (t Table) cell(col int, s string) string {
	if t.numeric(col) {
		if _, ok := number(s); ok {
			return s
		}
	}
	return Safe(s)
}

// WriteCSV writes t as CSV for Dutch Excel: a byte order mark, ";" as the
// separator, CRLF line ends, fields quoted as RFC 4180 says.
func WriteCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	rec := make([]string, len(t.Headers))
	for i, h := range t.Headers {
		rec[i] = Safe(h)
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, row := range t.Rows {
		rec = rec[:0]
		for i, v := range row {
			rec = append(rec, t.cell(i, v))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// xlsxStyles are the cell styles of a workbook.
type xlsxStyles struct{ bold, date, dateTime, text, pct, dec int }

func newStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	var err error
	add := func(dst *int, st *excelize.Style) {
		if err == nil {
			*dst, err = f.NewStyle(st)
		}
	}
	dateFmt, dateTimeFmt, decFmt := "dd-mm-yyyy", "dd-mm-yyyy hh:mm", "0.0"
	add(&s.bold, &excelize.Style{Font: &excelize.Font{Bold: true}})
	add(&s.date, &excelize.Style{CustomNumFmt: &dateFmt})
	add(&s.dateTime, &excelize.Style{CustomNumFmt: &dateTimeFmt})
	add(&s.text, &excelize.Style{NumFmt: 49}) // "@": text
	add(&s.pct, &excelize.Style{NumFmt: 9})   // 0%
	add(&s.dec, &excelize.Style{CustomNumFmt: &decFmt})
	return s, err
}

// xlsxValue is the cell of column col: a number, date or text as the
// column says, any text through Safe; nil for an empty cell.
func (t Table) xlsxValue(col int, v string, st xlsxStyles) any {
	if v == "" {
		return nil
	}
	switch {
	case slices.Contains(t.Percents, col):
		if n, ok := number(strings.TrimSuffix(strings.TrimSpace(v), "%")); ok {
			return excelize.Cell{StyleID: st.pct, Value: n / 100}
		}
	case slices.Contains(t.Decimals, col):
		if n, ok := number(v); ok {
			return excelize.Cell{StyleID: st.dec, Value: n}
		}
	case t.numeric(col):
		if n, ok := number(v); ok {
			return n
		}
	case slices.Contains(t.Dates, col):
		if d, err := time.Parse("2006-01-02", v); err == nil {
			return excelize.Cell{StyleID: st.date, Value: d}
		}
	case slices.Contains(t.DateTimes, col):
		if d, err := time.Parse("2006-01-02 15:04", v); err == nil {
			return excelize.Cell{StyleID: st.dateTime, Value: d}
		}
	case slices.Contains(t.Codes, col):
		return excelize.Cell{StyleID: st.text, Value: xmlSafe(Safe(v))}
	}
	return xmlSafe(Safe(v))
}

// WriteXLSX writes t as a workbook with one sheet: the header row in bold
// and frozen, text cells as text, numeric columns as numbers, dates as
// dates.
func WriteXLSX(w io.Writer, t Table) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := SheetName(t.Name)
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i := range t.Headers {
		if err := sw.SetColWidth(i+1, i+1, columnWidth(t, i)); err != nil {
			return err
		}
	}
	if len(t.Headers) > 0 {
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	header := make([]any, len(t.Headers))
	for i, h := range t.Headers {
		header[i] = excelize.Cell{StyleID: st.bold, Value: xmlSafe(Safe(h))}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for r, row := range t.Rows {
		vals := make([]any, len(row))
		for i, v := range row {
			vals[i] = t.xlsxValue(i, v, st)
		}
		cell, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// columnWidth is a width that fits the header and most values, within reason.
func columnWidth(t Table, col int) float64 {
	n := utf8.RuneCountInString(t.Headers[col])
	for i, row := range t.Rows {
		if i == 200 { // a sample is enough
			break
		}
		if col < len(row) {
			n = max(n, utf8.RuneCountInString(row[col]))
		}
	}
	return float64(min(max(n, 6), 60)) + 2
}

// xmlSafe drops the control characters XML cannot hold (all below space
// except tab, line feed and carriage return).
func xmlSafe(s string) string {
	if !strings.ContainsFunc(s, isBadXML) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBadXML(r) {
			return -1
		}
		return r
	}, s)
}

func isBadXML(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF
}

// SheetName is name as a valid sheet name: at most 31 characters, none of
// []:*?/\ and not empty.
func SheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(name))
	name = strings.Trim(name, "'")
	if name == "" {
		return "Export"
	}
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	return name
}

// FileName is the download's file name: the table's name in ASCII (letters
// without accents, other characters as "-"), the date and the extension.
func FileName(name string, day time.Time, format string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if a, ok := ascii[r]; ok {
			r = a
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	base := strings.TrimRight(b.String(), "-")
	if len(base) > 60 {
		base = strings.TrimRight(base[:60], "-")
	}
	if base == "" {
		base = "export"
	}
	return base + "-" + day.Format("2006-01-02") + "." + format
}

// ascii maps the accented letters of Dutch (and its neighbours) to ASCII.
var ascii = map[rune]rune{
	'á': 'a', 'à': 'a', 'ä': 'a', 'â': 'a', 'å': 'a', 'ã': 'a',
	'é': 'e', 'è': 'e', 'ë': 'e', 'ê': 'e',
	'í': 'i', 'ì': 'i', 'ï': 'i', 'î': 'i',
	'ó': 'o', 'ò': 'o', 'ö': 'o', 'ô': 'o', 'õ': 'o', 'ø': 'o',
	'ú': 'u', 'ù': 'u', 'ü': 'u', 'û': 'u',
	'ç': 'c', 'ñ': 'n', 'ý': 'y', 'ÿ': 'y', 'ß': 's',
}

// Format returns the format of a download path's extension ("csv" or
// "xlsx"), and false for any other.
func Format(ext string) (string, bool) {
	ext = strings.TrimPrefix(strings.ToLower(ext), ".")
	return ext, slices.Contains(Formats, ext)
}

// Date formats a date for a download (ISO, which Excel reads as a date and
// which sorts as text); the zero time is empty.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// DatePtr is Date of a date that may be missing.
func DatePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return Date(*t)
}

// DateTime formats a moment in Dutch time, to the minute.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(nltime.Amsterdam).Format("2006-01-02 15:04")
}

// DateTimePtr is DateTime of a moment that may be missing.
func DateTimePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return DateTime(*t)
}

// IsDateSerial reports whether raw, a cell's stored value in an .xlsx, is
// the date iso ("2006-01-02") as a spreadsheet's serial number; tests of
// the downloads use it to check that dates come back as dates.
func IsDateSerial(raw, iso string) bool {
	n, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return false
	}
	t, err := excelize.ExcelDateToTime(n, false)
	return err == nil && t.Format("2006-01-02") == iso
}

// YesNo is "ja" or "nee".
func YesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}
