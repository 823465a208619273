package dashboard

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// Page is the dashboard's view model, for signed-in users and share links.
type Page struct {
	Base       string // "/dashboard" or "/bord/<token>"
	Shared     bool
	ShareLabel string
	ShareUntil string
	CanShare   bool
	Networks   []identity.Network // the selectable networks
	NetworkID  int64              // 0: all of them together
	Period     int
	ScopeName  string
	PeriodText string
	ComputedAt string // when a background snapshot was computed ("" when live)
	Signals    []Signal
	Tiles      []Tile // "In één oogopslag"
	Sections   []Section
	// sectionsHTML is Sections as rendered for an earlier view of the same
	// snapshot, selection and language (nil: render them).
	sectionsHTML *web.Fragment
}

// Signal is one of the chapter's warnings that the figures show now.
type Signal struct {
	Text, Href string
}

// Section is one numbered part of the dashboard.
type Section struct {
	ID, Title string
	Figures   []Figure
}

// Figure is one figure: a key number in words, a warning, its definition,
// charts and the data table.
type Figure struct {
	ID, Title  string
	Stat       string
	Warning    string
	Definition string
	Charts     []chartView
	Table      Table
}

// query is the selection as URL parameters, for the download links.
func (p Page) query() string {
	v := url.Values{"periode": {strconv.Itoa(p.Period)}}
	if p.NetworkID != 0 {
		v.Set("netwerk", strconv.FormatInt(p.NetworkID, 10))
	}
	return v.Encode()
}

func (p Page) downloadURL(t Table, ext string) string {
	return p.Base + "/tabel/" + t.Name + "." + ext + "?" + p.query()
}

// pageRows is the most rows a table shows on the page: a national view
// lists thousands of employers, which nobody reads on screen; the download
// has them all.
const pageRows = 100

// buildSections turns the query results into the page's eight sections.
// The two lists with a row per employer are cut to pageRows before their
// rows are built: a national view has thousands, and building every row
// only to drop it cost most of a director's dashboard view.
func buildSections(ctx context.Context, d *Data, linked bool) []Section {
	page := *d
	totals := map[string]int{"een-contactpersoon": len(d.Fragile), "plaatsingen-per-werkgever": len(d.EmployerPlacements)}
	page.Fragile = d.Fragile[:min(len(d.Fragile), pageRows+1)]
	page.EmployerPlacements = d.EmployerPlacements[:min(len(d.EmployerPlacements), pageRows+1)]
	sections := sectionList(ctx, &page, linked)
	for _, s := range sections {
		for i := range s.Figures {
			capRows(ctx, &s.Figures[i].Table, totals[s.Figures[i].Table.Name])
		}
	}
	return sections
}

// capRows keeps the first pageRows rows of t; total is the number of rows
// before the data was cut (0: the table was built whole).
func capRows(ctx context.Context, t *Table, total int) {
	n := max(len(t.Rows), total)
	if n > pageRows {
		t.Rows = t.Rows[:pageRows]
		t.Note = strings.TrimSpace(t.Note + " " + i18n.T(ctx, "De tabel toont de eerste %d van %d rijen; de download bevat ze allemaal.", pageRows, n))
	}
}

func sectionList(ctx context.Context, d *Data, linked bool) []Section {
	return []Section{
		{ID: "groei", Title: i18n.T(ctx, "1. Omvang en groei"), Figures: []Figure{membersFigure(ctx, d)}},
		{ID: "betrokkenheid", Title: i18n.T(ctx, "2. Betrokkenheid"), Figures: []Figure{attendanceFigure(ctx, d), activeFigure(ctx, d), growthAttendanceFigure(ctx, d)}},
		{ID: "kwetsbaarheid", Title: i18n.T(ctx, "3. Kwetsbaarheid"), Figures: []Figure{fragileFigure(ctx, d, linked)}},
		{ID: "mandaat", Title: i18n.T(ctx, "4. Mandaat en functiemix"), Figures: []Figure{directieFigure(ctx, d), mixFigure(ctx, d), functionAttendanceFigure(ctx, d)}},
		{ID: "samenstelling", Title: i18n.T(ctx, "5. Samenstelling"), Figures: compositionFigures(ctx, d)},
		{ID: "afspraken", Title: i18n.T(ctx, "6. Afspraken en plaatsingen"), Figures: []Figure{conditionsFigure(ctx, d), placementsFigure(ctx, d), employerPlacementsFigure(ctx, d, linked)}},
		{ID: "intake", Title: i18n.T(ctx, "7. Intake"), Figures: []Figure{intakeFigure(ctx, d)}},
		{ID: "behoeften", Title: i18n.T(ctx, "8. Behoeften en aanbod"), Figures: []Figure{needsFigure(ctx, d)}},
	}
}

func quarterLabels(ctx context.Context, n int, at func(int) string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = at(i)
	}
	return out
}

func chartDesc(ctx context.Context, kind string) string {
	return kind + " " + i18n.T(ctx, "De cijfers staan in de tabel bij deze figuur.")
}

func membersFigure(ctx context.Context, d *Data) Figure {
	labels := quarterLabels(ctx, len(d.Growth), func(i int) string { return quarterLabel(ctx, d.Growth[i].Quarter) })
	members, joins, leaves := Series{Name: i18n.T(ctx, "Leden")}, Series{Name: i18n.T(ctx, "Instroom")}, Series{Name: i18n.T(ctx, "Uitstroom")}
	in, out := 0, 0
	for _, g := range d.Growth {
		members.Values = append(members.Values, float64(g.Members))
		joins.Values = append(joins.Values, float64(g.Joins))
		leaves.Values = append(leaves.Values, float64(g.Leaves))
		in, out = in+g.Joins, out+g.Leaves
	}
	now := 0
	if len(d.Growth) > 0 {
		now = d.Growth[len(d.Growth)-1].Members
	}
	return Figure{ID: "fig-leden", Title: i18n.T(ctx, "Leden, instroom en uitstroom per kwartaal"),
		Stat:       i18n.T(ctx, "Nu %d leden; in de periode kwamen er %d bij en gingen er %d weg.", now, in, out),
		Definition: i18n.T(ctx, "Leden: werkgevers met de status lid op de laatste dag van het kwartaal (in het lopende kwartaal: vandaag), volgens de statusgeschiedenis. Instroom: een overgang naar lid vanuit een andere status in het kwartaal (ook terugkeer na een pauze). Uitstroom: een overgang van lid naar gepauzeerd of uitgeschreven. Zo geldt: leden aan het eind = leden aan het begin + instroom − uitstroom. Kwartalen lopen volgens de Nederlandse kalender."),
		Charts: []chartView{
			Chart{ID: "chart-leden", Title: i18n.T(ctx, "Leden aan het eind van elk kwartaal"), Desc: chartDesc(ctx, i18n.T(ctx, "Staafdiagram.")),
				Labels: labels, Bars: []Series{members}}.view(),
			Chart{ID: "chart-instroom", Title: i18n.T(ctx, "Instroom en uitstroom per kwartaal"), Desc: chartDesc(ctx, i18n.T(ctx, "Staafdiagram: effen staven voor instroom, gearceerde voor uitstroom.")),
				Labels: labels, Bars: []Series{joins, leaves}}.view(),
		},
		Table: growthTable(ctx, d, false)}
}

func rateSeries(name string, n int, at func(int) (int, int)) Series {
	s := Series{Name: name, Values: make([]float64, n), Valid: make([]bool, n)}
	for i := range n {
		part, whole := at(i)
		if whole > 0 {
			s.Values[i], s.Valid[i] = float64(part)/float64(whole), true
		}
	}
	return s
}

func attendanceFigure(ctx context.Context, d *Data) Figure {
	a := d.Attendance
	labels := quarterLabels(ctx, len(a), func(i int) string { return quarterLabel(ctx, a[i].Quarter) })
	reg := rateSeries(i18n.T(ctx, "Aanwezig van aangemeld"), len(a), func(i int) (int, int) { return a[i].Present, a[i].Registered })
	inv := rateSeries(i18n.T(ctx, "Aanwezig van uitgenodigd"), len(a), func(i int) (int, int) { return a[i].Present, a[i].Invited })
	present, registered, events := 0, 0, 0
	for _, r := range a {
		present, registered, events = present+r.Present, registered+r.Registered, events+r.Events
	}
	stat := i18n.T(ctx, "Geen bijeenkomsten met bijgehouden aanwezigheid in deze periode.")
	if registered > 0 {
		stat = i18n.T(ctx, "Over de hele periode: %d bijeenkomsten, %s van de aangemelden was aanwezig.", events, formatPct(float64(present)/float64(registered)))
	}
	return Figure{ID: "fig-opkomst", Title: i18n.T(ctx, "Opkomst per kwartaal"), Stat: stat,
		Definition: i18n.T(ctx, "Telt voorbije, niet-geannuleerde bijeenkomsten van het netwerk waarvan de aanwezigheid is bijgehouden (minstens één genodigde aanwezig of afwezig gemeld), in het kwartaal van hun begindatum. Aanwezig van aangemeld = aanwezig ÷ (aanwezig + afwezig + nog aangemeld). Aanwezig van uitgenodigd = aanwezig ÷ alle uitnodigingen (ook afmeldingen, wachtlijst en binnenlopers). Een kwartaal zonder zulke bijeenkomsten heeft geen cijfer (–), geen 0%."),
		Charts: []chartView{Chart{ID: "chart-opkomst", Title: i18n.T(ctx, "Opkomst per kwartaal"),
			Desc:   chartDesc(ctx, i18n.T(ctx, "Lijndiagram: doorgetrokken lijn met rondjes voor aanwezig van aangemeld, gestreepte lijn met vierkantjes voor aanwezig van uitgenodigd.")),
			Labels: labels, Lines: []Series{reg, inv}}.view()},
		Table: attendanceTable(ctx, d, false)}
}

func activeFigure(ctx context.Context, d *Data) Figure {
	a := d.Growth
	labels := quarterLabels(ctx, len(a), func(i int) string { return quarterLabel(ctx, a[i].Quarter) })
	share := rateSeries(i18n.T(ctx, "Aandeel actief"), len(a), func(i int) (int, int) { return a[i].Active, a[i].Members })
	stat := ""
	if n := len(a); n > 0 && a[n-1].Members > 0 {
		stat = i18n.T(ctx, "Nu zijn %d van de %d leden (%s) actief.", a[n-1].Active, a[n-1].Members, formatPct(float64(a[n-1].Active)/float64(a[n-1].Members)))
	}
	return Figure{ID: "fig-actief", Title: i18n.T(ctx, "Actieve leden"), Stat: stat,
		Definition: i18n.T(ctx, "Een lid is actief als iemand van die werkgever (ook iemand die er inmiddels weg is) in de zes maanden vóór het eind van het kwartaal (in het lopende kwartaal: vóór vandaag) aanwezig was bij een niet-geannuleerde bijeenkomst van het netwerk. Aandeel actief = actieve leden ÷ leden aan het eind van het kwartaal."),
		Charts: []chartView{Chart{ID: "chart-actief", Title: i18n.T(ctx, "Aandeel actieve leden per kwartaal"),
			Desc: chartDesc(ctx, i18n.T(ctx, "Lijndiagram.")), Labels: labels, Lines: []Series{share}}.view()},
		Table: activeTable(ctx, d, false)}
}

func growthAttendanceFigure(ctx context.Context, d *Data) Figure {
	labels := quarterLabels(ctx, len(d.Growth), func(i int) string { return quarterLabel(ctx, d.Growth[i].Quarter) })
	joins := Series{Name: i18n.T(ctx, "Nieuwe leden")}
	for _, g := range d.Growth {
		joins.Values = append(joins.Values, float64(g.Joins))
	}
	a := d.Attendance
	rate := rateSeries(i18n.T(ctx, "Aanwezig van aangemeld"), min(len(a), len(d.Growth)), func(i int) (int, int) { return a[i].Present, a[i].Registered })
	fig := Figure{ID: "fig-groei-opkomst", Title: i18n.T(ctx, "Groei naast betrokkenheid"),
		Definition: i18n.T(ctx, "Staven: nieuwe leden (instroom) per kwartaal. Lijn: opkomst (aanwezig van aangemeld), zoals hierboven. De waarschuwing verschijnt als het netwerk in de periode met minstens 20 procent en minstens 3 leden groeide (leden nu tegenover leden vlak vóór de periode) terwijl de opkomst tussen het eerste en het laatste kwartaal met bijeenkomsten met minstens 10 procentpunt daalde."),
		Charts: []chartView{Chart{ID: "chart-groei-opkomst", Title: i18n.T(ctx, "Nieuwe leden en opkomst per kwartaal"),
			Desc:   chartDesc(ctx, i18n.T(ctx, "Gecombineerd diagram: staven voor nieuwe leden (linkeras), lijn met rondjes voor de opkomst in procenten (rechteras).")),
			Labels: labels, Bars: []Series{joins}, Lines: []Series{rate}}.view()},
		Table: growthVsAttendanceTable(ctx, d, false)}
	if c := CompareGrowth(d.Growth, d.Attendance); c.Warn() {
		fig.Warning = growthWarning(ctx, c, d)
	}
	return fig
}

func growthWarning(ctx context.Context, c GrowthVsAttendance, d *Data) string {
	return i18n.T(ctx, "Het netwerk groeide van %d naar %d leden, terwijl de opkomst daalde van %s (%s) naar %s (%s). Snelle groei gaat ten koste van eigenaarschap: minder mensen op bijeenkomsten, minder onderlinge contacten, minder effect. Kwaliteit gaat boven aantal.",
		c.MembersBefore, c.MembersAfter, formatPct(c.RateFirst), quarterLabel(ctx, d.Attendance[c.FirstQuarter].Quarter),
		formatPct(c.RateLast), quarterLabel(ctx, d.Attendance[c.LastQuarter].Quarter))
}

func share(part, whole int) string {
	if whole == 0 {
		return "–"
	}
	return formatPct(float64(part) / float64(whole))
}

func fragileFigure(ctx context.Context, d *Data, linked bool) Figure {
	s := d.Summary
	fig := Figure{ID: "fig-een-contact", Title: i18n.T(ctx, "Leden met één contactpersoon"),
		Stat:       i18n.T(ctx, "%d van de %d leden (%s) hebben precies één actieve contactpersoon.", s.OneContact, s.Members, share(s.OneContact, s.Members)),
		Definition: i18n.T(ctx, "Leden (nu de status lid) met precies één contactpersoon die er nu nog werkt: zonder einddatum, of met een einddatum na vandaag. Vertrekt die persoon, dan loopt het lidmaatschap de deur uit. Geldt voor vandaag, los van de gekozen periode."),
		Table:      fragileTable(ctx, d, linked)}
	if s.Members > 0 && float64(s.OneContact)/float64(s.Members) >= FragileShare {
		fig.Warning = i18n.T(ctx, "Bij %s van de leden hangt het lidmaatschap aan één persoon. Betrek meer mensen per werkgever.", share(s.OneContact, s.Members))
	}
	return fig
}

func directieFigure(ctx context.Context, d *Data) Figure {
	s := d.Summary
	fig := Figure{ID: "fig-directie", Title: i18n.T(ctx, "Mandaat: contact met de directie"),
		Stat:       i18n.T(ctx, "%d van de %d leden (%s) hebben een actieve contactpersoon uit de directie.", s.Directie, s.Members, share(s.Directie, s.Members)),
		Definition: i18n.T(ctx, "Leden (nu de status lid) met minstens één actieve contactpersoon met de functie Directie / DGA. Actief: zonder einddatum, of met een einddatum na vandaag."),
		Table:      directieTable(ctx, d, false)}
	if s.Members > 0 && float64(s.Directie)/float64(s.Members) < DirectieShareLo {
		fig.Warning = i18n.T(ctx, "Minder dan de helft van de leden heeft iemand uit de directie in het netwerk. Een doel van veel plaatsingen lukt niet als contactpersonen geen mandaat hebben.")
	}
	return fig
}

func mixFigure(ctx context.Context, d *Data) Figure {
	t := mixTable(ctx, d, false)
	c := Chart{ID: "chart-functies", Title: i18n.T(ctx, "Actieve contactpersonen naar functie"), Desc: chartDesc(ctx, i18n.T(ctx, "Liggend staafdiagram.")), Horizontal: true}
	s := Series{Name: i18n.T(ctx, "Contactpersonen")}
	for _, row := range t.Rows {
		c.Labels = append(c.Labels, row[0].Text)
		s.Values = append(s.Values, row[len(row)-1].Value)
	}
	c.Bars = []Series{s}
	return Figure{ID: "fig-functies", Title: i18n.T(ctx, "Contactpersonen naar functie en niveau"),
		Definition: i18n.T(ctx, "Alle actieve contactpersonen van de huidige leden, naar hun vastgelegde functie en niveau (strategisch, tactisch, operationeel)."),
		Charts:     []chartView{c.view()}, Table: t}
}

func functionAttendanceFigure(ctx context.Context, d *Data) Figure {
	c := Chart{ID: "chart-functies-aanwezig", Title: i18n.T(ctx, "Aanwezigen naar functie"), Desc: chartDesc(ctx, i18n.T(ctx, "Liggend staafdiagram.")), Horizontal: true}
	s := Series{Name: i18n.T(ctx, "Aanwezig")}
	for _, f := range d.FunctionAttendance {
		c.Labels = append(c.Labels, f.FunctionName)
		s.Values = append(s.Values, float64(f.Present))
	}
	c.Bars = []Series{s}
	return Figure{ID: "fig-functies-aanwezig", Title: i18n.T(ctx, "Welke functies er echt komen"),
		Definition: i18n.T(ctx, "De uitnodigingen van de bijeenkomsten die bij de opkomst meetellen, naar de functie van de genodigde zoals die nu is vastgelegd. Aandeel van alle aanwezigen = aanwezigen met die functie ÷ alle aanwezigen."),
		Charts:     []chartView{c.view()}, Table: functionAttendanceTable(ctx, d, false)}
}

func compositionFigures(ctx context.Context, d *Data) []Figure {
	m := SectorMix(d.Composition)
	stat := i18n.T(ctx, "Menging over sectoren: %s.", m.Label(ctx))
	if m.OK {
		stat = i18n.T(ctx, "Menging over sectoren: %s (%s op een schaal van 0 tot 1).", m.Label(ctx), formatIndex(ctx, m.Value))
	}
	hbar := func(id, title string, t Table) chartView {
		c := Chart{ID: id, Title: title, Desc: chartDesc(ctx, i18n.T(ctx, "Liggend staafdiagram.")), Horizontal: true}
		s := Series{Name: i18n.T(ctx, "Leden")}
		for _, row := range t.Rows {
			c.Labels = append(c.Labels, row[0].Text)
			s.Values = append(s.Values, row[1].Value)
		}
		c.Bars = []Series{s}
		return c.view()
	}
	sectors, sizes, regions := sectorTable(ctx, d, false), sizeTable(ctx, d, false), regionTable(ctx, d, false)
	return []Figure{
		{ID: "fig-sectoren", Title: i18n.T(ctx, "Leden naar sector"), Stat: stat,
			Definition: i18n.T(ctx, "Huidige leden naar sector (SBI-sectie). De menging is de genormaliseerde entropie over sectoren: H = −Σ p·ln p over de sectoren waarin leden zitten, gedeeld door ln(min(n, 21)), met n de leden met een bekende sector en 21 het aantal SBI-secties. 0 betekent: alle leden in één sector; 1: zo gespreid als de omvang toelaat. Vanaf 0,6 heet het netwerk gemengd, onder 0,35 ongemengd, daartussen deels gemengd. Gemengde netwerken groeien sneller; ongemengde delen meer behoeften."),
			Charts:     []chartView{hbar("chart-sectoren", i18n.T(ctx, "Leden naar sector"), sectors)}, Table: sectors},
		{ID: "fig-grootte", Title: i18n.T(ctx, "Leden naar grootteklasse"),
			Definition: i18n.T(ctx, "Huidige leden naar aantal medewerkers, in de CBS-grootteklassen; onbekend als het aantal medewerkers ontbreekt."),
			Charts:     []chartView{hbar("chart-grootte", i18n.T(ctx, "Leden naar grootteklasse"), sizes)}, Table: sizes},
		{ID: "fig-regio", Title: i18n.T(ctx, "Leden naar arbeidsmarktregio"),
			Definition: i18n.T(ctx, "Huidige leden naar de arbeidsmarktregio van hun vestiging."), Table: regions},
	}
}

func conditionsFigure(ctx context.Context, d *Data) Figure {
	c := Chart{ID: "chart-voorwaarden", Title: i18n.T(ctx, "Aandeel leden dat aan de voorwaarde voldoet"), Desc: chartDesc(ctx, i18n.T(ctx, "Liggend staafdiagram in procenten.")), Horizontal: true, Percent: true}
	s := Series{Name: i18n.T(ctx, "Voldoet")}
	for _, r := range d.Conditions {
		c.Labels = append(c.Labels, r.Name)
		s.Values = append(s.Values, fraction(r.Met, r.Members))
		s.Valid = append(s.Valid, r.Members > 0)
	}
	c.Bars = []Series{s}
	fig := Figure{ID: "fig-voorwaarden", Title: i18n.T(ctx, "Voorwaarden van het lidmaatschap"),
		Definition: i18n.T(ctx, "Per voorwaarde die een gekozen netwerk stelt: de huidige leden van de netwerken met die voorwaarde, en hoeveel van hen eraan voldoen. Voldoen: een getekende afspraak van die soort die vandaag geldig is (geen begindatum of een begindatum tot en met vandaag, en geen einddatum of een einddatum vanaf vandaag); bij de ambitie- en realisatierapportage telt ook een plaatsingsrapportage over dit kwartaal of een van de vier kwartalen ervoor. Dezelfde regel als op de pagina's van de afspraken."),
		Table:      conditionsTable(ctx, d, false)}
	if len(d.Conditions) > 0 {
		fig.Charts = []chartView{c.view()}
	} else {
		fig.Stat = i18n.T(ctx, "De gekozen netwerken stellen geen voorwaarden.")
	}
	return fig
}

func fraction(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

func placementsFigure(ctx context.Context, d *Data) Figure {
	p := d.Placements
	labels := quarterLabels(ctx, len(p), func(i int) string { return quarterLabel(ctx, p[i].Quarter) })
	amb, done := Series{Name: i18n.T(ctx, "Ambitie (banen)")}, Series{Name: i18n.T(ctx, "Gerealiseerd (banen)")}
	for _, r := range p {
		amb.Values, amb.Valid = append(amb.Values, float64(r.Ambition)), append(amb.Valid, r.WithAmbition > 0)
		done.Values, done.Valid = append(done.Values, Jobs(r.WeeklyHours)), append(done.Valid, r.Reports > 0)
	}
	return Figure{ID: "fig-plaatsingen", Title: i18n.T(ctx, "Ambitie en gerealiseerde banen"),
		Definition: i18n.T(ctx, "Uit de plaatsingsrapportages per werkgever per kwartaal (ook van werkgevers die inmiddels geen lid meer zijn). Gerealiseerde banen = uren per week van mensen uit de doelgroep ÷ 25,5 (banenafspraak). Ambitie = de som van de opgegeven ambitie in banen. Een kwartaal zonder rapportages heeft geen cijfer (–). Dit zijn totalen van het hele netwerk; die worden niet verborgen."),
		Charts: []chartView{Chart{ID: "chart-plaatsingen", Title: i18n.T(ctx, "Ambitie en gerealiseerde banen per kwartaal"),
			Desc:   chartDesc(ctx, i18n.T(ctx, "Staafdiagram: effen staven voor de ambitie, gearceerde voor de gerealiseerde banen.")),
			Labels: labels, Bars: []Series{amb, done}}.view()},
		Table: placementsTable(ctx, d, false)}
}

func employerPlacementsFigure(ctx context.Context, d *Data, linked bool) Figure {
	return Figure{ID: "fig-plaatsingen-werkgever", Title: i18n.T(ctx, "Banen per werkgever"),
		Definition: i18n.T(ctx, "Per werkgever de laatste rapportage binnen de periode. Privacyregel: in deze uitsplitsing per werkgever staan aantallen mensen van 1 tot en met 4 als \"<5\", en gerealiseerde banen boven 0 en onder 5 ook; 0 blijft 0. Uren per week staan er niet in. Ambitie is een voornemen en wordt niet verborgen. Totalen van het hele netwerk (de tabel hierboven) worden niet verborgen."),
		Table:      employerPlacementsTable(ctx, d, linked)}
}

func intakeFigure(ctx context.Context, d *Data) Figure {
	f := d.Intake
	stat := i18n.T(ctx, "Nog geen ingediende intakes in deze periode.")
	if f.MedianDays != nil {
		stat = i18n.T(ctx, "Van uitnodiging tot indienen duurde het in de helft van de gevallen %s dagen of korter.", formatDec(ctx, *f.MedianDays))
	}
	labels := []string{i18n.T(ctx, "Uitgenodigd"), i18n.T(ctx, "Geopend"), i18n.T(ctx, "Ingediend"), i18n.T(ctx, "Verwerkt")}
	s := Series{Name: i18n.T(ctx, "Intakes"), Values: []float64{float64(f.Invited), float64(f.Opened), float64(f.Submitted), float64(f.Processed)}}
	return Figure{ID: "fig-intake", Title: i18n.T(ctx, "Intake: van uitnodiging tot verwerking"), Stat: stat,
		Definition: i18n.T(ctx, "Intakes van werkgevers in de gekozen netwerken waarvan de uitnodiging in de periode is verstuurd; ingetrokken intakes tellen niet mee. Geopend, ingediend en verwerkt tellen de intakes die zo ver kwamen (een ingediende intake telt ook als geopend). Mediaan: de middelste waarde van het aantal dagen tussen uitnodiging en indienen, over de ingediende intakes."),
		Charts: []chartView{Chart{ID: "chart-intake", Title: i18n.T(ctx, "Intakes per stap"), Desc: chartDesc(ctx, i18n.T(ctx, "Staafdiagram.")),
			Labels: labels, Bars: []Series{s}}.view()},
		Table: intakeTable(ctx, d, false)}
}

func needsFigure(ctx context.Context, d *Data) Figure {
	c := Chart{ID: "chart-uitdagingen", Title: i18n.T(ctx, "Leden per uitdaging"), Desc: chartDesc(ctx, i18n.T(ctx, "Liggend staafdiagram.")), Horizontal: true}
	s := Series{Name: i18n.T(ctx, "Leden")}
	for _, n := range d.Needs {
		c.Labels = append(c.Labels, n.Name)
		s.Values = append(s.Values, float64(n.Members))
	}
	c.Bars = []Series{s}
	fig := Figure{ID: "fig-uitdagingen", Title: i18n.T(ctx, "Uitdagingen en wie kan helpen"),
		Definition: i18n.T(ctx, "Een lid noemt een uitdaging als die op zijn profiel staat of in zijn ingediende, nog niet verwerkte intake. Hulp biedt een lid met een aanbod dat bij die uitdaging hoort (zoals kennis over jobcarving bij passend werk maken); wie zelf met de uitdaging worstelt, staat niet bij de helpers. Per uitdaging staan hooguit 50 namen; het aantal telt iedereen."),
		Table:      needsTable(ctx, d, false)}
	if len(d.Needs) > 0 {
		fig.Charts = []chartView{c.view()}
	} else {
		fig.Stat = i18n.T(ctx, "De leden noemen nog geen uitdagingen.")
	}
	return fig
}

// signals lists the warnings of the figures at the top of the page.
func signals(sections []Section) []Signal {
	var out []Signal
	for _, s := range sections {
		for _, f := range s.Figures {
			if f.Warning != "" {
				out = append(out, Signal{Text: f.Warning, Href: "#" + f.ID})
			}
		}
	}
	return out
}
