package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"netwerkportaal/internal/platform/export"
	"netwerkportaal/internal/platform/validate"
)

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

// cell returns the value of field key in this row ("" when not mapped). The
// apostrophe a download of the portal put before a formula character is
// taken off again (export.Restore), so an export imported and exported
// again does not gain one each time.
func (r *rowReader) cell(key string) string {
	c, ok := r.res.columns[key]
	if !ok {
		return ""
	}
	v := export.Restore(r.row.Cell(c))
	r.raw[key] = v
	if v != "" && strings.ContainsRune("=+-@", rune(v[0])) && !(key == FPhone && validate.Phone(v)) && key != FEmployees {
		r.note(key, v, msgFormula, v[:1])
	}
	if encodingLost(key, v) {
		r.note(key, v, msgEncodingLost)
	}
	return v
}

// encodingLost reports whether v probably lost a character to a code page
// that cannot hold it (özlem.yılmaz saved as Windows-1252 reads
// "özlem.y?lmaz"): a question mark inside or at the start of a word, or
// anywhere in an e-mail address.
func encodingLost(key, v string) bool {
	if !strings.Contains(v, "?") {
		return false
	}
	if key == FEmail {
		return true
	}
	rs := []rune(v)
	for i, c := range rs {
		if c != '?' || i+1 >= len(rs) || !unicode.IsLetter(rs[i+1]) {
			continue
		}
		if i == 0 || unicode.IsLetter(rs[i-1]) || unicode.IsSpace(rs[i-1]) {
			return true
		}
	}
	return false
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

// read reads the employer of the row and its contact (nil when the row has
// no contact cells).
func (r *rowReader) read(ref Reference) (EmployerValues, *ContactValues) {
	for i := len(r.res.header); i < len(r.row.Cells); i++ {
		if r.row.Cells[i] != "" {
			r.problems = append(r.problems, Problem{Row: r.row.Num, Column: -1, Value: shorten(r.row.Cells[i], 80), Msg: msgExtraCells})
			break
		}
	}
	e := r.readEmployer(ref)
	if !r.hasContact() {
		return e, nil
	}
	c := r.readContact(ref)
	return e, &c
}

func (r *rowReader) readEmployer(ref Reference) EmployerValues {
	var e EmployerValues
	if e.Name = r.text(FName, 200); e.Name == "" {
		r.refuse(FName, "", msgEmployerNameMissing)
	}
	e.KvK = r.kvk()
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
	ref.deriveRegion(&e)
	if v := r.cell(FStatus); v != "" {
		if s, ok := status(v); ok {
			e.Status = s
		} else {
			r.refuse(FStatus, v, msgStatusUnknown)
		}
	}
	if v := r.cell(FMemberSince); v != "" {
		if d, ok := memberSinceDate(v, ref.Clock.Today()); ok {
			e.MemberSince = d
		} else {
			r.refuse(FMemberSince, v, msgDateInvalid)
		}
	}
	e.Notes = r.text(FNotes, 10_000)
	return e
}

// kvk reads a KvK number, restoring leading zeros a spreadsheet dropped.
func (r *rowReader) kvk() string {
	v := r.cell(FKvK)
	if v == "" {
		return ""
	}
	kvk, ok := validate.KvK(v)
	if !ok && len(kvk) >= 5 && len(kvk) < 8 && strings.Trim(kvk, "0123456789") == "" {
		kvk = strings.Repeat("0", 8-len(kvk)) + kvk
		ok = true
		r.note(FKvK, v, msgKvKPadded, kvk)
	}
	if !ok {
		r.refuse(FKvK, v, msgKvKInvalid)
		return ""
	}
	return kvk
}

// hasContact reports whether any contact cell of the row is filled.
func (r *rowReader) hasContact() bool {
	for _, f := range Fields {
		if f.Group == GroupContact && r.cell0(f.Key) != "" {
			return true
		}
	}
	return false
}

func (r *rowReader) readContact(ref Reference) ContactValues {
	var c ContactValues
	c.Name = r.contactName()
	if v := r.cell(FEmail); v != "" {
		c.Email = strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(v, "mailto:"), "MAILTO:"))
		switch {
		case validate.Email(c.Email):
		case encodingLost(FEmail, v):
			// The encoding note says why. A question mark is never sent to
			// (in a mailto link it would start a query), so the contact
			// comes in without the address, to be filled in on the profile.
			r.note(FEmail, v, msgEmailNotTaken)
			c.Email = ""
		default:
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
	return c
}

// contactName reads the full name, or joins first name, infix and last name.
func (r *rowReader) contactName() string {
	name := r.text(FContactName, 120)
	if name == "" {
		var parts []string
		for _, k := range []string{FFirstName, FInfix, FLastName} {
			if v := validate.CleanText(r.cell(k)); v != "" {
				parts = append(parts, v)
			}
		}
		name = strings.Join(parts, " ")
		if n := utf8.RuneCountInString(name); n > 120 {
			r.refuse(FLastName, name, msgTooLong, n, 120)
		}
	}
	if name == "" {
		key := FContactName
		if !r.mapped(key) {
			key = FLastName
		}
		r.refuse(key, "", msgContactNameMissing)
	}
	return name
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
