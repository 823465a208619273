package export

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// ReadBackXLSX opens a workbook as a spreadsheet program would, for tests.
func readBack(t *testing.T, b []byte) (*excelize.File, string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, f.GetSheetName(0)
}

// TestTypedColumns: dates come back from the .xlsx as dates (a serial
// number shown in a Dutch date format), codes as text, percentages as
// fractions; in CSV dates stay ISO.
func TestTypedColumns(t *testing.T) {
	tab := Table{Name: "typen", Headers: []string{"Datum", "Moment", "KvK", "Postcode", "Opkomst", "Banen", "Naam"},
		Rows: [][]string{
			{"2026-12-02", "2026-12-02 14:30", "01234567", "7511 AB", "45%", "2,5", "=1+1"},
			{"", "", "", "", "–", "<5", "gewoon"},
		},
		Dates: []int{0}, DateTimes: []int{1}, Codes: []int{2, 3}, Percents: []int{4}, Decimals: []int{5}}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, tab); err != nil {
		t.Fatal(err)
	}
	f, sheet := readBack(t, buf.Bytes())
	want := map[string]string{"A2": "02-12-2026", "B2": "02-12-2026 14:30", "C2": "01234567", "D2": "7511 AB", "E2": "45%",
		"F2": "2.5", "G2": "'=1+1", "E3": "–", "F3": "<5"}
	for cell, w := range want {
		if got, _ := f.GetCellValue(sheet, cell); got != w {
			t.Errorf("%s shows %q, want %q", cell, got, w)
		}
	}
	// A date is a number with a date format, not text.
	if typ, _ := f.GetCellType(sheet, "A2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("A2 is text (%v)", typ)
	}
	raw, _ := f.GetCellValue(sheet, "A2", excelize.Options{RawCellValue: true})
	d, err := excelize.ExcelDateToTime(mustFloat(t, raw), false)
	if err != nil || !d.Equal(time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("A2 holds %q = %v (%v)", raw, d, err)
	}
	raw, _ = f.GetCellValue(sheet, "B2", excelize.Options{RawCellValue: true})
	if d, _ := excelize.ExcelDateToTime(mustFloat(t, raw), false); d.Format("2006-01-02 15:04") != "2026-12-02 14:30" {
		t.Errorf("B2 holds %q = %v", raw, d)
	}
	// The code keeps its zero and is text.
	if typ, _ := f.GetCellType(sheet, "C2"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("C2 type %v, want text", typ)
	}
	buf.Reset()
	if err := WriteCSV(&buf, tab); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "2026-12-02;2026-12-02 14:30;01234567;7511 AB;45%;2,5;'=1+1") {
		t.Errorf("CSV %q", buf.String())
	}
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	n, ok := number(s)
	if !ok {
		var f float64
		if _, err := fmtSscan(s, &f); err != nil {
			t.Fatalf("%q is no number", s)
		}
		return f
	}
	return n
}

func fmtSscan(s string, f *float64) (int, error) { return fmt.Sscan(s, f) }
