package internal_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// readsTheClock lists the domain files that may still read the system clock
// themselves, each with why. Everything else asks the nltime.Clock that
// app.New hands down (Options.Clock), so a test can stop time.
var readsTheClock = map[string]string{
	"auth/links_handlers.go":    "measures how long a request took, not what time it is",
	"duplicates/pairs.go":       "measures how long a full comparison took",
	"events/reminders.go":       "the default of ReminderOptions.Now when no clock is given",
	"events/ics.go":             "DTSTAMP says when the file was made",
	"demo/demo.go":              "the demo's dates move along with the day of seeding",
	"demo/national.go":          "the demo's dates move along with the day of seeding",
	"demo/demotest/demotest.go": "the tests' demo template is seeded anew every hour, as the demo's dates move",
}

// TestOneClock: no domain code calls time.Now or nltime.Today outside the
// files listed in readsTheClock.
func TestOneClock(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(file, ".go") || strings.HasSuffix(file, "_test.go") {
			return err
		}
		rel := filepath.ToSlash(file)
		if strings.HasPrefix(rel, "platform/") || strings.HasPrefix(rel, "app/apptest/") {
			return nil
		}
		if _, ok := readsTheClock[rel]; ok {
			return nil
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); ok && (pkg.Name == "time" && sel.Sel.Name == "Now" || pkg.Name == "nltime" && sel.Sel.Name == "Today") {
				t.Errorf("internal/%s: %s.%s reads the system clock; use the Clock app.New hands down", fset.Position(sel.Pos()), pkg.Name, sel.Sel.Name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
