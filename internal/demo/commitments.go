package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// demoKindOf is the commitment most members of a network sign, by network
// position: 99vanTwente works with letters of intent, the second network
// with a covenant, the third asks only for reporting.
var demoKindOf = []string{"intentieverklaring", "convenant", "intentieverklaring"}

// demoOwnKind is the third network's own kind of commitment.
var demoOwnKind = struct{ code, name, description string }{
	"social_return_afspraak", "Social return-afspraak",
	"U spreekt af hoeveel van de opdrachtwaarde van uw inkoop naar werk voor mensen met een afstand tot de arbeidsmarkt gaat.",
}

// demoMemberRow is what the demo commitments and placements take from a
// seeded member.
type demoMemberRow struct {
	id          int64
	name        string
	memberSince time.Time
	employees   int
}

// insertCommitments seeds commitments for most members (signed ones, a few
// promised, expired or withdrawn, and some missing) and placement reports
// for about two thirds of them over the last eight complete quarters. The
// pattern follows the order of the members, so the data are the same every
// time; only the dates move with the day of seeding.
func insertCommitments(ctx context.Context, tx pgx.Tx, networkIDs []int64, now time.Time) error {
	today := dateOf(now.In(amsterdam()))
	kinds := map[string]int64{}
	rows, _ := tx.Query(ctx, `SELECT code, id FROM commitment_kinds WHERE network_id IS NULL`)
	if err := scanMap(rows, kinds); err != nil {
		return fmt.Errorf("commitment kinds: %w", err)
	}
	if len(networkIDs) >= 3 {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO commitment_kinds (network_id, code, name, description, position)
			VALUES ($1, $2, $3, $4, 4) RETURNING id`, networkIDs[2], demoOwnKind.code, demoOwnKind.name, demoOwnKind.description).Scan(&id)
		if err != nil {
			return fmt.Errorf("own commitment kind: %w", err)
		}
		kinds[demoOwnKind.code] = id
	}
	for n, networkID := range networkIDs {
		members, err := seededMembers(ctx, tx, networkID)
		if err != nil {
			return err
		}
		for i, m := range members {
			for _, c := range demoCommitmentsOf(n, i, m, kinds, today) {
				if err := insertDemoCommitment(ctx, tx, m, c); err != nil {
					return fmt.Errorf("commitment of %q: %w", m.name, err)
				}
			}
			if i%3 != 2 {
				if err := insertDemoPlacements(ctx, tx, i, m, today); err != nil {
					return fmt.Errorf("placements of %q: %w", m.name, err)
				}
			}
		}
	}
	return nil
}

func seededMembers(ctx context.Context, tx pgx.Tx, networkID int64) ([]demoMemberRow, error) {
	rows, _ := tx.Query(ctx, `SELECT id, name, member_since, coalesce(employee_count, 20) FROM employers
		WHERE network_id = $1 AND status = 'lid' AND member_since IS NOT NULL ORDER BY id`, networkID)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (demoMemberRow, error) {
		var m demoMemberRow
		return m, r.Scan(&m.id, &m.name, &m.memberSince, &m.employees)
	})
}

// demoCommitment is one seeded commitment.
type demoCommitment struct {
	kind                                    string
	kindID                                  int64
	status                                  string
	promised, signed, validFrom, validUntil *time.Time
	notes                                   string
	document                                bool
}

// demoCommitmentsOf decides, from the member's place in its network, what
// it committed to: of every ten members six signed (one of them long ago,
// with a validity that has passed), one promised, one let it expire, one
// withdrew and one has nothing yet.
func demoCommitmentsOf(network, i int, m demoMemberRow, kinds map[string]int64, today time.Time) []demoCommitment {
	if network >= len(demoKindOf) {
		return nil
	}
	kind := demoKindOf[network]
	signed := m.memberSince.AddDate(0, 0, 14+7*(i%5))
	if !signed.Before(today) {
		signed = today.AddDate(0, 0, -1)
	}
	promised := signed.AddDate(0, -1, 0)
	var out []demoCommitment
	c := demoCommitment{kind: kind}
	switch (i + 3*network) % 10 {
	case 0, 1, 2, 3, 4:
		c.status, c.promised, c.signed, c.validFrom = "getekend", &promised, &signed, &signed
		c.document = i%3 == 0
	case 5:
		until := signed.AddDate(3, 0, 0)
		c.status, c.promised, c.signed, c.validFrom, c.validUntil = "getekend", &promised, &signed, &signed, &until
		c.document = true
	case 6:
		recent := today.AddDate(0, -2, -i%20)
		c.status, c.promised = "toegezegd", &recent
		c.notes = "Directie heeft toegezegd; de ondertekening staat gepland voor de volgende netwerkbijeenkomst."
	case 7:
		until := today.AddDate(0, -2, 0)
		from := until.AddDate(-2, 0, 1)
		if from.Before(signed) {
			signed = from
		}
		c.status, c.signed, c.validFrom, c.validUntil = "verlopen", &signed, &from, &until
		c.notes = "Verlopen; de coördinator vraagt om een nieuwe ondertekening."
	case 8:
		c.status, c.promised, c.signed = "ingetrokken", &promised, &signed
		c.notes = "Ingetrokken na een reorganisatie; het gesprek over opnieuw tekenen loopt."
	default:
		// Nothing yet: the lists show the member lacks it.
	}
	if c.status != "" && kinds[kind] != 0 {
		c.kindID = kinds[kind]
		out = append(out, c)
	}
	// Some members of the second network also signed the reporting duty;
	// in the third, some made a social return agreement.
	if network == 1 && i%7 == 0 && kinds["rapportage"] != 0 {
		out = append(out, demoCommitment{kind: "rapportage", kindID: kinds["rapportage"], status: "getekend",
			signed: &signed, validFrom: &signed})
	}
	if network == 2 && i%4 == 1 && kinds[demoOwnKind.code] != 0 {
		out = append(out, demoCommitment{kind: demoOwnKind.code, kindID: kinds[demoOwnKind.code], status: "getekend",
			promised: &promised, signed: &signed, validFrom: &signed, document: true,
			notes: "Vijf procent van de opdrachtwaarde van schoonmaak en catering."})
	}
	return out
}

func insertDemoCommitment(ctx context.Context, tx pgx.Tx, m demoMemberRow, c demoCommitment) error {
	var name string
	if err := tx.QueryRow(ctx, `SELECT name FROM commitment_kinds WHERE id = $1`, c.kindID).Scan(&name); err != nil {
		return err
	}
	var docName, size any
	var doc []byte
	if c.document {
		doc = demoPDF(name, m.name, c.signed)
		docName, size = asciiFold(name+" "+m.name)+".pdf", len(doc)
	}
	at := m.memberSince
	for _, d := range []*time.Time{c.promised, c.signed} {
		if d != nil {
			at = *d
			break
		}
	}
	at = at.Add(10 * time.Hour)
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO commitments (employer_id, kind_id, status, promised_on, signed_on, valid_from,
		valid_until, notes, document_name, document, document_size, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
		m.id, c.kindID, c.status, c.promised, c.signed, c.validFrom, c.validUntil, c.notes, docName, doc, size, at).Scan(&id)
	if err != nil {
		return err
	}
	changes, _ := json.Marshal(map[string]map[string]string{"soort": {"old": "", "new": name}})
	_, err = tx.Exec(ctx, `INSERT INTO audit_log (at, actor, source, entity, entity_id, employer_id, action, changes)
		VALUES ($1, 'Demo-gegevens', 'seed', 'commitment', $2, $3, 'aangemaakt', $4)`, at, id, m.id, changes)
	return err
}

// insertDemoPlacements reports a member's placements over the eight
// complete quarters before today, from the quarter it became a member:
// the number of people grows a little, the ambition is a step ahead.
func insertDemoPlacements(ctx context.Context, tx pgx.Tx, i int, m demoMemberRow, today time.Time) error {
	current := today.Year()*4 + (int(today.Month())-1)/3
	joined := m.memberSince.Year()*4 + (int(m.memberSince.Month())-1)/3
	base := m.employees/80 + i%2
	growth := 1 + i%3
	avg := 16 + 4*(i%5) // hours a week per person
	b := &pgx.Batch{}
	for k := range 8 {
		q := current - 8 + k
		if q < joined {
			continue
		}
		people := base + k*growth/4
		hours := people * avg * 10
		if people > 0 {
			hours += (k % 2) * 5
		}
		seconded := 0
		if i%2 == 0 {
			seconded = people / 4
		}
		employed := people - seconded - people/5*(i%4/3) // some work through an agency
		ambition := max(1, m.employees/60) + i%3 + k/4
		source := "coordinator"
		if (i+k)%5 == 0 {
			source = "werkgever"
		}
		b.Queue(`INSERT INTO placement_reports (employer_id, year, quarter, ambition_jobs, people, weekly_hours,
			people_employed, people_seconded, source) VALUES ($1, $2, $3, $4, $5, $6::numeric / 10, $7, $8, $9)`,
			m.id, q/4, q%4+1, ambition, people, hours, employed, seconded, source)
	}
	return tx.SendBatch(ctx, b).Close()
}

// demoPDF is a small, valid one-page PDF that reads as the signed
// commitment, so the demo's documents open in any PDF reader.
func demoPDF(kind, employer string, signed *time.Time) []byte {
	text := func(s string) string {
		s = strings.Map(func(r rune) rune {
			if r > 126 {
				return '?' // the standard font knows ASCII only
			}
			return r
		}, asciiFold(s))
		return strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(s)
	}
	on := "-"
	if signed != nil {
		on = signed.Format("02-01-2006")
	}
	content := fmt.Sprintf("BT /F1 20 Tf 72 760 Td (%s) Tj 0 -32 Td /F1 12 Tf (%s) Tj 0 -18 Td (Getekend op %s) Tj 0 -18 Td (Demodocument van het Netwerkportaal) Tj ET",
		text(kind), text(employer), on)
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}
