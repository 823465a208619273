package beheer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"golang.org/x/text/unicode/norm"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// RefList is one of the fixed lists the beheerder keeps: its table, the rows
// that belong to it, and whether a row has a code (function types and
// commitment kinds are referred to by code).
type RefList struct {
	Key, Title string
	table      string
	where      string // the list's rows within the table
	kind       string // tags: uitdaging or aanbod
	idCol      string
	code       bool
	scale      bool // maturity levels: grouped per scale
}

var refLists = []RefList{
	{Key: "uitdagingen", Title: "Uitdagingen", table: "tags", where: "kind = 'uitdaging'", kind: "uitdaging", idCol: "id"},
	{Key: "aanbod", Title: "Aanbod", table: "tags", where: "kind = 'aanbod'", kind: "aanbod", idCol: "id"},
	{Key: "functies", Title: "Functies van contactpersonen", table: "function_types", where: "true", idCol: "code", code: true},
	{Key: "themas", Title: "Thema's", table: "themes", where: "true", idCol: "id"},
	{Key: "toezeggingen", Title: "Soorten toezeggingen", table: "commitment_kinds", where: "network_id IS NULL", idCol: "id", code: true},
	{Key: "volwassenheid", Title: "Volwassenheidsniveaus", table: "maturity_levels", where: "true", idCol: "id", scale: true},
}

func refList(key string) (RefList, bool) {
	for _, l := range refLists {
		if l.Key == key {
			return l, true
		}
	}
	return RefList{}, false
}

// RefItem is one value of a list.
type RefItem struct {
	ID       string
	Name     string
	Scale    string
	Position int
	Retired  bool // kept on old records, no longer offered in forms
}

func (s *Store) refItems(ctx context.Context, l RefList) ([]RefItem, error) {
	scale := "''::text"
	if l.scale {
		scale = "scale"
	}
	rows, err := s.pool.Query(ctx, fmt.Sprintf(`SELECT %s::text, name, %s, position, retired_at IS NOT NULL FROM %s WHERE %s ORDER BY 3, position, name`,
		l.idCol, scale, l.table, l.where))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[RefItem])
}

var errRefNameTaken = errors.New("name taken")

// addRef adds a value at the end of its list (of its scale).
func (s *Store) addRef(ctx context.Context, l RefList, name, scale string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		var id string
		switch {
		case l.table == "tags":
			err = tx.QueryRow(ctx, `INSERT INTO tags (kind, name, position) VALUES ($1, $2,
				(SELECT coalesce(max(position), 0) + 1 FROM tags WHERE kind = $1)) RETURNING id::text`, l.kind, name).Scan(&id)
		case l.table == "themes":
			err = tx.QueryRow(ctx, `INSERT INTO themes (name, position) VALUES ($1,
				(SELECT coalesce(max(position), 0) + 1 FROM themes)) RETURNING id::text`, name).Scan(&id)
		case l.table == "maturity_levels":
			err = tx.QueryRow(ctx, `INSERT INTO maturity_levels (scale, name, position) VALUES ($1, $2,
				(SELECT coalesce(max(position), 0) + 1 FROM maturity_levels WHERE scale = $1)) RETURNING id::text`, scale, name).Scan(&id)
		case l.table == "function_types":
			id = codeFor(name, 30)
			_, err = tx.Exec(ctx, `INSERT INTO function_types (code, name, position) VALUES ($1, $2,
				(SELECT coalesce(max(position), 0) + 1 FROM function_types))`, id, name)
		case l.table == "commitment_kinds":
			err = tx.QueryRow(ctx, `INSERT INTO commitment_kinds (code, name, position) VALUES ($1, $2,
				(SELECT coalesce(max(position), 0) + 1 FROM commitment_kinds WHERE network_id IS NULL)) RETURNING id::text`,
				codeFor(name, 40), name).Scan(&id)
		}
		if db.IsUniqueViolation(err, "") {
			return errRefNameTaken
		}
		if err != nil {
			return err
		}
		n, _ := strconv.ParseInt(id, 10, 64)
		return audit.Record(ctx, tx, audit.Entry{Entity: "referentie", EntityID: n, Action: audit.Created,
			Changes: map[string]audit.Change{l.Key: {New: name}}})
	})
}

// codeFor makes a stable code from a name: lower-case letters and
// underscores ("Inclusief inkopen" → "inclusief_inkopen").
func codeFor(name string, max int) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '-' || r == '/':
			if !strings.HasSuffix(b.String(), "_") && b.Len() > 0 {
				b.WriteByte('_')
			}
		}
	}
	c := strings.Trim(b.String(), "_")
	if len(c) > max {
		c = strings.TrimRight(c[:max], "_")
	}
	if c == "" {
		c = "waarde"
	}
	return c
}

// renameRef renames one value; records keep pointing at it.
func (s *Store) renameRef(ctx context.Context, l RefList, id, name string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var old string
		err := tx.QueryRow(ctx, fmt.Sprintf(`SELECT name FROM %s WHERE %s::text = $1 AND %s FOR UPDATE`, l.table, l.idCol, l.where), id).Scan(&old)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.ErrNotFound
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, fmt.Sprintf(`UPDATE %s SET name = $2 WHERE %s::text = $1`, l.table, l.idCol), id, name)
		if db.IsUniqueViolation(err, "") {
			return errRefNameTaken
		}
		if err != nil || old == name {
			return err
		}
		n, _ := strconv.ParseInt(id, 10, 64)
		return audit.Record(ctx, tx, audit.Entry{Entity: "referentie", EntityID: n, Action: audit.Updated,
			Changes: map[string]audit.Change{l.Key + " " + id: {Old: old, New: name}}})
	})
}

// setRetired retires a value or takes it back into use. Records that hold
// it keep it either way; only the forms stop (or start again) offering it.
func (s *Store) setRetired(ctx context.Context, l RefList, id string, retired bool) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var name string
		var was bool
		err := tx.QueryRow(ctx, fmt.Sprintf(`SELECT name, retired_at IS NOT NULL FROM %s WHERE %s::text = $1 AND %s FOR UPDATE`,
			l.table, l.idCol, l.where), id).Scan(&name, &was)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.ErrNotFound
		}
		if err != nil || was == retired {
			return err
		}
		if _, err := tx.Exec(ctx, fmt.Sprintf(`UPDATE %s SET retired_at = CASE WHEN $2 THEN now() END WHERE %s::text = $1`,
			l.table, l.idCol), id, retired); err != nil {
			return err
		}
		action, state := audit.Restored, audit.Change{Old: "buiten gebruik", New: "in gebruik"}
		if retired {
			action, state = audit.Retired, audit.Change{Old: "in gebruik", New: "buiten gebruik"}
		}
		n, _ := strconv.ParseInt(id, 10, 64)
		return audit.Record(ctx, tx, audit.Entry{Entity: "referentie", EntityID: n, Action: action,
			Changes: map[string]audit.Change{l.Key + " " + name: state}})
	})
}

// moveRef swaps a value with its neighbour above (up) or below.
func (s *Store) moveRef(ctx context.Context, l RefList, id string, up bool) error {
	items, err := s.refItems(ctx, l)
	if err != nil {
		return err
	}
	i := -1
	for j, it := range items {
		if it.ID == id {
			i = j
		}
	}
	if i < 0 {
		return apperr.ErrNotFound
	}
	j := i + 1
	if up {
		j = i - 1
	}
	if j < 0 || j >= len(items) || items[j].Scale != items[i].Scale {
		return nil // already first or last
	}
	a, b := items[i], items[j]
	if a.Position == b.Position { // equal positions: make them distinct
		b.Position = a.Position + 1
		if up {
			b.Position = a.Position - 1
		}
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		q := fmt.Sprintf(`UPDATE %s SET position = $2 WHERE %s::text = $1`, l.table, l.idCol)
		if _, err := tx.Exec(ctx, q, a.ID, b.Position); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, q, b.ID, a.Position); err != nil {
			return err
		}
		n, _ := strconv.ParseInt(a.ID, 10, 64)
		return audit.Record(ctx, tx, audit.Entry{Entity: "referentie", EntityID: n, Action: "volgorde gewijzigd",
			Changes: map[string]audit.Change{l.Key: {Old: a.Name + " op plaats " + strconv.Itoa(i+1), New: "plaats " + strconv.Itoa(j+1)}}})
	})
}

// RefPage is the page of one list.
type RefPage struct {
	List   RefList
	Lists  []RefList
	Items  []RefItem
	Scales []string
	New    string
	Scale  string
	Errors web.Errors
}

var refKeyRe = regexp.MustCompile(`^[a-z]+$`)

func (h *Handler) refListFromPath(w http.ResponseWriter, r *http.Request) (RefList, bool) {
	key := chi.URLParam(r, "lijst")
	l, ok := refList(key)
	if !refKeyRe.MatchString(key) || !ok {
		web.Fail(w, r, apperr.ErrNotFound)
		return l, false
	}
	return l, true
}

func (h *Handler) refIndex(w http.ResponseWriter, r *http.Request) {
	web.Redirect(w, r, "/beheer/referentie/"+refLists[0].Key)
}

func (h *Handler) refPage(w http.ResponseWriter, r *http.Request) {
	l, ok := h.refListFromPath(w, r)
	if ok {
		h.renderRef(w, r, http.StatusOK, RefPage{List: l, Errors: web.Errors{}})
	}
}

func (h *Handler) renderRef(w http.ResponseWriter, r *http.Request, status int, p RefPage) {
	var err error
	p.Lists = refLists
	if p.Items, err = h.store.refItems(r.Context(), p.List); err == nil && p.List.scale {
		p.Scales, err = h.store.Scales(r.Context())
	}
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, status, refListPage(p))
}

func refName(ctx context.Context, errs web.Errors, field, name string) {
	switch {
	case name == "":
		errs[field] = i18n.T(ctx, "Vul een naam in.")
	case utf8.RuneCountInString(name) > 100 || strings.ContainsFunc(name, unicode.IsControl):
		errs[field] = i18n.T(ctx, "Een naam heeft hoogstens 100 gewone tekens.")
	}
}

func (h *Handler) refAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l, ok := h.refListFromPath(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	p := RefPage{List: l, New: strings.TrimSpace(r.PostForm.Get("naam")), Scale: strings.TrimSpace(r.PostForm.Get("schaal")), Errors: web.Errors{}}
	refName(ctx, p.Errors, "naam", p.New)
	if l.scale {
		if p.Scale == "" || utf8.RuneCountInString(p.Scale) > 60 || strings.ContainsFunc(p.Scale, unicode.IsControl) {
			p.Errors["schaal"] = i18n.T(ctx, "Vul de schaal in: een bestaande of een nieuwe naam van hoogstens 60 tekens.")
		}
	}
	if len(p.Errors) == 0 {
		if err := h.store.addRef(ctx, l, p.New, p.Scale); errors.Is(err, errRefNameTaken) {
			p.Errors["naam"] = i18n.T(ctx, "Deze naam staat al in de lijst.")
		} else if err != nil {
			web.Fail(w, r, err)
			return
		}
	}
	if len(p.Errors) > 0 {
		h.renderRef(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	session.SetFlash(ctx, i18n.T(ctx, "De waarde is toegevoegd."))
	web.Redirect(w, r, "/beheer/referentie/"+l.Key)
}

func (h *Handler) refRename(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l, ok := h.refListFromPath(w, r)
	if !ok {
		return
	}
	if !web.ParsedForm(w, r) {
		return
	}
	id, name := chi.URLParam(r, "id"), strings.TrimSpace(r.PostForm.Get("naam"))
	p := RefPage{List: l, Errors: web.Errors{}}
	field := "naam-" + id
	refName(ctx, p.Errors, field, name)
	if len(p.Errors) == 0 {
		if err := h.store.renameRef(ctx, l, id, name); errors.Is(err, errRefNameTaken) {
			p.Errors[field] = i18n.T(ctx, "Deze naam staat al in de lijst.")
		} else if err != nil {
			web.Fail(w, r, err)
			return
		}
	}
	if len(p.Errors) > 0 {
		h.renderRef(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	session.SetFlash(ctx, i18n.T(ctx, "De naam is gewijzigd; bestaande gegevens tonen de nieuwe naam."))
	web.Redirect(w, r, "/beheer/referentie/"+l.Key)
}

func (h *Handler) refMove(up bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		l, ok := h.refListFromPath(w, r)
		if !ok {
			return
		}
		if err := h.store.moveRef(r.Context(), l, chi.URLParam(r, "id"), up); err != nil {
			web.Fail(w, r, err)
			return
		}
		web.Redirect(w, r, "/beheer/referentie/"+l.Key+"#waarde-"+chi.URLParam(r, "id"))
	}
}

func (h *Handler) refRetire(retired bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		l, ok := h.refListFromPath(w, r)
		if !ok {
			return
		}
		if err := h.store.setRetired(ctx, l, chi.URLParam(r, "id"), retired); err != nil {
			web.Fail(w, r, err)
			return
		}
		if retired {
			session.SetFlash(ctx, i18n.T(ctx, "De waarde is buiten gebruik gesteld: formulieren bieden haar niet meer aan; gegevens die haar hebben, houden haar."))
		} else {
			session.SetFlash(ctx, i18n.T(ctx, "De waarde is weer in gebruik."))
		}
		web.Redirect(w, r, "/beheer/referentie/"+l.Key+"#waarde-"+chi.URLParam(r, "id"))
	}
}
