package web

import (
	"slices"
	"strconv"
	"strings"
)

// ParseID reads an id from a query or form value; anything that is not a
// non-negative number is 0, which matches no row.
func ParseID(s string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// PickID reads an id from a form value and reports whether it is one of
// the allowed ones (the options the form offered).
func PickID(s string, allowed []int64) (int64, bool) {
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return v, err == nil && slices.Contains(allowed, v)
}

// FormatID writes an id for a URL or a form value.
func FormatID(id int64) string { return strconv.FormatInt(id, 10) }
