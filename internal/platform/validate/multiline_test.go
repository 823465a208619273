package validate

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestMultiLineMatchesTheTemplates keeps the gate's list of textareas in
// step with the forms: every web.TextArea name is multi-line, no other
// control shares a name with one, and no template writes its own <textarea>.
func TestMultiLineMatchesTheTemplates(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	areaRe := regexp.MustCompile(`web\.TextArea\(web\.Field\{Name:\s*"([^"]+)"`)
	otherRe := regexp.MustCompile(`web\.(?:Input|Select|Radios|Checkboxes|SingleCheckbox)\((?:web\.Choice\{Field:\s*)?web\.Field\{Name:\s*"([^"]+)"`)
	nameRe := regexp.MustCompile(`<input[^>]*name="([^"]+)"`)
	areas := 0
	for _, dir := range []string{"internal", "web"} {
		filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".templ") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			src := string(b)
			for _, m := range areaRe.FindAllStringSubmatch(src, -1) {
				areas++
				if !IsMultiLine(m[1]) {
					t.Errorf("%s: textarea %q is not in validate.multiLine: the gate would refuse its line breaks", path, m[1])
				}
			}
			for _, re := range []*regexp.Regexp{otherRe, nameRe} {
				for _, m := range re.FindAllStringSubmatch(src, -1) {
					if IsMultiLine(m[1]) {
						t.Errorf("%s: single-line control %q shares its name with a textarea: the gate would let line breaks in", path, m[1])
					}
				}
			}
			if strings.Contains(src, "<textarea") && !strings.HasSuffix(path, filepath.Join("web", "form.templ")) {
				t.Errorf("%s: writes its own <textarea>; use web.TextArea so the gate knows the field", path)
			}
			return nil
		})
	}
	if areas < 10 {
		t.Fatalf("found only %d textareas: is the scan broken?", areas)
	}
}
