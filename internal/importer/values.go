package importer

import (
	"slices"
	"strings"

	"netwerkportaal/internal/platform/nltime"
)

// Reference is the reference data values are matched against.
type Reference struct {
	Sectors   []Sector
	Regions   []Region
	Functions []Function // in use: what a file's values are matched to
	// RetiredFunctions were retired in /beheer: a file cannot choose them,
	// but contacts that hold them are still named by them.
	RetiredFunctions []Function
	Postcodes        []PostcodeRange
	// Clock bounds the dates of a file ("lid sinds" at most a year
	// ahead); the zero Clock is the system clock.
	Clock nltime.Clock
	memo  *lookups // while Map reads a file
}

// lookups remember what region and sector a cell's text means: a file of
// 20,000 rows says the same few dozen things, and each look-up normalises
// every name of the reference list.
type lookups struct {
	regions map[string]found[Region]
	sectors map[string]found[string]
}

type found[T any] struct {
	v  T
	ok bool
}

// remember returns what look(v) returns, computed once per v in m.
func remember[T any](m map[string]found[T], v string, look func(string) (T, bool)) (T, bool) {
	if f, hit := m[v]; hit {
		return f.v, f.ok
	}
	r, ok := look(v)
	m[v] = found[T]{r, ok}
	return r, ok
}

// withMemo is ref remembering its look-ups, for the reading of one file.
func (ref Reference) withMemo() Reference {
	ref.memo = &lookups{regions: map[string]found[Region]{}, sectors: map[string]found[string]{}}
	return ref
}

// Sector is a sector of a classification scheme (SBI).
type Sector struct {
	ID         int64
	Code, Name string
}

// Label is how the portal shows the sector: "C Industrie".
func (s Sector) Label() string { return s.Code + " " + s.Name }

// Region is a labour-market region.
type Region struct {
	ID   int64
	Name string
}

// Function is a function type of contacts.
type Function struct {
	Code, Name string
}

// Statuses are the membership statuses; StatusLabels their Dutch names, as
// the profile's history shows them.
var (
	Statuses     = []string{"prospect", "aangemeld", "lid", "gepauzeerd", "uitgeschreven"}
	StatusLabels = map[string]string{"prospect": "Prospect", "aangemeld": "Aangemeld", "lid": "Lid",
		"gepauzeerd": "Gepauzeerd", "uitgeschreven": "Uitgeschreven"}
	Levels      = []string{"strategisch", "tactisch", "operationeel"}
	LevelLabels = map[string]string{"strategisch": "Strategisch", "tactisch": "Tactisch", "operationeel": "Operationeel"}
)

// Defaults of a new employer and a new contact when the file says nothing.
const (
	DefaultStatus   = "lid"
	DefaultFunction = "anders"
	DefaultLevel    = "operationeel"
)

// region finds a region by name, forgiving case, accents, dashes, "&" for
// "en" and a leading "regio".
func (ref Reference) region(v string) (Region, bool) {
	if ref.memo != nil {
		return remember(ref.memo.regions, v, ref.lookRegion)
	}
	return ref.lookRegion(v)
}

func (ref Reference) lookRegion(v string) (Region, bool) {
	key := func(s string) string {
		s = " " + normalize(s) + " "
		s = strings.ReplaceAll(s, " en ", " ")
		s = strings.TrimPrefix(s, " regio ")
		return strings.ReplaceAll(s, " ", "")
	}
	k := key(strings.ReplaceAll(v, "&", " en "))
	for _, r := range ref.Regions {
		if k != "" && k == key(r.Name) {
			return r, true
		}
	}
	return Region{}, false
}

var statusSynonyms = map[string]string{
	"prospect": "prospect", "lead": "prospect", "potentieel": "prospect", "potentieel lid": "prospect",
	"kandidaat": "prospect", "aangemeld": "aangemeld", "aanmelding": "aangemeld", "applied": "aangemeld",
	"aspirant lid": "aangemeld", "lid": "lid", "leden": "lid", "member": "lid", "partner": "lid",
	"actief": "lid", "active": "lid", "ja": "lid", "gepauzeerd": "gepauzeerd", "pauze": "gepauzeerd",
	"paused": "gepauzeerd", "slapend": "gepauzeerd", "uitgeschreven": "uitgeschreven", "opgezegd": "uitgeschreven",
	"ex lid": "uitgeschreven", "oud lid": "uitgeschreven", "former member": "uitgeschreven",
	"gestopt": "uitgeschreven", "inactief": "uitgeschreven",
}

func status(v string) (string, bool) {
	s, ok := statusSynonyms[normalize(v)]
	return s, ok
}

// level reads strategisch, tactisch or operationeel, in Dutch or English,
// whole or abbreviated ("strat.", "S").
func level(v string) (string, bool) {
	n := normalize(v)
	switch {
	case n == "":
		return "", false
	case n == "s" || strings.HasPrefix(n, "strat"):
		return "strategisch", true
	case n == "t" || strings.HasPrefix(n, "tact"):
		return "tactisch", true
	case n == "o" || strings.HasPrefix(n, "oper"):
		return "operationeel", true
	}
	return "", false
}

// functionRules recognise a function from a job title, in this order: the
// first rule with a matching word wins, so "HR-manager" is HR and "Hoofd
// inkoop" is inkoop, not leidinggevende.
var functionRules = []struct {
	code  string
	words []string // whole words; an entry with a space is a phrase
}{
	{"hr", []string{"hr", "hrm", "p o", "personeelszaken", "personeel", "human resources", "people",
		"hr manager", "hrbp", "duurzame inzetbaarheid"}},
	{"recruitment", []string{"recruiter", "recruitment", "werving", "wervingsadviseur", "talent acquisition",
		"recruiting", "corporate recruiter"}},
	{"inkoop", []string{"inkoop", "inkoper", "inkoopadviseur", "inkoopmanager", "procurement", "purchasing",
		"buyer", "aanbesteding", "aanbestedingen", "social return", "contractmanager"}},
	{"mvo", []string{"mvo", "csr", "duurzaamheid", "sustainability", "esg", "maatschappelijk verantwoord"}},
	{"directie", []string{"directie", "directeur", "dga", "eigenaar", "mede eigenaar", "ceo", "cfo", "coo",
		"bestuurder", "directeur bestuurder", "algemeen directeur", "owner", "director", "managing director",
		"founder", "oprichter", "vestigingsdirecteur", "raad van bestuur", "partner", "managing partner",
		"ondernemer", "bedrijfsleiding"}},
	{"leidinggevende", []string{"leidinggevende", "teamleider", "teamleidster", "afdelingshoofd", "hoofd",
		"bedrijfsleider", "ploegleider", "productieleider", "uitvoerder", "chef", "supervisor", "team lead",
		"teamlead", "line manager", "teammanager", "afdelingsmanager", "filiaalmanager", "filiaalleider", "leidinggevend",
		"meewerkend voorman", "voorman", "productiemanager", "operationeel manager"}},
}

// function finds a function code by code ("hr"), name ("Directie / DGA") or
// the words of a job title ("HR-manager", "DGA", "Inkoper"). ok is false
// when nothing matches.
func (ref Reference) function(v string) (string, bool) {
	n := normalize(v)
	if n == "" {
		return "", false
	}
	for _, f := range ref.Functions {
		if n == normalize(f.Code) || n == normalize(f.Name) {
			return f.Code, true
		}
	}
	padded := " " + n + " "
	for _, rule := range functionRules {
		if !slices.ContainsFunc(ref.Functions, func(f Function) bool { return f.Code == rule.code }) {
			continue
		}
		for _, w := range rule.words {
			if strings.Contains(padded, " "+w+" ") {
				return rule.code, true
			}
		}
	}
	// Glued compounds: "HR-adviseur" is split, "Hoofdinkoper" is not.
	for _, rule := range functionRules {
		for _, w := range rule.words {
			if len(w) >= 6 && !strings.Contains(w, " ") && strings.Contains(n, w) &&
				slices.ContainsFunc(ref.Functions, func(f Function) bool { return f.Code == rule.code }) {
				return rule.code, true
			}
		}
	}
	return "", false
}
