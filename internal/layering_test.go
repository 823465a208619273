// Package internal_test holds the checks on how the packages under internal/
// may depend on each other.
package internal_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "netwerkportaal/"

// layer names the part of the tree a package belongs to: "app", "platform",
// "web", a domain (the first folder under internal/, e.g. "events"), or a
// folder beside internal/ ("migrations", "cmd").
func layer(importPath string) string {
	p, ok := strings.CutPrefix(importPath, module)
	if !ok {
		return "" // the standard library or a module from outside
	}
	if p == "web" || strings.HasPrefix(p, "web/") {
		return "web"
	}
	if p, ok := strings.CutPrefix(p, "internal/"); ok {
		first, _, _ := strings.Cut(p, "/")
		return first
	}
	first, _, _ := strings.Cut(p, "/")
	return first // cmd, migrations
}

// knownCrossImports are domain imports still to be undone, each with what
// is to move where. Keep this list short: a new entry needs a reason.
var knownCrossImports = map[string]string{
	// recruitment was being changed in parallel when this was found.
}

// TestLayering: a domain package imports no other domain (app.New wires
// them together), and platform packages import neither a domain, app nor
// web. Test files may borrow another package's fixtures and are not
// checked.
func TestLayering(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(".", func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(file, ".go") || strings.HasSuffix(file, "_test.go") {
			return err
		}
		from := layer(module + "internal/" + filepath.ToSlash(file))
		f, err := parser.ParseFile(fset, file, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, spec := range f.Imports {
			imp, _ := strconv.Unquote(spec.Path.Value)
			to := layer(imp)
			switch {
			case to == "" || to == from || from == "app" || knownCrossImports[filepath.ToSlash(file)+" -> "+imp] != "":
			case from == "platform" && to != "platform" && to != "migrations":
				t.Errorf("%s imports %s: a platform package depends on no domain, app or web", path.Join("internal", filepath.ToSlash(file)), imp)
			case from != "platform" && to != "platform" && to != "web":
				t.Errorf("%s imports %s: a domain package imports no other domain; wire them in app.New", path.Join("internal", filepath.ToSlash(file)), imp)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Fatalf("checked only %d files; is the test running in internal/?", checked)
	}
}
