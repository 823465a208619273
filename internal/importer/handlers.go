package importer

import (
	"context"
	"errors"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// Handler serves the import pages.
type Handler struct {
	store *Store
}

// NewHandler returns the import handlers.
func NewHandler(store *Store) *Handler { return &Handler{store: store} }

// Routes mounts the import pages; the caller has made sure a user is signed
// in. Only coordinators and beheerders import (bestuur: 403), and only into
// networks they may change.
func (h *Handler) Routes(r chi.Router) {
	r.Route("/import", func(r chi.Router) {
		r.Use(requireWriter)
		r.Get("/", h.uploadForm)
		// The one form that sends a file: its body may be larger than the
		// portal's usual limit.
		r.With(server.AllowBody(MaxRequestBytes)).Post("/", h.upload)
		r.Route("/{upload}", func(r chi.Router) {
			r.Get("/koppelen", h.mappingForm)
			r.Post("/koppelen", h.saveMapping)
			r.Get("/voorbeeld", h.preview)
			r.Post("/importeren", h.apply)
			r.Get("/resultaat", h.result)
		})
	})
}

func requireWriter(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(identity.From(r.Context()).WritableNetworks()) == 0 {
			web.Fail(w, r, apperr.ErrForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (h *Handler) uploadForm(w http.ResponseWriter, r *http.Request) {
	page := UploadPage{}
	if ns := identity.From(r.Context()).WritableNetworks(); len(ns) == 1 {
		page.NetworkID = web.FormatID(ns[0].ID)
	}
	h.renderUpload(w, r, http.StatusOK, page)
}

func (h *Handler) renderUpload(w http.ResponseWriter, r *http.Request, status int, page UploadPage) {
	ctx := r.Context()
	page.Networks = identity.From(ctx).WritableNetworks()
	runs, err := h.store.RecentRuns(ctx, identity.IDs(page.Networks), 10)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	page.Runs = runs
	web.Render(w, r, status, uploadPage(page))
}

func (h *Handler) upload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	u := identity.From(ctx)
	page := UploadPage{Errors: web.Errors{}}
	// The body is capped at MaxRequestBytes by the router; everything fits
	// in memory, nothing goes to temporary files.
	if err := r.ParseMultipartForm(MaxRequestBytes); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			page.Errors["bestand"] = fileError(msgFileTooLarge, MaxFileBytes>>20).Text(ctx)
			h.renderUpload(w, r, http.StatusRequestEntityTooLarge, page)
			return
		}
		web.Fail(w, r, apperr.Wrap(apperr.BadRequest, err, ""))
		return
	}
	defer r.MultipartForm.RemoveAll()
	page.NetworkID = r.FormValue("netwerk")
	networkID, ok := pickNetwork(page.NetworkID, u.WritableNetworks())
	if !ok {
		page.Errors["netwerk"] = t("Kies het netwerk waarin de werkgevers komen.")
	}
	var data []byte
	var filename string
	file, header, err := r.FormFile("bestand")
	switch {
	case errors.Is(err, http.ErrMissingFile):
		page.Errors["bestand"] = t("Kies een bestand.")
	case err != nil:
		web.Fail(w, r, apperr.Wrap(apperr.BadRequest, err, ""))
		return
	default:
		defer file.Close()
		data, err = io.ReadAll(io.LimitReader(file, MaxFileBytes+1))
		if err != nil {
			web.Fail(w, r, apperr.Wrap(apperr.BadRequest, err, ""))
			return
		}
		filename = cleanFilename(header.Filename)
	}
	status := http.StatusUnprocessableEntity
	var table *Table
	if data != nil {
		if len(data) > MaxFileBytes {
			status = http.StatusRequestEntityTooLarge
		}
		pctx, cancel := context.WithTimeout(ctx, ParseTimeout)
		table, err = Parse(pctx, data)
		cancel()
		var fe *FileError
		switch {
		case errors.As(err, &fe):
			page.Errors["bestand"] = fe.Text(ctx)
		case err != nil:
			web.Fail(w, r, err)
			return
		}
	}
	if len(page.Errors) > 0 {
		h.renderUpload(w, r, status, page)
		return
	}
	id, err := h.store.CreateUpload(ctx, u.ID, networkID, filename, data, Guess(table.Header))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Redirect(w, r, uploadURL(id, "koppelen"))
}

func (h *Handler) mappingForm(w http.ResponseWriter, r *http.Request) {
	up, table, ok := h.load(w, r)
	if !ok {
		return
	}
	m := up.Mapping
	if len(m) != len(table.Header) {
		m = Guess(table.Header)
	}
	web.Render(w, r, http.StatusOK, mappingPage(newMappingPage(up, table, m, nil)))
}

func (h *Handler) saveMapping(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	up, table, ok := h.load(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	m := make(Mapping, len(table.Header))
	for i := range m {
		m[i] = r.PostForm.Get("kolom-" + strconv.Itoa(i))
	}
	if problems := m.Check(len(table.Header)); len(problems) > 0 {
		errs := web.Errors{}
		for _, p := range problems {
			key := "koppeling"
			if p.Column >= 0 {
				key = columnField(p.Column)
			}
			args := p.Args
			if p.Field != "" {
				args = append([]any{fieldLabel(ctx, p.Field)}, args...)
			}
			if _, taken := errs[key]; !taken {
				errs[key] = i18n.T(ctx, p.Msg, args...)
			}
		}
		web.Render(w, r, http.StatusUnprocessableEntity, mappingPage(newMappingPage(up, table, m, errs)))
		return
	}
	if err := h.store.SaveMapping(ctx, up.ID, up.UserID, m); err != nil {
		if errors.Is(err, ErrImported) {
			web.Redirect(w, r, uploadURL(up.ID, "resultaat"))
			return
		}
		web.Fail(w, r, err)
		return
	}
	web.Redirect(w, r, uploadURL(up.ID, "voorbeeld"))
}

func (h *Handler) preview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	up, table, ok := h.load(w, r)
	if !ok {
		return
	}
	if len(up.Mapping.Check(len(table.Header))) > 0 {
		web.Redirect(w, r, uploadURL(up.ID, "koppelen"))
		return
	}
	ref, err := h.store.Reference(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	plan, err := h.store.Preview(ctx, up.NetworkID, Map(table, up.Mapping, ref))
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, previewPage(newPreviewPage(ctx, up, table, plan, ModeValid, nil)))
}

// Import modes.
const (
	ModeValid = "geldig" // every valid row
	ModeAll   = "alles"  // all or nothing
)

func (h *Handler) apply(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	up, table, ok := h.load(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	if len(up.Mapping.Check(len(table.Header))) > 0 {
		web.Redirect(w, r, uploadURL(up.ID, "koppelen"))
		return
	}
	ref, err := h.store.Reference(ctx)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	res := Map(table, up.Mapping, ref)
	mode := r.PostForm.Get("modus")
	// again shows the preview with a message on the choice, and what the
	// network holds now.
	plan, err := h.store.Preview(ctx, up.NetworkID, res)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	ch, errs := ParseChoices(ctx, r.PostForm, NeedsOf(plan), h.store.Clock().Today())
	// again shows the preview with the choices as sent, a message on
	// each that is missing, and what the network holds now.
	again := func(status int, errs web.Errors) {
		if plan, err = h.store.Preview(ctx, up.NetworkID, res); err != nil {
			web.Fail(w, r, err)
			return
		}
		page := newPreviewPage(ctx, up, table, plan, mode, r.PostForm)
		page.Errors = errs
		web.Render(w, r, status, previewPage(page))
	}
	if errs == nil {
		errs = web.Errors{}
	}
	if mode != ModeValid && mode != ModeAll {
		errs["modus"] = t("Kies of u alle geldige rijen wilt importeren, of alles of niets.")
	}
	if len(errs) > 0 {
		again(http.StatusUnprocessableEntity, errs)
		return
	}
	actx, cancel := context.WithTimeout(ctx, ApplyTimeout)
	defer cancel()
	_, _, err = h.store.Apply(actx, up, res, ref, ch, mode == ModeAll)
	var refused *RefusedError
	var taken *KvKTakenError
	switch {
	case errors.As(err, &refused) && refused.Plan.RefusedRows() == 1:
		again(http.StatusUnprocessableEntity, web.Errors{"modus": t("Er is niets geïmporteerd: 1 rij kan niet worden geïmporteerd en u koos voor alles of niets. Herstel die rij in het bestand en lees het opnieuw in, of kies voor alle geldige rijen.")})
	case errors.As(err, &refused):
		again(http.StatusUnprocessableEntity, web.Errors{"modus": t("Er is niets geïmporteerd: %d rijen kunnen niet worden geïmporteerd en u koos voor alles of niets. Herstel die rijen in het bestand en lees het opnieuw in, of kies voor alle geldige rijen.", refused.Plan.RefusedRows())})
	case errors.As(err, &taken):
		again(http.StatusConflict, web.Errors{"modus": t("Het KvK-nummer %s is tijdens het importeren door een andere werkgever in gebruik genomen. Er is niets geïmporteerd; bekijk het voorbeeld hieronder opnieuw.", taken.KvK)})
	case errors.Is(err, ErrImported):
		web.Redirect(w, r, uploadURL(up.ID, "resultaat"))
	case errors.Is(actx.Err(), context.DeadlineExceeded):
		again(http.StatusServiceUnavailable, web.Errors{"modus": t("Het importeren duurde langer dan %d minuten en is afgebroken; er is niets veranderd. Splits het bestand in kleinere bestanden.", int(ApplyTimeout.Minutes()))})
	case err != nil:
		web.Fail(w, r, err)
	default:
		session.SetFlash(ctx, t("Het bestand %s is geïmporteerd.", up.Filename))
		web.Redirect(w, r, uploadURL(up.ID, "resultaat"))
	}
}

func (h *Handler) result(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := identity.From(ctx)
	up, ok := web.LoadParam(w, r, "upload", h.ownUpload)
	if !ok {
		return
	}
	if up.RunID == 0 {
		web.Redirect(w, r, uploadURL(up.ID, "voorbeeld"))
		return
	}
	run, err := h.store.Run(ctx, up.ID, u.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, resultPage(ResultPage{Upload: up, Run: run}))
}

// ownUpload reads an upload of the signed-in user; anyone else's is not
// found.
func (h *Handler) ownUpload(ctx context.Context, id int64) (Upload, error) {
	return h.store.Upload(ctx, id, identity.From(ctx).ID)
}

// load reads the upload of the URL, which must be the user's own and in a
// network they may still change (else 404), and parses its file. An
// upload that has been imported sends the user to its result.
func (h *Handler) load(w http.ResponseWriter, r *http.Request) (Upload, *Table, bool) {
	ctx := r.Context()
	up, ok := web.LoadParam(w, r, "upload", func(ctx context.Context, id int64) (Upload, error) {
		up, err := h.ownUpload(ctx, id)
		if err == nil && !identity.From(ctx).CanWrite(up.NetworkID) {
			err = apperr.ErrNotFound
		}
		return up, err
	})
	if !ok {
		return up, nil, false
	}
	if up.RunID != 0 {
		web.Redirect(w, r, uploadURL(up.ID, "resultaat"))
		return up, nil, false
	}
	pctx, cancel := context.WithTimeout(ctx, ParseTimeout)
	defer cancel()
	table, err := Parse(pctx, up.Data)
	if err != nil {
		// The file was read when it was uploaded; only the deadline can
		// fail it now.
		var fe *FileError
		if errors.As(err, &fe) {
			err = apperr.New(apperr.Unavailable, fe.Text(ctx))
		}
		web.Fail(w, r, err)
		return up, nil, false
	}
	return up, table, true
}

func pickNetwork(s string, ns []identity.Network) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return 0, false
	}
	for _, n := range ns {
		if n.ID == id {
			return id, true
		}
	}
	return 0, false
}

// cleanFilename keeps the base name of an uploaded file, as text of at
// most 255 characters.
func cleanFilename(name string) string {
	name = validate.CleanText(path.Base(strings.ReplaceAll(name, `\`, "/")))
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "")
	}
	if r := []rune(name); len(r) > 255 {
		name = string(r[:255])
	}
	if name == "" || name == "." || name == "/" {
		name = "bestand"
	}
	return name
}

func uploadURL(id int64, step string) string { return "/import/" + web.FormatID(id) + "/" + step }

func columnField(i int) string { return "kolom-" + strconv.Itoa(i) }
