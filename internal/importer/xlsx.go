package importer

import (
	"bytes"
	"context"
	"regexp"
	"strconv"

	"github.com/xuri/excelize/v2"

	"netwerkportaal/internal/platform/validate"
)

// maxSheetRows bounds the rows read from a worksheet, empty ones included:
// the most a spreadsheet program allows.
const maxSheetRows = 1_048_576

// parseXLSX reads the first worksheet of an .xlsx file: the values as the
// spreadsheet program shows them (number formats applied; for a formula its
// last computed value, never the formula itself).
func parseXLSX(ctx context.Context, data []byte) (t *Table, err error) {
	// excelize is a large parser of untrusted input: whatever goes wrong in
	// it is an unreadable file, not a crashed request.
	defer func() {
		if v := recover(); v != nil {
			t, err = nil, fileError(msgXLSXUnreadable)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: maxUnzippedBytes, UnzipXMLSizeLimit: maxUnzippedBytes,
	})
	if err != nil {
		if err == excelize.ErrWorkbookFileFormat || err == excelize.ErrWorkbookPassword {
			return nil, fileError(msgOldExcel)
		}
		return nil, fileError(msgXLSXUnreadable)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileError(msgXLSXUnreadable)
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fileError(msgXLSXUnreadable)
	}
	defer rows.Close()
	// A second pass over the same rows gives the stored values, so a date
	// cell is read as the date it holds rather than as its display format
	// (Excel's default "mm-dd-yy" would turn 2 December into 12-02-26).
	raws, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fileError(msgXLSXUnreadable)
	}
	defer raws.Close()
	t = &Table{Format: "xlsx", Sheet: sheets[0]}
	b := &tableBuilder{ctx: ctx, t: t}
	for num := 1; rows.Next(); num++ {
		if num > maxSheetRows {
			return nil, fileError(msgTooManyRows, MaxRows)
		}
		cells, err := rows.Columns()
		if err != nil {
			return nil, fileError(msgXLSXUnreadable)
		}
		raws.Next()
		raw, err := raws.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fileError(msgXLSXUnreadable)
		}
		for i := range min(len(cells), len(raw)) {
			if d, ok := dateCell(cells[i], raw[i]); ok {
				cells[i] = d
			}
		}
		// XML cannot hold most control characters, but excelize decodes
		// escapes such as _x0000_: clean them out like typed text.
		for i, c := range cells {
			cells[i] = validate.CleanText(c)
		}
		if err := b.add(num, cells); err != nil {
			return nil, err
		}
	}
	if rows.Error() != nil {
		return nil, fileError(msgXLSXUnreadable)
	}
	return b.done()
}

// shownAsDate matches a number displayed as a date: 2-12-2026, 12/02/26,
// 2026-12-02, 2-dec-26, possibly with a time.
var shownAsDate = regexp.MustCompile(`^\d{1,4}[-/.](\d{1,2}|\pL{3,9})[-/.]\d{2,4}( \d{1,2}:\d{2}(:\d{2})?)?$`)

// dateCell returns the ISO date (with the time, when it has one) of a cell
// whose stored value is a serial number that the sheet shows as a date.
func dateCell(shown, raw string) (string, bool) {
	if shown == raw || !shownAsDate.MatchString(shown) {
		return "", false
	}
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil || serial < 1 || serial > 2_958_465 {
		return "", false
	}
	t, err := excelize.ExcelDateToTime(serial, false)
	if err != nil {
		return "", false
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("2006-01-02"), true
	}
	return t.Format("2006-01-02 15:04"), true
}
