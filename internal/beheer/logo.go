package beheer

import (
	"bytes"
	"image/png"
	"io"
	"net/http"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/web"
)

// Logo limits: a PNG of at most 200 kB and 2000 × 2000 pixels. SVG is
// refused, not sanitised: it can carry script and external references, and
// a PNG is easy to export from any logo.
const (
	maxLogoBytes  = 200 << 10
	maxLogoPixels = 2000
)

// checkLogo returns why data is not an acceptable logo, or "".
func checkLogo(r *http.Request, data []byte) string {
	ctx := r.Context()
	switch {
	case len(data) == 0:
		return i18n.T(ctx, "Kies een PNG-bestand.")
	case len(data) > maxLogoBytes:
		return i18n.T(ctx, "Het logo is groter dan 200 kB. Maak het bestand kleiner.")
	case bytes.Contains(bytes.ToLower(data[:min(len(data), 1024)]), []byte("<svg")) || bytes.HasPrefix(bytes.TrimSpace(data), []byte("<")):
		return i18n.T(ctx, "Een SVG-bestand wordt niet aangenomen (het kan scripts bevatten). Lever het logo als PNG aan.")
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return i18n.T(ctx, "Dit is geen PNG-bestand. Lever het logo als PNG aan.")
	}
	if cfg.Width > maxLogoPixels || cfg.Height > maxLogoPixels || cfg.Width == 0 || cfg.Height == 0 {
		return i18n.T(ctx, "Het logo is hoogstens 2000 bij 2000 pixels.")
	}
	// The whole image must decode: a valid header on broken data is refused.
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		return i18n.T(ctx, "Dit PNG-bestand is beschadigd.")
	}
	return ""
}

func (h *Handler) uploadLogo(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, err := h.store.Network(ctx, pathID(r))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	problem := ""
	var data []byte
	file, _, err := r.FormFile("logo")
	switch {
	case err == http.ErrMissingFile:
		problem = i18n.T(ctx, "Kies een PNG-bestand.")
	case err != nil:
		if _, tooLarge := err.(*http.MaxBytesError); tooLarge {
			problem = i18n.T(ctx, "Het logo is groter dan 200 kB. Maak het bestand kleiner.")
		} else {
			problem = i18n.T(ctx, "Het bestand kon niet gelezen worden. Probeer het opnieuw.")
		}
	default:
		defer file.Close()
		data, err = io.ReadAll(io.LimitReader(file, maxLogoBytes+1))
		if err != nil {
			web.Fail(w, r, err)
			return
		}
		problem = checkLogo(r, data)
	}
	if problem != "" {
		f := NetworkForm{ID: n.ID, Name: n.Name, Scale: n.Scale, Archived: n.ArchivedAt != nil, Accent: n.Accent, SenderName: n.SenderName,
			HasLogo: n.HasLogo, Errors: web.Errors{"logo": problem}}
		if n.RegionID != 0 {
			f.RegionID = id(n.RegionID)
		}
		h.renderNetworkForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	web.Done(w, r, h.store.SetLogo(ctx, n.ID, data), i18n.T(ctx, "Het logo is opgeslagen."), "/beheer/netwerken/"+id(n.ID))
}

func (h *Handler) removeLogo(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	web.Done(w, r, h.store.SetLogo(ctx, pathID(r), nil), i18n.T(ctx, "Het logo is verwijderd."), "/beheer/netwerken/"+id(pathID(r)))
}
