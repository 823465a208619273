package web

import (
	"context"
	"net/url"

	"netwerkportaal/internal/platform/i18n"
)

// LevelLabel is the name of a contact's level (strategisch, tactisch,
// operationeel) in the reader's language. Several domains show contacts'
// levels; the names live here once. An unknown code is shown as it is.
func LevelLabel(ctx context.Context, code string) string {
	switch code {
	case "strategisch":
		return i18n.T(ctx, "Strategisch")
	case "tactisch":
		return i18n.T(ctx, "Tactisch")
	case "operationeel":
		return i18n.T(ctx, "Operationeel")
	}
	return code
}

// CodeOptions are the choices of a fixed list of codes, in that order, each
// named by label in the reader's language.
func CodeOptions(ctx context.Context, codes []string, label func(context.Context, string) string) []Option {
	out := make([]Option, len(codes))
	for i, c := range codes {
		out[i] = Option{Value: c, Label: label(ctx, c)}
	}
	return out
}

// Selection is values as a set, to mark the chosen boxes of a form.
func Selection(values []string) map[string]bool {
	m := make(map[string]bool, len(values))
	for _, v := range values {
		m[v] = true
	}
	return m
}

// FilterValues are a list filter as query values, for links that keep it:
// the key/value pairs given, leaving out the empty ones and "0" (no id
// chosen), so that a link carries only what narrows the list.
func FilterValues(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" && kv[i+1] != "0" {
			v.Set(kv[i], kv[i+1])
		}
	}
	return v
}
