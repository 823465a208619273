package subgroups

import (
	"strings"
)

// joinNames lists names as a sentence does: "A, B and C", with and in the
// reader's language.
func joinNames(names []string, and string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + and + " " + names[len(names)-1]
}
