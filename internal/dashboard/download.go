package dashboard

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Content types of the downloads.
const (
	ContentTypeCSV  = "text/csv; charset=utf-8"
	ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// safeText keeps a spreadsheet from running a text cell as a formula
// (CSV injection): a value starting with =, +, -, @, tab or carriage
// return gets a leading apostrophe.
func safeText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteCSV writes t for Dutch Excel: a UTF-8 byte order mark (or Excel
// reads the accents wrongly), ";" between fields (a comma is the decimal
// separator) and CRLF line ends. Numbers are written as shown.
func WriteCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = safeText(c.Label)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, c := range row {
			rec[i] = c.Text
			if c.Kind == KindText {
				rec[i] = safeText(c.Text)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes t as a workbook of one sheet: a bold heading row and
// typed cells, so numbers add up in Excel and fractions show as percentages.
// Text cells are stored as strings, never as formulas.
func WriteXLSX(w io.Writer, t Table) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.Name
	if len(sheet) > 31 {
		sheet = sheet[:31]
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 9}) // 0%
	if err != nil {
		return err
	}
	oneDecimal := "0.0"
	dec, err := f.NewStyle(&excelize.Style{CustomNumFmt: &oneDecimal})
	if err != nil {
		return err
	}
	for i, c := range t.Columns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(sheet, cell, c.Label); err != nil {
			return err
		}
		f.SetCellStyle(sheet, cell, cell, bold)
	}
	for r, row := range t.Rows {
		for i, c := range row {
			cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
			if err := writeCell(f, sheet, cell, c, pct, dec); err != nil {
				return err
			}
		}
	}
	if n := len(t.Columns); n > 0 {
		last, _ := excelize.ColumnNumberToName(n)
		f.SetColWidth(sheet, "A", last, 18)
	}
	return f.Write(w)
}

func writeCell(f *excelize.File, sheet, cell string, c Cell, pct, dec int) error {
	switch c.Kind {
	case KindInt:
		return f.SetCellInt(sheet, cell, int64(c.Value))
	case KindDec:
		if err := f.SetCellFloat(sheet, cell, c.Value, 1, 64); err != nil {
			return err
		}
		return f.SetCellStyle(sheet, cell, cell, dec)
	case KindPct:
		if err := f.SetCellFloat(sheet, cell, c.Value, -1, 64); err != nil {
			return err
		}
		return f.SetCellStyle(sheet, cell, cell, pct)
	}
	return f.SetCellStr(sheet, cell, c.Text)
}
