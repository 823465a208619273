package members

import (
	"context"
	"errors"
	"net/http"

	"github.com/a-h/templ"
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

// ContactCreator makes a contact of an employer (the employers package's,
// wired in internal/app), inside the caller's transaction when ctx carries
// one (db.WithTx).
type ContactCreator func(ctx context.Context, employerID int64, in ColleagueInput) (int64, error)

// ErrDecided says the proposal was decided before.
var ErrDecided = errors.New("members: proposal already decided")

// Proposal is a proposed colleague waiting for the coordinator.
type Proposal struct {
	ID                           int64
	Name, Email, Function, Level string
	ProposedBy                   string
}

// Audit actions of the coordinator's decision.
const (
	Accepted = "geaccepteerd"
	Declined = "afgewezen"
)

// QueueOpenProposals queues an employer's proposals waiting for a decision,
// on a page's batch (see db.Batch).
func (s *Store) QueueOpenProposals(b *db.Batch, employerID int64) *[]Proposal {
	return db.Collect(b, pgx.RowToStructByPos[Proposal], `SELECT p.id, p.name, p.email, f.name, p.level, coalesce(c.name, '')
		FROM colleague_proposals p JOIN function_types f ON f.code = p.function LEFT JOIN contacts c ON c.id = p.proposed_by
		WHERE p.employer_id = $1 AND p.status = 'voorgesteld' ORDER BY p.id`, employerID)
}

// Decide accepts (a contact is made through create) or declines an open
// proposal, for a user who may change the employer's network; another
// network's proposal is not found.
func (s *Store) Decide(ctx context.Context, u *identity.User, id int64, accept bool, create ContactCreator) (employerID int64, failed error) {
	defer apperr.Annotate(&failed, "members: decide proposal %d", id)
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var networkID int64
		var in ColleagueInput
		var current string
		err := tx.QueryRow(ctx, `SELECT p.employer_id, e.network_id, p.name, p.email, p.function, p.level, p.status
			FROM colleague_proposals p JOIN employers e ON e.id = p.employer_id
			WHERE p.id = $1 FOR UPDATE OF p`, id).
			Scan(&employerID, &networkID, &in.Name, &in.Email, &in.Function, &in.Level, &current)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && !u.CanRead(networkID)) {
			return apperr.ErrNotFound
		}
		if err != nil {
			return err
		}
		if !u.CanWrite(networkID) {
			return apperr.New(apperr.Forbidden, "")
		}
		if current != "voorgesteld" {
			return ErrDecided // a second click, or a colleague who was quicker
		}
		status, action, contactID := "afgewezen", Declined, (*int64)(nil)
		if accept {
			cid, err := create(db.WithTx(ctx, tx), employerID, in)
			if err != nil {
				return err
			}
			status, action, contactID = "geaccepteerd", Accepted, &cid
		}
		if _, err := tx.Exec(ctx, `UPDATE colleague_proposals SET status = $2, contact_id = $3, decided_by = $4, decided_at = now()
			WHERE id = $1`, id, status, contactID, u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: EntityColleagueProposal, EntityID: id, EmployerID: employerID,
			Action: action, Changes: map[string]audit.Change{"naam": {New: in.Name}}})
	})
	return employerID, err
}

// StaffHandler serves the coordinator's side of members' proposals.
type StaffHandler struct {
	store  *Store
	create ContactCreator
}

// NewStaffHandler returns the staff side; create makes accepted contacts.
func NewStaffHandler(store *Store, create ContactCreator) *StaffHandler {
	return &StaffHandler{store: store, create: create}
}

// Routes registers the decisions; mount them in the staff group.
func (h *StaffHandler) Routes(r chi.Router) {
	r.Post("/voorstellen/{id}/accepteren", h.decide(true))
	r.Post("/voorstellen/{id}/afwijzen", h.decide(false))
	h.reviewRoutes(r)
}

func (h *StaffHandler) decide(accept bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id := web.ParseID(chi.URLParam(r, "id"))
		employerID, err := h.store.Decide(r.Context(), identity.From(r.Context()), id, accept, h.create)
		if errors.Is(err, ErrDecided) {
			session.SetFlash(r.Context(), i18n.T(ctx, "Over dit voorstel was al besloten."))
			web.Redirect(w, r, "/werkgevers/"+web.FormatID(employerID)+"/")
			return
		}
		if err != nil {
			web.Fail(w, r, err)
			return
		}
		msg := i18n.T(ctx, "De collega is als contactpersoon toegevoegd.")
		if !accept {
			msg = i18n.T(ctx, "Het voorstel is afgewezen.")
		}
		session.SetFlash(r.Context(), msg)
		web.Redirect(w, r, "/werkgevers/"+web.FormatID(employerID)+"/")
	}
}

// ProposalsSection shows an employer's open proposals on its profile, with
// the decision for whoever may change it; nothing when there are none.
// It queues its read on q and renders once q was sent.
func (h *StaffHandler) ProposalsSection(q *db.Batch, employerID int64, canWrite bool) func() (templ.Component, error) {
	ps := h.store.QueueOpenProposals(q, employerID)
	return func() (templ.Component, error) {
		if len(*ps) == 0 {
			return templ.NopComponent, nil
		}
		return proposalsSection(*ps, canWrite), nil
	}
}

// Histories says how members' entries read in an employer's history.
func Histories() audit.Histories {
	return audit.Histories{
		EntityColleagueProposal: {
			Title: func(ctx context.Context, e audit.Entry) string {
				name := e.Changes["naam"].New
				switch e.Action {
				case Accepted:
					return i18n.T(ctx, "Voorgestelde collega %s geaccepteerd", name)
				case Declined:
					return i18n.T(ctx, "Voorgestelde collega %s afgewezen", name)
				}
				return i18n.T(ctx, "Collega %s voorgesteld door de werkgever", name)
			},
			Labels: map[string]string{"naam": "Naam", "email": "E-mailadres", "functie": "Functie", "niveau": "Niveau"},
			Order:  []string{"naam", "email", "functie", "niveau"},
		},
		EntityIntroduction:  introductionHistory(),
		EntityConsent:       consentHistory(),
		EntityChangeRequest: changeRequestHistory(),
	}
}
