package web

import (
	"context"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/i18n"
)

// The portal keeps its data in Dutch: reference values (sectors, size
// classes, challenges, offers, functions, themes, regions), dates written
// out ("donderdag 3 december 2026") and what people typed. On a page in
// another language such text must say it is Dutch, or a screen reader
// reads it with the page's pronunciation (WCAG 3.1.2, language of parts).
// These helpers are the one place that decides: on a Dutch page they add
// nothing, on any other page they wrap the text in lang="nl".

// dutchAttrs are the attributes that mark an element's text as Dutch on a
// page in another language, and none on a Dutch page.
func dutchAttrs(ctx context.Context) templ.Attributes {
	if i18n.LangOf(ctx) == i18n.NL {
		return templ.Attributes{}
	}
	return templ.Attributes{"lang": string(i18n.NL)}
}

// RefLabel is a reference value as the reader's language has it: the
// catalogue's translation when there is one (size classes have one), else
// the Dutch name, reported as Dutch.
func RefLabel(ctx context.Context, name string) (label string, dutch bool) {
	if tr, ok := i18n.Lookup(ctx, name); ok {
		return tr, false
	}
	return name, true
}

// RefOptions are choices whose labels are reference values: translated
// where the catalogue can, else kept Dutch and marked so (Option.Dutch).
func RefOptions(ctx context.Context, opts []Option) []Option {
	out := make([]Option, len(opts))
	for i, o := range opts {
		o.Label, o.Dutch = RefLabel(ctx, o.Label)
		out[i] = o
	}
	return out
}
