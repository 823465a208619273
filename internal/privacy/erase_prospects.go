package privacy

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/web"
)

// Prospects (employers in the recruitment pipeline) hold personal data: the
// contact's name, e-mail address, phone number and job title, what they
// wrote in the public form, and their consent. They are covered here:
//   - a request: the beheerder finds them by name or e-mail address on
//     /privacy and erases the personal fields; erasing a contact erases the
//     prospects with the same e-mail address as well;
//   - retention: a prospect that dropped out ("afgevallen") is due one year
//     after its last change, any other prospect that did not become a
//     member after the retention period (RETENTION_YEARS, default 2) without
//     a change. Then its organisation's name, KvK number and postcode go
//     too; stage, source and dates stay for the pipeline's figures;
//   - access: a contact's subject page lists the prospects with their
//     e-mail address, and each prospect found has its own export
//     (/privacy/werving/{id}.json) for someone who is no contact.

// ProspectRow is a prospect as the privacy pages show it.
type ProspectRow struct {
	ID          int64      `json:"-"`
	Name        string     `json:"organisatie"`
	Network     string     `json:"netwerk"`
	Stage       string     `json:"fase"`
	ContactName string     `json:"naam"`
	Email       string     `json:"email"`
	Phone       string     `json:"telefoon"`
	JobTitle    string     `json:"functietitel"`
	Hopes       string     `json:"hoopt"`
	Offers      string     `json:"biedt"`
	ConsentText string     `json:"toestemming,omitempty"`
	ConsentAt   *time.Time `json:"toestemming_op,omitempty"`
	CreatedAt   time.Time  `json:"aangemaakt_op"`
	UpdatedAt   time.Time  `json:"gewijzigd_op"`
}

// ProspectsView is the pipeline's part of /privacy.
type ProspectsView struct {
	Searched bool
	Found    []ProspectRow
	Due      []ProspectRow
	Years    int
}

// prospectFields are the audit fields of a prospect that hold personal
// data (see recruitment's snapshot).
var prospectFields = []string{"contactpersoon", "email", "telefoon", "functietitel", "hoopt", "biedt",
	"bron_toelichting", "volgende_stap", "toelichting"}

const prospectRowColumns = `p.id, p.name, n.name, p.stage, p.contact_name, p.contact_email, p.contact_phone,
	p.contact_job_title, p.hopes, p.offers, coalesce(p.consent_text, ''), p.consent_at, p.created_at, p.updated_at
	FROM prospects p JOIN networks n ON n.id = p.network_id`

// dueProspects is the SQL condition for a prospect due for erasure with
// a retention of $1 years, on day $2.
const dueProspects = `p.erased_at IS NULL AND p.stage <> 'lid' AND p.updated_at < CASE WHEN p.stage = 'afgevallen'
	THEN $2::date - interval '1 year' ELSE $2::date - make_interval(years => $1) END`

func collectProspects(ctx context.Context, q db.Querier, sql string, args ...any) ([]ProspectRow, error) {
	rows, err := q.Query(ctx, `SELECT `+prospectRowColumns+` `+sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[ProspectRow])
}

// SearchProspects finds prospects not yet erased by part of their
// contact's name or e-mail address.
func (s *Store) SearchProspects(ctx context.Context, q string) ([]ProspectRow, error) {
	q = strings.TrimSpace(q)
	if len([]rune(q)) < 2 {
		return nil, nil
	}
	return collectProspects(ctx, s.pool, `WHERE p.erased_at IS NULL AND (p.contact_name ILIKE $1 OR p.contact_email ILIKE $1)
		ORDER BY lower(p.contact_name), p.id LIMIT $2`, "%"+escapeLike(q)+"%", MaxResults)
}

// DueProspects lists the prospects due for erasure with a retention of
// years.
func (s *Store) DueProspects(ctx context.Context, years int) ([]ProspectRow, error) {
	return collectProspects(ctx, s.pool, `WHERE `+dueProspects+` ORDER BY p.updated_at, p.id LIMIT $3`,
		years, s.Clock().Today(), MaxDue)
}

// EraseProspects erases the prospects ids in one transaction. With
// retention set only those still due are erased, and with their
// organisation's name; it returns how many were erased.
func (s *Store) EraseProspects(ctx context.Context, ids []int64, retention bool, years int) (int, error) {
	var n int
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		cond, args := `p.id = ANY($1) AND p.erased_at IS NULL`, []any{ids}
		if retention {
			cond, args = `p.id = ANY($3) AND `+dueProspects, []any{years, s.Clock().Today(), ids}
		}
		rows, err := collectProspects(ctx, tx, `WHERE `+cond+` ORDER BY p.id FOR UPDATE OF p`, args...)
		if err != nil {
			return err
		}
		n = len(rows)
		return eraseProspects(ctx, tx, rows, retention)
	})
	return n, err
}

// eraseProspectsOf erases the prospects with one of the e-mail addresses:
// those of contacts being erased, who may have come in through the pipeline.
func eraseProspectsOf(ctx context.Context, tx pgx.Tx, emails []string) error {
	if len(emails) == 0 {
		return nil
	}
	rows, err := collectProspects(ctx, tx, `WHERE p.erased_at IS NULL AND lower(p.contact_email) = ANY($1)
		ORDER BY p.id FOR UPDATE OF p`, emails)
	if err != nil {
		return err
	}
	return eraseProspects(ctx, tx, rows, false)
}

// eraseProspects empties the personal fields of the prospects (locked by
// the caller), their values in the audit trail, the mail to them and every
// occurrence of their specific values elsewhere; whole also erases the
// organisation's name, KvK number and postcode.
func eraseProspects(ctx context.Context, tx pgx.Tx, rows []ProspectRow, whole bool) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]int64, len(rows))
	known := knownValues{}
	var emails []string
	for i, p := range rows {
		ids[i] = p.ID
		known.add("naam", p.ContactName)
		known.add("email", p.Email)
		known.add("telefoon", p.Phone)
		if p.Email != "" {
			emails = append(emails, strings.ToLower(p.Email))
		}
	}
	// The consent's time stays: that it was given is no personal data.
	_, err := tx.Exec(ctx, `UPDATE prospects SET contact_name = '', contact_email = '', contact_phone = '',
			contact_job_title = '', hopes = '', offers = '', source_note = '', next_step = '', drop_note = '',
			consent_text = CASE WHEN consent_text IS NULL THEN NULL ELSE $2 END,
			name = CASE WHEN $3 THEN $4 ELSE name END, name_key = CASE WHEN $3 THEN '' ELSE name_key END,
			kvk_number = CASE WHEN $3 THEN NULL ELSE kvk_number END, postcode = CASE WHEN $3 THEN NULL ELSE postcode END,
			erased_at = now(), version = version + 1, updated_at = now()
		WHERE id = ANY($1)`, ids, Marker, whole, ErasedEmployer)
	if err != nil {
		return err
	}
	fields := prospectFields
	if whole {
		fields = append([]string{"organisatie", "kvk", "postcode"}, prospectFields...)
	}
	if err := eraseAuditFields(ctx, tx, "prospect", ids, fields); err != nil {
		return err
	}
	if err := eraseMail(ctx, tx, emails); err != nil {
		return err
	}
	if err := sweep(ctx, tx, newScrubber(known.searchable())); err != nil {
		return err
	}
	for _, id := range ids {
		if err := audit.Record(ctx, tx, audit.Entry{Entity: "prospect", EntityID: id, Action: Erased}); err != nil {
			return err
		}
	}
	return nil
}

// subjectProspects are the prospects with one of the contact's e-mail
// addresses, for the access request.
func subjectProspects(ctx context.Context, tx pgx.Tx, k knownValues) ([]ProspectRow, error) {
	if len(k.Emails) == 0 {
		return nil, nil
	}
	return collectProspects(ctx, tx, `WHERE lower(p.contact_email) = ANY($1) ORDER BY p.created_at DESC, p.id DESC`, k.Emails)
}

// loadProspects fills the pipeline's part of the overview.
func (h *Handler) loadProspects(ctx context.Context, p *OverviewPage) error {
	p.Prospects = ProspectsView{Searched: p.Searched, Years: h.years}
	var err error
	if p.Searched {
		if p.Prospects.Found, err = h.store.SearchProspects(ctx, p.Query); err != nil {
			return err
		}
	}
	p.Prospects.Due, err = h.store.DueProspects(ctx, h.years)
	return err
}

// prospectRoutes mounts the erasure of prospects (within /privacy).
func (h *Handler) prospectRoutes(r chi.Router) {
	r.Post("/werving/wissen", h.eraseProspects)
	r.Get("/werving/{id}", h.prospectExport) // {id}.json, the download's name
}

// ProspectExport is the answer to a request for access by someone who is
// (only) a prospect's contact: the row and its audit trail.
type ProspectExport struct {
	Prospect    ProspectRow `json:"werving"`
	Audit       []AuditData `json:"wijzigingen"`
	GeneratedAt time.Time   `json:"opgesteld_op"`
}

// ProspectExport loads everything the portal holds about prospect id.
func (s *Store) ProspectExport(ctx context.Context, id int64) (ProspectExport, error) {
	out := ProspectExport{GeneratedAt: s.Clock().Now()}
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		rows, err := collectProspects(ctx, tx, `WHERE p.id = $1`, id)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return apperr.ErrNotFound
		}
		out.Prospect = rows[0]
		ar, err := tx.Query(ctx, `SELECT at, actor, entity, action, changes FROM audit_log
			WHERE entity = 'prospect' AND entity_id = $1 ORDER BY at DESC, id DESC`, id)
		if err != nil {
			return err
		}
		out.Audit, err = pgx.CollectRows(ar, func(r pgx.CollectableRow) (AuditData, error) {
			var d AuditData
			var raw []byte
			if err := r.Scan(&d.At, &d.Actor, &d.Entity, &d.Action, &raw); err != nil {
				return d, err
			}
			var changes map[string]ChangeVal
			_ = json.Unmarshal(raw, &changes) // another shape: shown without its values
			d.Changes = changes
			return d, nil
		})
		return err
	})
	return out, err
}

func (h *Handler) prospectExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	raw, _ := strings.CutSuffix(chi.URLParam(r, "id"), ".json")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		web.Fail(w, r, apperr.ErrNotFound)
		return
	}
	out, err := h.store.ProspectExport(ctx, id)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	h.accessExport(w, r, out, "prospect", "werving", id)
}

// eraseProspects erases the prospects checked in the search results (a
// request) or in the retention list, after the confirmation box.
func (h *Handler) eraseProspects(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !web.ParsedForm(w, r) {
		return
	}
	var ids []int64
	for _, v := range r.PostForm["prospect"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 && len(ids) < MaxBulk {
			ids = append(ids, id)
		}
	}
	switch {
	case len(ids) == 0:
		h.renderOverview(w, r, http.StatusUnprocessableEntity, i18n.T(ctx, "Kies ten minste één werkgever uit de werving om te wissen."))
		return
	case r.PostForm.Get("bevestig") != "ja":
		h.renderOverview(w, r, http.StatusUnprocessableEntity, i18n.T(ctx, "Vink aan dat u de gekozen gegevens uit de werving wilt wissen; wissen kan niet ongedaan worden gemaakt."))
		return
	}
	n, err := h.store.EraseProspects(ctx, ids, r.PostForm.Get("soort") == "bewaartermijn", h.years)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	slog.InfoContext(ctx, "privacy: erased", "prospects", n, "user", identity.From(ctx).ID)
	session.SetFlash(ctx, i18n.T(ctx, "Gewist uit de werving: %d.", n))
	web.Redirect(w, r, "/privacy")
}
