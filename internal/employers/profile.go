package employers

import (
	"bytes"
	"context"
	"net/http"
	"strconv"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	// The sections and the summary facts of other packages share what
	// they queue for this page (web.Memo).
	ctx := web.WithMemo(r.Context())
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		web.Fail(w, r, apperr.ErrNotFound)
		return
	}
	u := identity.From(ctx)
	// Who may read an employer may change it exactly when their role may
	// change anything, so the sections can be queued with the employer's
	// own read, before its network is known; checked once it is.
	in := SectionInput{EmployerID: id, CanWrite: u.MayWrite()}
	parts, err := h.readProfile(ctx, in, identity.ScopeOf(u))
	if err == nil && in.CanWrite != u.CanWrite(parts.employer.NetworkID) {
		in.CanWrite = !in.CanWrite
		parts, err = h.readProfile(web.WithMemo(r.Context()), in, identity.ScopeOf(u))
	}
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	p := ProfilePage{Employer: *parts.employer, CanWrite: in.CanWrite, Today: h.clock.Today(), Histories: h.histories}
	p.addContacts(ctx, *parts.contacts, *parts.history)
	if err := h.addSections(ctx, &p, parts); err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, profilePage(p))
}

// profileParts holds what the parts of a profile queued, and what makes
// each of them once the reads are in.
type profileParts struct {
	employer *Employer
	contacts *[]Contact
	history  *[]audit.Entry
	sections []Later[templ.Component]
	facts    []Later[[]web.Fact]
}

// readProfile has every part of the profile queue its reads, the
// employer's own (within scope) among them, and sends them in one round
// trip: a profile used to send some twenty statements one after another
// (issue 12). The parts' reads are of the employer's id alone; for an
// employer outside scope they are read and dropped with it (NotFound).
// Each of them finds its rows through that id, so one plan per statement
// serves every employer; planning them anew for each profile was a tenth
// of the database's work for it.
func (h *Handler) readProfile(ctx context.Context, in SectionInput, scope identity.Scope) (_ profileParts, failed error) {
	defer apperr.Annotate(&failed, "employers: profile %d", in.EmployerID)
	var q db.Batch
	q.GenericPlans()
	parts := profileParts{employer: queueGet(&q, scope, in.EmployerID, false),
		contacts: h.store.QueueContacts(&q, in.EmployerID), history: h.store.QueueHistory(&q, in.EmployerID)}
	in.Employer = parts.employer
	for _, section := range h.sections {
		parts.sections = append(parts.sections, section.render(ctx, &q, in))
	}
	for _, f := range h.facts {
		parts.facts = append(parts.facts, f(ctx, &q, in))
	}
	return parts, h.store.Send(ctx, &q)
}

// addContacts sorts the contacts into current and former ones, without
// addresses and phone numbers (also in the history) for who may not see
// them.
func (p *ProfilePage) addContacts(ctx context.Context, contacts []Contact, history []audit.Entry) {
	p.History = history
	if !identity.From(ctx).SeesContactDetails() {
		for i := range contacts {
			contacts[i].Email, contacts[i].Phone = "", ""
		}
		p.History = withoutPersonalDetails(history)
	}
	p.ContactNames = make(map[int64]string, len(contacts))
	for _, c := range contacts {
		p.ContactNames[c.ID] = c.Name
		if c.Active(p.Today) {
			p.Active = append(p.Active, c)
			p.HasDirectie = p.HasDirectie || c.Function == "directie"
		} else {
			p.Former = append(p.Former, c)
		}
	}
}

// addSections renders the other packages' sections and adds their
// summary lines. The sections are rendered here, so one with nothing to
// show (no open proposals, say) gets no link in the section navigation;
// all into one buffer, taken as one string.
func (h *Handler) addSections(ctx context.Context, p *ProfilePage, parts profileParts) error {
	var buf bytes.Buffer
	var ends []int
	var shown []namedSection
	for i, section := range h.sections {
		c, err := parts.sections[i]()
		if err != nil {
			return err
		}
		if c == nil {
			continue
		}
		start := buf.Len()
		if err := c.Render(ctx, &buf); err != nil {
			return err
		}
		if buf.Len() > start {
			ends, shown = append(ends, buf.Len()), append(shown, section)
		}
	}
	html, start := buf.String(), 0
	for i, section := range shown {
		p.Sections = append(p.Sections, templ.Raw(html[start:ends[i]]))
		p.SectionLinks = append(p.SectionLinks, web.Fact{Label: i18n.T(ctx, section.title), Href: "#" + section.id})
		start = ends[i]
	}
	for _, later := range parts.facts {
		lines, err := later()
		if err != nil {
			return err
		}
		p.Facts = append(p.Facts, lines...)
	}
	return nil
}
