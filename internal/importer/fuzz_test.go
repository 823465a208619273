package importer

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	xunicode "golang.org/x/text/encoding/unicode"
)

// FuzzParse feeds arbitrary bytes through everything that reads a file:
// Parse, Guess, Check, Map (with the guessed mapping and with one that maps
// every field) and BuildPlan against a few stored employers. Nothing may
// panic, and what comes out keeps the limits. Run it with
//
//	go test -run x -fuzz FuzzParse -fuzztime 60s ./internal/importer
//
// Inputs that once failed live in testdata/fuzz/FuzzParse and run with
// every go test.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil && len(b) < 8<<10 {
			f.Add(b)
		}
	}
	f.Add(sampleXLSX(f))
	if b, err := os.ReadFile(samplePath); err == nil {
		f.Add(b[:2048])
	}
	utf16, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().Bytes([]byte("Naam\tE-mail\nA\ta@b.nl\n"))
	f.Add(utf16)
	f.Add([]byte("Naam;KvK;Postcode\n\"a\"\"b\";1234567;1234ab\n;;\n\"x\ny\";00000001;9999 ZZ\n"))
	f.Add([]byte("PK\x03\x04"))

	ref := testRef()
	five := 5
	existing := &Existing{
		Elsewhere: map[string]bool{"00000001": true},
		Employers: []*ExistingEmployer{
			{ID: 1, Values: EmployerValues{Name: "a", KvK: "01234567", Postcode: "1234 AB", Employees: &five},
				Contacts: []*ExistingContact{{ID: 1, Values: ContactValues{Name: "A", Email: "a@b.nl"}}}},
			{ID: 2, Values: EmployerValues{Name: "x"}},
			{ID: 3, Values: EmployerValues{Name: "x"}},
		},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		table, err := Parse(context.Background(), data)
		if err != nil {
			if _, ok := err.(*FileError); !ok {
				t.Fatalf("not a FileError: %T %v", err, err)
			}
			return
		}
		if len(table.Header) == 0 || len(table.Header) > MaxColumns || len(table.Rows) == 0 || len(table.Rows) > MaxRows {
			t.Fatalf("header of %d, %d rows", len(table.Header), len(table.Rows))
		}
		last := table.HeaderRow
		for _, r := range table.Rows {
			if r.Num <= last || len(r.Cells) > MaxColumns {
				t.Fatalf("row %d after %d with %d cells", r.Num, last, len(r.Cells))
			}
			last = r.Num
			for _, c := range r.Cells {
				if !utf8.ValidString(c) || utf8.RuneCountInString(c) > MaxCellChars {
					t.Fatalf("cell %q", c)
				}
			}
		}
		all := make(Mapping, len(table.Header))
		for i := range all {
			if i < len(Fields) {
				all[i] = Fields[i].Key
			}
		}
		for _, m := range []Mapping{Guess(table.Header), all} {
			m.Check(len(table.Header))
			res := Map(table, m, ref)
			if res.RefusedRows() > len(table.Rows) {
				t.Fatalf("%d refused of %d rows", res.RefusedRows(), len(table.Rows))
			}
			plan := BuildPlan(res, existing)
			c := plan.Counts
			if c.EmployersNew+c.EmployersChanged+c.EmployersUnchanged != len(plan.Actions) {
				t.Fatalf("counts %+v for %d actions", c, len(plan.Actions))
			}
			for _, p := range append(plan.Refused, plan.Notes...) {
				if utf8.RuneCountInString(p.Value) > 81 || p.Row <= table.HeaderRow {
					t.Fatalf("problem %+v", p)
				}
			}
		}
	})
}
