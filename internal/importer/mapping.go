package importer

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
	// MemberSince is an ISO date ("2019-03-01").
	MemberSince string
	Notes       string
	// RegionDerived says RegionID comes from the postcode or town, not
	// from a cell: it fills an empty region but never replaces one.
	RegionDerived bool
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
	ref = ref.withMemo()
	g := &grouper{res: res, byKvK: map[string]*EmployerRecord{}, byNamePC: map[string][]*EmployerRecord{},
		byName: map[string][]*EmployerRecord{}}
	for _, row := range t.Rows {
		r := rowReader{res: res, row: row, raw: map[string]string{}}
		emp, contact := r.read(ref)
		if len(r.problems) > 0 {
			// A refused row is listed with its reasons only: remarks on
			// what the import would do with it do not apply.
			res.Refused = append(res.Refused, r.problems...)
			continue
		}
		res.Notes = append(res.Notes, r.notes...)
		g.add(row.Num, emp, contact, r.raw)
	}
	res.Refused = sortProblems(res.Refused)
	res.Notes = sortProblems(res.Notes)
	return res
}
