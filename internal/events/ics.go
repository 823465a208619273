package events

import (
	"bytes"
	"fmt"
	"time"

	ics "github.com/arran4/golang-ical"

	"netwerkportaal/internal/platform/nltime"
)

// iCalendar methods (RFC 5546): REQUEST for an invitation or reminder,
// CANCEL for the mail that calls an event off, PUBLISH for a download or
// a feed.
const (
	MethodRequest = string(ics.MethodRequest)
	MethodCancel  = string(ics.MethodCancel)
	MethodPublish = string(ics.MethodPublish)
)

// tzid is the zone every event is written in: the wall-clock time the
// coordinator typed, so calendars show 15:30 in winter and in summer.
const tzid = "Europe/Amsterdam"

// EventICS returns one event as an iCalendar file. The UID stays the same
// and SEQUENCE rises with every change, so a calendar replaces its copy
// instead of adding a second one; a cancelled event is sent as cancelled,
// not left out, so calendars strike it through.
func EventICS(e Event, baseURL string, method string) ([]byte, error) {
	cal, err := newCalendar(method)
	if err != nil {
		return nil, err
	}
	addEvent(cal, e, baseURL, method == MethodCancel)
	return serialize(cal)
}

// Party is the organizer or the attendee of a mailed invitation.
type Party struct{ Name, Email string }

// InvitationICS is the calendar attachment of a mail to one invitee: the
// event with the ORGANIZER (the network, at the portal's sender address)
// and the ATTENDEE (the invitee, with their answer as PARTSTAT) that RFC
// 5546 requires of a REQUEST and a CANCEL, so Outlook and Google place,
// update and strike through the event. RSVP is FALSE: the invitee answers
// through their personal link, and the sender address reads no replies.
func InvitationICS(e Event, baseURL, method string, organizer, attendee Party, status string) ([]byte, error) {
	if method != MethodRequest && method != MethodCancel {
		return nil, fmt.Errorf("events: an invitation is a REQUEST or a CANCEL, not %q", method)
	}
	cal, err := newCalendar(method)
	if err != nil {
		return nil, err
	}
	ev := addEvent(cal, e, baseURL, method == MethodCancel)
	ev.SetOrganizer("mailto:"+organizer.Email, ics.WithCN(organizer.Name))
	ev.AddAttendee("mailto:"+attendee.Email, ics.WithCN(attendee.Name), ics.CalendarUserTypeIndividual,
		ics.ParticipationRoleReqParticipant, partStat(status), rsvpFalse)
	return serialize(cal)
}

// rsvpFalse is RSVP=FALSE as RFC 5545 writes a BOOLEAN (the library's
// WithRSVP writes "false").
var rsvpFalse = &ics.KeyValues{Key: string(ics.ParameterRsvp), Value: []string{"FALSE"}}

// partStat is the invitee's answer as the calendar knows it; a
// cancellation keeps it too (the organizer called the event off, the
// invitee did not decline).
func partStat(status string) ics.ParticipationStatus {
	switch {
	case status == Registered || status == Present:
		return ics.ParticipationStatusAccepted
	case status == Waitlisted:
		return ics.ParticipationStatusTentative
	case status == Declined || status == Absent:
		return ics.ParticipationStatusDeclined
	}
	return ics.ParticipationStatusNeedsAction
}

// FeedICS returns a network's events as a calendar to subscribe to.
func FeedICS(networkName string, events []Event, baseURL string) ([]byte, error) {
	cal, err := newCalendar(MethodPublish)
	if err != nil {
		return nil, err
	}
	cal.SetXWRCalName("Bijeenkomsten " + networkName)
	cal.SetXWRTimezone(tzid)
	// Ask subscribers to look for changes hourly (Apple and Google read
	// REFRESH-INTERVAL, Outlook X-PUBLISHED-TTL).
	cal.SetRefreshInterval("PT1H")
	cal.SetXPublishedTTL("PT1H")
	for _, e := range events {
		addEvent(cal, e, baseURL, false)
	}
	return serialize(cal)
}

func newCalendar(method string) (*ics.Calendar, error) {
	switch method {
	case MethodRequest, MethodCancel, MethodPublish:
	default:
		return nil, fmt.Errorf("events: unknown iCalendar method %q", method)
	}
	cal := ics.NewCalendar()
	cal.SetProductId("-//Netwerkportaal//Bijeenkomsten//NL")
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.Method(method))
	cal.AddVTimezone(amsterdamZone())
	return cal, nil
}

func addEvent(cal *ics.Calendar, e Event, baseURL string, cancel bool) *ics.VEvent {
	ev := cal.AddEvent(e.UID)
	ev.SetSequence(e.Sequence)
	ev.SetDtStampTime(time.Now())
	if !e.UpdatedAt.IsZero() {
		ev.SetLastModifiedAt(e.UpdatedAt)
	}
	ev.SetProperty(ics.ComponentPropertyDtStart, localStamp(e.StartsAt), ics.WithTZID(tzid))
	ev.SetProperty(ics.ComponentPropertyDtEnd, localStamp(e.EndsAt), ics.WithTZID(tzid))
	ev.SetSummary(e.Title)
	if d := icsDescription(e); d != "" {
		ev.SetDescription(d)
	}
	if loc := icsLocation(e); loc != "" {
		ev.SetLocation(loc)
	}
	ev.SetURL(baseURL + eventURL(e.ID, ""))
	status := ics.ObjectStatusConfirmed
	if cancel || e.Status == Cancelled {
		status = ics.ObjectStatusCancelled
	}
	ev.SetStatus(status)
	return ev
}

// localStamp is a DATE-TIME in Amsterdam wall-clock time, for use with
// TZID=Europe/Amsterdam.
func localStamp(t time.Time) string { return t.In(nltime.Amsterdam).Format("20060102T150405") }

func icsDescription(e Event) string {
	d := e.Description
	if e.OnlineURL != "" {
		if d != "" {
			d += "\n\n"
		}
		d += "Online deelnemen: " + e.OnlineURL
	}
	return d
}

// icsLocation is the place, or for an online event its link, which most
// calendar apps make clickable there.
func icsLocation(e Event) string {
	if e.Location != "" {
		return e.Location
	}
	return e.OnlineURL
}

// amsterdamZone describes Europe/Amsterdam (CET, CEST from the last Sunday
// of March to the last Sunday of October), so Outlook and Apple Calendar,
// which do not all know the zone by name, place the times right.
func amsterdamZone() *ics.VTimezone {
	tz := ics.NewTimezone(tzid)
	tz.Components = append(tz.Components,
		&ics.Daylight{ComponentBase: zoneRule("+0100", "+0200", "CEST", "19700329T020000", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")},
		&ics.Standard{ComponentBase: zoneRule("+0200", "+0100", "CET", "19701025T030000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")},
	)
	return tz
}

func zoneRule(from, to, name, start, rule string) ics.ComponentBase {
	var c ics.ComponentBase
	c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), from)
	c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), to)
	c.AddProperty(ics.ComponentProperty(ics.PropertyTzname), name)
	c.AddProperty(ics.ComponentPropertyDtStart, start)
	c.AddProperty(ics.ComponentPropertyRrule, rule)
	return c
}

// serialize writes the calendar with CRLF line ends, as RFC 5545 demands;
// the library's default on Unix is LF.
func serialize(cal *ics.Calendar) ([]byte, error) {
	var b bytes.Buffer
	if err := cal.SerializeTo(&b, ics.WithNewLineWindows); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
