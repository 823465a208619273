package partners

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/mail"
)

// kindIntroduction tells the introduction mail apart on the outbox page.
const kindIntroduction = "doorverwijzing_introductie"

// introduction is what the introduction mail says: who is introduced to
// whom, with which question, and who sends it.
type introduction struct {
	NetworkID, EmployerID int64
	NetworkName           string
	EmployerName          string
	PartnerName           string
	PartnerContact        string
	PartnerEmail          string
	Contact               Contact
	Question              string
	Sender                *identity.User // nil: no signed-in user
}

func senderOf(ctx context.Context) *identity.User { return identity.From(ctx) }

// introductionMail queues the mail that introduces the employer's contact
// to the partner, in the caller's transaction. The contact is in copy, so
// the two can go on without the coordinator; replies reach the coordinator.
// The mail goes to organisations outside the portal, so it is in Dutch
// whatever language the coordinator reads the portal in.
func introductionMail(ctx context.Context, tx pgx.Tx, it introduction) error {
	msg := mail.Message{
		Kind: kindIntroduction, NetworkID: it.NetworkID, EmployerID: it.EmployerID,
		To:      mail.Address{Name: it.PartnerContact, Email: it.PartnerEmail},
		Cc:      &mail.Address{Name: it.Contact.Name, Email: it.Contact.Email},
		Subject: fmt.Sprintf("Introductie: %s en %s", it.EmployerName, it.PartnerName),
		Text:    introductionText(it),
	}
	if msg.To.Name == "" {
		msg.To.Name = it.PartnerName
	}
	if it.Sender != nil {
		msg.ReplyTo = it.Sender.Email
	}
	_, err := mail.Enqueue(ctx, tx, msg)
	return err
}

func introductionText(it introduction) string {
	var b strings.Builder
	if it.PartnerContact != "" {
		fmt.Fprintf(&b, "Beste %s,\n\n", it.PartnerContact)
	} else {
		fmt.Fprintf(&b, "Beste medewerker van %s,\n\n", it.PartnerName)
	}
	fmt.Fprintf(&b, "Vanuit %s, een netwerk van werkgevers die werken aan inclusief werkgeverschap, breng ik u graag in contact met %s. %s heeft een vraag waarbij %s volgens ons kan helpen:\n\n", it.NetworkName, it.EmployerName, it.EmployerName, it.PartnerName)
	fmt.Fprintf(&b, "%s\n\n", quote(it.Question))
	fmt.Fprintf(&b, "Contactpersoon bij %s:\n%s\n", it.EmployerName, contactLines(it.Contact))
	fmt.Fprintf(&b, "%s staat in de cc van deze e-mail, zodat u rechtstreeks contact met elkaar kunt opnemen. Wilt u mij laten weten hoe het verder gaat? Zo leert het netwerk welke hulp werkgevers echt verder brengt. U kunt hiervoor gewoon op deze e-mail reageren.\n\n", it.Contact.Name)
	b.WriteString("Met vriendelijke groet,\n\n")
	if it.Sender != nil {
		fmt.Fprintf(&b, "%s\n", it.Sender.Name)
	}
	fmt.Fprintf(&b, "%s\n", it.NetworkName)
	return b.String()
}

// contactLines are the contact's name, job title, e-mail address and phone
// number, one a line.
func contactLines(c Contact) string {
	name := c.Name
	if c.JobTitle != "" {
		name += ", " + c.JobTitle
	}
	lines := []string{name, "E-mail: " + c.Email}
	if c.Phone != "" {
		lines = append(lines, "Telefoon: "+c.Phone)
	}
	return strings.Join(lines, "\n") + "\n\n"
}

// quote marks the employer's question as quoted text.
func quote(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n")
}
