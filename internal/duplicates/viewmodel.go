package duplicates

import (
	"context"
	"math"
	"strings"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/web"
)

// ListPage is the list of likely duplicates.
type ListPage struct {
	Employers []EmployerPair
	Contacts  []ContactPair
	Several   bool // the user works in several networks: name them
	Pairs     PairsState
	// ContactPairs is how up to date the contact pairs are.
	ContactPairs PairsState
}

// MergePage compares two records and asks what survives.
type MergePage struct {
	Title    string // translated
	Question string // which record stays, translated
	Action   string
	Back     string // the list
	Sides    [2]Side
	Rows     []FieldRow // fields whose values differ
	Same     []SameRow  // fields whose values agree
	Rules    []string   // what happens on merging, translated
	Form     MergeForm
	Conflict bool
}

// Side is one of the two records.
type Side struct {
	ID      int64
	Heading string // "Werkgever 1", translated
	Name    string
	Created string
	URL     string
	Details []SameRow
	Counts  []Count
}

// FieldRow is a field whose value differs between the records.
type FieldRow struct {
	Key     string
	Label   string // Dutch
	Values  [2]string
	CanJoin bool
}

// SameRow is a label with a value.
type SameRow struct {
	Label string // translated
	Value string
}

func employerPage(ctx context.Context, a, b EmployerRecord) MergePage {
	t := func(s string, args ...any) string { return i18n.T(ctx, s, args...) }
	side := func(n int, e EmployerRecord) Side {
		return Side{ID: e.ID, Heading: t("Werkgever %d", n), Name: e.Name, URL: "/werkgevers/" + web.FormatID(e.ID),
			Created: nltime.FormatDate(e.CreatedAt), Counts: e.Counts,
			Details: []SameRow{
				{t("Nummer"), web.FormatID(e.ID)}, {t("Netwerk"), e.NetworkName}, {t("Aangemaakt op"), nltime.FormatDate(e.CreatedAt)},
				{t("Uitdagingen"), strings.Join(e.Challenges, ", ")}, {t("Aanbod aan het netwerk"), strings.Join(e.Offers, ", ")},
			}}
	}
	p := MergePage{Title: t("Werkgevers samenvoegen"), Question: t("Welke werkgever blijft bestaan?"), Action: "/dubbelen/werkgevers/" + web.FormatID(a.ID) + "/" + web.FormatID(b.ID),
		Back: "/dubbelen", Sides: [2]Side{side(1, a), side(2, b)}}
	p.Rows, p.Same = compare(ctx, employerFields, a, b)
	p.Rules = []string{
		t("Alle contactpersonen, statuswijzigingen, intakes, bijeenkomsten als gastheer, bezoeken, vervolgacties, doorverwijzingen, toezeggingen, plaatsingen, links, e-mails en de geschiedenis gaan over naar het profiel dat blijft. Het andere profiel wordt daarna verwijderd."),
		t("Het profiel dat blijft krijgt de onderwerpen (uitdagingen en aanbod) van allebei. Beide statusgeschiedenissen blijven bewaard."),
		t("Heeft het profiel dat blijft een eerste contactpersoon, dan blijft die dat; anders neemt de eerste contactpersoon van het andere profiel die rol mee."),
		t("Hebben beide een intake voor hetzelfde jaar, dan blijft de intake die het verst is (verwerkt, ingediend, bezig, geopend, uitgenodigd, ingetrokken), bij gelijke stand die van het profiel dat blijft. De andere intake vervalt en staat in de geschiedenis."),
		t("Hebben beide plaatsingen voor hetzelfde kwartaal, dan blijven die van het profiel dat blijft. De aantallen van het andere profiel staan daarna in de geschiedenis."),
	}
	return p
}

func contactPage(ctx context.Context, a, b ContactRecord) MergePage {
	t := func(s string, args ...any) string { return i18n.T(ctx, s, args...) }
	side := func(n int, c ContactRecord) Side {
		return Side{ID: c.ID, Heading: t("Contactpersoon %d", n), Name: c.Name, URL: "/werkgevers/" + web.FormatID(c.EmployerID),
			Created: nltime.FormatDate(c.CreatedAt), Counts: c.Counts,
			Details: []SameRow{
				{t("Nummer"), web.FormatID(c.ID)}, {t("Werkgever"), c.EmployerName}, {t("Netwerk"), c.NetworkName},
				{t("Aangemaakt op"), nltime.FormatDate(c.CreatedAt)},
			}}
	}
	p := MergePage{Title: t("Contactpersonen samenvoegen"), Question: t("Welke contactpersoon blijft bestaan?"), Action: "/dubbelen/contactpersonen/" + web.FormatID(a.ID) + "/" + web.FormatID(b.ID),
		Back: "/dubbelen", Sides: [2]Side{side(1, a), side(2, b)}}
	p.Rows, p.Same = compare(ctx, contactFields, a, b)
	p.Rules = []string{
		t("Uitnodigingen, lidmaatschappen van subgroepen, kartrekkerschappen, bezoeken, doorverwijzingen, intakes en links gaan over naar de contactpersoon die blijft. De andere contactpersoon wordt daarna verwijderd."),
		t("Zijn beide uitgenodigd voor dezelfde bijeenkomst, dan blijft de uitnodiging met de sterkste status: aanwezig, aangemeld, wachtlijst, afwezig, afgemeld, uitgenodigd."),
		t("Zijn beide lid van dezelfde subgroep, dan blijft het lidmaatschap dat het eerst begon."),
		t("Wordt de contactpersoon die blijft eerste contactpersoon, dan neemt die die rol over van de huidige eerste contactpersoon van de werkgever. Wie niet meer actief is, is geen eerste contactpersoon."),
	}
	if a.EmployerID != b.EmployerID {
		p.Rules = append(p.Rules, t("De contactpersoon die blijft, blijft bij zijn eigen werkgever; de geschiedenis van de andere werkgever vermeldt de samenvoeging."))
	}
	return p
}

// compare splits the fields into those that differ, to choose, and those
// that agree.
func compare[R any](ctx context.Context, fields []field[R], a, b R) ([]FieldRow, []SameRow) {
	var rows []FieldRow
	var same []SameRow
	for _, f := range fields {
		va, vb := f.show(ctx, a), f.show(ctx, b)
		if va == vb {
			same = append(same, SameRow{Label: i18n.T(ctx, f.label), Value: va})
			continue
		}
		rows = append(rows, FieldRow{Key: f.key, Label: f.label, Values: [2]string{va, vb}, CanJoin: f.join != nil && va != "" && vb != ""})
	}
	return rows, same
}

// survivorChoice is the question which record stays.
func survivorChoice(ctx context.Context, p MergePage) web.Choice {
	opts := make([]web.Option, 2)
	for i, s := range p.Sides {
		opts[i] = web.Option{Value: web.FormatID(s.ID), Label: s.Heading + ": " + s.Name,
			Hint: i18n.T(ctx, "nummer %s, aangemaakt op %s", web.FormatID(s.ID), s.Created)}
	}
	return web.Choice{Field: web.Field{Name: "overlevende", Label: p.Question, Value: p.Form.Survivor,
		Hint:  i18n.T(ctx, "De andere wordt na het samenvoegen verwijderd. Standaard blijft de oudste."),
		Error: p.Form.Errors["overlevende"]}, Options: opts}
}

// rowChoice is the question which value of a field stays; each option
// says which record it comes from.
func rowChoice(ctx context.Context, p MergePage, row FieldRow) web.Choice {
	opts := make([]web.Option, 0, 3)
	for i, s := range p.Sides {
		opts = append(opts, web.Option{Value: web.FormatID(s.ID), Label: orEmpty(ctx, row.Values[i]), Hint: i18n.T(ctx, "van %s", strings.ToLower(s.Heading))})
	}
	if row.CanJoin {
		opts = append(opts, web.Option{Value: both, Label: i18n.T(ctx, "Beide teksten"),
			Hint: i18n.T(ctx, "de tekst van het profiel dat blijft, met de andere eronder")})
	}
	return web.Choice{Field: web.Field{Name: fieldName(row.Key), Label: i18n.T(ctx, row.Label), Value: p.Form.Choices[row.Key],
		Error: p.Form.Errors[fieldName(row.Key)]}, Options: opts}
}

// errorOrder lists the form's fields in page order, for the summary.
func errorOrder(p MergePage) []string {
	out := []string{"overlevende"}
	for _, r := range p.Rows {
		out = append(out, fieldName(r.Key))
	}
	return out
}

// employerReason says in words why two employers look like one.
func employerReason(ctx context.Context, p EmployerPair) string {
	t := func(s string, args ...any) string { return i18n.T(ctx, s, args...) }
	var rs []string
	if p.SameNorm {
		rs = append(rs, t("Dezelfde naam als u B.V., N.V. en Holding weglaat"))
	}
	pct := int(math.Round(p.Similarity * 100))
	switch {
	case p.Similarity > similarityMin && p.SameCity:
		rs = append(rs, t("Namen lijken voor %d%% op elkaar, in dezelfde plaats (%s)", pct, p.A.City))
	case p.Similarity > similarityMin && p.SamePostcode:
		rs = append(rs, t("Namen lijken voor %d%% op elkaar, met dezelfde postcode (%s)", pct, p.A.Postcode))
	}
	if p.CrossNetwork {
		rs = append(rs, t("In verschillende netwerken"))
	}
	if p.KvKDiffers {
		rs = append(rs, t("Let op: de KvK-nummers verschillen"))
	}
	return strings.Join(rs, "; ")
}

// contactReason says in words why two contacts look like one person.
func contactReason(ctx context.Context, p ContactPair) string {
	var rs []string
	if p.SameEmail {
		rs = append(rs, i18n.T(ctx, "Hetzelfde e-mailadres (%s)", strings.ToLower(p.A.Email)))
	}
	if p.Folded {
		rs = append(rs, i18n.T(ctx, "Gelijk als accenten en een vraagteken (een bij het opslaan verloren letter) niet meetellen"))
	}
	if p.SameName {
		rs = append(rs, i18n.T(ctx, "Dezelfde naam bij dezelfde werkgever"))
	} else if !p.SameEmployer {
		rs = append(rs, i18n.T(ctx, "Bij verschillende werkgevers"))
	}
	return strings.Join(rs, "; ")
}

func employerPairURL(p EmployerPair) string {
	return "/dubbelen/werkgevers/" + web.FormatID(p.A.ID) + "/" + web.FormatID(p.B.ID)
}

func contactPairURL(p ContactPair) string {
	return "/dubbelen/contactpersonen/" + web.FormatID(p.A.ID) + "/" + web.FormatID(p.B.ID)
}

func employerURL(id int64) string { return "/werkgevers/" + web.FormatID(id) }

// place is an employer's place, with its network when the user sees several.
func place(s EmployerSide, several bool) string {
	out := s.City
	if several {
		if out != "" {
			out += " · "
		}
		out += s.NetworkName
	}
	return out
}

func orEmpty(ctx context.Context, s string) string {
	if strings.TrimSpace(s) == "" {
		return i18n.T(ctx, "(leeg)")
	}
	return s
}

// pairsAge says how up to date the pairs are: with nothing queued every
// saved change has been compared; otherwise when the queue was last empty
// and how many changed employers still wait, so the list never looks
// fresher than it is.
func pairsAge(ctx context.Context, st PairsState) string {
	switch {
	case st.Pending == 0:
		return i18n.T(ctx, "Alle opgeslagen wijzigingen van werkgevers zijn vergeleken.")
	case st.Pending == 1:
		return i18n.T(ctx, "Werkgevers vergeleken op %s; 1 gewijzigde werkgever wordt nog vergeleken.", nltime.FormatDateTime(*st.Compared))
	}
	return i18n.T(ctx, "Werkgevers vergeleken op %s; %d gewijzigde werkgevers worden nog vergeleken.", nltime.FormatDateTime(*st.Compared), st.Pending)
}

// contactPairsAge is pairsAge for the contact pairs.
func contactPairsAge(ctx context.Context, st PairsState) string {
	switch {
	case st.Pending == 0:
		return i18n.T(ctx, "Alle opgeslagen wijzigingen van contactpersonen zijn vergeleken.")
	case st.Pending == 1:
		return i18n.T(ctx, "Contactpersonen vergeleken op %s; 1 gewijzigde contactpersoon wordt nog vergeleken.", nltime.FormatDateTime(*st.Compared))
	}
	return i18n.T(ctx, "Contactpersonen vergeleken op %s; %d gewijzigde contactpersonen worden nog vergeleken.", nltime.FormatDateTime(*st.Compared), st.Pending)
}
