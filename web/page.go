package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/session"
)

// Page is what the layout needs to know about the page it wraps.
type Page struct {
	Title   string // already translated
	Nav     string // key of the active navigation item
	HasForm bool   // "Fout: " is put before the title when a form has errors
	Errors  bool
	Script  string // a script in web/static to load (progressive enhancement only)
	// Network brands a public page (intake, invitation answer, placement
	// link, share link): the employer sees which network asks.
	Network *Brand
}

// Brand is how a network shows itself on its public pages. LogoURL is
// optional: without it the header shows the portal's mark. With NetworkID
// set, the layout looks up the network's logo and accent colour through
// the BrandLookup of the request (see Brands), so a page only names its
// network. The colour comes as a stylesheet (StyleURL): the CSP allows no
// inline style.
type Brand struct {
	NetworkID int64
	Name      string
	LogoURL   string // an image served by the portal, shown at most 40 px high
	StyleURL  string // a stylesheet that sets the network's accent colour
}

// BrandLookup returns the logo and stylesheet of a network ("" for none).
type BrandLookup func(ctx context.Context, networkID int64) (logoURL, styleURL string, err error)

type brandsKey struct{}

// Brands is middleware that gives the layout lookup, to show a public
// page's network with its own logo and colour.
func Brands(lookup BrandLookup) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), brandsKey{}, lookup)))
		})
	}
}

// networkBrand completes b with its network's logo and colour. A failed
// lookup shows the page in the portal's own look rather than failing it.
func networkBrand(ctx context.Context, b *Brand) *Brand {
	lookup, _ := ctx.Value(brandsKey{}).(BrandLookup)
	if b == nil || b.NetworkID == 0 || lookup == nil {
		return b
	}
	logo, style, err := lookup(ctx, b.NetworkID)
	if err != nil {
		slog.WarnContext(ctx, "network branding unavailable", "network", b.NetworkID, "err", err)
		return b
	}
	out := *b
	if out.LogoURL == "" {
		out.LogoURL = logo
	}
	if out.StyleURL == "" {
		out.StyleURL = style
	}
	return &out
}

// NavItem is an entry of the main navigation.
type NavItem struct {
	Key, Label, Href string
	More             bool   // less used: grouped under "Meer"
	Count            int    // things waiting for the user there, shown as a number
	CountLabel       string // what the number means, for screen readers
}

type navCountKey struct{ key string }

// noNavCountsKey marks a context whose pages show no navigation counts.
type noNavCountsKey struct{}

// navCountTimeout bounds the query of one navigation count.
const navCountTimeout = 2 * time.Second

// lazyCount computes a navigation count once, when the layout renders it,
// so a POST that redirects costs no query, and a POST that shows the form
// again with errors (422) still shows the counts.
type lazyCount struct {
	once sync.Once
	f    func(context.Context) (int, error)
	n    int
}

// WithNavCount returns ctx in which navigation item key shows n waiting
// things (submitted intakes, for instance).
func WithNavCount(ctx context.Context, key string, n int) context.Context {
	return WithNavCounter(ctx, key, func(context.Context) (int, error) { return n, nil })
}

// WithNavCounter returns ctx in which navigation item key shows what f
// counts; f runs at most once per request, and only when a page with the
// navigation is rendered. An error leaves the count out rather than failing
// the page.
func WithNavCounter(ctx context.Context, key string, f func(context.Context) (int, error)) context.Context {
	return context.WithValue(ctx, navCountKey{key}, &lazyCount{f: f})
}

func navCount(ctx context.Context, key string) int {
	c, _ := ctx.Value(navCountKey{key}).(*lazyCount)
	if c == nil {
		return 0
	}
	c.once.Do(func() {
		if ctx.Value(noNavCountsKey{}) != nil {
			return
		}
		// A count is a courtesy: it never holds a page up for long (a
		// table locked by a long import, a slow database).
		cctx, cancel := context.WithTimeout(ctx, navCountTimeout)
		defer cancel()
		if n, err := c.f(cctx); err == nil {
			c.n = n
		}
	})
	return c.n
}

// navItems lists the main navigation for the signed-in user.
func navItems(ctx context.Context) []NavItem {
	u := identity.From(ctx)
	if u == nil {
		return nil
	}
	items := []NavItem{
		{Key: "werkgevers", Label: i18n.T(ctx, "Werkgevers"), Href: "/werkgevers"},
		{Key: "subgroepen", Label: i18n.T(ctx, "Subgroepen"), Href: "/subgroepen"},
		{Key: "bijeenkomsten", Label: i18n.T(ctx, "Bijeenkomsten"), Href: "/bijeenkomsten"},
		{Key: "toezeggingen", Label: i18n.T(ctx, "Toezeggingen"), Href: "/toezeggingen"},
		{Key: "intakes", Label: i18n.T(ctx, "Intakes"), Href: "/intakes", Count: navCount(ctx, "intakes"),
			CountLabel: i18n.T(ctx, "ingediend, te verwerken")},
		{Key: "partners", Label: i18n.T(ctx, "Partners"), Href: "/partners", More: true},
		{Key: "werving", Label: i18n.T(ctx, "Werving"), Href: "/werving"},
		{Key: "dashboard", Label: i18n.T(ctx, "Dashboard"), Href: "/dashboard"},
	}
	// Bestuur does not handle mail, and owns no follow-ups.
	if u.Role == identity.Coordinator || u.Role == identity.Beheerder {
		items = append(items, NavItem{Key: "taken", Label: i18n.T(ctx, "Taken"), Href: "/taken", Count: navCount(ctx, "taken"),
			CountLabel: i18n.T(ctx, "te laat")})
		items = append(items, NavItem{Key: "import", Label: i18n.T(ctx, "Import"), Href: "/import", More: true})
		items = append(items, NavItem{Key: "mail", Label: i18n.T(ctx, "Verzonden e-mail"), Href: "/mail", More: true})
		items = append(items, NavItem{Key: "mailings", Label: i18n.T(ctx, "Mail aan leden"), Href: "/mailings/", More: true})
	}
	// Privacy requests (access, erasure, retention) are the beheerder's.
	if u.Role == identity.Beheerder {
		items = append(items, NavItem{Key: "privacy", Label: i18n.T(ctx, "Privacy"), Href: "/privacy", More: true})
		items = append(items, NavItem{Key: "beheer", Label: i18n.T(ctx, "Beheer"), Href: "/beheer", More: true})
	}
	return items
}

// splitNav separates the daily items, always in view, from the less used
// ones under "Meer", so the header stays one row at 1280 px.
func splitNav(items []NavItem) (main, more []NavItem) {
	for _, it := range items {
		if it.More {
			more = append(more, it)
		} else {
			main = append(main, it)
		}
	}
	return main, more
}

// moreActive says whether the current page is one of the "Meer" items.
func moreActive(more []NavItem, current string) bool {
	for _, it := range more {
		if it.Key == current {
			return true
		}
	}
	return false
}

// waiting sums the counts, shown on the closed menu button on a phone.
func waiting(items []NavItem) int {
	n := 0
	for _, it := range items {
		n += it.Count
	}
	return n
}

// initials are the first letters of the first and last word of a name,
// "Corien de Vries" → "CV", for the compact account button.
func initials(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return "?"
	}
	first := []rune(f[0])[:1]
	if len(f) == 1 {
		return strings.ToUpper(string(first))
	}
	last := []rune(f[len(f)-1])[:1]
	return strings.ToUpper(string(first) + string(last))
}

func currentUser(ctx context.Context) *identity.User { return identity.From(ctx) }

func flash(ctx context.Context) string { return session.PopFlash(ctx) }

func lang(ctx context.Context) string { return string(i18n.LangOf(ctx)) }

func title(ctx context.Context, p Page) string {
	t := p.Title + " – Netwerkportaal"
	if p.Errors {
		t = i18n.T(ctx, "Fout") + ": " + t
	}
	return t
}

func networkNames(u *identity.User, ctx context.Context) string {
	if u.SeesAll() {
		return i18n.T(ctx, "alle netwerken")
	}
	// One builder: adding to a string copied it once per network, which
	// showed in a national director's (40 networks) page profile.
	var b strings.Builder
	for i, n := range u.Networks {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(n.Name)
	}
	s := b.String()
	if s == "" {
		return i18n.T(ctx, "geen netwerk")
	}
	return s
}

// otherLang is the language a visitor can switch to: its name, code and the
// link that switches and comes back to the current page.
func otherLang(ctx context.Context) (label, code, href string) {
	code, label = "en", "English"
	if i18n.LangOf(ctx) == i18n.EN {
		code, label = "nl", "Nederlands"
	}
	return label, code, "/taal?lang=" + code + "&terug=" + url.QueryEscape(RequestURI(ctx))
}

type uriKey struct{}

// WithRequestURI stores the path and query of the request, for links that
// come back to the current page.
func WithRequestURI(ctx context.Context, uri string) context.Context {
	return context.WithValue(ctx, uriKey{}, uri)
}

// RequestURI returns the stored request path and query, or "/".
func RequestURI(ctx context.Context) string {
	if s, ok := ctx.Value(uriKey{}).(string); ok {
		return s
	}
	return "/"
}

// notFilters are query parameters of a list that are not filters: the
// search text (shown outside the fold), the sort order and the page.
var notFilters = map[string]bool{"q": true, "sorteer": true, "pagina": true, "lang": true}

// activeFilters counts the filters set in the current request's query.
func activeFilters(ctx context.Context) int {
	u, err := url.Parse(RequestURI(ctx))
	if err != nil {
		return 0
	}
	n := 0
	for k, vs := range u.Query() {
		if notFilters[k] {
			continue
		}
		for _, v := range vs {
			if v != "" {
				n++
				break
			}
		}
	}
	return n
}
