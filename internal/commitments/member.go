package commitments

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/web"
)

// The members' page (/mijn, issue 19) shows an employer its own
// commitments and placements. It is signed in as a contact, not as a
// user: everything here is bound to one employer id, which the caller
// takes from the member's session and never from the request.

// EmployerDocument returns the signed PDF of a commitment of employerID;
// another employer's commitment, or one without a document, is NotFound.
func (s *Store) EmployerDocument(ctx context.Context, employerID, id int64) (string, []byte, error) {
	var name string
	var data []byte
	err := s.pool.QueryRow(ctx, `SELECT document_name, document FROM commitments
		WHERE id = $1 AND employer_id = $2 AND document IS NOT NULL`, id, employerID).Scan(&name, &data)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, apperr.ErrNotFound
	}
	return name, data, err
}

// ServeEmployerDocument sends the signed PDF of a commitment of employerID
// as the coordinator's download does.
func (h *Handler) ServeEmployerDocument(w http.ResponseWriter, r *http.Request, employerID, id int64) {
	name, data, err := h.store.EmployerDocument(r.Context(), employerID, id)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	writeDocument(w, name, data)
}

// writeDocument sends a PDF as a download that no browser renders in the
// portal's origin and no cache keeps.
func writeDocument(w http.ResponseWriter, name string, data []byte) {
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if disposition == "" { // a name the header cannot carry
		disposition = `attachment; filename="document.pdf"`
	}
	hd.Set("Content-Disposition", disposition)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// MemberPlacements is the employer's placements on the members' page: its
// reports per quarter and the placement link's form.
type MemberPlacements struct {
	Reports []Report
	Form    PlacementForm
	Periods []Period
	Action  string
}

// MemberPlacements returns the view of employerID's placements, with an
// empty form posting to action.
func (h *Handler) MemberPlacements(ctx context.Context, employerID int64, action string) (templ.Component, error) {
	current := h.currentPeriod()
	p, err := h.memberPlacements(ctx, employerID, action, PlacementForm{Period: periodValue(current.Prev()), Errors: web.Errors{}})
	if err != nil {
		return nil, err
	}
	return memberPlacementsView(p), nil
}

func (h *Handler) memberPlacements(ctx context.Context, employerID int64, action string, f PlacementForm) (MemberPlacements, error) {
	current := h.currentPeriod()
	reports, err := h.store.Reports(ctx, employerID, Period{Year: 1, Quarter: 1}, current)
	return MemberPlacements{Reports: reports, Form: f, Periods: linkPeriods(current), Action: action}, err
}

// MemberReport checks the posted form with the placement link's rules and
// saves it for employerID as reported by actor (source werkgever); when
// the form is wrong, view shows it with its errors.
func (h *Handler) MemberReport(ctx context.Context, employerID int64, actor string, v url.Values, action string) (view templ.Component, saved string, ok bool, err error) {
	f := parsePlacementForm(v)
	in, valid := f.ValidateLink(ctx, h.currentPeriod())
	if !valid {
		p, err := h.memberPlacements(ctx, employerID, action, f)
		if err != nil {
			return nil, "", false, err
		}
		return memberPlacementsView(p), "", false, nil
	}
	if err := h.store.SaveFromMember(ctx, employerID, actor, in); err != nil {
		return nil, "", false, err
	}
	return nil, in.Period.String(), true, nil
}

// SaveFromMember stores what a signed-in member reported for their own
// organisation: a new report, or a correction of the quarter's report, as
// through the placement link.
func (s *Store) SaveFromMember(ctx context.Context, employerID int64, actor string, in ReportInput) error {
	in.EmployerID, in.Source = employerID, "werkgever"
	ctx = audit.WithSource(ctx, "werkgever")
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		return s.saveEmployerReport(ctx, tx, in, actor)
	})
}

// saveEmployerReport adds or corrects the employer's report of a quarter.
func (s *Store) saveEmployerReport(ctx context.Context, tx pgx.Tx, in ReportInput, actor string) error {
	rs, err := s.reports(ctx, tx, `p.employer_id = $1 AND p.year = $2 AND p.quarter = $3 FOR UPDATE OF p`,
		in.EmployerID, in.Period.Year, in.Period.Quarter)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		_, err = s.insertReport(ctx, tx, in, actor)
		return err
	}
	return s.correct(ctx, tx, rs[0], in, actor)
}
