package importer

import (
	"fmt"
	"sort"
	"strings"
)

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
	if ev.RegionID == 0 && textID(region) != 0 {
		ev.RegionDerived = v.RegionDerived
	}
	ev.SectorID, ev.RegionID, ev.Employees = textID(sector), textID(region), textInt(employees)
	m(FAddress, &ev.Address, v.Address)
	m(FPostcode, &ev.Postcode, v.Postcode)
	m(FCity, &ev.City, v.City)
	m(FStatus, &ev.Status, v.Status)
	m(FMemberSince, &ev.MemberSince, v.MemberSince)
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

// sortProblems orders problems by row, then column, and lists each
// message once: the same remark on the same cell is said one time.
func sortProblems(ps []Problem) []Problem {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Row != ps[j].Row {
			return ps[i].Row < ps[j].Row
		}
		return ps[i].Column < ps[j].Column
	})
	seen := map[string]bool{}
	out := ps[:0]
	for _, p := range ps {
		key := fmt.Sprintf("%d|%d|%s|%s|%v", p.Row, p.Column, p.Value, p.Msg, p.Args)
		if !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	return out
}

// withoutRows drops the problems of rows that are refused: a note on a row
// that is not imported belongs under no heading.
func withoutRows(ps, refused []Problem) []Problem {
	rows := map[int]bool{}
	for _, p := range refused {
		rows[p.Row] = true
	}
	out := ps[:0]
	for _, p := range ps {
		if !rows[p.Row] {
			out = append(out, p)
		}
	}
	return out
}
