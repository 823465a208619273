package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func sample() Table {
	return Table{
		Name:    "Werkgevers & contactpersonen",
		Headers: []string{"Naam", "Plaats", "Aantal medewerkers", "Notitie"},
		Rows: [][]string{
			{"Bakkerij De Vries", "Enschede", "120", "Gewoon"},
			{"=HYPERLINK(\"http://kwaad.example\")", "+31 6 1234", "-5", "@SUM(A1:A2)"},
			{"Smit; Zonen", "Den \"Haag\"", "", "regel 1\nregel 2"},
			{"\tverborgen", "\rterug", "12,5", "-2+3"},
			{"Zoë Ünal", "'s-Hertogenbosch", "x", ""},
		},
		Numeric: []int{2},
	}
}

func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "",
		"gewoon":                 "gewoon",
		"=1+1":                   "'=1+1",
		"+31 6 12345678":         "'+31 6 12345678",
		"-2+3+cmd|' /C calc'!A0": "'-2+3+cmd|' /C calc'!A0",
		"@SUM(A1)":               "'@SUM(A1)",
		"\t=1":                   "'\t=1",
		"\r=1":                   "'\r=1",
		"a=1":                    "a=1",
		" =1":                    " =1",
		"'s-Hertogenbosch":       "'s-Hertogenbosch",
	} {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\uFEFF") {
		t.Fatalf("no byte order mark: %q", out[:10])
	}
	if !strings.HasPrefix(out, "\uFEFFNaam;Plaats;Aantal medewerkers;Notitie\r\n") {
		t.Errorf("header line: %q", strings.SplitN(out, "\n", 2)[0])
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("not RFC 4180: %v\n%s", err, out)
	}
	want := [][]string{
		{"Naam", "Plaats", "Aantal medewerkers", "Notitie"},
		{"Bakkerij De Vries", "Enschede", "120", "Gewoon"},
		{"'=HYPERLINK(\"http://kwaad.example\")", "'+31 6 1234", "-5", "'@SUM(A1:A2)"},
		{"Smit; Zonen", "Den \"Haag\"", "", "regel 1\nregel 2"},
		{"'\tverborgen", "'\rterug", "12,5", "'-2+3"},
		{"Zoë Ünal", "'s-Hertogenbosch", "x", ""},
	}
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d", len(recs), len(want))
	}
	for i := range want {
		for j := range want[i] {
			// encoding/csv turns \r\n inside a quoted field into \n on reading.
			w := strings.ReplaceAll(want[i][j], "\r", "\n")
			if i == 4 && j == 1 {
				// With CRLF line ends a lone carriage return is dropped.
				w = "'terug"
			}
			if recs[i][j] != w {
				t.Errorf("row %d col %d: %q, want %q", i, j, recs[i][j], w)
			}
		}
	}
	// Fields with the separator, quotes or line breaks are quoted.
	for _, s := range []string{`"Smit; Zonen"`, `"Den ""Haag"""`, "\"regel 1\r\nregel 2\""} {
		if !strings.Contains(out, s) {
			t.Errorf("CSV lacks %s", s)
		}
	}
}

func TestWriteXLSXReadBack(t *testing.T) {
	var buf bytes.Buffer
	tb := sample()
	if err := WriteXLSX(&buf, tb); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != 1 || sheets[0] != "Werkgevers & contactpersonen" {
		t.Fatalf("sheets %v", sheets)
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], "|") != "Naam|Plaats|Aantal medewerkers|Notitie" {
		t.Errorf("header %v", rows[0])
	}
	if rows[2][0] != "'=HYPERLINK(\"http://kwaad.example\")" || rows[2][1] != "'+31 6 1234" || rows[2][3] != "'@SUM(A1:A2)" {
		t.Errorf("injection not neutralised: %q", rows[2])
	}
	if rows[4][0] != "'\tverborgen" || rows[4][3] != "'-2+3" {
		t.Errorf("row 4: %q", rows[4])
	}
	if rows[5][0] != "Zoë Ünal" || rows[5][1] != "'s-Hertogenbosch" {
		t.Errorf("text changed: %q", rows[5])
	}
	// No cell holds a formula.
	for r := 1; r <= len(rows); r++ {
		for c := 1; c <= 4; c++ {
			name, _ := excelize.CoordinatesToCellName(c, r)
			if fm, _ := f.GetCellFormula(sheets[0], name); fm != "" {
				t.Errorf("%s holds formula %q", name, fm)
			}
		}
	}
	// The numeric column holds numbers; text elsewhere stays text.
	for cell, want := range map[string]excelize.CellType{
		"C2": excelize.CellTypeNumber, "C3": excelize.CellTypeNumber, "C5": excelize.CellTypeNumber,
		"A2": excelize.CellTypeInlineString, "B2": excelize.CellTypeInlineString, "C6": excelize.CellTypeInlineString,
	} {
		got, err := f.GetCellType(sheets[0], cell)
		if got == excelize.CellTypeUnset { // a number cell has no type attribute
			got = excelize.CellTypeNumber
		}
		if err != nil || got != want {
			t.Errorf("%s: type %v (%v), want %v", cell, got, err, want)
		}
	}
	if v, _ := f.GetCellValue(sheets[0], "C5"); v != "12.5" {
		t.Errorf("C5 = %q, want 12.5", v)
	}
	if v, _ := f.GetCellValue(sheets[0], "C3"); v != "-5" {
		t.Errorf("C3 = %q, want -5", v)
	}
	// The header row is bold.
	style, err := f.GetCellStyle(sheets[0], "A1")
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(style)
	if err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header not bold: %+v %v", st, err)
	}
}

func TestWriteXLSXEmptyAndOdd(t *testing.T) {
	var buf bytes.Buffer
	tb := Table{Name: "a/b[c]:d*e?f\\g that is much longer than thirty-one characters", Headers: []string{"Naam"},
		Rows: [][]string{{"met \x01 stuurteken"}}}
	if err := WriteXLSX(&buf, tb); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	name := f.GetSheetList()[0]
	if len([]rune(name)) > 31 || strings.ContainsAny(name, `[]:*?/\`) {
		t.Errorf("sheet name %q", name)
	}
	if v, _ := f.GetCellValue(name, "A2"); v != "met  stuurteken" {
		t.Errorf("A2 = %q", v)
	}
}

func TestFileName(t *testing.T) {
	day := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"werkgevers":                       "werkgevers-2026-03-09.csv",
		"Deelnemers Café Zoë: \"netwerk\"": "deelnemers-cafe-zoe-netwerk-2026-03-09.csv",
		"":                                 "export-2026-03-09.csv",
		"日本":                               "export-2026-03-09.csv",
		"a\r\nContent-Type: x":             "a-content-type-x-2026-03-09.csv",
	} {
		if got := FileName(in, day, "csv"); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFormat(t *testing.T) {
	for in, want := range map[string]bool{"csv": true, ".xlsx": true, "CSV": true, "pdf": false, "": false} {
		if _, ok := Format(in); ok != want {
			t.Errorf("Format(%q) = %v", in, ok)
		}
	}
}
