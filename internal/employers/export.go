package employers

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/export"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// MaxExportRows is the most rows a download of the employer list holds; a
// larger selection is refused with a request to narrow the filters, never
// cut off silently.
const MaxExportRows = 50000

var errTooManyRows = apperr.New(apperr.Invalid, "")

// tooMany gives errTooManyRows its message in the reader's language.
func tooMany(ctx context.Context, err error) error {
	if err == errTooManyRows {
		return apperr.New(apperr.Invalid, i18n.T(ctx,
			"Een download bevat hoogstens 50.000 rijen en deze selectie is groter. Verfijn de filters en probeer het opnieuw."))
	}
	return err
}

// exportRoutes mounts the downloads of the list; the filters are the list's
// own query string.
func (h *Handler) exportRoutes(r chi.Router) {
	r.Get("/export.{format}", h.exportEmployers)
	r.Get("/contactpersonen.{format}", h.exportContacts)
}

// ExportLink is the address of a download of the list with filter f, in
// format "csv" or "xlsx"; what is "export" (the employers) or
// "contactpersonen".
func ExportLink(f Filter, what, format string) string {
	q := f.Values().Encode()
	if q != "" {
		q = "?" + q
	}
	return "/werkgevers/" + what + "." + format + q
}

// ExportItem is one employer of a download, with everything the list knows.
type ExportItem struct {
	Name            string
	KvK             string
	Sector          string
	EmployeeCount   *int
	SizeClass       string
	Address         string
	Postcode        string
	City            string
	Region          string
	Network         string
	Status          string
	StatusChangedOn time.Time
	MemberSince     *time.Time
	Maturity        string
	Challenges      string
	Offers          string
	ActiveContacts  int
	HasDirectie     bool
	UpdatedAt       time.Time
}

// ExportList returns every employer of the list with filter f in scope (no
// paging), in the list's order, in one query. More than MaxExportRows is
// an Invalid error.
func (s *Store) ExportList(ctx context.Context, scope identity.Scope, f Filter) ([]ExportItem, error) {
	where, args := f.where(scope)
	rows, err := s.reader().Query(ctx, `SELECT e.name, coalesce(e.kvk_number, ''), coalesce(s.code || ' ' || s.name, ''),
			e.employee_count, coalesce(sc.name, ''), e.address, coalesce(e.postcode, ''), e.city, coalesce(rg.name, ''),
			n.name, e.status, e.status_changed_on, e.member_since,
			coalesce(CASE WHEN m.scale = 'PSO' THEN 'PSO ' || m.name ELSE m.scale || ': ' || m.name END, ''),
			coalesce(tg.challenges, ''), coalesce(tg.offers, ''),
			ac.active, ac.directie, e.updated_at
		FROM employers e
		JOIN networks n ON n.id = e.network_id
		LEFT JOIN sectors s ON s.id = e.sector_id
		LEFT JOIN regions rg ON rg.id = e.region_id
		LEFT JOIN maturity_levels m ON m.id = e.maturity_level_id
		LEFT JOIN size_classes sc ON e.employee_count BETWEEN sc.min_employees AND coalesce(sc.max_employees, 2147483647)
		LEFT JOIN LATERAL (
			SELECT string_agg(t.name, ', ' ORDER BY t.position) FILTER (WHERE t.kind = 'uitdaging') AS challenges,
				string_agg(t.name, ', ' ORDER BY t.position) FILTER (WHERE t.kind = 'aanbod') AS offers
			FROM employer_tags et JOIN tags t ON t.id = et.tag_id WHERE et.employer_id = e.id) tg ON true
		CROSS JOIN LATERAL (
			SELECT count(*) AS active, coalesce(bool_or(c.function = 'directie'), false) AS directie
			FROM contacts c WHERE c.employer_id = e.id AND `+activeContact+`) ac
		WHERE `+where+`
		ORDER BY `+f.orderBy()+` LIMIT `+strconv.Itoa(MaxExportRows+1), args...)
	if err != nil {
		return nil, err
	}
	items, err := pgx.CollectRows(rows, pgx.RowToStructByPos[ExportItem])
	if err == nil && len(items) > MaxExportRows {
		return nil, errTooManyRows
	}
	return items, err
}

// ExportContact is one active contact of a download, with its employer.
type ExportContact struct {
	Employer   string
	Network    string
	Name       string
	Email      string
	Phone      string
	Function   string
	JobTitle   string
	Level      string
	Primary    bool
	ActiveFrom time.Time
}

// ExportContacts returns the active contacts of the employers of the list
// with filter f in scope, one row per contact, in one query. Erased
// contacts hold nothing worth a row and are left out.
func (s *Store) ExportContacts(ctx context.Context, scope identity.Scope, f Filter) ([]ExportContact, error) {
	where, args := f.where(scope)
	rows, err := s.reader().Query(ctx, `SELECT e.name, n.name, c.name, c.email, c.phone, ft.name, c.job_title, c.level,
			c.is_primary, c.active_from
		FROM employers e
		JOIN networks n ON n.id = e.network_id
		JOIN contacts c ON c.employer_id = e.id AND `+activeContact+` AND c.erased_at IS NULL
		JOIN function_types ft ON ft.code = c.function
		WHERE `+where+`
		ORDER BY `+f.orderBy()+`, c.is_primary DESC, lower(c.name), c.id
		LIMIT `+strconv.Itoa(MaxExportRows+1), args...)
	if err != nil {
		return nil, err
	}
	items, err := pgx.CollectRows(rows, pgx.RowToStructByPos[ExportContact])
	if err == nil && len(items) > MaxExportRows {
		return nil, errTooManyRows
	}
	return items, err
}

// EmployerTable is the download of the employer list, with Dutch headers.
func EmployerTable(items []ExportItem) export.Table {
	t := export.Table{Name: "werkgevers", Headers: []string{"Naam", "KvK-nummer", "Sector", "Aantal medewerkers",
		"Grootteklasse", "Adres", "Postcode", "Plaats", "Arbeidsmarktregio", "Netwerk", "Status", "Status sinds",
		"Lid sinds", "Volwassenheid", "Uitdagingen", "Aanbod", "Actieve contactpersonen", "Directiecontact",
		"Laatst gewijzigd"}, Numeric: []int{3, 16}, Codes: []int{1, 6}, Dates: []int{11, 12}, DateTimes: []int{18}}
	for _, it := range items {
		count := ""
		if it.EmployeeCount != nil {
			count = strconv.Itoa(*it.EmployeeCount)
		}
		status := StatusLabels[it.Status]
		if status == "" {
			status = it.Status
		}
		t.Rows = append(t.Rows, []string{it.Name, it.KvK, it.Sector, count, it.SizeClass, it.Address, it.Postcode,
			it.City, it.Region, it.Network, status, export.Date(it.StatusChangedOn), export.DatePtr(it.MemberSince),
			it.Maturity, it.Challenges, it.Offers, strconv.Itoa(it.ActiveContacts), export.YesNo(it.HasDirectie),
			export.DateTime(it.UpdatedAt)})
	}
	return t
}

// ContactTable is the download of the contacts, with Dutch headers.
func ContactTable(items []ExportContact) export.Table {
	t := export.Table{Name: "contactpersonen", Headers: []string{"Werkgever", "Netwerk", "Naam", "E-mailadres",
		"Telefoonnummer", "Functie", "Functietitel", "Niveau", "Eerste contactpersoon", "Actief vanaf"},
		Codes: []int{4}, Dates: []int{9}}
	for _, c := range items {
		level := LevelLabels[c.Level]
		if level == "" {
			level = c.Level
		}
		t.Rows = append(t.Rows, []string{c.Employer, c.Network, c.Name, c.Email, c.Phone, c.Function, c.JobTitle,
			level, export.YesNo(c.Primary), export.Date(c.ActiveFrom)})
	}
	return t
}

func (h *Handler) exportEmployers(w http.ResponseWriter, r *http.Request) {
	format, ok := export.Format(chi.URLParam(r, "format"))
	if !ok {
		web.Fail(w, r, apperr.ErrNotFound)
		return
	}
	ctx := r.Context()
	u := identity.From(ctx)
	items, err := h.store.ExportList(ctx, identity.ScopeOf(u), ParseFilter(r.URL.Query()))
	if err != nil {
		web.Fail(w, r, tooMany(ctx, err))
		return
	}
	slog.InfoContext(ctx, "download", "list", "werkgevers", "format", format, "rows", len(items), "user", u.ID)
	web.Download(w, r, EmployerTable(items), format, h.clock.Now())
}

func (h *Handler) exportContacts(w http.ResponseWriter, r *http.Request) {
	format, ok := export.Format(chi.URLParam(r, "format"))
	if !ok {
		web.Fail(w, r, apperr.ErrNotFound)
		return
	}
	ctx := r.Context()
	u := identity.From(ctx)
	if !u.SeesContactDetails() {
		web.Fail(w, r, apperr.ErrForbidden)
		return
	}
	items, err := h.store.ExportContacts(ctx, identity.ScopeOf(u), ParseFilter(r.URL.Query()))
	if err != nil {
		web.Fail(w, r, tooMany(ctx, err))
		return
	}
	// Contact details leave the portal here: the log says who, not what.
	slog.InfoContext(ctx, "download", "list", "contactpersonen", "format", format, "rows", len(items), "user", u.ID)
	web.Download(w, r, ContactTable(items), format, h.clock.Now())
}
