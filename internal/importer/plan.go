package importer

import (
	"slices"
	"strings"
)

// Existing is what a network already holds, for matching.
type Existing struct {
	Employers []*ExistingEmployer
	// Elsewhere holds the KvK numbers of the file that belong to employers
	// of other networks.
	Elsewhere map[string]bool
}

// ExistingEmployer is a stored employer with its contacts.
type ExistingEmployer struct {
	ID       int64
	Values   EmployerValues
	Contacts []*ExistingContact
}

// ExistingContact is a stored contact.
type ExistingContact struct {
	ID     int64
	Values ContactValues
}

// Plan is what an import will do.
type Plan struct {
	Rows    int
	Actions []*EmployerAction
	Refused []Problem
	Notes   []Problem
	Counts  Counts
}

// RefusedRows is the number of rows that will not be imported.
func (p *Plan) RefusedRows() int { return countRows(p.Refused) }

// Counts summarise a plan, and what an import did.
type Counts struct {
	EmployersNew, EmployersChanged, EmployersUnchanged int
	ContactsNew, ContactsChanged, ContactsUnchanged    int
}

// EmployerAction creates an employer (Existing nil) or changes the fields
// in Changes of an existing one (none: it stays as it is).
type EmployerAction struct {
	Record   *EmployerRecord
	Existing *ExistingEmployer
	Changes  []string
	Contacts []*ContactAction
}

// ContactAction creates or changes a contact, like EmployerAction.
type ContactAction struct {
	Record   *ContactRecord
	Existing *ExistingContact
	Changes  []string
}

// BuildPlan matches the employers of res with ex: by KvK number, else by
// name and postcode (name alone when the file has no postcode and one
// employer of the network has the name); contacts within their employer by
// e-mail address, else by name. A field the file fills and that differs is
// a change; an empty cell never clears a stored value, and equal values are
// no change, so importing the same file twice changes nothing the second
// time.
func BuildPlan(res *Result, ex *Existing) *Plan {
	p := &Plan{Rows: res.Rows, Refused: slices.Clone(res.Refused), Notes: slices.Clone(res.Notes)}
	byKvK := map[string]*ExistingEmployer{}
	byName := map[string][]*ExistingEmployer{}
	for _, e := range ex.Employers {
		if e.Values.KvK != "" {
			byKvK[e.Values.KvK] = e
		}
		n := strings.ToLower(e.Values.Name)
		byName[n] = append(byName[n], e)
	}
	claimed := map[int64]*EmployerAction{}
	for _, r := range res.Employers {
		v := r.Values
		if v.KvK != "" && ex.Elsewhere[v.KvK] {
			p.refuseRecord(res, r, FKvK, v.KvK, msgKvKOtherNetwork)
			continue
		}
		match, ambiguous := byKvK[v.KvK], false
		if v.KvK == "" || match == nil {
			match, ambiguous = matchByName(byName[strings.ToLower(v.Name)], v)
		}
		if ambiguous {
			p.refuseRecord(res, r, FName, v.Name, msgAmbiguousEmployer)
			continue
		}
		if match != nil {
			if a := claimed[match.ID]; a != nil {
				// Two employers of the file are one stored employer: the
				// first one's values win, as for rows of one employer.
				g := &grouper{res: &Result{columns: res.columns, header: res.header}, raw: map[string]string{}}
				a.Record.Rows = append(a.Record.Rows, r.Rows...)
				g.mergeEmployer(a.Record, r.FirstRow, v)
				for _, c := range r.Contacts {
					g.addContact(a.Record, c.FirstRow, c.Values)
				}
				p.Notes = append(p.Notes, g.res.Notes...)
				continue
			}
		}
		a := &EmployerAction{Record: r, Existing: match}
		if match != nil {
			claimed[match.ID] = a
		}
		p.Actions = append(p.Actions, a)
	}
	for _, a := range p.Actions {
		p.contacts(a)
		switch {
		case a.Existing == nil:
			p.Counts.EmployersNew++
		default:
			a.Changes = employerChanges(a.Existing.Values, a.Record.Values)
			if len(a.Changes) > 0 {
				p.Counts.EmployersChanged++
			} else {
				p.Counts.EmployersUnchanged++
			}
		}
	}
	p.Refused = sortProblems(p.Refused)
	p.Notes = sortProblems(withoutRows(p.Notes, p.Refused))
	return p
}

// matchByName returns the one stored employer with the name and postcode
// of v (or the name alone when v has no postcode). A stored employer with
// another KvK number than v is another employer.
func matchByName(cands []*ExistingEmployer, v EmployerValues) (*ExistingEmployer, bool) {
	var found []*ExistingEmployer
	for _, e := range cands {
		if v.KvK != "" && e.Values.KvK != "" && e.Values.KvK != v.KvK {
			continue
		}
		if v.Postcode == "" || e.Values.Postcode == v.Postcode {
			found = append(found, e)
		}
	}
	switch len(found) {
	case 0:
		return nil, false
	case 1:
		return found[0], false
	}
	return nil, true
}

// refuseRecord refuses every row of an employer the file describes.
func (p *Plan) refuseRecord(res *Result, r *EmployerRecord, key, value, msg string) {
	col, ok := res.columns[key]
	if !ok {
		col = -1
	}
	for _, row := range r.Rows {
		p.Refused = append(p.Refused, Problem{Row: row, Column: col, Header: headerAt(res.header, col),
			Value: shorten(value, 80), Msg: msg})
	}
}

// contacts matches the contacts of a: none exist for a new employer.
func (p *Plan) contacts(a *EmployerAction) {
	byEmail := map[string]*ExistingContact{}
	byName := map[string]*ExistingContact{}
	if a.Existing != nil {
		for _, c := range a.Existing.Contacts {
			if c.Values.Email != "" {
				if _, ok := byEmail[strings.ToLower(c.Values.Email)]; !ok {
					byEmail[strings.ToLower(c.Values.Email)] = c
				}
			}
			n := strings.ToLower(c.Values.Name)
			if prev, ok := byName[n]; !ok || (prev.Values.Email != "" && c.Values.Email == "") {
				byName[n] = c
			}
		}
	}
	claimed := map[int64]bool{}
	for _, c := range a.Record.Contacts {
		var match *ExistingContact
		if c.Values.Email != "" {
			match = byEmail[c.Values.Email]
			if match == nil {
				if n := byName[strings.ToLower(c.Values.Name)]; n != nil && n.Values.Email == "" {
					match = n
				}
			}
		} else {
			match = byName[strings.ToLower(c.Values.Name)]
		}
		if match != nil && claimed[match.ID] {
			match = nil // two contacts of the file: the second is new
		}
		ca := &ContactAction{Record: c, Existing: match}
		if match == nil {
			p.Counts.ContactsNew++
		} else {
			claimed[match.ID] = true
			ca.Changes = contactChanges(match.Values, c.Values)
			if len(ca.Changes) > 0 {
				p.Counts.ContactsChanged++
			} else {
				p.Counts.ContactsUnchanged++
			}
		}
		a.Contacts = append(a.Contacts, ca)
	}
}

// employerChanges lists the fields the file fills with another value.
func employerChanges(cur, file EmployerValues) []string {
	var out []string
	add := func(key string, changed bool) {
		if changed {
			out = append(out, key)
		}
	}
	add(FName, file.Name != "" && file.Name != cur.Name)
	add(FKvK, file.KvK != "" && file.KvK != cur.KvK)
	add(FSector, file.SectorID != 0 && file.SectorID != cur.SectorID)
	add(FEmployees, file.Employees != nil && (cur.Employees == nil || *cur.Employees != *file.Employees))
	add(FAddress, file.Address != "" && file.Address != cur.Address)
	add(FPostcode, file.Postcode != "" && file.Postcode != cur.Postcode)
	add(FCity, file.City != "" && file.City != cur.City)
	// A region derived from the postcode fills an empty one only: the
	// coordinator may have chosen another on purpose.
	add(FRegion, file.RegionID != 0 && file.RegionID != cur.RegionID && (!file.RegionDerived || cur.RegionID == 0))
	add(FStatus, file.Status != "" && file.Status != cur.Status)
	add(FMemberSince, file.MemberSince != "" && file.MemberSince != cur.MemberSince)
	add(FNotes, file.Notes != "" && file.Notes != cur.Notes)
	return out
}

func contactChanges(cur, file ContactValues) []string {
	var out []string
	for _, f := range []struct {
		key        string
		cur, file  string
		ignoreCase bool
	}{
		{FContactName, cur.Name, file.Name, false}, {FEmail, cur.Email, file.Email, true},
		{FPhone, cur.Phone, file.Phone, false}, {FFunction, cur.Function, file.Function, false},
		{FJobTitle, cur.JobTitle, file.JobTitle, false}, {FLevel, cur.Level, file.Level, false},
	} {
		if f.file == "" || f.file == f.cur || (f.ignoreCase && strings.EqualFold(f.file, f.cur)) {
			continue
		}
		out = append(out, f.key)
	}
	return out
}
