package dashboard

import (
	"context"
	"strconv"
	"strings"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/web"
)

// tableSpec is a downloadable table: the queries it needs and how it is
// built from their results. linked adds links to employer profiles (not on
// a share page, where nothing else is reachable).
type tableSpec struct {
	name  string
	loads []loader
	build func(ctx context.Context, d *Data, linked bool) Table
}

var tableSpecs = []tableSpec{
	{"leden", []loader{loadGrowth}, growthTable},
	{"opkomst", []loader{loadAttendance}, attendanceTable},
	{"actieve-leden", []loader{loadGrowth}, activeTable},
	{"groei-en-opkomst", []loader{loadGrowth, loadAttendance}, growthVsAttendanceTable},
	{"een-contactpersoon", []loader{loadSummary, loadFragile}, fragileTable},
	{"directie", []loader{loadSummary}, directieTable},
	{"functies-en-niveaus", []loader{loadMix}, mixTable},
	{"functies-aanwezig", []loader{loadFunctionAttendance}, functionAttendanceTable},
	{"sectoren", []loader{loadComposition}, sectorTable},
	{"grootteklassen", []loader{loadComposition}, sizeTable},
	{"regios", []loader{loadComposition}, regionTable},
	{"voorwaarden", []loader{loadConditions}, conditionsTable},
	{"plaatsingen", []loader{loadPlacements}, placementsTable},
	{"plaatsingen-per-werkgever", []loader{loadEmployerPlacements}, employerPlacementsTable},
	{"intake", []loader{loadIntake}, intakeTable},
	{"uitdagingen-en-aanbod", []loader{loadNeeds}, needsTable},
}

func findTable(name string) (tableSpec, bool) {
	for _, t := range tableSpecs {
		if t.name == name {
			return t, true
		}
	}
	return tableSpec{}, false
}

func col(label string) Column    { return Column{Label: label} }
func numCol(label string) Column { return Column{Label: label, Num: true} }

func employerCell(name string, id int64, linked bool) Cell {
	c := textCell(name)
	if linked {
		c.Href = "/werkgevers/" + strconv.FormatInt(id, 10)
	}
	return c
}

func growthTable(ctx context.Context, d *Data, _ bool) Table {
	t := Table{Name: "leden", Caption: i18n.T(ctx, "Leden, instroom en uitstroom per kwartaal"),
		Columns: []Column{col(i18n.T(ctx, "Kwartaal")), numCol(i18n.T(ctx, "Leden aan het eind")), numCol(i18n.T(ctx, "Instroom")), numCol(i18n.T(ctx, "Uitstroom"))}}
	for _, r := range d.Growth {
		t.Rows = append(t.Rows, []Cell{textCell(quarterLabel(ctx, r.Quarter)), intCell(r.Members), intCell(r.Joins), intCell(r.Leaves)})
	}
	return t
}

func attendanceTable(ctx context.Context, d *Data, _ bool) Table {
	t := Table{Name: "opkomst", Caption: i18n.T(ctx, "Opkomst bij bijeenkomsten per kwartaal"),
		Columns: []Column{col(i18n.T(ctx, "Kwartaal")), numCol(i18n.T(ctx, "Bijeenkomsten")), numCol(i18n.T(ctx, "Uitgenodigd")),
			numCol(i18n.T(ctx, "Aangemeld")), numCol(i18n.T(ctx, "Aanwezig")), numCol(i18n.T(ctx, "Aanwezig van aangemeld")),
			numCol(i18n.T(ctx, "Aanwezig van uitgenodigd"))}}
	for _, r := range d.Attendance {
		t.Rows = append(t.Rows, []Cell{textCell(quarterLabel(ctx, r.Quarter)), intCell(r.Events), intCell(r.Invited),
			intCell(r.Registered), intCell(r.Present), pctCell(r.Present, r.Registered), pctCell(r.Present, r.Invited)})
	}
	return t
}

func activeTable(ctx context.Context, d *Data, _ bool) Table {
	t := Table{Name: "actieve-leden", Caption: i18n.T(ctx, "Actieve leden per kwartaal"),
		Columns: []Column{col(i18n.T(ctx, "Kwartaal")), numCol(i18n.T(ctx, "Leden aan het eind")), numCol(i18n.T(ctx, "Actieve leden")),
			numCol(i18n.T(ctx, "Aandeel actief"))}}
	for _, r := range d.Growth {
		t.Rows = append(t.Rows, []Cell{textCell(quarterLabel(ctx, r.Quarter)), intCell(r.Members), intCell(r.Active), pctCell(r.Active, r.Members)})
	}
	return t
}

func growthVsAttendanceTable(ctx context.Context, d *Data, _ bool) Table {
	t := Table{Name: "groei-en-opkomst", Caption: i18n.T(ctx, "Nieuwe leden naast de opkomst per kwartaal"),
		Columns: []Column{col(i18n.T(ctx, "Kwartaal")), numCol(i18n.T(ctx, "Nieuwe leden")), numCol(i18n.T(ctx, "Aanwezig van aangemeld"))}}
	for i, g := range d.Growth {
		rate := missingCell()
		if i < len(d.Attendance) {
			rate = pctCell(d.Attendance[i].Present, d.Attendance[i].Registered)
		}
		t.Rows = append(t.Rows, []Cell{textCell(quarterLabel(ctx, g.Quarter)), intCell(g.Joins), rate})
	}
	return t
}

func fragileTable(ctx context.Context, d *Data, linked bool) Table {
	t := Table{Name: "een-contactpersoon", Caption: i18n.T(ctx, "Leden met precies één actieve contactpersoon"),
		Columns: []Column{col(i18n.T(ctx, "Werkgever")), col(i18n.T(ctx, "Netwerk")), col(i18n.T(ctx, "Functie van de contactpersoon")),
			col(i18n.T(ctx, "Niveau")), col(i18n.T(ctx, "Lid sinds"))}}
	for _, f := range d.Fragile {
		t.Rows = append(t.Rows, []Cell{employerCell(f.Name, f.EmployerID, linked), textCell(f.Network), refCell(ctx, f.Function),
			textCell(web.LevelLabel(ctx, f.Level)), dateCell(f.MemberSince)})
	}
	return t
}

func directieTable(ctx context.Context, d *Data, _ bool) Table {
	s := d.Summary
	return Table{Name: "directie", Caption: i18n.T(ctx, "Leden met een actieve contactpersoon uit de directie"),
		Columns: []Column{col(i18n.T(ctx, "Kenmerk")), numCol(i18n.T(ctx, "Leden")), numCol(i18n.T(ctx, "Aandeel"))},
		Rows: [][]Cell{
			{textCell(i18n.T(ctx, "Alle leden")), intCell(s.Members), pctCell(s.Members, s.Members)},
			{textCell(i18n.T(ctx, "Met een contactpersoon uit de directie")), intCell(s.Directie), pctCell(s.Directie, s.Members)},
			{textCell(i18n.T(ctx, "Zonder contactpersoon uit de directie")), intCell(s.Members - s.Directie), pctCell(s.Members-s.Directie, s.Members)},
		}}
}

var levels = []string{"strategisch", "tactisch", "operationeel"}

// mixTable is a function × level matrix with totals per function.
func mixTable(ctx context.Context, d *Data, _ bool) Table {
	t := Table{Name: "functies-en-niveaus", Caption: i18n.T(ctx, "Actieve contactpersonen van leden naar functie en niveau"),
		Columns: []Column{col(i18n.T(ctx, "Functie"))}}
	for _, l := range levels {
		t.Columns = append(t.Columns, numCol(web.LevelLabel(ctx, l)))
	}
	t.Columns = append(t.Columns, numCol(i18n.T(ctx, "Totaal")))
	var row []Cell
	total := 0
	for i, c := range d.Mix {
		if i%len(levels) == 0 {
			row, total = []Cell{refCell(ctx, c.FunctionName)}, 0
		}
		row = append(row, intCell(c.Contacts))
		total += c.Contacts
		if i%len(levels) == len(levels)-1 {
			t.Rows = append(t.Rows, append(row, intCell(total)))
		}
	}
	return t
}

func functionAttendanceTable(ctx context.Context, d *Data, _ bool) Table {
	t := Table{Name: "functies-aanwezig", Caption: i18n.T(ctx, "Wie er komen: uitnodigingen en aanwezigen naar functie"),
		Columns: []Column{col(i18n.T(ctx, "Functie")), numCol(i18n.T(ctx, "Uitgenodigd")), numCol(i18n.T(ctx, "Aangemeld")),
			numCol(i18n.T(ctx, "Aanwezig")), numCol(i18n.T(ctx, "Aanwezig van aangemeld")), numCol(i18n.T(ctx, "Aandeel van alle aanwezigen"))}}
	present := 0
	for _, f := range d.FunctionAttendance {
		present += f.Present
	}
	for _, f := range d.FunctionAttendance {
		t.Rows = append(t.Rows, []Cell{refCell(ctx, f.FunctionName), intCell(f.Invited), intCell(f.Registered), intCell(f.Present),
			pctCell(f.Present, f.Registered), pctCell(f.Present, present)})
	}
	return t
}

func compositionTable(ctx context.Context, name, caption, dimension string, rows []CompositionRow, members int) Table {
	t := Table{Name: name, Caption: caption,
		Columns: []Column{col(dimension), numCol(i18n.T(ctx, "Leden")), numCol(i18n.T(ctx, "Aandeel"))}}
	for _, r := range rows {
		label := refCell(ctx, r.Label)
		if r.Label == "" {
			label = textCell(i18n.T(ctx, "Onbekend"))
		}
		t.Rows = append(t.Rows, []Cell{label, intCell(r.Members), pctCell(r.Members, members)})
	}
	return t
}

func sumMembers(rows []CompositionRow) int {
	n := 0
	for _, r := range rows {
		n += r.Members
	}
	return n
}

func sectorTable(ctx context.Context, d *Data, _ bool) Table {
	c := d.Composition
	return compositionTable(ctx, "sectoren", i18n.T(ctx, "Leden naar sector (SBI)"), i18n.T(ctx, "Sector"), c.Sectors, sumMembers(c.Sectors))
}

func sizeTable(ctx context.Context, d *Data, _ bool) Table {
	c := d.Composition
	return compositionTable(ctx, "grootteklassen", i18n.T(ctx, "Leden naar grootteklasse"), i18n.T(ctx, "Grootteklasse"), c.Sizes, sumMembers(c.Sectors))
}

func regionTable(ctx context.Context, d *Data, _ bool) Table {
	c := d.Composition
	return compositionTable(ctx, "regios", i18n.T(ctx, "Leden naar arbeidsmarktregio"), i18n.T(ctx, "Arbeidsmarktregio"), c.Regions, sumMembers(c.Sectors))
}

func conditionsTable(ctx context.Context, d *Data, _ bool) Table {
	t := Table{Name: "voorwaarden", Caption: i18n.T(ctx, "Leden die aan de voorwaarden van het lidmaatschap voldoen"),
		Columns: []Column{col(i18n.T(ctx, "Voorwaarde")), numCol(i18n.T(ctx, "Leden")), numCol(i18n.T(ctx, "Voldoet")), numCol(i18n.T(ctx, "Aandeel"))}}
	for _, c := range d.Conditions {
		t.Rows = append(t.Rows, []Cell{refCell(ctx, c.Name), intCell(c.Members), intCell(c.Met), pctCell(c.Met, c.Members)})
	}
	return t
}

// placementsTable holds whole-network totals per quarter: not suppressed.
func placementsTable(ctx context.Context, d *Data, _ bool) Table {
	t := Table{Name: "plaatsingen", Caption: i18n.T(ctx, "Ambitie en gerealiseerde banen per kwartaal"),
		Columns: []Column{col(i18n.T(ctx, "Kwartaal")), numCol(i18n.T(ctx, "Rapportages")), numCol(i18n.T(ctx, "Ambitie (banen)")),
			numCol(i18n.T(ctx, "Gerealiseerd (banen)")), numCol(i18n.T(ctx, "Mensen")), numCol(i18n.T(ctx, "Uren per week"))},
		Note: i18n.T(ctx, "Totalen van het hele netwerk: kleine aantallen worden hier niet verborgen.")}
	for _, p := range d.Placements {
		if p.Reports == 0 {
			t.Rows = append(t.Rows, []Cell{textCell(quarterLabel(ctx, p.Quarter)), intCell(0), missingCell(), missingCell(), missingCell(), missingCell()})
			continue
		}
		ambition := missingCell()
		if p.WithAmbition > 0 {
			ambition = intCell(p.Ambition)
		}
		t.Rows = append(t.Rows, []Cell{textCell(quarterLabel(ctx, p.Quarter)), intCell(p.Reports), ambition,
			decCell(ctx, Jobs(p.WeeklyHours)), intCell(p.People), decCell(ctx, p.WeeklyHours)})
	}
	return t
}

// employerPlacementsTable is a breakdown per employer: numbers of people
// and jobs from 1 to 4 show as "<5", and hours are left out (with a small
// number of people they would tell what one person works).
func employerPlacementsTable(ctx context.Context, d *Data, linked bool) Table {
	t := Table{Name: "plaatsingen-per-werkgever", Caption: i18n.T(ctx, "Ambitie en gerealiseerde banen per werkgever (laatste rapportage in de periode)"),
		Columns: []Column{col(i18n.T(ctx, "Werkgever")), col(i18n.T(ctx, "Netwerk")), col(i18n.T(ctx, "Kwartaal")),
			numCol(i18n.T(ctx, "Ambitie (banen)")), numCol(i18n.T(ctx, "Gerealiseerd (banen)")), numCol(i18n.T(ctx, "Mensen"))},
		Note: i18n.T(ctx, "Privacy: aantallen mensen van 1 tot en met 4 en banen boven 0 en onder 5 staan er als \"<5\".")}
	for _, p := range d.EmployerPlacements {
		ambition := missingCell()
		if p.Ambition != nil {
			ambition = intCell(*p.Ambition)
		}
		t.Rows = append(t.Rows, []Cell{employerCell(p.Name, p.EmployerID, linked), textCell(p.Network), textCell(quarterLabel(ctx, p.Quarter)),
			ambition, smallDec(ctx, Jobs(p.WeeklyHours)), smallInt(p.People)})
	}
	return t
}

func intakeTable(ctx context.Context, d *Data, _ bool) Table {
	f := d.Intake
	median := missingCell()
	if f.MedianDays != nil {
		median = decCell(ctx, *f.MedianDays)
	}
	return Table{Name: "intake", Caption: i18n.T(ctx, "Intakes die in de periode zijn verstuurd"),
		Columns: []Column{col(i18n.T(ctx, "Stap")), numCol(i18n.T(ctx, "Aantal")), numCol(i18n.T(ctx, "Aandeel van uitgenodigd"))},
		Rows: [][]Cell{
			{textCell(i18n.T(ctx, "Uitgenodigd")), intCell(f.Invited), pctCell(f.Invited, f.Invited)},
			{textCell(i18n.T(ctx, "Geopend")), intCell(f.Opened), pctCell(f.Opened, f.Invited)},
			{textCell(i18n.T(ctx, "Ingediend")), intCell(f.Submitted), pctCell(f.Submitted, f.Invited)},
			{textCell(i18n.T(ctx, "Verwerkt")), intCell(f.Processed), pctCell(f.Processed, f.Invited)},
			{textCell(i18n.T(ctx, "Mediaan dagen van uitnodiging tot indienen")), median, missingCell()},
		}}
}

func needsTable(ctx context.Context, d *Data, _ bool) Table {
	t := Table{Name: "uitdagingen-en-aanbod", Caption: i18n.T(ctx, "Uitdagingen van leden en wie er kennis of hulp bij aanbiedt"),
		Columns: []Column{col(i18n.T(ctx, "Uitdaging")), numCol(i18n.T(ctx, "Leden die het noemen")), col(i18n.T(ctx, "Wie worstelt ermee")),
			numCol(i18n.T(ctx, "Leden die hulp bieden")), col(i18n.T(ctx, "Wie biedt kennis of hulp"))}}
	for _, n := range d.Needs {
		t.Rows = append(t.Rows, []Cell{refCell(ctx, n.Name), intCell(n.Members), textCell(nameList(ctx, n.Named, n.Members)),
			intCell(n.HelperCount), textCell(nameList(ctx, n.Helpers, n.HelperCount))})
	}
	return t
}

// nameList joins names, saying how many more there are beyond the cap.
func nameList(ctx context.Context, names []string, total int) string {
	if len(names) == 0 {
		return i18n.T(ctx, "nog niemand")
	}
	s := strings.Join(names, "; ")
	if more := total - len(names); more > 0 {
		s += " " + i18n.T(ctx, "en %d anderen", more)
	}
	return s
}
