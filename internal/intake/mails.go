package intake

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/internal/platform/mail"
)

// mailer writes the intake's mails into the outbox, in the caller's
// transaction. Mails go to an employer's contact, so they are in Dutch
// whatever language the coordinator reads the portal in.
type mailer struct {
	baseURL string
}

func (m mailer) link(token string) string { return m.baseURL + "/intake/" + token }

// sender is the coordinator who acts, to sign the mail and take replies.
func sender(ctx context.Context) (name, replyTo string) {
	if u := identity.From(ctx); u != nil {
		return u.Name, u.Email
	}
	return "De coördinator", ""
}

func (m mailer) send(ctx context.Context, tx pgx.Tx, in Intake, kind, subject, body, replyTo string) error {
	_, err := mail.Enqueue(ctx, tx, mail.Message{
		Kind: kind, NetworkID: in.NetworkID, EmployerID: in.EmployerID,
		To: mail.Address{Name: in.ContactName, Email: in.ContactEmail}, ReplyTo: replyTo,
		Subject: subject, Text: body,
	})
	return err
}

// invitation is the intake's invitation; a personal message of the
// coordinator (the recruitment pipeline asks for one) comes first.
func (m mailer) invitation(ctx context.Context, tx pgx.Tx, in Intake, token, message string) error {
	name, replyTo := sender(ctx)
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s,\n\n", in.ContactName)
	if message = strings.TrimSpace(message); message != "" {
		b.WriteString(message + "\n\n")
	}
	fmt.Fprintf(&b, "Graag nodig ik u uit om de intakevragenlijst van %s in te vullen. Met uw antwoorden leert het netwerk %s beter kennen: waar u tegenaan loopt bij inclusief werkgeven, wat u het netwerk kunt bieden en wie er namens u meedoet.\n\n", in.NetworkName, in.EmployerName)
	fmt.Fprintf(&b, "Uw persoonlijke link:\n%s\n\n", m.link(token))
	fmt.Fprintf(&b, "U kunt de vragenlijst in meerdere keren invullen: wat u invult, wordt bewaard. De link werkt tot en met %s. Stuur de link niet door: wie de link heeft, kan de vragenlijst van %s invullen.\n\n", longDate(in.ExpiresAt), in.EmployerName)
	b.WriteString("We vragen geen persoonsgegevens van uw medewerkers, alleen aantallen.\n\n")
	fmt.Fprintf(&b, "Met vriendelijke groet,\n\n%s\n%s\n", name, in.NetworkName)
	return m.send(ctx, tx, in, "intake_uitnodiging", "Uitnodiging: intakevragenlijst "+in.NetworkName, b.String(), replyTo)
}

func (m mailer) question(ctx context.Context, tx pgx.Tx, in Intake, token string) error {
	name, replyTo := sender(ctx)
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s,\n\n", in.ContactName)
	fmt.Fprintf(&b, "Dank voor het invullen van de intakevragenlijst van %s. Ik heb nog een vraag:\n\n%s\n\n", in.NetworkName, quote(in.Question))
	fmt.Fprintf(&b, "Wilt u uw antwoorden aanvullen en de vragenlijst opnieuw indienen? Dat kan met deze nieuwe link (de vorige link werkt niet meer):\n%s\n\n", m.link(token))
	fmt.Fprintf(&b, "Met vriendelijke groet,\n\n%s\n%s\n", name, in.NetworkName)
	return m.send(ctx, tx, in, "intake_vraag", "Vraag over uw intake bij "+in.NetworkName, b.String(), replyTo)
}

func (m mailer) confirmation(ctx context.Context, tx pgx.Tx, in Intake, token string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s,\n\n", in.ContactName)
	fmt.Fprintf(&b, "Hartelijk dank: we hebben de intakevragenlijst van %s ontvangen. De coördinator van %s neemt uw antwoorden door en neemt contact met u op.\n\n", in.EmployerName, in.NetworkName)
	fmt.Fprintf(&b, "Uw antwoorden nalezen kan tot en met %s via:\n%s\n\n", longDate(in.ExpiresAt), m.link(token))
	fmt.Fprintf(&b, "Met vriendelijke groet,\n\n%s\n", in.NetworkName)
	return m.send(ctx, tx, in, "intake_bevestiging", "Ontvangen: uw intake bij "+in.NetworkName, b.String(), "")
}

func quote(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n")
}
