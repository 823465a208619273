package importer

import "strings"

// levelRules guess a contact's decision level from the words of a job
// title, Dutch and English. The first rule with a matching word wins, so
// "Directeur HR" is strategisch and "HR-manager" tactisch. A title no rule
// knows is operationeel, the level of most contacts.
var levelRules = []struct {
	level string
	words []string // whole words; an entry with a space is a phrase
}{
	{"strategisch", []string{"eigenaar", "mede eigenaar", "directeur", "directrice", "directie", "dga", "ceo", "cfo",
		"coo", "cto", "cio", "chro", "bestuurder", "bestuursvoorzitter", "voorzitter", "owner", "co owner",
		"director", "managing director", "founder", "co founder", "oprichter", "president", "vicepresident",
		"vice president", "raad van bestuur", "managing partner", "algemeen directeur", "ondernemer", "chief",
		"vestigingsdirecteur", "bedrijfsdirecteur"}},
	{"tactisch", []string{"manager", "hoofd", "teamleider", "teamleidster", "afdelingshoofd", "afdelingsmanager",
		"teammanager", "bedrijfsleider", "leidinggevende", "head", "team lead", "teamlead", "supervisor",
		"coordinator", "lead", "hr manager", "operationeel manager", "filiaalmanager", "filiaalleider",
		"vestigingsmanager", "productiemanager", "projectleider", "chef", "ploegleider", "productieleider"}},
}

// compoundLevels catch glued Dutch compounds ("Hoofdinkoper", "HR-manager"
// is split by normalize, "Salesmanager" is not).
var compoundLevels = []struct{ level, part string }{
	{"strategisch", "directeur"}, {"strategisch", "eigenaar"},
	{"tactisch", "manager"}, {"tactisch", "teamleider"}, {"tactisch", "hoofd"},
}

// guessLevel returns the level a job title suggests, and whether a rule
// matched (false: operationeel, by default).
func guessLevel(title string) (string, bool) {
	n := normalize(title)
	if n == "" {
		return DefaultLevel, false
	}
	padded := " " + n + " "
	for _, rule := range levelRules {
		for _, w := range rule.words {
			if strings.Contains(padded, " "+w+" ") {
				return rule.level, true
			}
		}
	}
	for _, c := range compoundLevels {
		if strings.Contains(n, c.part) {
			return c.level, true
		}
	}
	return DefaultLevel, false
}

// levelGuess is the level a new contact gets when the file has no level
// for it: from its job title, else from its function.
func levelGuess(v ContactValues) string {
	if l, ok := guessLevel(v.JobTitle); ok {
		return l
	}
	switch v.Function {
	case "directie":
		return "strategisch"
	case "leidinggevende":
		return "tactisch"
	}
	return DefaultLevel
}
