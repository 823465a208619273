// Package i18n is the portal's message catalogue. Like gettext, the Dutch
// text is the message id: templates stay readable and Dutch, the default
// language, needs no lookup. Other languages map each Dutch id to their text
// in a JSON file (en.json); a test checks that every id used in the code has
// a translation, so no page falls back to Dutch by accident.
package i18n

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
)

// Lang is a language code of the catalogue.
type Lang string

const (
	NL Lang = "nl"
	EN Lang = "en"
)

// CookieName holds a user's language choice.
const CookieName = "taal"

//go:embed *.json
var files embed.FS

var catalogues = map[Lang]map[string]string{}

func init() {
	// A language's catalogue may be split over several files (en.json,
	// en_mail.json, ...), one per part of the portal, merged here.
	for _, l := range []Lang{EN} {
		names, err := fs.Glob(files, string(l)+"*.json")
		if err != nil || len(names) == 0 {
			panic(fmt.Sprintf("i18n: no catalogue for %s", l))
		}
		m := map[string]string{}
		for _, name := range names {
			b, err := files.ReadFile(name)
			if err != nil {
				panic(err)
			}
			part := map[string]string{}
			if err := json.Unmarshal(b, &part); err != nil {
				panic(fmt.Sprintf("i18n: %s: %v", name, err))
			}
			for k, v := range part {
				m[k] = v
			}
		}
		catalogues[l] = m
	}
}

type ctxKey struct{}

// WithLang returns ctx carrying lang.
func WithLang(ctx context.Context, lang Lang) context.Context {
	return context.WithValue(ctx, ctxKey{}, lang)
}

// LangOf returns the language of ctx (Dutch when none is set).
func LangOf(ctx context.Context) Lang {
	if l, ok := ctx.Value(ctxKey{}).(Lang); ok {
		return l
	}
	return NL
}

// T translates the Dutch message id into the language of ctx and, when args
// are given, formats it with fmt.Sprintf.
func T(ctx context.Context, id string, args ...any) string {
	s := id
	if l := LangOf(ctx); l != NL {
		if tr, ok := catalogues[l][id]; ok && tr != "" {
			s = tr
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Lookup returns the translation of a Dutch text that is data rather than
// a message of the code (a reference value such as a size class), and
// whether there is one: Dutch needs none, another language only where the
// catalogue knows the text. The caller marks an untranslated value as Dutch.
func Lookup(ctx context.Context, dutch string) (string, bool) {
	l := LangOf(ctx)
	if l == NL {
		return dutch, true
	}
	tr, ok := catalogues[l][dutch]
	return tr, ok && tr != ""
}

// Parse returns the catalogue language for a code, and whether it is known.
func Parse(code string) (Lang, bool) {
	switch Lang(code) {
	case NL, EN:
		return Lang(code), true
	}
	return NL, false
}

// Middleware puts the language from the user's cookie into the request
// context. Dutch is the default: the portal is made for Dutch networks.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := NL
		if c, err := r.Cookie(CookieName); err == nil {
			lang, _ = Parse(c.Value)
		}
		next.ServeHTTP(w, r.WithContext(WithLang(r.Context(), lang)))
	})
}
