package events

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/export"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// MaxExportRows is the most events a download of the list holds.
const MaxExportRows = 50000

var errTooManyRows = apperr.New(apperr.Invalid, "")

// exportRoutes mounts the download of the list with its filters (the
// list's own query string); the invitations of one event are
// /bijeenkomsten/{id}/deelnemers.{format} (exportInvitations). Whoever may
// read the page may download it.
func (h *Handler) exportRoutes(r chi.Router) {
	r.Get("/export.{format}", h.exportList)
}

// exportLink is the address of a download of the list with filter f.
func exportLink(f Filter, format string) string {
	q := f.values().Encode()
	if q != "" {
		q = "?" + q
	}
	return "/bijeenkomsten/export." + format + q
}

// ExportList returns every event of the list with filter f in scope, without
// paging, in the list's order, with the invitations counted per status.
func (s *Store) ExportList(ctx context.Context, scope identity.Scope, f Filter) ([]Event, error) {
	// The same conditions and order as List.
	where, order, args := f.where(scope)
	rows, err := s.reader().Query(ctx, selectEvent+where+order+fmt.Sprintf(` LIMIT %d`, MaxExportRows+1), args...)
	if err != nil {
		return nil, err
	}
	items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Event, error) { return scanEvent(r) })
	if err == nil && len(items) > MaxExportRows {
		return nil, errTooManyRows
	}
	return items, err
}

// attendanceRate is the share of those expected who came: the rate recorded
// when the attendance was closed, else present / (present + absent) once
// anyone has been checked; nil before that.
func attendanceRate(e Event) *float64 {
	if e.AttendanceRate != nil {
		return e.AttendanceRate
	}
	if n := e.Counts.Present + e.Counts.Absent; n > 0 {
		r := float64(e.Counts.Present) / float64(n)
		return &r
	}
	return nil
}

func percent(r *float64) string {
	if r == nil {
		return ""
	}
	return strconv.FormatFloat(*r*100, 'f', 1, 64)
}

func capacityText(c *int) string {
	if c == nil {
		return ""
	}
	return strconv.Itoa(*c)
}

func eventStatusText(s string) string {
	if s == Cancelled {
		return "Geannuleerd"
	}
	return "Gepland"
}

// eventTable is the download of the list, with Dutch headers.
func eventTable(items []Event) export.Table {
	t := export.Table{Name: "bijeenkomsten", Headers: []string{"Begin", "Einde", "Titel", "Soort", "Netwerk", "Subgroep",
		"Locatie", "Gastheer", "Status", "Aantal plaatsen", "Uitgenodigd, nog geen antwoord", "Aangemeld", "Wachtlijst",
		"Afgemeld", "Aanwezig", "Afwezig", "Uitnodigingen totaal", "Opkomst (%)", "Aanwezigheid afgesloten"},
		Numeric: []int{9, 10, 11, 12, 13, 14, 15, 16, 17}, DateTimes: []int{0, 1, 18}}
	ctx := context.Background() // Dutch labels, whatever the reader's language
	for _, e := range items {
		c := e.Counts
		t.Rows = append(t.Rows, []string{export.DateTime(e.StartsAt), export.DateTime(e.EndsAt), e.Title,
			kindLabel(ctx, e.Kind), e.NetworkName, e.SubgroupName, e.Location, e.HostEmployerName, eventStatusText(e.Status),
			capacityText(e.Capacity), strconv.Itoa(c.Invited), strconv.Itoa(c.Registered), strconv.Itoa(c.Waitlisted),
			strconv.Itoa(c.Declined), strconv.Itoa(c.Present), strconv.Itoa(c.Absent), strconv.Itoa(c.Total()),
			percent(attendanceRate(e)), export.DateTimePtr(e.AttendanceClosedAt)})
	}
	return t
}

// invitationTable is the download of one event's invitations: what the
// event page shows, with the moments of answering and checking in.
func invitationExportTable(e Event, invs []Invitation) export.Table {
	t := export.Table{Name: "deelnemers " + e.Title, Headers: []string{"Naam", "Werkgever", "Functie", "Niveau",
		"Status", "Uitgenodigd op", "Gereageerd op", "Op de wachtlijst sinds", "Ingecheckt om", "Binnenloper"},
		DateTimes: []int{5, 6, 7, 8}}
	ctx := context.Background()
	for _, inv := range invs {
		t.Rows = append(t.Rows, []string{inv.ContactName, inv.EmployerName, inv.FunctionName, web.LevelLabel(ctx, inv.Level),
			statusLabel(ctx, inv.Status), export.DateTime(inv.InvitedAt), export.DateTimePtr(inv.RespondedAt),
			export.DateTimePtr(inv.WaitlistedAt), export.DateTimePtr(inv.CheckedInAt), export.YesNo(inv.WalkIn)})
	}
	return t
}

func (h *Handler) exportList(w http.ResponseWriter, r *http.Request) {
	format, ok := export.Format(chi.URLParam(r, "format"))
	if !ok {
		web.Fail(w, r, apperr.ErrNotFound)
		return
	}
	ctx := r.Context()
	u := identity.From(ctx)
	items, err := h.store.ExportList(ctx, identity.ScopeOf(u), parseFilter(r.URL.Query()))
	if err == errTooManyRows {
		err = apperr.New(apperr.Invalid, i18n.T(ctx,
			"Een download bevat hoogstens 50.000 rijen en deze selectie is groter. Verfijn de filters en probeer het opnieuw."))
	}
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	slog.InfoContext(ctx, "download", "list", "bijeenkomsten", "format", format, "rows", len(items), "user", u.ID)
	web.Download(w, r, eventTable(items), format, h.clock.Now())
}

func (h *Handler) exportInvitations(w http.ResponseWriter, r *http.Request) {
	format, ok := export.Format(chi.URLParam(r, "format"))
	if !ok {
		web.Fail(w, r, apperr.ErrNotFound)
		return
	}
	if !identity.From(r.Context()).SeesContactDetails() {
		web.Fail(w, r, apperr.ErrForbidden)
		return
	}
	e, ok := h.event(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	invs, err := h.store.Invitations(ctx, e.ID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	slog.InfoContext(ctx, "download", "list", "deelnemers", "event", e.ID, "format", format, "rows", len(invs),
		"user", identity.From(ctx).ID)
	web.Download(w, r, invitationExportTable(e, invs), format, h.clock.Now())
}

// invitationsLink is the address of the download of an event's invitations.
func invitationsLink(id int64, format string) string {
	return eventURL(id, fmt.Sprintf("/deelnemers.%s", format))
}
