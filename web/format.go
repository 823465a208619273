package web

import (
	"strconv"
	"strings"

	"netwerkportaal/internal/platform/identity"
)

// OrDash shows an empty value as a dash, so a blank cell is not mistaken
// for missing text.
func OrDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}

// NetworkOptions are networks as choices of a select, by id.
func NetworkOptions(ns []identity.Network) []Option {
	out := make([]Option, len(ns))
	for i, n := range ns {
		out[i] = Option{Value: strconv.FormatInt(n.ID, 10), Label: n.Name}
	}
	return out
}
