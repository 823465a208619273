package dashboard

import (
	"io"

	"netwerkportaal/internal/platform/export"
)

// Content types of the downloads, as every download of the portal has them.
const (
	ContentTypeCSV  = export.ContentTypeCSV
	ContentTypeXLSX = export.ContentTypeXLSX
)

// exportTable is t as the portal's downloads write it (platform/export):
// one neutralising rule for text (export.Safe), counts and decimals as
// numbers, percentages as fractions and dates as dates in the .xlsx, dates
// in ISO in the CSV. A column's kind is that of its typed cells; a hidden
// "<5" or a missing "–" in it stays text.
func exportTable(t Table) export.Table {
	out := export.Table{Name: t.Name}
	for _, c := range t.Columns {
		out.Headers = append(out.Headers, c.Label)
	}
	kinds := map[int]CellKind{}
	for _, row := range t.Rows {
		for i, c := range row {
			if c.Kind != KindText {
				kinds[i] = c.Kind
			}
		}
	}
	for i := range t.Columns {
		switch kinds[i] {
		case KindInt:
			out.Numeric = append(out.Numeric, i)
		case KindDec:
			out.Decimals = append(out.Decimals, i)
		case KindPct:
			out.Percents = append(out.Percents, i)
		case KindDate:
			out.Dates = append(out.Dates, i)
		}
	}
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, c := range row {
			rec[i] = c.Text
			if c.Kind == KindDate {
				rec[i] = c.Date
			}
		}
		out.Rows = append(out.Rows, rec)
	}
	return out
}

// WriteCSV writes t for Dutch Excel, as every CSV download of the portal.
func WriteCSV(w io.Writer, t Table) error { return export.WriteCSV(w, exportTable(t)) }

// WriteXLSX writes t as a workbook of one sheet, as every .xlsx download.
func WriteXLSX(w io.Writer, t Table) error { return export.WriteXLSX(w, exportTable(t)) }
