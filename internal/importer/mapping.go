package importer

import (
	"sort"
	"strings"
	"unicode/utf8"

	"netwerkportaal/internal/platform/validate"
)

// EmployerValues are an employer's fields as the file gives them; the zero
// value of a field means the file says nothing about it.
type EmployerValues struct {
	Name      string
	KvK       string
	SectorID  int64
	Employees *int
	Address   string
	Postcode  string
	City      string
	RegionID  int64
	Status    string
	Notes     string
}

// ContactValues are a contact's fields; Function is "" when the file gives
// none or one the portal does not recognise.
type ContactValues struct {
	Name, Email, Phone, Function, JobTitle, Level string
}

// EmployerRecord is an employer as the file describes it, over one or more
// rows, with its contacts.
type EmployerRecord struct {
	FirstRow int
	Rows     []int
	Values   EmployerValues
	Contacts []*ContactRecord
	from     map[string]int // field → row whose value is used

	contactsByEmail map[string]*ContactRecord
	contactsByName  map[string]*ContactRecord
}

// ContactRecord is a contact as the file describes it.
type ContactRecord struct {
	FirstRow int
	Rows     []int
	Values   ContactValues
	from     map[string]int
}

// Result is a file read through a mapping: the employers of its valid rows,
// the rows that cannot be imported and remarks on the rows that can.
type Result struct {
	Rows      int // data rows of the file
	Employers []*EmployerRecord
	Refused   []Problem // every reason of every refused row
	Notes     []Problem
	columns   map[string]int // field → column
	header    []string
}

// RefusedRows is the number of rows that cannot be imported.
func (r *Result) RefusedRows() int { return countRows(r.Refused) }

func countRows(ps []Problem) int {
	rows := map[int]bool{}
	for _, p := range ps {
		rows[p.Row] = true
	}
	return len(rows)
}

// Map reads every row of t through mapping m: it validates and normalises
// the values (KvK numbers, postcodes, e-mail addresses as the portal stores
// them), looks reference data up by code or name, and groups the rows into
// employers with their contacts. m must have passed Check.
func Map(t *Table, m Mapping, ref Reference) *Result {
	res := &Result{Rows: len(t.Rows), columns: map[string]int{}, header: t.Header}
	for i, k := range m {
		if _, ok := res.columns[k]; !ok && k != "" {
			res.columns[k] = i
		}
	}
	g := &grouper{res: res, byKvK: map[string]*EmployerRecord{}, byNamePC: map[string][]*EmployerRecord{},
		byName: map[string][]*EmployerRecord{}}
	for _, row := range t.Rows {
		r := rowReader{res: res, row: row, raw: map[string]string{}}
		emp, contact := r.read(ref)
		res.Notes = append(res.Notes, r.notes...)
		if len(r.problems) > 0 {
			res.Refused = append(res.Refused, r.problems...)
			continue
		}
		g.add(row.Num, emp, contact, r.raw)
	}
	sortProblems(res.Refused)
	sortProblems(res.Notes)
	return res
}

// rowReader reads the fields of one row, collecting problems and notes.
type rowReader struct {
	res      *Result
	row      Row
	problems []Problem
	notes    []Problem
	raw      map[string]string // field → cell as read, for notes
}

func (r *rowReader) problem(p *[]Problem, key, value, msg string, args ...any) {
	col := -1
	if c, ok := r.res.columns[key]; ok {
		col = c
	}
	header := ""
	if col >= 0 && col < len(r.res.header) {
		header = r.res.header[col]
	}
	*p = append(*p, Problem{Row: r.row.Num, Column: col, Header: header, Value: shorten(value, 80), Msg: msg, Args: args})
}

func (r *rowReader) refuse(key, value, msg string, args ...any) {
	r.problem(&r.problems, key, value, msg, args...)
}

func (r *rowReader) note(key, value, msg string, args ...any) {
	r.problem(&r.notes, key, value, msg, args...)
}

// cell returns the value of field key in this row ("" when not mapped).
func (r *rowReader) cell(key string) string {
	c, ok := r.res.columns[key]
	if !ok {
		return ""
	}
	v := r.row.Cell(c)
	r.raw[key] = v
	if v != "" && strings.ContainsRune("=+-@", rune(v[0])) && !(key == FPhone && validate.Phone(v)) && key != FEmployees {
		r.note(key, v, msgFormula, v[:1])
	}
	return v
}

// text reads a free-text field of at most max characters.
func (r *rowReader) text(key string, max int) string {
	raw := r.cell(key)
	v := validate.CleanText(raw)
	if n := utf8.RuneCountInString(v); n > max {
		r.refuse(key, raw, msgTooLong, n, max)
	}
	return v
}

func (r *rowReader) read(ref Reference) (EmployerValues, *ContactValues) {
	for i := len(r.res.header); i < len(r.row.Cells); i++ {
		if r.row.Cells[i] != "" {
			r.problems = append(r.problems, Problem{Row: r.row.Num, Column: -1, Value: shorten(r.row.Cells[i], 80), Msg: msgExtraCells})
			break
		}
	}
	var e EmployerValues
	if e.Name = r.text(FName, 200); e.Name == "" {
		r.refuse(FName, "", msgEmployerNameMissing)
	}
	if v := r.cell(FKvK); v != "" {
		kvk, ok := validate.KvK(v)
		if !ok && len(kvk) >= 5 && len(kvk) < 8 && strings.Trim(kvk, "0123456789") == "" {
			kvk = strings.Repeat("0", 8-len(kvk)) + kvk
			ok = true
			r.note(FKvK, v, msgKvKPadded, kvk)
		}
		if ok {
			e.KvK = kvk
		} else {
			r.refuse(FKvK, v, msgKvKInvalid)
		}
	}
	if v := r.cell(FSector); v != "" {
		if s, ok := ref.sector(v); ok {
			e.SectorID = s.ID
		} else {
			r.refuse(FSector, v, msgSectorUnknown)
		}
	}
	if v := r.cell(FEmployees); v != "" {
		if n, ok := validate.Count(v, 10_000_000); ok {
			e.Employees = &n
		} else {
			r.refuse(FEmployees, v, msgEmployeesInvalid)
		}
	}
	e.Address = r.text(FAddress, 200)
	if v := r.cell(FPostcode); v != "" {
		if pc, ok := validate.Postcode(v); ok {
			e.Postcode = pc
		} else {
			r.refuse(FPostcode, v, msgPostcodeInvalid)
		}
	}
	e.City = r.text(FCity, 100)
	if v := r.cell(FRegion); v != "" {
		if reg, ok := ref.region(v); ok {
			e.RegionID = reg.ID
		} else {
			r.refuse(FRegion, v, msgRegionUnknown)
		}
	}
	if v := r.cell(FStatus); v != "" {
		if s, ok := status(v); ok {
			e.Status = s
		} else {
			r.refuse(FStatus, v, msgStatusUnknown)
		}
	}
	e.Notes = r.text(FNotes, 10_000)

	// A contact when any of its cells is filled.
	hasContact := false
	for _, f := range Fields {
		if f.Group == GroupContact && r.cell0(f.Key) != "" {
			hasContact = true
		}
	}
	if !hasContact {
		return e, nil
	}
	var c ContactValues
	c.Name = r.text(FContactName, 120)
	if c.Name == "" {
		var parts []string
		for _, k := range []string{FFirstName, FInfix, FLastName} {
			if v := validate.CleanText(r.cell(k)); v != "" {
				parts = append(parts, v)
			}
		}
		c.Name = strings.Join(parts, " ")
		if n := utf8.RuneCountInString(c.Name); n > 120 {
			r.refuse(FLastName, c.Name, msgTooLong, n, 120)
		}
	}
	if c.Name == "" {
		key := FContactName
		if !r.mapped(key) {
			key = FLastName
		}
		r.refuse(key, "", msgContactNameMissing)
	}
	if v := r.cell(FEmail); v != "" {
		c.Email = strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(v, "mailto:"), "MAILTO:"))
		if !validate.Email(c.Email) {
			r.refuse(FEmail, v, msgEmailInvalid)
		}
	}
	if v := r.cell(FPhone); v != "" {
		if validate.Phone(v) {
			c.Phone = v
		} else {
			r.refuse(FPhone, v, msgPhoneInvalid)
		}
	}
	c.JobTitle = r.text(FJobTitle, 120)
	if v := r.cell(FFunction); v != "" {
		code, ok := ref.function(v)
		if !ok {
			r.note(FFunction, v, msgFunctionUnknown)
		}
		c.Function = code
		// "HR-manager" in a Functie column says more than the code hr:
		// keep it as the job title when the file has none.
		if title := validate.CleanText(v); c.JobTitle == "" && !ref.exactFunction(v) && utf8.RuneCountInString(title) <= 120 {
			c.JobTitle = title
		}
	}
	if v := r.cell(FLevel); v != "" {
		if l, ok := level(v); ok {
			c.Level = l
		} else {
			r.refuse(FLevel, v, msgLevelUnknown)
		}
	}
	return e, &c
}

// cell0 is cell without the formula note, for looking only.
func (r *rowReader) cell0(key string) string {
	if c, ok := r.res.columns[key]; ok {
		return r.row.Cell(c)
	}
	return ""
}

func (r *rowReader) mapped(key string) bool {
	_, ok := r.res.columns[key]
	return ok
}

// exactFunction reports whether v is a function's code or name itself.
func (ref Reference) exactFunction(v string) bool {
	n := normalize(v)
	for _, f := range ref.Functions {
		if n == normalize(f.Code) || n == normalize(f.Name) {
			return true
		}
	}
	return false
}

// grouper gathers the rows of one employer: same KvK number, else same name
// and postcode; a row without postcode joins the only employer of its name.
type grouper struct {
	res      *Result
	byKvK    map[string]*EmployerRecord
	byNamePC map[string][]*EmployerRecord
	byName   map[string][]*EmployerRecord
	raw      map[string]string // the cells of the row being added
}

func (g *grouper) find(v EmployerValues) *EmployerRecord {
	name := strings.ToLower(v.Name)
	if v.KvK != "" {
		if e := g.byKvK[v.KvK]; e != nil {
			return e
		}
	}
	same := func(e *EmployerRecord) bool { return v.KvK == "" || e.Values.KvK == "" }
	if v.Postcode != "" {
		for _, e := range g.byNamePC[name+"|"+v.Postcode] {
			if same(e) {
				return e
			}
		}
	}
	var only *EmployerRecord
	n := 0
	for _, e := range g.byName[name] {
		if same(e) && (v.Postcode == "" || e.Values.Postcode == "") {
			only = e
			n++
		}
	}
	if n == 1 {
		return only
	}
	return nil
}

func (g *grouper) add(row int, v EmployerValues, c *ContactValues, raw map[string]string) {
	g.raw = raw
	e := g.find(v)
	if e == nil {
		e = &EmployerRecord{FirstRow: row, from: map[string]int{}, contactsByEmail: map[string]*ContactRecord{},
			contactsByName: map[string]*ContactRecord{}}
		g.res.Employers = append(g.res.Employers, e)
	}
	e.Rows = append(e.Rows, row)
	before := e.Values
	g.mergeEmployer(e, row, v)
	name := strings.ToLower(e.Values.Name)
	if e.Values.KvK != "" {
		g.byKvK[e.Values.KvK] = e
	}
	if before.Name == "" {
		g.byName[name] = append(g.byName[name], e)
	}
	if e.Values.Postcode != before.Postcode || before.Name == "" {
		if key := name + "|" + e.Values.Postcode; e.Values.Postcode != "" {
			g.byNamePC[key] = append(g.byNamePC[key], e)
		}
	}
	if c != nil {
		g.addContact(e, row, *c)
	}
}

// merge sets a field from row when the record has no value yet, and notes
// a value that differs from the one already taken.
func (g *grouper) merge(from map[string]int, row int, key string, differs string, have *string, v string) {
	switch {
	case v == "":
	case *have == "":
		*have, from[key] = v, row
	case !strings.EqualFold(*have, v):
		col, ok := g.res.columns[key]
		if !ok {
			col = -1
		}
		shown := g.raw[key]
		if shown == "" {
			shown = v
		}
		first := from[key]
		g.res.Notes = append(g.res.Notes, Problem{Row: row, Column: col, Header: headerAt(g.res.header, col),
			Value: shorten(shown, 80), Msg: differs, Args: []any{first}})
	}
}

func headerAt(h []string, i int) string {
	if i >= 0 && i < len(h) {
		return h[i]
	}
	return ""
}

func (g *grouper) mergeEmployer(e *EmployerRecord, row int, v EmployerValues) {
	m := func(key string, have *string, val string) { g.merge(e.from, row, key, msgEmployerDiffers, have, val) }
	ev := &e.Values
	m(FName, &ev.Name, v.Name)
	m(FKvK, &ev.KvK, v.KvK)
	sector, region, employees := idText(ev.SectorID), idText(ev.RegionID), intText(ev.Employees)
	m(FSector, &sector, idText(v.SectorID))
	m(FRegion, &region, idText(v.RegionID))
	m(FEmployees, &employees, intText(v.Employees))
	ev.SectorID, ev.RegionID, ev.Employees = textID(sector), textID(region), textInt(employees)
	m(FAddress, &ev.Address, v.Address)
	m(FPostcode, &ev.Postcode, v.Postcode)
	m(FCity, &ev.City, v.City)
	m(FStatus, &ev.Status, v.Status)
	m(FNotes, &ev.Notes, v.Notes)
}

func (g *grouper) addContact(e *EmployerRecord, row int, v ContactValues) {
	name := strings.ToLower(v.Name)
	var c *ContactRecord
	if v.Email != "" {
		c = e.contactsByEmail[v.Email]
		if c == nil {
			if n := e.contactsByName[name]; n != nil && n.Values.Email == "" {
				c = n
			}
		}
	} else {
		c = e.contactsByName[name]
	}
	if c == nil {
		c = &ContactRecord{FirstRow: row, from: map[string]int{}}
		e.Contacts = append(e.Contacts, c)
	}
	c.Rows = append(c.Rows, row)
	m := func(key string, have *string, val string) { g.merge(c.from, row, key, msgContactDiffers, have, val) }
	cv := &c.Values
	m(FContactName, &cv.Name, v.Name)
	m(FEmail, &cv.Email, v.Email)
	m(FPhone, &cv.Phone, v.Phone)
	m(FFunction, &cv.Function, v.Function)
	m(FJobTitle, &cv.JobTitle, v.JobTitle)
	m(FLevel, &cv.Level, v.Level)
	if cv.Email != "" {
		e.contactsByEmail[cv.Email] = c
	}
	if _, ok := e.contactsByName[strings.ToLower(cv.Name)]; !ok {
		e.contactsByName[strings.ToLower(cv.Name)] = c
	}
}

// sortProblems orders problems by row, then column.
func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Row != ps[j].Row {
			return ps[i].Row < ps[j].Row
		}
		return ps[i].Column < ps[j].Column
	})
}
