package dashboard

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"golang.org/x/sync/singleflight"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/web"
)

// Handler serves the dashboard, its downloads and the board's share links.
type Handler struct {
	store   *Store
	baseURL string
	clock   nltime.Clock
	// snapshots: figures from the background snapshots, not per view.
	snapshots bool
	rendered  *renderedSections
	renders   singleflight.Group // one rendering of a snapshot's sections at a time
}

// NewHandler returns the dashboard handlers; baseURL makes the share links.
func NewHandler(store *Store, baseURL string) *Handler {
	return &Handler{store: store, baseURL: strings.TrimRight(baseURL, "/"), clock: store.Clock(), rendered: newRenderedSections()}
}

// Routes mounts the pages for signed-in users: every role reads the
// dashboard of its own networks; only bestuur manages share links.
func (h *Handler) Routes(r chi.Router) {
	r.Route("/dashboard", func(r chi.Router) {
		r.Get("/", h.page)
		r.Get("/tabel/{file}", h.download)
		r.Get("/delen", h.sharesPage)
		r.Method(http.MethodPost, "/delen", web.FieldForm(h.createShare))
		r.Post("/delen/{id}/intrekken", h.revokeShare)
	})
}

// PublicRoutes mounts the share link: no session, the token opens the
// dashboard of its networks and its downloads, and nothing else.
func (h *Handler) PublicRoutes(r chi.Router) {
	r.Route("/bord/{token}", func(r chi.Router) {
		r.Use(server.PrivatePage)
		r.Get("/", h.sharedPage)
		r.Get("/tabel/{file}", h.sharedDownload)
	})
}

// selection is the network and period chosen in the GET form.
type selection struct {
	networkID int64 // 0: all networks together
	period    int
	networks  []identity.Network // those the selection covers
}

// parseSelection reads netwerk and periode. A network outside the allowed
// ones is not found, so a guessed id tells nothing; an unknown period falls
// back to the default.
func parseSelection(r *http.Request, allowed []identity.Network) (selection, error) {
	q := r.URL.Query()
	sel := selection{period: DefaultPeriod, networks: allowed}
	if p, err := strconv.Atoi(q.Get("periode")); err == nil && slices.Contains(Periods, p) {
		sel.period = p
	}
	if s := q.Get("netwerk"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		i := slices.IndexFunc(allowed, func(n identity.Network) bool { return n.ID == id })
		if err != nil || i < 0 {
			return sel, apperr.ErrNotFound
		}
		sel.networkID, sel.networks = id, allowed[i:i+1]
	}
	return sel, nil
}

func (sel selection) scope(now time.Time) Scope {
	ids := make([]int64, len(sel.networks))
	for i, n := range sel.networks {
		ids[i] = n.ID
	}
	return Scope{Networks: ids, Quarters: sel.period, Now: now}
}

func scopeName(ctx context.Context, sel selection, allowed []identity.Network) string {
	if sel.networkID != 0 || len(allowed) == 1 {
		if len(sel.networks) == 1 {
			return sel.networks[0].Name
		}
	}
	return i18n.T(ctx, "Alle netwerken")
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	u := identity.From(r.Context())
	p, err := h.build(r, "/dashboard", u.Networks, true)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	p.CanShare = u.Role == identity.Bestuur || u.Role == identity.Coordinator
	web.Render(w, r, http.StatusOK, dashboardPage(p))
}

// build loads every figure for the selection of r within allowed.
func (h *Handler) build(r *http.Request, base string, allowed []identity.Network, linked bool) (Page, error) {
	ctx := r.Context()
	sel, err := parseSelection(r, allowed)
	if err != nil {
		return Page{}, err
	}
	sc := sel.scope(h.clock.Now())
	d, computed, err := h.load(ctx, sc)
	if err != nil {
		return Page{}, err
	}
	p := Page{Base: base, Networks: allowed, NetworkID: sel.networkID, Period: sc.quarters(),
		ScopeName: scopeName(ctx, sel, allowed), PeriodText: periodLabel(ctx, sc)}
	p.Tiles = buildTiles(ctx, d)
	if computed.IsZero() { // live figures: nothing to reuse
		p.Sections, p.Signals, err = h.buildSections(ctx, d, linked)
		if err != nil {
			return Page{}, err
		}
		return p, nil
	}
	p.ComputedAt = computed.In(nltime.Amsterdam).Format("15:04:05")
	// A snapshot's sections look the same to everyone who views it with
	// the same selection and language: built and rendered once, by one
	// of the views that ask for them at once.
	key := fmt.Sprintf("%s|%d|%s|%t|%s?%s", snapshotKey(sc), computed.UnixNano(), i18n.LangOf(ctx), linked, base, p.query())
	e, ok := h.rendered.get(key)
	if !ok {
		v, err, _ := h.renders.Do(key, func() (any, error) {
			if e, ok := h.rendered.get(key); ok {
				return e, nil
			}
			// The views waiting share it: one leaving does not fail the others.
			e, err := h.renderSections(context.WithoutCancel(ctx), d, linked, p)
			if err == nil {
				h.rendered.put(key, e)
			}
			return e, err
		})
		if err != nil {
			return Page{}, err
		}
		e = v.(renderedEntry)
	}
	p.Sections, p.Signals, p.sectionsHTML = e.sections, e.signals, e.html
	return p, nil
}

// buildSections builds the numbered sections from d; the recruitment
// sections (9 and 10) follow the registered ones, from the same figures,
// snapshot or live.
func (h *Handler) buildSections(ctx context.Context, d *Data, linked bool) ([]Section, []Signal, error) {
	secs := buildSections(ctx, d, linked)
	extra, err := h.store.recruitmentSections(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	secs = append(secs, extra...)
	return secs, signals(secs), nil
}

// renderSections builds the sections of p from d and renders them once.
func (h *Handler) renderSections(ctx context.Context, d *Data, linked bool, p Page) (renderedEntry, error) {
	var err error
	p.Sections, p.Signals, err = h.buildSections(ctx, d, linked)
	if err != nil {
		return renderedEntry{}, err
	}
	var b bytes.Buffer
	if err := sections(p).Render(ctx, &b); err != nil {
		return renderedEntry{}, err
	}
	return renderedEntry{sections: p.Sections, signals: p.Signals, html: web.NewFragment(b.Bytes())}, nil
}

// UseSnapshots makes the pages read the figures from background snapshots
// (see Store.Snapshot and RunRefresher) instead of computing them per view.
func (h *Handler) UseSnapshots() { h.snapshots = true }

// load returns the figures of sc, and when they were computed if they come
// from a snapshot.
func (h *Handler) load(ctx context.Context, sc Scope) (*Data, time.Time, error) {
	if h.snapshots {
		return h.store.Snapshot(ctx, sc)
	}
	d, err := h.store.Load(ctx, sc)
	return d, time.Time{}, err
}

func (h *Handler) download(w http.ResponseWriter, r *http.Request) {
	h.serveTable(w, r, identity.From(r.Context()).Networks)
}

// serveTable answers /tabel/{name}.csv or .xlsx with the same selection as
// the page; only the queries the table needs are run.
func (h *Handler) serveTable(w http.ResponseWriter, r *http.Request, allowed []identity.Network) {
	ctx := r.Context()
	name, ext, _ := strings.Cut(chi.URLParam(r, "file"), ".")
	spec, ok := findTable(name)
	if !ok && h.store.recruitment != nil {
		spec, ok = recruitmentSpec(h.store, name), true
	}
	if !ok || (ext != "csv" && ext != "xlsx") {
		web.Fail(w, r, apperr.ErrNotFound)
		return
	}
	sel, err := parseSelection(r, allowed)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	sc := sel.scope(h.clock.Now())
	d, err := h.store.Load(ctx, sc, spec.loads...)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	t := spec.build(ctx, d, false)
	if t.Name == "" {
		web.Fail(w, r, apperr.ErrNotFound) // not a table of the recruitment sections
		return
	}
	var buf bytes.Buffer
	write, ctype := WriteCSV, ContentTypeCSV
	if ext == "xlsx" {
		write, ctype = WriteXLSX, ContentTypeXLSX
	}
	if err := write(&buf, t); err != nil {
		web.Fail(w, r, err)
		return
	}
	scopePart := "alle-netwerken"
	if sel.networkID != 0 {
		scopePart = "netwerk-" + strconv.FormatInt(sel.networkID, 10)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="dashboard-`+name+"-"+scopePart+"-"+sc.Today().Format("2006-01-02")+"."+ext+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// share opens the token of the URL; a revoked or expired link gets the
// friendly 410 page, which shows no data.
func (h *Handler) share(w http.ResponseWriter, r *http.Request) (ShareAccess, bool) {
	return web.OpenLink(w, r, web.DeadLink{Closed: errGone, ClosedPage: gonePage()}, func(ctx context.Context, token string) (ShareAccess, error) {
		return h.store.OpenShare(ctx, token, h.clock.Now())
	})
}

func (h *Handler) sharedPage(w http.ResponseWriter, r *http.Request) {
	a, ok := h.share(w, r)
	if !ok {
		return
	}
	p, err := h.build(r, "/bord/"+chi.URLParam(r, "token"), a.Networks, false)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	p.Shared, p.ShareLabel = true, a.Share.Label
	p.ShareUntil = LastDay(a.Share.ExpiresAt)
	web.Render(w, r, http.StatusOK, dashboardPage(p))
}

func (h *Handler) sharedDownload(w http.ResponseWriter, r *http.Request) {
	if a, ok := h.share(w, r); ok {
		h.serveTable(w, r, a.Networks)
	}
}
