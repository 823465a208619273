package privacy

import (
	"bytes"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Marker replaces an erased value inside a text that stays.
const Marker = "[verwijderd]"

// ErasedName is the name an erased contact keeps, so lists and counts still
// show that someone was there.
const ErasedName = "Verwijderde contactpersoon"

// ErasedEmployer is the name an erased employer keeps.
const ErasedEmployer = "Verwijderde werkgever"

// ErasedAddress replaces the address of a mail to or from an erased person.
const ErasedAddress = "verwijderd@invalid"

// minValue is the shortest value that is looked for inside other texts:
// shorter ones (initials, a one-letter name) would wipe unrelated words.
const minValue = 3

// scrubber replaces a set of personal values (names, e-mail addresses,
// phone numbers) in free text, case-insensitively. A value of one word (no
// space, no @) is replaced only as a whole word, so the name "Jan" leaves
// "januari" alone; longer values are specific enough to replace anywhere.
type scrubber struct {
	values []string
	res    []*regexp.Regexp
	whole  []bool
}

func newScrubber(values []string) *scrubber {
	s := &scrubber{}
	seen := map[string]bool{}
	for _, v := range values {
		v = strings.TrimSpace(v)
		k := strings.ToLower(v)
		if utf8.RuneCountInString(v) < minValue || seen[k] || strings.EqualFold(v, Marker) {
			continue
		}
		seen[k] = true
		s.values = append(s.values, v)
	}
	// Longest first: an e-mail address goes before the name inside it.
	sort.SliceStable(s.values, func(i, j int) bool { return len(s.values[i]) > len(s.values[j]) })
	for _, v := range s.values {
		s.res = append(s.res, regexp.MustCompile(`(?i)`+regexp.QuoteMeta(v)))
		s.whole = append(s.whole, !strings.ContainsAny(v, " @"))
	}
	return s
}

// empty reports whether there is nothing to look for.
func (s *scrubber) empty() bool { return len(s.values) == 0 }

// likePatterns are the values as ILIKE patterns ('%value%'), to find the
// rows that may hold one: each value as typed and, where it differs, as it
// stands inside a JSON document (a quote as \", a backslash as \\).
func (s *scrubber) likePatterns() []string {
	var out []string
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	for _, v := range s.values {
		out = append(out, "%"+r.Replace(v)+"%")
		if e := jsonEscaped(v); e != v {
			out = append(out, "%"+r.Replace(e)+"%")
		}
	}
	return out
}

// jsonEscaped is v as it appears between the quotes of a JSON string.
func jsonEscaped(v string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return v
	}
	b := bytes.TrimSpace(buf.Bytes())
	return string(b[1 : len(b)-1])
}

// text returns t with every value replaced by Marker.
func (s *scrubber) text(t string) string {
	if t == "" {
		return t
	}
	for i, re := range s.res {
		if !s.whole[i] {
			t = re.ReplaceAllLiteralString(t, Marker)
			continue
		}
		locs := re.FindAllStringIndex(t, -1)
		if locs == nil {
			continue
		}
		var b strings.Builder
		last := 0
		for _, l := range locs {
			if !wordEdge(t, l[0], l[1]) {
				continue
			}
			b.WriteString(t[last:l[0]])
			b.WriteString(Marker)
			last = l[1]
		}
		b.WriteString(t[last:])
		t = b.String()
	}
	return t
}

// wordEdge reports whether t[start:end] is not part of a longer word.
func wordEdge(t string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(t[:start])
		if isWordRune(r) {
			return false
		}
	}
	if end < len(t) {
		r, _ := utf8.DecodeRuneInString(t[end:])
		if isWordRune(r) {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

// json returns the JSON document raw with every string in it (keys
// included) scrubbed, and whether anything changed. A document that is not
// JSON is scrubbed as text, which keeps it valid: Marker holds no character
// JSON escapes.
func (s *scrubber) json(raw string) (string, bool) {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		out := s.text(raw)
		return out, out != raw
	}
	changed := false
	v = s.walk(v, &changed)
	if !changed {
		return raw, false
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		out := s.text(raw)
		return out, out != raw
	}
	return strings.TrimSuffix(buf.String(), "\n"), true
}

func (s *scrubber) walk(v any, changed *bool) any {
	switch x := v.(type) {
	case string:
		out := s.text(x)
		if out != x {
			*changed = true
		}
		return out
	case []any:
		for i := range x {
			x[i] = s.walk(x[i], changed)
		}
		return x
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			nk := s.text(k)
			if nk != k {
				*changed = true
			}
			out[nk] = s.walk(val, changed)
		}
		return out
	}
	return v
}

// sameText compares two values as a person would: case and surrounding
// and repeated spaces do not count.
func sameText(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}
