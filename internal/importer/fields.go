package importer

import (
	"slices"
	"strings"
)

// Field is what a column can be mapped to.
type Field struct {
	Key   string
	Label string // Dutch, translated by the view
	Group string // GroupEmployer or GroupContact
}

// Field groups.
const (
	GroupEmployer = "werkgever"
	GroupContact  = "contactpersoon"
)

// Field keys.
const (
	FName        = "naam"
	FKvK         = "kvk"
	FSector      = "sector"
	FEmployees   = "medewerkers"
	FAddress     = "adres"
	FPostcode    = "postcode"
	FCity        = "plaats"
	FRegion      = "regio"
	FStatus      = "status"
	FMemberSince = "lid_sinds"
	FNotes       = "notities"
	FContactName = "contact_naam"
	FFirstName   = "voornaam"
	FInfix       = "tussenvoegsel"
	FLastName    = "achternaam"
	FEmail       = "email"
	FPhone       = "telefoon"
	FFunction    = "functie"
	FJobTitle    = "functietitel"
	FLevel       = "niveau"
)

// Fields lists every field, in the order of the mapping page.
var Fields = []Field{
	{FName, "Naam", GroupEmployer},
	{FKvK, "KvK-nummer", GroupEmployer},
	{FSector, "Sector", GroupEmployer},
	{FEmployees, "Aantal medewerkers", GroupEmployer},
	{FAddress, "Adres", GroupEmployer},
	{FPostcode, "Postcode", GroupEmployer},
	{FCity, "Plaats", GroupEmployer},
	{FRegion, "Arbeidsmarktregio", GroupEmployer},
	{FStatus, "Status", GroupEmployer},
	{FMemberSince, "Lid sinds", GroupEmployer},
	{FNotes, "Notities", GroupEmployer},
	{FContactName, "Naam (volledig)", GroupContact},
	{FFirstName, "Voornaam", GroupContact},
	{FInfix, "Tussenvoegsel", GroupContact},
	{FLastName, "Achternaam", GroupContact},
	{FEmail, "E-mailadres", GroupContact},
	{FPhone, "Telefoon", GroupContact},
	{FFunction, "Functie", GroupContact},
	{FJobTitle, "Functietitel", GroupContact},
	{FLevel, "Niveau", GroupContact},
}

// FieldByKey returns the field with key.
func FieldByKey(key string) (Field, bool) {
	i := slices.IndexFunc(Fields, func(f Field) bool { return f.Key == key })
	if i < 0 {
		return Field{}, false
	}
	return Fields[i], true
}

// Mapping gives, per column of the file, the key of the field it fills; ""
// means the column is not imported.
type Mapping []string

// Column returns the column mapped to key, or -1.
func (m Mapping) Column(key string) int { return slices.Index(m, key) }

// Has reports whether key is mapped.
func (m Mapping) Has(key string) bool { return key != "" && slices.Contains(m, key) }

// HasContact reports whether any contact field is mapped.
func (m Mapping) HasContact() bool {
	return slices.ContainsFunc(m, func(k string) bool {
		f, ok := FieldByKey(k)
		return ok && f.Group == GroupContact
	})
}

// HasContactName reports whether the contact's name can be read.
func (m Mapping) HasContactName() bool {
	return m.Has(FContactName) || m.Has(FFirstName) || m.Has(FLastName)
}

// MappingProblem is a mapping the import cannot use.
type MappingProblem struct {
	Column int    // -1: the mapping as a whole
	Field  string // the field mapped twice
	Msg    string
	Args   []any // for msgMappingTwice: the column the field already has
}

// Check returns what is wrong with the mapping for a file of n columns: an
// unknown field, a field mapped twice, no employer name, contact fields
// without a contact name.
func (m Mapping) Check(n int) []MappingProblem {
	var out []MappingProblem
	if len(m) != n {
		return []MappingProblem{{Column: -1, Msg: msgMappingStale}}
	}
	seen := map[string]int{}
	for i, k := range m {
		if k == "" {
			continue
		}
		f, ok := FieldByKey(k)
		switch {
		case !ok:
			out = append(out, MappingProblem{Column: i, Msg: msgMappingUnknown})
		case seen[k] > 0:
			out = append(out, MappingProblem{Column: i, Field: f.Key, Msg: msgMappingTwice, Args: []any{ColumnLetter(seen[k] - 1)}})
		default:
			seen[k] = i + 1
		}
	}
	if !m.Has(FName) {
		out = append(out, MappingProblem{Column: -1, Msg: msgMappingNoName})
	}
	if m.HasContact() && !m.HasContactName() {
		out = append(out, MappingProblem{Column: -1, Msg: msgMappingNoContactName})
	}
	return out
}

// headerSynonyms are header texts (normalised: lower case, no accents,
// words separated by one space) that name a field, in Dutch and English.
var headerSynonyms = map[string][]string{
	FName: {"naam werkgever", "werkgever", "naam organisatie", "organisatie", "organisatienaam", "bedrijfsnaam",
		"bedrijf", "naam bedrijf", "onderneming", "handelsnaam", "statutaire naam", "company", "company name",
		"organisation", "organization", "organisation name", "organization name", "employer", "employer name",
		"business name", "werkgever naam", "relatie", "klant"},
	FKvK: {"kvk", "kvk nummer", "kvknummer", "kvk nr", "kvknr", "kvk no", "nummer kvk", "kamer van koophandel",
		"kamer van koophandel nummer", "inschrijfnummer kvk", "chamber of commerce", "chamber of commerce number",
		"coc", "coc number", "coc nr", "kvk number", "registration number", "company registration number"},
	FSector: {"sector", "branche", "bedrijfstak", "sbi", "sbi code", "sbi sectie", "sector sbi", "industry",
		"industrie sector", "branch"},
	FEmployees: {"medewerkers", "aantal medewerkers", "werknemers", "aantal werknemers", "personeel",
		"aantal personeelsleden", "omvang", "bedrijfsgrootte", "employees", "number of employees", "headcount",
		"staff", "no of employees", "size"},
	FAddress: {"adres", "straat", "straat en huisnummer", "straatnaam en huisnummer", "bezoekadres",
		"vestigingsadres", "address", "street", "street address", "visiting address"},
	FPostcode: {"postcode", "post code", "postcode bezoekadres", "zip", "zip code", "zipcode", "postal code",
		"postalcode", "pc"},
	FCity: {"plaats", "woonplaats", "vestigingsplaats", "plaatsnaam", "stad", "vestiging", "vestigingsplek",
		"gemeente", "city", "town", "place", "location"},
	FRegion: {"regio", "arbeidsmarktregio", "amr", "region", "labour market region", "labor market region"},
	FStatus: {"status", "lidmaatschap", "status lidmaatschap", "lidstatus", "membership", "membership status",
		"member status"},
	FMemberSince: {"lid sinds", "lid vanaf", "lid per", "lidmaatschap sinds", "lidmaatschap vanaf", "datum lidmaatschap",
		"startdatum lidmaatschap", "ingangsdatum lidmaatschap", "aangesloten sinds", "aangesloten per", "datum aansluiting",
		"member since", "membership start", "membership start date", "joined", "joined on", "date joined"},
	FNotes: {"notities", "notitie", "opmerkingen", "opmerking", "toelichting", "bijzonderheden", "memo", "notes",
		"note", "comments", "comment", "remarks"},
	FContactName: {"contactpersoon", "naam contactpersoon", "contactpersoon naam", "contact", "contactnaam",
		"naam contact", "volledige naam", "contact name", "contact person", "full name", "name contact",
		"contact full name"},
	FFirstName: {"voornaam", "roepnaam", "voornaam contactpersoon", "first name", "firstname", "given name"},
	FInfix:     {"tussenvoegsel", "tussenvoegsels", "tussenv", "voorvoegsel", "infix"},
	FLastName: {"achternaam", "achternaam contactpersoon", "familienaam", "last name", "lastname", "surname",
		"family name"},
	FEmail: {"e mail", "email", "e mailadres", "emailadres", "e mail adres", "email adres", "mail", "mailadres",
		"e mail contactpersoon", "email contactpersoon", "email address", "e mail address", "contact email"},
	FPhone: {"telefoon", "telefoonnummer", "tel", "telnr", "tel nr", "telefoon nr", "mobiel", "mobiel nummer",
		"mobiele telefoon", "telefoon contactpersoon", "phone", "phone number", "telephone", "mobile",
		"mobile phone", "gsm"},
	FFunction: {"functie", "functie contactpersoon", "rol", "functiegroep", "soort functie", "function", "role",
		"function type"},
	FJobTitle: {"functietitel", "functienaam", "titel", "job title", "jobtitle", "title", "position"},
	FLevel:    {"niveau", "beslisniveau", "functieniveau", "level", "seniority", "decision level"},
}

// headerWords find a field when no synonym matches the whole header: the
// first rule whose words all occur in the header wins.
var headerWords = []struct {
	key   string
	words []string
}{
	{FEmail, []string{"mail"}},
	{FPhone, []string{"telefoon"}}, {FPhone, []string{"phone"}}, {FPhone, []string{"mobiel"}},
	{FKvK, []string{"kvk"}}, {FKvK, []string{"koophandel"}}, {FKvK, []string{"chamber"}},
	{FPostcode, []string{"postcode"}}, {FPostcode, []string{"zip"}},
	{FFirstName, []string{"voornaam"}}, {FLastName, []string{"achternaam"}},
	{FJobTitle, []string{"functietitel"}}, {FJobTitle, []string{"title"}},
	{FContactName, []string{"contactpersoon"}}, {FContactName, []string{"contact", "naam"}},
	{FContactName, []string{"contact", "name"}},
	{FFunction, []string{"functie"}}, {FLevel, []string{"niveau"}},
	{FName, []string{"bedrijfsnaam"}}, {FName, []string{"organisatie"}}, {FName, []string{"werkgever"}},
	{FName, []string{"company"}}, {FName, []string{"bedrijf"}},
	{FEmployees, []string{"medewerkers"}}, {FEmployees, []string{"employees"}},
	{FSector, []string{"sector"}}, {FSector, []string{"branche"}}, {FSector, []string{"sbi"}},
	{FMemberSince, []string{"lid", "sinds"}}, {FMemberSince, []string{"member", "since"}},
	{FRegion, []string{"regio"}}, {FCity, []string{"plaats"}}, {FAddress, []string{"adres"}},
	{FNotes, []string{"opmerking"}}, {FNotes, []string{"notitie"}},
}

var synonymIndex = func() map[string]string {
	m := map[string]string{}
	for key, names := range headerSynonyms {
		for _, n := range names {
			m[n] = key
		}
	}
	return m
}()

// Guess maps each column to a field by its header. Every field is given to
// at most one column (the first); a bare "Naam" or "Name" is the employer's
// name unless another column already is, then the contact's.
func Guess(header []string) Mapping {
	m := make(Mapping, len(header))
	taken := map[string]bool{}
	give := func(i int, key string) {
		if key != "" && !taken[key] && m[i] == "" {
			m[i], taken[key] = key, true
		}
	}
	norm := make([]string, len(header))
	for i, h := range header {
		norm[i] = normalize(h)
		give(i, synonymIndex[norm[i]])
	}
	for i, h := range norm {
		if m[i] != "" || h == "" {
			continue
		}
		words := strings.Fields(h)
		for _, rule := range headerWords {
			if taken[rule.key] {
				continue
			}
			if containsAll(words, h, rule.words) {
				give(i, rule.key)
				break
			}
		}
	}
	for i, h := range norm {
		if m[i] == "" && (h == "naam" || h == "name") {
			if !taken[FName] {
				give(i, FName)
			} else {
				give(i, FContactName)
			}
		}
	}
	return m
}

// containsAll reports whether every word occurs in the header, as a word or,
// for longer words, inside one ("e-mailadres zakelijk" holds "mail").
func containsAll(words []string, h string, want []string) bool {
	for _, w := range want {
		if !slices.Contains(words, w) && (len(w) < 4 || !strings.Contains(h, w)) {
			return false
		}
	}
	return true
}

// normalize lowers s, takes the accents off letters and leaves words of
// letters and digits separated by single spaces.
func normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		r = unaccent(r)
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}

func unaccent(r rune) rune {
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å':
		return 'a'
	case 'ç':
		return 'c'
	case 'è', 'é', 'ê', 'ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï':
		return 'i'
	case 'ñ':
		return 'n'
	case 'ò', 'ó', 'ô', 'õ', 'ö':
		return 'o'
	case 'ù', 'ú', 'û', 'ü':
		return 'u'
	case 'ý', 'ÿ':
		return 'y'
	}
	return r
}
