package events

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/mail"
)

// Mail kinds, as the outbox page tells them apart.
const (
	kindInvitation = "bijeenkomst_uitnodiging"
	kindPromoted   = "bijeenkomst_wachtlijst"
	kindCancelled  = "bijeenkomst_geannuleerd"
	kindReminder   = "bijeenkomst_herinnering"
)

// icsFilename is the name of the calendar attachment of every event mail.
const icsFilename = "bijeenkomst.ics"

// mailer writes the event mails into the outbox, in the caller's
// transaction. They go to contacts, so they are in Dutch whatever language
// the coordinator reads the portal in.
type mailer struct {
	baseURL string
	sender  string // the portal's sender address, the ORGANIZER of invitations
}

// organizer is the address invitations come from: the portal's sender
// (MAIL_FROM), or, as config defaults it, noreply at the portal's host.
func (m mailer) organizer() string {
	if m.sender != "" {
		return m.sender
	}
	host := strings.TrimPrefix(strings.TrimPrefix(m.baseURL, "https://"), "http://")
	if i := strings.IndexAny(host, ":/"); i >= 0 {
		host = host[:i]
	}
	if host == "" {
		host = "localhost"
	}
	return "noreply@" + host
}

// invitationMail queues the invitation with the personal answer link.
func (h *Handler) invitationMail(ctx context.Context, tx pgx.Tx, e Event, inv Invitation, token string) error {
	return mailer{h.baseURL, h.sender}.invitation(ctx, tx, e, inv, token)
}

// promotedMail tells someone of the waiting list that they are in.
func (h *Handler) promotedMail(ctx context.Context, tx pgx.Tx, e Event, inv Invitation) error {
	return mailer{h.baseURL, h.sender}.promoted(ctx, tx, e, inv)
}

// cancelMail tells a registered or waiting contact that the event is off.
func (h *Handler) cancelMail(ctx context.Context, tx pgx.Tx, e Event, inv Invitation) error {
	return mailer{h.baseURL, h.sender}.cancelled(ctx, tx, e, inv)
}

func (m mailer) invitation(ctx context.Context, tx pgx.Tx, e Event, inv Invitation, token string) error {
	sign, replyTo := signature(ctx, e)
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s,\n\n", inv.ContactName)
	fmt.Fprintf(&b, "U bent van harte uitgenodigd voor \"%s\", een %s van %s.\n\n", e.Title, dutchKind(e.Kind), e.NetworkName)
	b.WriteString(details(e))
	if e.Description != "" {
		fmt.Fprintf(&b, "\n%s\n", e.Description)
	}
	fmt.Fprintf(&b, "\nKomt u? Meld u aan via uw persoonlijke link:\n%s\n\n", m.baseURL+"/uitnodiging/"+token)
	if e.Capacity != nil {
		fmt.Fprintf(&b, "Er is plaats voor %s. Is de bijeenkomst vol, dan komt u op de wachtlijst en krijgt u bericht zodra er een plaats vrijkomt.\n\n", participants(*e.Capacity))
	}
	b.WriteString("Via dezelfde link kunt u zich ook afmelden. De link is alleen voor u: stuur hem niet door.\n\n")
	b.WriteString("In de bijlage staat de bijeenkomst om in uw agenda te zetten.\n\n")
	fmt.Fprintf(&b, "Met vriendelijke groet,\n\n%s\n", sign)
	return m.send(ctx, tx, e, inv, mail.Message{Kind: kindInvitation, ReplyTo: replyTo,
		Subject: fmt.Sprintf("Uitnodiging: %s (%s)", e.Title, longDate(e.StartsAt)), Text: b.String()}, MethodRequest)
}

func (m mailer) promoted(ctx context.Context, tx pgx.Tx, e Event, inv Invitation) error {
	sign, replyTo := signature(ctx, e)
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s,\n\n", inv.ContactName)
	fmt.Fprintf(&b, "Er is een plaats vrijgekomen bij \"%s\" van %s. U stond op de wachtlijst en bent nu aangemeld.\n\n", e.Title, e.NetworkName)
	b.WriteString(details(e))
	b.WriteString("\nKunt u toch niet komen? Meld u dan af via de link in uw uitnodiging, zodat de volgende op de wachtlijst uw plaats krijgt.\n\n")
	b.WriteString("In de bijlage staat de bijeenkomst om in uw agenda te zetten.\n\n")
	fmt.Fprintf(&b, "Met vriendelijke groet,\n\n%s\n", sign)
	return m.send(ctx, tx, e, inv, mail.Message{Kind: kindPromoted, ReplyTo: replyTo,
		Subject: "Er is een plaats vrijgekomen: u bent aangemeld voor " + e.Title, Text: b.String()}, MethodRequest)
}

func (m mailer) cancelled(ctx context.Context, tx pgx.Tx, e Event, inv Invitation) error {
	sign, replyTo := signature(ctx, e)
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s,\n\n", inv.ContactName)
	fmt.Fprintf(&b, "Helaas gaat \"%s\" van %s op %s niet door: de bijeenkomst is geannuleerd.", e.Title, e.NetworkName, longDate(e.StartsAt))
	if inv.Status == Waitlisted {
		b.WriteString(" U stond op de wachtlijst; u hoeft niets te doen.\n\n")
	} else {
		b.WriteString(" Uw aanmelding vervalt; u hoeft niets te doen.\n\n")
	}
	b.WriteString("Had u de bijeenkomst in uw agenda gezet? Met de bijlage wordt hij daar als geannuleerd gemarkeerd.\n\n")
	fmt.Fprintf(&b, "Met vriendelijke groet,\n\n%s\n", sign)
	return m.send(ctx, tx, e, inv, mail.Message{Kind: kindCancelled, ReplyTo: replyTo,
		Subject: fmt.Sprintf("Geannuleerd: %s (%s)", e.Title, longDate(e.StartsAt)), Text: b.String()}, MethodCancel)
}

func (m mailer) reminder(ctx context.Context, tx pgx.Tx, e Event, inv Invitation) error {
	sign, replyTo := signature(ctx, e)
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s,\n\n", inv.ContactName)
	fmt.Fprintf(&b, "U bent aangemeld voor \"%s\" van %s. Graag tot dan!\n\n", e.Title, e.NetworkName)
	b.WriteString(details(e))
	b.WriteString("\nKunt u toch niet komen? Meld u dan af via de link in uw uitnodiging, zodat iemand anders uw plaats kan krijgen.\n\n")
	b.WriteString("In de bijlage staat de bijeenkomst om in uw agenda te zetten.\n\n")
	fmt.Fprintf(&b, "Met vriendelijke groet,\n\n%s\n", sign)
	return m.send(ctx, tx, e, inv, mail.Message{Kind: kindReminder, ReplyTo: replyTo,
		Subject: fmt.Sprintf("Herinnering: %s (%s)", e.Title, longDate(e.StartsAt)), Text: b.String()}, MethodRequest)
}

// send addresses msg to the invitee and attaches the event for their
// calendar with the given iCalendar method.
func (m mailer) send(ctx context.Context, tx pgx.Tx, e Event, inv Invitation, msg mail.Message, method string) error {
	data, err := InvitationICS(e, m.baseURL, method, Party{Name: e.NetworkName, Email: m.organizer()},
		Party{Name: inv.ContactName, Email: inv.ContactEmail}, inv.Status)
	if err != nil {
		return err
	}
	msg.NetworkID, msg.EmployerID = e.NetworkID, inv.EmployerID
	msg.To = mail.Address{Name: inv.ContactName, Email: inv.ContactEmail}
	msg.Attachments = []mail.Attachment{{Filename: icsFilename, Data: data,
		ContentType: "text/calendar; method=" + method + "; charset=utf-8"}}
	_, err = mail.Enqueue(ctx, tx, msg)
	return err
}

func participants(n int) string {
	if n == 1 {
		return "1 deelnemer"
	}
	return fmt.Sprintf("%d deelnemers", n)
}

// details is the when and where block of every event mail.
func details(e Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Wanneer: %s\n", longDateTime(e.StartsAt, e.EndsAt))
	if e.Location != "" {
		fmt.Fprintf(&b, "Waar: %s\n", e.Location)
	}
	if e.OnlineURL != "" {
		fmt.Fprintf(&b, "Online: %s\n", e.OnlineURL)
	}
	return b.String()
}

// signature closes a mail: the coordinator who acts, who also gets the
// replies, or the network when the portal sends on its own (a reminder, a
// place that came free after someone else's answer).
func signature(ctx context.Context, e Event) (sign, replyTo string) {
	if u := identity.From(ctx); u != nil {
		return u.Name + "\n" + e.NetworkName, u.Email
	}
	return e.NetworkName, ""
}

// dutchKind names the kind in a sentence, in Dutch even when the user
// reads the portal in English.
func dutchKind(kind string) string {
	return strings.ToLower(kindLabel(i18n.WithLang(context.Background(), i18n.NL), kind))
}
