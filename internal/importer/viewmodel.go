package importer

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
	"netwerkportaal/web"
)

// UploadPage is the first step: choose a network and a file.
type UploadPage struct {
	Networks  []identity.Network
	NetworkID string
	Errors    web.Errors
	Runs      []Run // recent imports into the user's networks
}

// MappingPage is the second step: a field per column.
type MappingPage struct {
	Upload  Upload
	File    string // what the file is: format, encoding, rows
	Columns []ColumnView
	Errors  web.Errors
}

// ColumnView is one column of the file on the mapping page.
type ColumnView struct {
	Name     string // form field, "kolom-3"
	Letter   string
	Header   string
	Examples []string
	Selected string
}

// PreviewPage is the third step: what the import will do.
type PreviewPage struct {
	Upload        Upload
	File          string
	Rows          int
	RefusedRows   int
	Counts        Counts
	Mapped        []MappedColumn
	Refused       []ProblemView
	RefusedMore   int
	Notes         []ProblemView
	NotesMore     int
	Employers     []EmployerLine
	EmployersMore int
	Mode          string
	Errors        web.Errors
	Choices       ChoicesView
	// RegionsDerived counts the employers whose labour-market region
	// comes from their postcode or town.
	RegionsDerived int
}

// ChoicesView are the preview's questions about what the file does not
// say, with the answers as sent.
type ChoicesView struct {
	NeedStatus, NeedSince bool
	Status                string
	Since, SinceDate      string
	Titles                []TitleView
	TitlesMore            int
}

// TitleView is one job title with its level, as a select.
type TitleView struct {
	Index    int
	Key      string
	Title    string
	Contacts int
	Level    string
}

// MappedColumn says which column fills which field.
type MappedColumn struct{ Column, Field string }

// ProblemView is a refused row's reason or a note, ready to show.
type ProblemView struct {
	Row    int
	Column string
	Value  string
	Text   string
}

// EmployerLine is one employer of the preview.
type EmployerLine struct {
	Name, KvK, City string
	Rows            string
	New             bool
	Changes         []string // labels of the fields that change
	ContactsNew     int
	ContactsChanged int
	ContactsSame    int
}

// ResultPage is the last step: what the import did.
type ResultPage struct {
	Upload Upload
	Run    Run
}

// Display limits of the preview: a file of 20,000 rows lists its first
// problems and employers, and counts the rest.
const (
	maxShownProblems  = 500
	maxShownEmployers = 250
)

// fieldLabel is the translated label of a field, with its group.
func fieldLabel(ctx context.Context, key string) string {
	f, ok := FieldByKey(key)
	if !ok {
		return key
	}
	group := i18n.T(ctx, "Werkgever")
	if f.Group == GroupContact {
		group = i18n.T(ctx, "Contactpersoon")
	}
	return group + ": " + i18n.T(ctx, f.Label)
}

// describeFile says what kind of file was read.
func describeFile(ctx context.Context, t *Table) string {
	rows := i18n.T(ctx, "%d rijen met gegevens", len(t.Rows))
	if len(t.Rows) == 1 {
		rows = i18n.T(ctx, "1 rij met gegevens")
	}
	if t.Format == "xlsx" {
		return i18n.T(ctx, "Excel-werkmap, werkblad %s; %s", t.Sheet, rows)
	}
	delim := map[rune]string{';': i18n.T(ctx, "puntkomma"), ',': i18n.T(ctx, "komma"), '\t': i18n.T(ctx, "tab"),
		'|': i18n.T(ctx, "verticale streep")}[t.Delimiter]
	enc := t.Encoding
	if enc == "UTF-8 met BOM" {
		enc = i18n.T(ctx, "UTF-8 met BOM")
	}
	return i18n.T(ctx, "CSV-bestand in %s, gescheiden door %s; %s", enc, delim, rows)
}

func newMappingPage(up Upload, t *Table, m Mapping, errs web.Errors) MappingPage {
	p := MappingPage{Upload: up, Errors: errs}
	for i, h := range t.Header {
		c := ColumnView{Name: columnField(i), Letter: ColumnLetter(i), Header: h}
		if i < len(m) {
			c.Selected = m[i]
		}
		for _, row := range t.Rows {
			if v := row.Cell(i); v != "" {
				c.Examples = append(c.Examples, shorten(v, 40))
				if len(c.Examples) == 3 {
					break
				}
			}
		}
		p.Columns = append(p.Columns, c)
	}
	return p
}

// newPreviewPage shows plan; form holds the choices as sent (nil: none
// yet, the level guesses are preselected).
func newPreviewPage(ctx context.Context, up Upload, t *Table, plan *Plan, mode string, form url.Values) PreviewPage {
	p := PreviewPage{Upload: up, File: describeFile(ctx, t), Rows: plan.Rows, RefusedRows: plan.RefusedRows(),
		Counts: plan.Counts, Mode: mode, Choices: choicesView(NeedsOf(plan), form)}
	for i, k := range up.Mapping {
		if k != "" {
			p.Mapped = append(p.Mapped, MappedColumn{Column: columnTitle(i, t.Header), Field: fieldLabel(ctx, k)})
		}
	}
	p.Refused, p.RefusedMore = problemViews(ctx, plan.Refused)
	p.Notes, p.NotesMore = problemViews(ctx, plan.Notes)
	for i, a := range plan.Actions {
		if i == maxShownEmployers {
			p.EmployersMore = len(plan.Actions) - i
			break
		}
		v := a.Record.Values
		if v.RegionDerived && (a.Existing == nil || a.Existing.Values.RegionID == 0) {
			p.RegionsDerived++
		}
		line := EmployerLine{Name: v.Name, KvK: v.KvK, City: v.City, Rows: rowList(a.Record.Rows), New: a.Existing == nil}
		if a.Existing != nil {
			if line.KvK == "" {
				line.KvK = a.Existing.Values.KvK
			}
			if line.City == "" {
				line.City = a.Existing.Values.City
			}
			for _, f := range a.Changes {
				line.Changes = append(line.Changes, strings.ToLower(i18n.T(ctx, mustField(f).Label)))
			}
		}
		for _, c := range a.Contacts {
			switch {
			case c.Existing == nil:
				line.ContactsNew++
			case len(c.Changes) > 0:
				line.ContactsChanged++
			default:
				line.ContactsSame++
			}
		}
		p.Employers = append(p.Employers, line)
	}
	return p
}

func choicesView(n Needs, form url.Values) ChoicesView {
	v := ChoicesView{NeedStatus: n.Status, NeedSince: n.MemberSince, TitlesMore: n.TitlesMore}
	if form != nil {
		v.Status, v.Since, v.SinceDate = form.Get(fieldStatus), form.Get(fieldSince), form.Get(fieldSinceDate)
	}
	sent := map[string]string{}
	for i := 0; form != nil && i < maxShownTitles; i++ {
		if k, ok := form[fieldTitlePref+strconv.Itoa(i)]; ok {
			sent[k[0]] = form.Get(fieldLevelPref + strconv.Itoa(i))
		}
	}
	for i, t := range n.Titles {
		l, ok := sent[t.Key]
		if !ok {
			l = t.Guess
		}
		v.Titles = append(v.Titles, TitleView{Index: i, Key: t.Key, Title: t.Title, Contacts: t.Contacts, Level: l})
	}
	return v
}

func statusOptions(ctx context.Context) []web.Option {
	var out []web.Option
	for _, s := range Statuses {
		out = append(out, web.Option{Value: s, Label: i18n.T(ctx, StatusLabels[s])})
	}
	return out
}

func levelOptions(ctx context.Context) []web.Option {
	var out []web.Option
	for _, l := range Levels {
		out = append(out, web.Option{Value: l, Label: i18n.T(ctx, LevelLabels[l])})
	}
	return out
}

func sinceOptions(ctx context.Context) []web.Option {
	return []web.Option{
		{Value: MemberSinceEmpty, Label: i18n.T(ctx, "Leeg laten"), Hint: i18n.T(ctx, "Lid sinds blijft leeg tot u het op het profiel invult.")},
		{Value: MemberSinceDate, Label: i18n.T(ctx, "Deze datum"), Hint: i18n.T(ctx, "Vul de datum hieronder in; die geldt voor alle leden zonder lid sinds.")},
		{Value: MemberSinceToday, Label: i18n.T(ctx, "Vandaag"), Hint: i18n.T(ctx, "Alleen als deze werkgevers echt vandaag lid zijn geworden: ze tellen dan als instroom van dit kwartaal.")},
	}
}

func titleField(i int) string { return fieldTitlePref + strconv.Itoa(i) }

func levelField(i int) string { return fieldLevelPref + strconv.Itoa(i) }

func mustField(key string) Field {
	f, _ := FieldByKey(key)
	return f
}

func problemViews(ctx context.Context, ps []Problem) ([]ProblemView, int) {
	var out []ProblemView
	for i, pr := range ps {
		if i == maxShownProblems {
			return out, len(ps) - i
		}
		out = append(out, ProblemView{Row: pr.Row, Column: pr.ColumnName(), Value: pr.Value, Text: pr.Text(ctx)})
	}
	return out, 0
}

// columnTitle is "B (Bedrijfsnaam)", or just the letter for an empty header.
func columnTitle(i int, header []string) string {
	if i < len(header) && header[i] != "" {
		return ColumnLetter(i) + " (" + header[i] + ")"
	}
	return ColumnLetter(i)
}

// rowList writes row numbers compactly: "2", "2–4", "2, 5, 9".
func rowList(rows []int) string {
	if len(rows) == 0 {
		return ""
	}
	consecutive := true
	for i := 1; i < len(rows); i++ {
		if rows[i] != rows[i-1]+1 {
			consecutive = false
		}
	}
	if consecutive && len(rows) > 2 {
		return fmt.Sprintf("%d–%d", rows[0], rows[len(rows)-1])
	}
	parts := make([]string, 0, len(rows))
	for i, r := range rows {
		if i == 6 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, strconv.Itoa(r))
	}
	return strings.Join(parts, ", ")
}

// fieldGroups are the options of a mapping select.
type fieldGroup struct {
	Label  string
	Fields []web.Option
}

func fieldGroups(ctx context.Context) []fieldGroup {
	groups := []fieldGroup{{Label: i18n.T(ctx, "Werkgever")}, {Label: i18n.T(ctx, "Contactpersoon")}}
	for _, f := range Fields {
		g := &groups[0]
		if f.Group == GroupContact {
			g = &groups[1]
		}
		g.Fields = append(g.Fields, web.Option{Value: f.Key, Label: i18n.T(ctx, f.Label)})
	}
	return groups
}

var networkOptions = web.NetworkOptions

// num writes a whole number as the language of ctx does: 20.000 or 20,000.
func num(ctx context.Context, n int) string {
	s := strconv.Itoa(n)
	sep := "."
	if i18n.LangOf(ctx) == i18n.EN {
		sep = ","
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// errorOrder lists the preview's errors in the order of its form.
func (p PreviewPage) errorOrder() []string {
	order := []string{fieldStatus, fieldSince, fieldSinceDate}
	for _, tl := range p.Choices.Titles {
		order = append(order, levelField(tl.Index))
	}
	return append(order, "modus")
}

// errorOrder lists the mapping page's errors in the order of its columns.
func (p MappingPage) errorOrder() []string {
	order := []string{"koppeling"}
	for _, c := range p.Columns {
		order = append(order, c.Name)
	}
	return order
}

func contactSummary(ctx context.Context, e EmployerLine) string {
	var parts []string
	if e.ContactsNew > 0 {
		parts = append(parts, i18n.T(ctx, "%d nieuw", e.ContactsNew))
	}
	if e.ContactsChanged > 0 {
		parts = append(parts, i18n.T(ctx, "%d wijzigen", e.ContactsChanged))
	}
	if e.ContactsSame > 0 {
		parts = append(parts, i18n.T(ctx, "%d blijven zoals ze zijn", e.ContactsSame))
	}
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, ", ")
}

func modeOptions(ctx context.Context, refused int) []web.Option {
	valid := i18n.T(ctx, "Alle rijen worden geïmporteerd.")
	switch {
	case refused == 1:
		valid = i18n.T(ctx, "De rij die niet kan worden geïmporteerd, wordt overgeslagen.")
	case refused > 1:
		valid = i18n.T(ctx, "De %d rijen die niet kunnen worden geïmporteerd, worden overgeslagen.", refused)
	}
	return []web.Option{
		{Value: ModeValid, Label: i18n.T(ctx, "Alle geldige rijen importeren"), Hint: valid},
		{Value: ModeAll, Label: i18n.T(ctx, "Alles of niets"), Hint: i18n.T(ctx, "Er wordt alleen geïmporteerd als geen enkele rij wordt geweigerd.")},
	}
}
