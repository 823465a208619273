package i18n

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"netwerkportaal/internal/platform/validate"
)

// literalIDs finds the Dutch message ids the code passes to T as string
// literals, in every .go and .templ file of the project.
func literalIDs(t *testing.T) map[string]string {
	t.Helper()
	root := filepath.Join("..", "..", "..")
	// i18n.T(ctx, "..."), and the t("...") and or("...") shorthands that
	// handlers and validators define over it.
	re := regexp.MustCompile(`(?:i18n\.T\(ctx,|\bt\(|\bor\()\s*("(?:[^"\\]|\\.)*")`)
	ids := map[string]string{}
	for _, dir := range []string{"internal", "web"} {
		filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(path, "_templ.go") || strings.HasSuffix(path, "_test.go") ||
				!(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".templ")) {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				var id string
				if err := json.Unmarshal([]byte(m[1]), &id); err == nil {
					ids[id] = path
				}
			}
			return nil
		})
	}
	if len(ids) < 50 {
		t.Fatalf("found only %d message ids: is the scan broken?", len(ids))
	}
	return ids
}

// TestEnglishCatalogueIsComplete fails when a page would show Dutch text to
// an English reader because a translation is missing.
func TestEnglishCatalogueIsComplete(t *testing.T) {
	for id, path := range literalIDs(t) {
		if _, ok := catalogues[EN][id]; !ok {
			t.Errorf("en.json lacks %q (used in %s)", id, path)
		}
	}
}

// TestPlaceholdersMatch checks that a translation keeps the Dutch text's
// formatting verbs in the same order, so Sprintf fills them correctly.
func TestPlaceholdersMatch(t *testing.T) {
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	for id, tr := range catalogues[EN] {
		a, b := verbs.FindAllString(id, -1), verbs.FindAllString(tr, -1)
		if strings.Join(a, " ") != strings.Join(b, " ") {
			t.Errorf("%q → %q: verbs %v vs %v", id, tr, a, b)
		}
	}
}

func TestTranslate(t *testing.T) {
	ctx := WithLang(t.Context(), EN)
	catalogues[EN]["Hallo %s"] = "Hello %s"
	defer delete(catalogues[EN], "Hallo %s")
	if got := T(ctx, "Hallo %s", "Bea"); got != "Hello Bea" {
		t.Errorf("en: %q", got)
	}
	if got := T(t.Context(), "Hallo %s", "Bea"); got != "Hallo Bea" {
		t.Errorf("nl: %q", got)
	}
	if got := T(ctx, "Niet vertaald"); got != "Niet vertaald" {
		t.Errorf("missing id falls back to Dutch: %q", got)
	}
}

// TestInputGateMessagesTranslated: the input gate's messages are constants
// (shown through i18n.T with a variable), so the literal scan misses them.
func TestInputGateMessagesTranslated(t *testing.T) {
	for _, id := range []string{validate.MsgInvalidUTF8, validate.MsgNUL, validate.MsgTooLong, validate.MsgLineBreak,
		validate.MsgControl, validate.MsgBidi} {
		if _, ok := catalogues[EN][id]; !ok {
			t.Errorf("no English for the gate's message %q", id)
		}
	}
}
