package importer

import (
	"bytes"
	"context"

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
