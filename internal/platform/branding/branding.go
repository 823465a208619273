// Package branding is a network's own look on its public pages: an accent
// colour, a logo and the name its mail is sent under. The beheerder sets
// them (/beheer/netwerken); public pages (intake, invitation, placement
// link, dashboard share) use Load and the components in branding.templ.
//
// The colour reaches the page as a small stylesheet (/netwerkstijl/{id}.css)
// because the Content-Security-Policy allows no inline styles.
package branding

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/db"
)

// Branding is the look of one network.
type Branding struct {
	NetworkID   int64
	NetworkName string
	Accent      string // "#rrggbb", or "" for the portal's own colour
	SenderName  string // "" for the portal's MAIL_FROM name
	HasLogo     bool
	Version     int64 // changes when the logo or colour changes, for caching
}

// Load returns the branding of a network.
func Load(ctx context.Context, q db.Querier, networkID int64) (Branding, error) {
	b := Branding{NetworkID: networkID}
	var updated *time.Time
	err := q.QueryRow(ctx, `SELECT name, coalesce(accent_color, ''), coalesce(mail_sender_name, ''), logo_png IS NOT NULL, logo_updated_at
		FROM networks WHERE id = $1`, networkID).Scan(&b.NetworkName, &b.Accent, &b.SenderName, &b.HasLogo, &updated)
	if errors.Is(err, pgx.ErrNoRows) {
		return Branding{}, nil
	}
	if updated != nil {
		b.Version = updated.Unix()
	}
	return b, err
}

// LogoURL is where the logo is served.
func (b Branding) LogoURL() string {
	return fmt.Sprintf("/netwerklogo/%d.png?v=%d", b.NetworkID, b.Version)
}

// StyleURL is the stylesheet that sets --color-accent for the network.
func (b Branding) StyleURL() string {
	return fmt.Sprintf("/netwerkstijl/%d.css?v=%s", b.NetworkID, strings.TrimPrefix(b.Accent, "#"))
}

// MinContrast is the contrast an accent colour needs against white, so
// white text on it and it as text on white are readable (WCAG AA).
const MinContrast = 4.5

// Contrast returns the WCAG contrast ratio of "#rrggbb" against white.
func Contrast(hex string) (float64, bool) {
	return contrastBetween(hex, "#ffffff")
}

// Lookup returns the logo and stylesheet of a network for web.Brands: the
// layout of a public page that names its network calls it.
func Lookup(q db.Querier) func(ctx context.Context, networkID int64) (logoURL, styleURL string, err error) {
	return func(ctx context.Context, networkID int64) (string, string, error) {
		b, err := Load(ctx, q, networkID)
		if err != nil || b.NetworkID == 0 {
			return "", "", err
		}
		var logo, style string
		if b.HasLogo {
			logo = b.LogoURL()
		}
		if b.Accent != "" {
			style = b.StyleURL()
		}
		return logo, style, nil
	}
}

// surface is the lightest tinted background the portal puts text on
// (--color-surface in portal.css): the accent is used as link and text
// colour there too.
const surface = "#f3f4f6"

// Readable returns the accent as the pages use it: darkened, if needed,
// until it has MinContrast against white and the surface, so a colour the
// beheerder chose (checked against white) never breaks WCAG AA on a
// tinted block. Dark returns a darker shade for hover states.
func Readable(hex string) string {
	for i := 0; i < 40; i++ {
		w, ok := Contrast(hex)
		if !ok {
			return ""
		}
		if s, _ := contrastBetween(hex, surface); w >= MinContrast && s >= MinContrast {
			return hex
		}
		hex = shade(hex, 0.95)
	}
	return "#000000"
}

// Dark is a darker shade of hex for hover states.
func Dark(hex string) string { return shade(hex, 0.7) }

func shade(hex string, f float64) string {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil {
		return hex
	}
	c := func(x uint64) uint64 { return uint64(math.Floor(float64(x) * f)) }
	return fmt.Sprintf("#%02x%02x%02x", c(v>>16&0xff), c(v>>8&0xff), c(v&0xff))
}

func luminance(hex string) (float64, bool) {
	if len(hex) != 7 || hex[0] != '#' {
		return 0, false
	}
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil {
		return 0, false
	}
	lin := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(v>>16&0xff) + 0.7152*lin(v>>8&0xff) + 0.0722*lin(v&0xff), true
}

// contrastBetween is the WCAG contrast ratio of two "#rrggbb" colours.
func contrastBetween(a, b string) (float64, bool) {
	la, ok1 := luminance(a)
	lb, ok2 := luminance(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05), true
}

// Routes serves the logos and stylesheets; public, like the pages using them.
func Routes(r chi.Router, q db.Querier) {
	r.Get("/netwerklogo/{id}.png", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
		var png []byte
		err := q.QueryRow(r.Context(), `SELECT logo_png FROM networks WHERE id = $1 AND logo_png IS NOT NULL`, id).Scan(&png)
		if err != nil {
			status := http.StatusNotFound
			if !errors.Is(err, pgx.ErrNoRows) {
				status = http.StatusServiceUnavailable
			}
			http.Error(w, http.StatusText(status), status)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Header().Set("Cache-Control", "public, max-age=86400")
		w.Write(png)
	})
	r.Get("/netwerkstijl/{id}.css", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
		b, err := Load(r.Context(), q, id)
		if err != nil {
			http.Error(w, http.StatusText(http.StatusServiceUnavailable), http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=86400")
		if c := Readable(b.Accent); c != "" { // checked on input: "#rrggbb" only
			fmt.Fprintf(w, ":root { --color-accent: %s; --color-primary: %s; --color-primary-dark: %s; --color-link: %s; }\n",
				c, c, Dark(c), c)
		}
	})
}
