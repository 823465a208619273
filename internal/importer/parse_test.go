package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	xunicode "golang.org/x/text/encoding/unicode"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustParse(t testing.TB, data []byte) *Table {
	t.Helper()
	table, err := Parse(context.Background(), data)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return table
}

// fileErr parses data and returns the Dutch message of its FileError.
func fileErr(t testing.TB, data []byte) string {
	t.Helper()
	_, err := Parse(context.Background(), data)
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("want a FileError, got %v", err)
	}
	return fe.Error()
}

// sampleXLSX builds a workbook as a coordinator would: a KvK number typed
// as a number (its leading zero gone), a count as a number, an empty row.
func sampleXLSX(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows := [][]any{
		{"Werkgever", "KvK", "Sector", "Medewerkers", "Postcode", "Plaats", "Contactpersoon", "E-mail", "Functie"},
		{"Zuivelfabriek De Eendracht", 1234567, "C", 140, "7481 AB", "Haaksbergen", "Marloes Hulshof", "marloes@eendracht.example", "HR-manager"},
		{"Zuivelfabriek De Eendracht", 1234567, "C", 140, "7481 AB", "Haaksbergen", "Niels Bruggink", "niels@eendracht.example", "Directeur"},
		{},
		{"Fietsenmakerij Wielewaal", "90100020", "Handel", 3, "7522 CD", "Enschede", "Yvonne Noordik", "yvonne@wielewaal.example", "Eigenaar"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if len(r) > 0 {
			if err := f.SetSheetRow(sheet, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseFormats(t *testing.T) {
	utf16, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().Bytes(readTestdata(t, "utf8-komma.csv"))
	tests := []struct {
		name      string
		data      []byte
		format    string
		encoding  string
		delim     rune
		header0   string
		rows      []int // row numbers
		wantCells map[int]string
	}{
		{"utf8-bom-puntkomma.csv", readTestdata(t, "utf8-bom-puntkomma.csv"), "csv", "UTF-8 met BOM", ';',
			"Bedrijfsnaam", []int{2, 3, 4}, map[int]string{0: "Café De Zwaan", 6: "Anouk Brinkman"}},
		// A cell with a line break is one row, as a spreadsheet program shows
		// it: the next record is row 3, although it starts on line 4.
		{"utf8-komma.csv", readTestdata(t, "utf8-komma.csv"), "csv", "UTF-8", ',',
			"Company", []int{2, 3, 4}, map[int]string{0: "Smit, Jansen & Zn. Installatietechniek", 11: "Eerste gesprek in maart,\nvervolg na de zomer"}},
		{"windows1252-tab.txt", readTestdata(t, "windows1252-tab.txt"), "csv", "Windows-1252", '\t',
			"Organisatie", []int{2, 3, 4}, map[int]string{0: "Brasserie Één", 6: "Renée", 7: "van der"}},
		{"utf16", utf16, "csv", "UTF-16", ',', "Company", []int{2, 3, 4}, map[int]string{0: "Smit, Jansen & Zn. Installatietechniek"}},
		{"xlsx", sampleXLSX(t), "xlsx", "", 0, "Werkgever", []int{2, 3, 5}, map[int]string{1: "1234567", 3: "140"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table := mustParse(t, tt.data)
			if table.Format != tt.format || table.Encoding != tt.encoding || table.Delimiter != tt.delim {
				t.Errorf("format %q encoding %q delimiter %q", table.Format, table.Encoding, table.Delimiter)
			}
			if table.Header[0] != tt.header0 || table.HeaderRow != 1 {
				t.Errorf("header %q at row %d", table.Header, table.HeaderRow)
			}
			var nums []int
			for _, r := range table.Rows {
				nums = append(nums, r.Num)
			}
			if !slices.Equal(nums, tt.rows) {
				t.Errorf("row numbers %v, want %v", nums, tt.rows)
			}
			for i, want := range tt.wantCells {
				if got := table.Rows[0].Cell(i); got != want {
					t.Errorf("cell %d of the first row %q, want %q", i, got, want)
				}
			}
		})
	}
}

func TestParseRefusesHostileFiles(t *testing.T) {
	tooManyRows := func() []byte {
		var b bytes.Buffer
		b.WriteString("Bedrijfsnaam;Plaats\n")
		for i := 0; i <= MaxRows; i++ {
			fmt.Fprintf(&b, "Werkgever %d;Enschede\n", i)
		}
		return b.Bytes()
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"broken quoting", readTestdata(t, "kapotte-aanhalingstekens.csv"), "fout in de aanhalingstekens op regel 3"},
		{"bare quote", []byte("Naam;Plaats\nBakkerij \"De Korf\";Enschede\n"), "aanhalingstekens op regel 2"},
		{"binary junk", readTestdata(t, "binair.csv"), "tekens die niet in een tekstbestand horen"},
		{"NUL bytes", []byte("Naam;Plaats\nBakkerij\x00;Enschede\n"), "op regel 2 tekens die niet in een tekstbestand horen"},
		{"huge cell", readTestdata(t, "grote-cel.csv"), "De cel in rij 2, kolom C is te lang: 3000 tekens"},
		{"too many rows", tooManyRows(), "meer dan 20000 rijen"},
		{"too many columns", []byte(strings.Repeat("k;", 120) + "x\n" + strings.Repeat("v;", 120) + "y\n"), "Rij 1 heeft 121 kolommen"},
		{"ten million separators", append([]byte("Naam;Plaats\n"), bytes.Repeat([]byte(";"), 5_000_000)...), "De rij die begint op regel 2 heeft meer dan 1000 cellen"},
		{"too large", append([]byte("Naam\n"), bytes.Repeat([]byte("a\n"), MaxFileBytes)...), "groter dan 10 MB"},
		{"empty", []byte{}, "Het bestand is leeg."},
		{"only empty cells", []byte(" \n\n , , \n"), "Het bestand is leeg."},
		{"header only", []byte("Naam;Plaats\n"), "geen rijen met gegevens"},
		{"old excel", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), "oud Excel-bestand"},
		{"zip, not a workbook", []byte("PK\x03\x04 not really a zip"), "kan niet worden gelezen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fileErr(t, tt.data); !strings.Contains(got, tt.want) {
				t.Errorf("message %q lacks %q", got, tt.want)
			}
		})
	}
}

func TestParseDeadline(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("Naam\n")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&b, "Werkgever %d\n", i)
	}
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, err := Parse(ctx, b.Bytes())
	var fe *FileError
	if !errors.As(err, &fe) || fe.Msg != msgTimeout {
		t.Errorf("past the deadline: %v", err)
	}
}

func TestSniffDelimiter(t *testing.T) {
	for in, want := range map[string]rune{
		"a;b;c\n1,5;2;3":            ';',
		"a,b,c\n":                   ',',
		"a\tb\tc":                   '\t',
		"a|b|c":                     '|',
		`"naam; bedrijf",plaats,pc`: ',',
		"naam":                      ',',
		"a;b,c":                     ';', // a tie: the Dutch default
	} {
		if got := sniffDelimiter(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestColumnLetter(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := ColumnLetter(i); got != want {
			t.Errorf("%d: %q, want %q", i, got, want)
		}
	}
}
