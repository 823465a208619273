package duplicates

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/web"
)

// both is the form value that keeps the free text of both records.
const both = "beide"

// MergeForm is the merge form as shown or posted. Choices name records by
// id rather than as "survivor" and "other", so choosing another survivor
// does not silently swap every value already chosen.
type MergeForm struct {
	Survivor string            // id of the record that stays
	Choices  map[string]string // field key → id of the record whose value stays, or "beide"
	Versions [2]string         // of the first and the second record of the URL
	Errors   web.Errors        // by form field name
}

// employerDefaults: the older employer stays, with its own values and the
// other's where it has none.
func employerDefaults(ctx context.Context, a, b EmployerRecord) MergeForm {
	aFirst := olderFirst(a.CreatedAt, b.CreatedAt, a.ID, b.ID)
	return defaultForm(ctx, employerFields, a, b, [2]int64{a.ID, b.ID}, aFirst, [2]int{a.Version, b.Version})
}

// contactDefaults is employerDefaults for contacts, except that the
// primary flag of a contact at another employer stays behind: it says who
// that employer's first contact was, not the survivor's.
func contactDefaults(ctx context.Context, a, b ContactRecord) MergeForm {
	aFirst := olderFirst(a.CreatedAt, b.CreatedAt, a.ID, b.ID)
	f := defaultForm(ctx, contactFields, a, b, [2]int64{a.ID, b.ID}, aFirst, [2]int{a.Version, b.Version})
	if _, ok := f.Choices["primair"]; ok && a.EmployerID != b.EmployerID {
		f.Choices["primair"] = f.Survivor
	}
	return f
}

func defaultForm[R any](ctx context.Context, fields []field[R], a, b R, ids [2]int64, aFirst bool, versions [2]int) MergeForm {
	s, o, sid, oid := a, b, ids[0], ids[1]
	if !aFirst {
		s, o, sid, oid = b, a, ids[1], ids[0]
	}
	defaults := defaultChoices(ctx, fields, s, o)
	f := MergeForm{Survivor: web.FormatID(sid), Choices: map[string]string{}, Versions: [2]string{strconv.Itoa(versions[0]), strconv.Itoa(versions[1])}}
	for _, fl := range fields {
		if fl.show(ctx, a) == fl.show(ctx, b) {
			continue
		}
		f.Choices[fl.key] = web.FormatID(sid)
		if defaults[fl.key] == FromOther {
			f.Choices[fl.key] = web.FormatID(oid)
		}
	}
	return f
}

// olderFirst reports whether record a is the older one (the lower id when
// both were made at once).
func olderFirst(a, b time.Time, ida, idb int64) bool {
	return a.Before(b) || (a.Equal(b) && ida < idb)
}

// parseForm reads a posted merge form for the records and rows of p; a
// missing or unknown choice is a message on its field.
func parseForm(ctx context.Context, v url.Values, p MergePage) (MergeForm, MergeInput) {
	ida, idb := p.Sides[0].ID, p.Sides[1].ID
	f := MergeForm{Survivor: v.Get("overlevende"), Choices: map[string]string{},
		Versions: [2]string{v.Get("versie_a"), v.Get("versie_b")}, Errors: web.Errors{}}
	in := MergeInput{Choices: map[string]Source{},
		Versions: map[int64]int{ida: version(f.Versions[0]), idb: version(f.Versions[1])}}
	switch f.Survivor {
	case web.FormatID(ida):
		in.SurvivorID, in.OtherID = ida, idb
	case web.FormatID(idb):
		in.SurvivorID, in.OtherID = idb, ida
	default:
		f.Errors["overlevende"] = i18n.T(ctx, "Kies welke van de twee blijft bestaan.")
	}
	for _, row := range p.Rows {
		val := v.Get(fieldName(row.Key))
		f.Choices[row.Key] = val
		switch {
		case val == both && row.CanJoin:
			in.Choices[row.Key] = FromBoth
		case val == web.FormatID(in.OtherID):
			in.Choices[row.Key] = FromOther
		case val == web.FormatID(ida) || val == web.FormatID(idb):
			// the survivor's value: nothing to take
		default:
			f.Errors[fieldName(row.Key)] = i18n.T(ctx, "Kies welke waarde van %s blijft.", strings.ToLower(i18n.T(ctx, row.Label)))
		}
	}
	return f, in
}

// version reads a posted version; anything else than a number can only
// be an old or broken form, which the version check then refuses.
func version(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// addErrors adds the messages of a validation, keyed by field key.
func (f *MergeForm) addErrors(errs map[string]string) {
	for k, m := range errs {
		f.Errors[fieldName(k)] = m
	}
}

// keptOver returns defaults (which carry the current versions) with the
// user's choices wherever they still apply.
func (f MergeForm) keptOver(defaults MergeForm, ida, idb int64) MergeForm {
	valid := func(v string) bool { return v == web.FormatID(ida) || v == web.FormatID(idb) }
	if valid(f.Survivor) {
		defaults.Survivor = f.Survivor
	}
	for k := range defaults.Choices {
		if v := f.Choices[k]; valid(v) || v == both {
			defaults.Choices[k] = v
		}
	}
	return defaults
}

// postedForm is the raw choices of a posted form, for showing them again.
func postedForm(v url.Values) MergeForm {
	f := MergeForm{Survivor: v.Get("overlevende"), Choices: map[string]string{}}
	for k := range v {
		if key, ok := strings.CutPrefix(k, "veld_"); ok {
			f.Choices[key] = v.Get(k)
		}
	}
	return f
}

// stale reports whether the form was made for other versions of the pair.
func stale(v url.Values, versionA, versionB int) bool {
	return version(v.Get("versie_a")) != versionA || version(v.Get("versie_b")) != versionB
}

func fieldName(key string) string { return "veld_" + key }
