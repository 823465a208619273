package events

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/web"
)

// Attendance is an employer's people at events, for its profile.
type Attendance struct {
	EmployerID int64
	Rows       []AttendanceRow
	Present    int
	Absent     int
	People     []PersonAttendance
	// EventCount is how many events the employer's people were invited
	// to in all, also when Rows holds only the newest of them.
	EventCount int
}

// AttendanceRow is one contact's invitation to one event.
type AttendanceRow struct {
	EventID     int64
	Title       string
	StartsAt    time.Time
	EndsAt      time.Time
	Cancelled   bool
	ContactName string
	Status      string
}

// PersonAttendance is how often one contact came.
type PersonAttendance struct {
	Name            string
	Present, Absent int
}

// Rate is present / (present + absent), the share of registrations that
// turned up; ok is false when nobody was registered for a past event.
func (a Attendance) Rate() (float64, bool) {
	if a.Present+a.Absent == 0 {
		return 0, false
	}
	return float64(a.Present) / float64(a.Present+a.Absent), true
}

// profileRows is how many invitations, newest first, the profile counts
// attendance over.
const profileRows = 100

// QueueForEmployer queues the events an employer's contacts were invited to,
// newest first, at most limit invitations (0: all), with the number of
// events in all, on a page's batch (see db.Batch). That number is the
// rank of the newest event among all of them, ranked before the limit
// applies: no second pass over the invitations.
func (s *Store) QueueForEmployer(b *db.Batch, employerID int64, limit int) *Attendance {
	count := 0
	list := db.Collect(b, func(r pgx.CollectableRow) (AttendanceRow, error) {
		var a AttendanceRow
		var rank int
		err := r.Scan(&a.EventID, &a.Title, &a.StartsAt, &a.EndsAt, &a.Cancelled, &a.ContactName, &a.Status, &rank)
		count = max(count, rank)
		return a, err
	}, `SELECT e.id, e.title, e.starts_at, e.ends_at, e.status = 'geannuleerd', c.name, i.status,
			dense_rank() OVER (ORDER BY e.starts_at, e.id)
		FROM event_invitations i JOIN contacts c ON c.id = i.contact_id JOIN events e ON e.id = i.event_id
		WHERE c.employer_id = $1 ORDER BY e.starts_at DESC, e.id DESC, c.name LIMIT nullif($2, 0)`, employerID, limit)
	a := &Attendance{EmployerID: employerID}
	b.After(func() error {
		*a = attendance(employerID, *list)
		a.EventCount = count
		return nil
	})
	return a
}

// attendance counts who came, in total and per person.
func attendance(employerID int64, list []AttendanceRow) Attendance {
	a := Attendance{EmployerID: employerID, Rows: list}
	people := map[string]*PersonAttendance{}
	for _, r := range list {
		p := people[r.ContactName]
		if p == nil {
			p = &PersonAttendance{Name: r.ContactName}
			people[r.ContactName] = p
		}
		switch r.Status {
		case Present:
			a.Present++
			p.Present++
		case Absent:
			a.Absent++
			p.Absent++
		}
	}
	for _, p := range people {
		a.People = append(a.People, *p)
	}
	sort.Slice(a.People, func(i, j int) bool { return a.People[i].Name < a.People[j].Name })
	return a
}

// ProfileSection renders the events of an employer's people on its
// profile: the newest profileEvents of them, and a link to all when there
// are more (an employer of years has many; listing them all made this
// section half of the profile). It queues its read on q and renders once
// q was sent.
func (h *Handler) ProfileSection(ctx context.Context, q *db.Batch, employerID int64) func() (templ.Component, error) {
	a := h.forProfile(ctx, q, employerID)
	return func() (templ.Component, error) { return profileSection(*a), nil }
}

// profileEvents is how many events the profile lists.
const profileEvents = 10

// Newest is the newest n events, with their people.
func (a Attendance) Newest(n int) []EventGroup {
	events := a.Events()
	return events[:min(n, len(events))]
}

// AllURL is the page with all of the employer's events.
func (a Attendance) AllURL() string {
	return "/bijeenkomsten/werkgever?werkgever=" + strconv.FormatInt(a.EmployerID, 10)
}

// EventGroup is one event on the profile with the employer's people invited
// to it, so an event shows once however many colleagues were invited.
type EventGroup struct {
	EventID   int64
	Title     string
	StartsAt  time.Time
	EndsAt    time.Time
	Cancelled bool
	Invitees  []Invitee
}

// Invitee is one contact's answer to an event.
type Invitee struct {
	Name, Status string
}

// Events groups the rows per event, keeping their order (newest first).
func (a Attendance) Events() []EventGroup {
	var out []EventGroup
	at := map[int64]int{}
	for _, r := range a.Rows {
		i, ok := at[r.EventID]
		if !ok {
			i = len(out)
			at[r.EventID] = i
			out = append(out, EventGroup{EventID: r.EventID, Title: r.Title, StartsAt: r.StartsAt, EndsAt: r.EndsAt, Cancelled: r.Cancelled})
		}
		out[i].Invitees = append(out[i].Invitees, Invitee{Name: r.ContactName, Status: r.Status})
	}
	return out
}

// ProfileFacts is the events' line in the profile's summary: the next event
// someone of the employer is invited to or registered for.
// It queues its read on q (once, with the section) and answers once q was
// sent.
func (h *Handler) ProfileFacts(ctx context.Context, q *db.Batch, employerID int64) func() ([]web.Fact, error) {
	a := h.forProfile(ctx, q, employerID)
	return func() ([]web.Fact, error) { return h.nextEvent(ctx, *a), nil }
}

// nextEvent is the summary's line on the next event.
func (h *Handler) nextEvent(ctx context.Context, a Attendance) []web.Fact {
	now := h.clock.Now()
	next := web.Fact{Label: i18n.T(ctx, "Volgende bijeenkomst"), Href: "#bijeenkomsten", Value: i18n.T(ctx, "geen gepland")}
	var found *EventGroup
	events := a.Events()
	for i := range events { // newest first: the last future one is the next
		g := &events[i]
		if g.Cancelled || !g.StartsAt.After(now) {
			continue
		}
		for _, p := range g.Invitees {
			if p.Status == Registered || p.Status == Invited || p.Status == Waitlisted {
				found = g
				break
			}
		}
	}
	if found != nil {
		next.Value = found.Title + ", " + found.StartsAt.In(nltime.Amsterdam).Format("02-01-2006")
	}
	return []web.Fact{next}
}

// profileMemo keys an employer's events in the profile page's memo.
type profileMemo struct{ employerID int64 }

// forProfile queues an employer's events once per profile page: its
// section and its summary facts both need them.
func (h *Handler) forProfile(ctx context.Context, q *db.Batch, employerID int64) *Attendance {
	a, _ := web.Memo(ctx, profileMemo{employerID}, func() (*Attendance, error) {
		return h.store.QueueForEmployer(q, employerID, profileRows), nil
	})
	return a
}

// EmployerEventsPage is all events of an employer's people, the page the
// profile links to when it lists only the newest.
type EmployerEventsPage struct {
	Employer   NetworkOption
	Attendance Attendance
}

// employerEvents serves EmployerEventsPage for ?werkgever=; an employer
// outside the user's networks is not found.
func (h *Handler) employerEvents(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := h.store.employerEvents(ctx, web.ParseID(r.URL.Query().Get("werkgever")))
	if err == nil && !identity.From(ctx).CanRead(p.Employer.NetworkID) {
		err = apperr.ErrNotFound
	}
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, employerPage(p))
}

// employerEvents reads an employer and all its people's invitations in
// one round trip; the caller checks that the user may see the employer.
func (s *Store) employerEvents(ctx context.Context, employerID int64) (_ EmployerEventsPage, failed error) {
	defer apperr.Annotate(&failed, "events: invitations of employer %d", employerID)
	var p EmployerEventsPage
	var b db.Batch
	b.QueryRow(func(row pgx.Row) error {
		err := row.Scan(&p.Employer.ID, &p.Employer.NetworkID, &p.Employer.Name)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.ErrNotFound
		}
		return err
	}, `SELECT id, network_id, name FROM employers WHERE id = $1`, employerID)
	a := s.QueueForEmployer(&b, employerID, 0)
	err := b.Send(ctx, s.pool)
	p.Attendance = *a
	return p, err
}
