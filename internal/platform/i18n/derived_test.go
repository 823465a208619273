package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// derivedIDs finds the message ids that reach T through a variable: the
// code (the generated templ code included, so every template counts) is
// parsed per package, and an argument of T that is not a literal is traced
// back to the literals it can hold:
//   - a local variable, to what it was assigned or ranged over;
//   - an index into a package-level map or slice, to all of its values;
//   - a parameter of the enclosing function, to the literals its callers
//     in the package pass in that place (templ components: @row("Einde", ...));
//   - a field of a view model (x.Label), to the literals keyed to that field
//     in the package's composite literals.
func derivedIDs(t *testing.T) map[string]string {
	t.Helper()
	root := filepath.Join("..", "..", "..")
	ids := map[string]string{}
	dirs := map[string][]string{}
	for _, dir := range []string{"internal", "web"} {
		filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
				dirs[filepath.Dir(path)] = append(dirs[filepath.Dir(path)], path)
			}
			return err
		})
	}
	for _, files := range dirs {
		p := parsePackage(t, files)
		for id, path := range p.ids() {
			ids[id] = path
		}
	}
	return ids
}

// pkg is one parsed package.
type pkg struct {
	fset  *token.FileSet
	files map[string]*ast.File
	// values: what a package-level variable (map, slice or string) holds.
	values map[string][]string
	// fields: the literals keyed to a field name in composite literals.
	fields map[string][]string
	// funcs: the package's functions, by name.
	funcs map[string]*ast.FuncDecl
}

func parsePackage(t *testing.T, paths []string) *pkg {
	p := &pkg{fset: token.NewFileSet(), files: map[string]*ast.File{}, values: map[string][]string{},
		fields: map[string][]string{}, funcs: map[string]*ast.FuncDecl{}}
	for _, path := range paths {
		f, err := parser.ParseFile(p.fset, path, nil, 0)
		if err != nil {
			t.Fatalf("parse %s: %v", path, err)
		}
		p.files[path] = f
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					p.funcs[d.Name.Name] = d
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if vs, ok := s.(*ast.ValueSpec); ok {
						for i, n := range vs.Names {
							if i < len(vs.Values) {
								p.values[n.Name] = literalsIn(vs.Values[i], true)
							}
						}
					}
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if kv, ok := n.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok {
					if s, ok := stringLit(kv.Value); ok {
						p.fields[k.Name] = append(p.fields[k.Name], s)
					}
				}
			}
			return true
		})
	}
	return p
}

// ids traces the argument of every call of T in the package.
func (p *pkg) ids() map[string]string {
	ids := map[string]string{}
	for _, f := range p.files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || !isT(call) || len(call.Args) < 2 {
					return true
				}
				if _, lit := stringLit(call.Args[1]); lit {
					return true // literalIDs finds these
				}
				for _, s := range p.trace(fn, call.Args[1], 0) {
					ids[s] = p.fset.Position(call.Pos()).String()
				}
				return true
			})
		}
	}
	return ids
}

// isT: i18n.T(ctx, id, ...), or T(ctx, id, ...) inside package i18n.
func isT(call *ast.CallExpr) bool {
	switch f := call.Fun.(type) {
	case *ast.SelectorExpr:
		x, ok := f.X.(*ast.Ident)
		return ok && x.Name == "i18n" && f.Sel.Name == "T"
	case *ast.Ident:
		return f.Name == "T"
	}
	return false
}

// viewModelFields are the fields of view models that hold Dutch text for
// T. Others (Name, Code, ...) mostly hold data from the database, whose
// literals in the code are keys, not text.
var viewModelFields = map[string]bool{"Label": true, "Title": true, "Caption": true, "Heading": true, "Hint": true, "Legend": true}

// trace returns the literals e can hold inside fn.
func (p *pkg) trace(fn *ast.FuncDecl, e ast.Expr, depth int) []string {
	if depth > 4 {
		return nil
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		s, _ := stringLit(e)
		return []string{s}
	case *ast.ParenExpr:
		return p.trace(fn, e.X, depth+1)
	case *ast.IndexExpr:
		if id, ok := e.X.(*ast.Ident); ok {
			return p.values[id.Name]
		}
	case *ast.SelectorExpr:
		if viewModelFields[e.Sel.Name] {
			return p.fields[e.Sel.Name]
		}
	case *ast.Ident:
		if vals, ok := p.values[e.Name]; ok {
			return vals
		}
		if src := assignedIn(fn, e.Name); src != nil {
			return p.trace(fn, src, depth+1)
		}
		if i := paramIndex(fn, e.Name); i >= 0 {
			return p.callerArgs(fn.Name.Name, i)
		}
	}
	return nil
}

// assignedIn finds what name was assigned or ranged over in fn.
func assignedIn(fn *ast.FuncDecl, name string) ast.Expr {
	var src ast.Expr
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == name {
					if len(n.Rhs) == len(n.Lhs) {
						src = n.Rhs[i]
					} else if len(n.Rhs) == 1 {
						src = n.Rhs[0] // v, ok := m[k]
					}
				}
			}
		case *ast.RangeStmt:
			if id, ok := n.Value.(*ast.Ident); ok && id.Name == name {
				src = n.X
			}
		}
		return src == nil
	})
	return src
}

func paramIndex(fn *ast.FuncDecl, name string) int {
	i := 0
	for _, f := range fn.Type.Params.List {
		for _, n := range f.Names {
			if n.Name == name {
				return i
			}
			i++
		}
	}
	return -1
}

// callerArgs returns the literals the package passes to fn at position i.
func (p *pkg) callerArgs(fn string, i int) []string {
	var out []string
	for _, f := range p.files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == fn && i < len(call.Args) {
					if s, ok := stringLit(call.Args[i]); ok {
						out = append(out, s)
					}
				}
			}
			return true
		})
	}
	return out
}

// literalsIn returns the string literals of a literal value: a string, or
// the elements (values, not keys, of a map) of a composite literal.
func literalsIn(e ast.Expr, top bool) []string {
	if s, ok := stringLit(e); ok {
		return []string{s}
	}
	cl, ok := e.(*ast.CompositeLit)
	if !ok || !top {
		return nil
	}
	var out []string
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		out = append(out, literalsIn(el, false)...)
	}
	return out
}

func stringLit(e ast.Expr) (string, bool) {
	bl, ok := e.(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(bl.Value)
	return s, err == nil
}

// TestEnglishCatalogueCoversDerivedStrings fails when a string that reaches
// T through a variable, a view model or a template parameter has no
// English entry.
func TestEnglishCatalogueCoversDerivedStrings(t *testing.T) {
	ids := derivedIDs(t)
	if len(ids) < 20 {
		t.Fatalf("derived only %d message ids: is the scan broken?", len(ids))
	}
	for id, path := range ids {
		if id == "" {
			continue
		}
		if _, ok := catalogues[EN][id]; !ok {
			t.Errorf("no English for %q (reaches i18n.T in %s): add it to an en_*.json", id, path)
		}
	}
}
