package importer

import (
	"strconv"
	"strings"
)

// sectorSynonyms are the words people write for an SBI 2008 section
// (normalised, as normalize leaves them). A spreadsheet says "Zorg" or
// "Bouw", not "Gezondheids- en welzijnszorg" or "Bouwnijverheid".
var sectorSynonyms = map[string]string{
	// A Landbouw, bosbouw en visserij
	"landbouw": "A", "agrarisch": "A", "agrarische sector": "A", "tuinbouw": "A", "glastuinbouw": "A",
	"veeteelt": "A", "visserij": "A", "bosbouw": "A", "akkerbouw": "A", "agriculture": "A", "agri": "A",
	// B Winning van delfstoffen
	"delfstoffen": "B", "mijnbouw": "B", "mining": "B",
	// C Industrie
	"industrie": "C", "maakindustrie": "C", "productie": "C", "metaal": "C", "metaalindustrie": "C",
	"voedingsmiddelenindustrie": "C", "voedingsindustrie": "C", "food": "C", "manufacturing": "C", "fabriek": "C",
	"techniek": "C", "chemie": "C", "procesindustrie": "C",
	// D Energievoorziening
	"energie": "D", "energievoorziening": "D", "energy": "D", "utilities": "D",
	// E Waterbedrijven en afvalbeheer
	"afval": "E", "afvalbeheer": "E", "afvalverwerking": "E", "recycling": "E", "water": "E", "waterbedrijf": "E",
	// F Bouwnijverheid
	"bouw": "F", "bouwnijverheid": "F", "bouwsector": "F", "installatie": "F", "installatietechniek": "F",
	"infra": "F", "infrastructuur": "F", "grond weg en waterbouw": "F", "gww": "F", "construction": "F",
	"aannemerij": "F", "schilders": "F",
	// G Handel
	"handel": "G", "detailhandel": "G", "groothandel": "G", "retail": "G", "winkel": "G", "winkels": "G",
	"autobranche": "G", "wholesale": "G", "trade": "G", "e commerce": "G", "ecommerce": "G",
	// H Vervoer en opslag
	"vervoer": "H", "transport": "H", "logistiek": "H", "transport en logistiek": "H", "opslag": "H",
	"logistics": "H", "openbaar vervoer": "H", "post": "H",
	// I Horeca
	"horeca": "I", "hotel": "I", "hotels": "I", "restaurant": "I", "restaurants": "I", "catering": "I",
	"hospitality": "I", "hotel en restaurant": "I",
	// J Informatie en communicatie
	"ict": "J", "it": "J", "software": "J", "informatie en communicatie": "J", "telecom": "J", "media": "J",
	"uitgeverij": "J", "telecommunicatie": "J",
	// K Financiële dienstverlening
	"financiele dienstverlening": "K", "financien": "K", "bank": "K", "banken": "K", "verzekeringen": "K",
	"verzekeraar": "K", "finance": "K", "financial services": "K", "banking": "K", "insurance": "K",
	// L Verhuur en handel van onroerend goed
	"vastgoed": "L", "onroerend goed": "L", "woningcorporatie": "L", "woningbouwcorporatie": "L", "real estate": "L",
	// M Specialistische zakelijke diensten
	"advies": "M", "adviesbureau": "M", "consultancy": "M", "accountancy": "M", "accountants": "M",
	"juridisch": "M", "advocatuur": "M", "notariaat": "M", "ingenieursbureau": "M", "architectuur": "M",
	"marketing": "M", "onderzoek": "M", "research": "M",
	// N Verhuur en overige zakelijke diensten
	"schoonmaak": "N", "schoonmaakbranche": "N", "facilitair": "N", "facilitaire dienstverlening": "N",
	"uitzendbureau": "N", "uitzendbranche": "N", "uitzenden": "N", "detachering": "N", "beveiliging": "N",
	"hoveniers": "N", "groenvoorziening": "N", "reisbureau": "N", "cleaning": "N", "staffing": "N",
	// O Openbaar bestuur
	"openbaar bestuur": "O", "overheid": "O", "gemeente": "O", "provincie": "O", "rijksoverheid": "O",
	"government": "O", "public sector": "O", "publieke sector": "O", "defensie": "O",
	// P Onderwijs
	"onderwijs": "P", "school": "P", "scholen": "P", "opleiding": "P", "opleidingen": "P", "education": "P",
	"mbo": "P", "hbo": "P", "universiteit": "P",
	// Q Gezondheids- en welzijnszorg
	"zorg": "Q", "gezondheidszorg": "Q", "welzijn": "Q", "zorg en welzijn": "Q", "welzijnszorg": "Q",
	"ouderenzorg": "Q", "thuiszorg": "Q", "gehandicaptenzorg": "Q", "ziekenhuis": "Q", "ggz": "Q",
	"jeugdzorg": "Q", "kinderopvang": "Q", "healthcare": "Q", "health care": "Q", "care": "Q",
	// R Cultuur, sport en recreatie
	"cultuur": "R", "sport": "R", "recreatie": "R", "sport en recreatie": "R", "cultuur en recreatie": "R",
	"leisure": "R", "evenementen": "R", "kunst": "R",
	// S Overige dienstverlening
	"overige dienstverlening": "S", "dienstverlening": "S", "kapper": "S", "kappers": "S", "uitvaart": "S",
	"belangenorganisatie": "S", "vereniging": "S",
	// T Huishoudens, U Extraterritoriale organisaties
	"huishoudens": "T", "extraterritoriale organisaties": "U",
}

// sbiDivisions gives the SBI 2008 section of each two-digit division: the
// first division of each section, in order ("86.10" is in Q).
var sbiDivisions = []struct {
	from    int
	section string
}{
	{1, "A"}, {5, "B"}, {10, "C"}, {35, "D"}, {36, "E"}, {41, "F"}, {45, "G"}, {49, "H"}, {55, "I"}, {58, "J"},
	{64, "K"}, {68, "L"}, {69, "M"}, {77, "N"}, {84, "O"}, {85, "P"}, {86, "Q"}, {90, "R"}, {94, "S"}, {97, "T"},
	{99, "U"},
}

// sectionOfCode returns the section of a numeric SBI code such as "8610",
// "86.10" or "47": its first two digits name the division.
func sectionOfCode(n string) (string, bool) {
	digits := strings.ReplaceAll(n, " ", "")
	if len(digits) < 2 || len(digits) > 5 || strings.Trim(digits, "0123456789") != "" {
		return "", false
	}
	div, _ := strconv.Atoi(digits[:2])
	if div < 1 || div > 99 {
		return "", false
	}
	section := ""
	for _, d := range sbiDivisions {
		if div >= d.from {
			section = d.section
		}
	}
	return section, section != ""
}

// sectorCode finds the section letter a cell means: a letter, a section's
// name, a synonym, a numeric SBI code, or a letter followed by a name or
// synonym ("Q Zorg", "F - Bouw").
func (ref Reference) sectorCode(v string) (string, bool) {
	if ref.memo != nil {
		return remember(ref.memo.sectors, v, ref.lookSectorCode)
	}
	return ref.lookSectorCode(v)
}

func (ref Reference) lookSectorCode(v string) (string, bool) {
	n := normalize(v)
	if n == "" {
		return "", false
	}
	if code, ok := sectorSynonyms[n]; ok {
		return code, true
	}
	if code, ok := sectionOfCode(n); ok {
		return code, true
	}
	for _, s := range ref.Sectors {
		code, name := normalize(s.Code), normalize(s.Name)
		if n == code || n == name || n == code+" "+name {
			return s.Code, true
		}
	}
	// "Q zorg": the letter decides when the rest agrees with it.
	if first, rest, ok := strings.Cut(n, " "); ok && len(first) == 1 {
		code := strings.ToUpper(first)
		if syn, ok := sectorSynonyms[rest]; ok && syn == code {
			return code, true
		}
	}
	return "", false
}

// sector finds a sector by code ("C"), name ("Industrie"), both ("C
// Industrie"), a synonym ("Zorg") or an SBI number ("86.10"). The SBI 2008
// section wins when a code exists in more than one scheme.
func (ref Reference) sector(v string) (Sector, bool) {
	code, ok := ref.sectorCode(v)
	if !ok {
		return Sector{}, false
	}
	for _, s := range ref.Sectors {
		if s.Code == code {
			return s, true
		}
	}
	return Sector{}, false
}
