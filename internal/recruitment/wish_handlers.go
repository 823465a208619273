package recruitment

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// WishRoutes mounts the wish profile of a network: read by whoever reads
// the network, changed by its coordinators and the beheerder.
func (h *Handler) WishRoutes(r chi.Router) {
	r.Get("/netwerken/{id}/wensprofiel", h.wish)
	r.Get("/netwerken/{id}/wensprofiel/bewerken", h.editWish)
	r.Method(http.MethodPost, "/netwerken/{id}/wensprofiel/bewerken", web.FieldForm(h.saveWish))
}

func wishURL(id int64) string { return "/netwerken/" + idStr(id) + "/wensprofiel" }

// WishPage shows the profile with the gaps.
type WishPage struct {
	NetworkID   int64
	NetworkName string
	Profile     WishProfile
	Choices     WishChoices
	Findings    []Finding
	CanWrite    bool
}

// WishFormPage is the profile's edit form.
type WishFormPage struct {
	NetworkID   int64
	NetworkName string
	Form        WishForm
	Choices     WishChoices
	Conflict    bool
}

// WishForm is the profile as typed.
type WishForm struct {
	Version                           string
	Target, Growth, Directie          string
	Composition                       string
	Sectors, Sizes, Functions, Levels []string
	Maturity, Kinds                   []string
	Municipalities                    string
	Errors                            web.Errors
}

var levelCodes = []string{"strategisch", "tactisch", "operationeel"}

func levelNames(ctx context.Context) map[string]string {
	return map[string]string{"strategisch": i18n.T(ctx, "Strategisch"), "tactisch": i18n.T(ctx, "Tactisch"),
		"operationeel": i18n.T(ctx, "Operationeel")}
}

// network loads the network of the path for a user who may read it.
func (h *Handler) wishNetwork(w http.ResponseWriter, r *http.Request, write bool) (int64, string, bool) {
	u := identity.From(r.Context())
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || !u.CanRead(id) {
		web.Fail(w, r, apperr.ErrNotFound)
		return 0, "", false
	}
	if write && !u.CanWrite(id) {
		web.Fail(w, r, apperr.New(apperr.Forbidden, ""))
		return 0, "", false
	}
	name, err := h.store.NetworkName(r.Context(), id)
	if err != nil {
		web.Fail(w, r, err)
		return 0, "", false
	}
	return id, name, true
}

func (h *Handler) wish(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, name, ok := h.wishNetwork(w, r, false)
	if !ok {
		return
	}
	page := WishPage{NetworkID: id, NetworkName: name, CanWrite: identity.From(ctx).CanWrite(id)}
	var facts Facts
	var err error
	if page.Profile, err = h.store.Wish(ctx, id); err == nil {
		if page.Choices, err = h.store.WishChoices(ctx); err == nil {
			facts, err = h.store.Facts(ctx, id)
		}
	}
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Findings = Gaps(ctx, page.Profile, facts, page.Choices.Names(levelNames(ctx)))
	web.Render(w, r, http.StatusOK, wishPage(page))
}

func (h *Handler) editWish(w http.ResponseWriter, r *http.Request) {
	id, name, ok := h.wishNetwork(w, r, true)
	if !ok {
		return
	}
	p, err := h.store.Wish(r.Context(), id)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	h.renderWishForm(w, r, http.StatusOK, WishFormPage{NetworkID: id, NetworkName: name, Form: wishFormFrom(p)})
}

func (h *Handler) renderWishForm(w http.ResponseWriter, r *http.Request, status int, page WishFormPage) {
	choices, held, err := h.wishChoices(r.Context(), page.NetworkID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Choices = choices.offered(held)
	web.Render(w, r, status, wishFormPage(page))
}

func (h *Handler) saveWish(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, name, ok := h.wishNetwork(w, r, true)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	page := WishFormPage{NetworkID: id, NetworkName: name, Form: parseWishForm(r.PostForm)}
	page.Form.Errors = web.FormErrors(ctx) // what the input gate refused
	choices, held, err := h.wishChoices(ctx, id)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	p, valid := page.Form.Validate(ctx, choices.offered(held))
	if !valid {
		h.renderWishForm(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	p.NetworkID = id
	err = h.store.SaveWish(ctx, p)
	if apperr.Is(err, apperr.Conflict) {
		current, gerr := h.store.Wish(ctx, id)
		if gerr != nil {
			web.Fail(w, r, gerr)
			return
		}
		page.Form.Version, page.Conflict = strconv.Itoa(current.Version), true
		h.renderWishForm(w, r, http.StatusConflict, page)
		return
	}
	web.Done(w, r, err, i18n.T(ctx, "Het wensprofiel is opgeslagen."), wishURL(id))
}

func parseWishForm(v url.Values) WishForm {
	return WishForm{Version: v.Get("versie"), Target: v.Get("doel"), Growth: v.Get("groei"), Directie: v.Get("directie"),
		Composition: v.Get("samenstelling"), Sectors: v["sectoren"], Sizes: v["grootte"], Functions: v["functies"],
		Levels: v["niveaus"], Maturity: v["volwassenheid"], Kinds: v["soorten"], Municipalities: v.Get("plaatsen"),
		Errors: web.Errors{}}
}

func wishFormFrom(p WishProfile) WishForm {
	f := WishForm{Version: strconv.Itoa(p.Version), Target: intText(p.TargetSize), Growth: intText(p.MaxGrowth),
		Directie: intText(p.DirectieShare), Composition: p.Composition, Sizes: p.SizeClasses, Functions: p.Functions,
		Levels: p.Levels, Kinds: p.Kinds, Municipalities: strings.Join(p.Municipalities, "\n"), Errors: web.Errors{}}
	for _, id := range p.SectorIDs {
		f.Sectors = append(f.Sectors, idStr(id))
	}
	for _, id := range p.MaturityIDs {
		f.Maturity = append(f.Maturity, idStr(id))
	}
	return f
}

// number reads an optional whole number between lo and hi.
func number(ctx context.Context, errs web.Errors, field, s string, lo, hi int) *int {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		errs[field] = i18n.T(ctx, "Vul een heel getal in van %d tot en met %d.", lo, hi)
		return nil
	}
	return &n
}

// picked checks that every value is one of the options.
func picked(ctx context.Context, errs web.Errors, field string, values []string, allowed []string) []string {
	out := []string{}
	for _, v := range values {
		if !slices.Contains(allowed, v) {
			errs[field] = i18n.T(ctx, "Kies alleen uit de lijst.")
			return nil
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func values(opts []Option) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.Value
	}
	return out
}

func ids(ss []string) []int64 {
	out := []int64{}
	for _, s := range ss {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// Validate checks the form against the reference data.
func (f *WishForm) Validate(ctx context.Context, c WishChoices) (WishProfile, bool) {
	e := f.Errors
	p := WishProfile{}
	p.Version, _ = strconv.Atoi(f.Version)
	p.TargetSize = number(ctx, e, "doel", f.Target, 1, 100000)
	p.MaxGrowth = number(ctx, e, "groei", f.Growth, 0, 10000)
	p.DirectieShare = number(ctx, e, "directie", f.Directie, 0, 100)
	if f.Composition != "gemengd" && f.Composition != "gericht" {
		e["samenstelling"] = i18n.T(ctx, "Kies of het netwerk gemengd of gericht is.")
	}
	p.Composition = f.Composition
	p.SectorIDs = ids(picked(ctx, e, "sectoren", f.Sectors, values(c.Sectors)))
	var sizes []string
	for _, sc := range c.SizeClasses {
		sizes = append(sizes, sc.Code)
	}
	p.SizeClasses = picked(ctx, e, "grootte", f.Sizes, sizes)
	p.Functions = picked(ctx, e, "functies", f.Functions, values(c.Functions))
	p.Levels = picked(ctx, e, "niveaus", f.Levels, levelCodes)
	p.MaturityIDs = ids(picked(ctx, e, "volwassenheid", f.Maturity, values(c.Maturity)))
	p.Kinds = picked(ctx, e, "soorten", f.Kinds, Kinds)
	text(ctx, e, "plaatsen", f.Municipalities, 2000, true)
	if e["plaatsen"] == "" {
		for _, line := range strings.FieldsFunc(f.Municipalities, func(r rune) bool { return r == '\n' || r == ',' || r == ';' }) {
			if m := strings.TrimSpace(line); m != "" && !slices.ContainsFunc(p.Municipalities, func(x string) bool { return strings.EqualFold(x, m) }) {
				p.Municipalities = append(p.Municipalities, m)
			}
		}
		if len(p.Municipalities) > 50 {
			e["plaatsen"] = i18n.T(ctx, "Noem hoogstens 50 plaatsen.")
		}
	}
	return p, len(e) == 0
}

func wishOptions(opts []Option) []web.Option { return webOptions(opts) }

func sizeOptions(cs []SizeClass) []web.Option {
	out := make([]web.Option, len(cs))
	for i, c := range cs {
		out[i] = web.Option{Value: c.Code, Label: c.Name}
	}
	return out
}

func levelOptions(ctx context.Context) []web.Option {
	names := levelNames(ctx)
	out := make([]web.Option, len(levelCodes))
	for i, l := range levelCodes {
		out[i] = web.Option{Value: l, Label: names[l]}
	}
	return out
}

func kindOptions(ctx context.Context) []web.Option { return web.CodeOptions(ctx, Kinds, KindLabel) }

func selected(vs []string) map[string]bool { return web.Selection(vs) }

// labelsOf names the chosen values, for the read-only page.
func labelsOf(opts []web.Option, chosen []string) string {
	return strings.Join(chosenLabels(opts, chosen), ", ")
}

// chosenLabels are the labels of the chosen values, in the options' order;
// for reference values, which the page shows with web.RefList.
func chosenLabels(opts []web.Option, chosen []string) []string {
	var out []string
	for _, o := range opts {
		if slices.Contains(chosen, o.Value) {
			out = append(out, o.Label)
		}
	}
	return out
}

func idsText(xs []int64) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = idStr(x)
	}
	return out
}

func compositionLabel(ctx context.Context, c string) string {
	if c == "gericht" {
		return i18n.T(ctx, "Gericht: één sector, bedrijventerrein of functie; deelnemers delen meer behoeften")
	}
	return i18n.T(ctx, "Gemengd: veel sectoren en functies; groeit sneller")
}

// wishChoices loads the choices of the wish form and the stored profile,
// whose values stay offered when retired.
func (h *Handler) wishChoices(ctx context.Context, networkID int64) (WishChoices, WishProfile, error) {
	choices, err := h.store.WishChoices(ctx)
	if err != nil {
		return choices, WishProfile{}, err
	}
	held, err := h.store.Wish(ctx, networkID)
	return choices, held, err
}
