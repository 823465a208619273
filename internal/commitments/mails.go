package commitments

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/mail"
)

// mailLink queues the mail with an employer's personal link, in the
// transaction that makes the link. It goes to the employer's contact, so it
// is in Dutch whatever language the coordinator reads the portal in.
func (h *Handler) mailLink(ctx context.Context, tx pgx.Tx, l Link, link string) error {
	name, replyTo := "De coördinator", ""
	if u := identity.From(ctx); u != nil {
		name, replyTo = u.Name, u.Email
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s,\n\n", l.ContactName)
	fmt.Fprintf(&b, "Graag horen we van %s hoeveel mensen met een arbeidsbeperking er bij u werken. Met deze persoonlijke link geeft u de cijfers van dit of het vorige kwartaal door:\n%s\n\n", l.EmployerName, link)
	b.WriteString("Het gaat alleen om aantallen: hoeveel mensen uit de doelgroep er werken, hoeveel uur per week samen, en hoeveel van hen in dienst of gedetacheerd zijn. We vragen en bewaren geen namen of andere gegevens van uw medewerkers.\n\n")
	fmt.Fprintf(&b, "De link werkt tot en met %s. Stuur hem niet door: wie de link heeft, kan de cijfers van %s doorgeven.\n\n", longDate(l.ExpiresAt), l.EmployerName)
	fmt.Fprintf(&b, "Met vriendelijke groet,\n\n%s\n%s\n", name, l.NetworkName)
	_, err := mail.Enqueue(ctx, tx, mail.Message{
		Kind: "plaatsingen_link", NetworkID: l.NetworkID, EmployerID: l.EmployerID,
		To: mail.Address{Name: l.ContactName, Email: l.ContactEmail}, ReplyTo: replyTo,
		Subject: "Uw plaatsingen doorgeven aan " + l.NetworkName, Text: b.String(),
	})
	return err
}
