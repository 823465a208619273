package dashboard

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"netwerkportaal/internal/platform/export"
)

// TestDownloadTypes: the dashboard's downloads are written by
// platform/export: one neutralising rule, dates as dates in the .xlsx and
// ISO in the CSV, numbers and percentages typed, "<5" kept as text.
func TestDownloadTypes(t *testing.T) {
	since := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	tab := Table{Name: "een-contactpersoon", Columns: []Column{{Label: "Werkgever"}, {Label: "Lid sinds"}, {Label: "Mensen"},
		{Label: "Opkomst"}},
		Rows: [][]Cell{
			{textCell("=HYPERLINK(\"x\")"), dateCell(&since), intCell(12), pctCell(3, 4)},
			{textCell("-Min"), dateCell(nil), smallInt(3), missingCell()},
		}}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, tab); err != nil {
		t.Fatal(err)
	}
	if want := "'=HYPERLINK(\"\"x\"\")\";2026-12-02;12;75%"; !strings.Contains(buf.String(), want) || !strings.Contains(buf.String(), "'-Min;–;<5;–") {
		t.Errorf("CSV %q", buf.String())
	}
	buf.Reset()
	if err := WriteXLSX(&buf, tab); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	shown := func(c string) string { v, _ := f.GetCellValue(sheet, c); return v }
	raw := func(c string) string {
		v, _ := f.GetCellValue(sheet, c, excelize.Options{RawCellValue: true})
		return v
	}
	if shown("A2") != `'=HYPERLINK("x")` || shown("A3") != "'-Min" {
		t.Errorf("not neutralised: %q %q", shown("A2"), shown("A3"))
	}
	if shown("B2") != "02-12-2026" || !export.IsDateSerial(raw("B2"), "2026-12-02") {
		t.Errorf("date shown %q stored %q", shown("B2"), raw("B2"))
	}
	if raw("C2") != "12" || shown("C3") != "<5" || raw("D2") != "0.75" || shown("D2") != "75%" {
		t.Errorf("numbers %q %q %q %q", raw("C2"), shown("C3"), raw("D2"), shown("D2"))
	}
}
