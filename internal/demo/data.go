package demo

// Static demo content. Every organisation and person is invented; the
// networks are named after the regional "99van" networks the domain brief
// mentions, and the cities are real Dutch cities within each network's
// labour-market region.

// demoPassword is the password of every demo account.
const demoPassword = "demo-wachtwoord"

type networkSpec struct {
	name   string
	region string // regions.name
	// employers lists the network's employers in insertion order. Status and
	// size are fixed here, so every network covers every status and size class.
	employers []employerSpec
}

type employerSpec struct {
	name      string
	sector    string // SBI2008 section code
	employees int
	city      string
	status    string
}

type userSpec struct {
	email, name, role string
	networks          []int // indexes into networkSpecs
}

// networkSpecs: the first entry becomes network 1 (lowest id), the network of
// coordinator@example.org.
var networkSpecs = []networkSpec{
	{
		name:   "99vanTwente",
		region: "Twente",
		employers: []employerSpec{
			{"Bakkerij Ter Haar", "C", 14, "Oldenzaal", "lid"},
			{"Installatiebedrijf Hoekstra", "F", 68, "Hengelo", "lid"},
			{"Weverij Het Spoelhuis", "C", 145, "Almelo", "lid"},
			{"Metaalbewerking Brinkhorst", "C", 57, "Haaksbergen", "lid"},
			{"Omgevingsdienst Dinkel en Regge", "O", 180, "Almelo", "lid"},
			{"Uitvoeringsdienst Sociaal Domein Twentse Kring", "O", 420, "Hengelo", "lid"},
			{"Zorggroep De Esrand", "Q", 1850, "Enschede", "lid"},
			{"Hoveniersbedrijf Groenwold", "N", 9, "Losser", "prospect"},
			{"Transportbedrijf Lamberink", "H", 95, "Rijssen", "lid"},
			{"Drukkerij De Lettertuin", "C", 23, "Enschede", "aangemeld"},
			{"Lunchroom Bij Ons Brood", "I", 12, "Enschede", "lid"},
			{"ICT-bureau Bitstroom", "J", 6, "Enschede", "prospect"},
			{"Accountantskantoor Leferink & Partners", "M", 38, "Hengelo", "gepauzeerd"},
			{"Woonstichting Het Grensland", "L", 140, "Oldenzaal", "lid"},
			{"Scholengroep Essenveld", "P", 390, "Almelo", "lid"},
			{"Recyclingbedrijf Kringloopkracht", "E", 75, "Hengelo", "lid"},
			{"Versmarkt Kampman", "G", 48, "Haaksbergen", "lid"},
			{"Uitzendbureau Werkzaam Oost", "N", 31, "Enschede", "lid"},
			{"Kinderopvang Het Speelkwartier", "Q", 52, "Borne", "uitgeschreven"},
			{"Schildersbedrijf Oude Velthuis", "F", 7, "Tubbergen", "gepauzeerd"},
			{"Hotel Landgoed De Hooge Esch", "I", 85, "Denekamp", "aangemeld"},
			{"Rijwielfabriek De Spaak", "C", 260, "Enschede", "lid"},
			{"Autobedrijf Wolterink", "G", 18, "Goor", "uitgeschreven"},
			{"Kaasmakerij De Boterbloem", "C", 4, "Vriezenveen", "prospect"},
			{"Energiecoöperatie Zonnedal", "D", 3, "Losser", "aangemeld"},
		},
	},
	{
		name:   "99vanGroot-Amsterdam",
		region: "Groot Amsterdam",
		employers: []employerSpec{
			{"Koffiebranderij De Gouden Boon", "C", 22, "Amsterdam", "lid"},
			{"Grachtenhotel Amstelzicht", "I", 110, "Amsterdam", "lid"},
			{"Uitvoeringsorganisatie Stadsbeheer Amstelrode", "O", 1450, "Amsterdam", "lid"},
			{"Regionaal Inkoopbureau Amstelland-Noord", "O", 45, "Amstelveen", "lid"},
			{"Advocatenkantoor Van Dam & El Khatib", "M", 34, "Amsterdam", "aangemeld"},
			{"Softwarestudio Grachtwerk", "J", 8, "Amsterdam", "prospect"},
			{"Schoonmaakbedrijf Helder & Co", "N", 640, "Diemen", "lid"},
			{"Bloemenkwekerij Van der Zwaan", "A", 26, "Aalsmeer", "lid"},
			{"Zorginstelling Het Buitenhof", "Q", 2300, "Amsterdam", "lid"},
			{"Assurantiekantoor De Wachter", "K", 15, "Uithoorn", "gepauzeerd"},
			{"Cateringbedrijf Smaakmakers Oost", "I", 58, "Amsterdam", "lid"},
			{"Boekhandel De Leesgrage", "G", 5, "Amsterdam", "lid"},
			{"Distributiecentrum Haven-West", "H", 380, "Amsterdam", "lid"},
			{"Fietskoeriers De Trapper", "H", 19, "Amsterdam", "aangemeld"},
			{"Opleidingscentrum Vakmanschap Amstel", "P", 120, "Amsterdam", "lid"},
			{"Theater De Lindeboom", "R", 40, "Amsterdam", "uitgeschreven"},
			{"Bouwbedrijf Kramer & Yilmaz", "F", 88, "Amsterdam", "lid"},
			{"Architectenbureau Lijn en Licht", "M", 9, "Amsterdam", "prospect"},
			{"Vastgoedbeheer Amstelhuys", "L", 62, "Amstelveen", "lid"},
			{"Fysiotherapie Diemerpark", "Q", 7, "Diemen", "gepauzeerd"},
			{"Coöperatieve Spaarbank Noorderlicht", "K", 950, "Amsterdam", "lid"},
			{"Stadsreiniging Afvalinzameling Noord", "E", 210, "Amsterdam", "lid"},
			{"Glasvezelnet Amstelstad", "J", 270, "Amsterdam", "prospect"},
			{"Kapsalon Knipwerk", "S", 4, "Amstelveen", "uitgeschreven"},
			{"Reclamebureau Vette Letters", "M", 16, "Amsterdam", "aangemeld"},
		},
	},
	{
		name:   "99vanZuid-Kennemerland & IJmond",
		region: "Zuid-Kennemerland en IJmond",
		employers: []employerSpec{
			{"Staalbouw Kennemer Constructie", "C", 290, "Beverwijk", "lid"},
			{"Visverwerking Noordzeevangst", "C", 75, "IJmuiden", "lid"},
			{"Hoogheemraadschap Duin en Polder", "O", 380, "Haarlem", "lid"},
			{"Werkbedrijf Kennemerkust", "O", 150, "Haarlem", "lid"},
			{"Strandpaviljoen Zilte Zon", "I", 18, "Zandvoort", "lid"},
			{"Bollenkwekerij Duinzicht", "A", 9, "Bloemendaal", "gepauzeerd"},
			{"Woonzorgcentrum Het Spaarnelicht", "Q", 520, "Haarlem", "lid"},
			{"Uitgeverij De Zandloper", "J", 11, "Haarlem", "aangemeld"},
			{"Scheepsreparatie De Kanaalkant", "C", 46, "Velsen-Noord", "lid"},
			{"Stadsbrouwerij De Spaarne Hop", "C", 27, "Haarlem", "lid"},
			{"Installatietechniek Duinrand", "F", 64, "Heemskerk", "lid"},
			{"Autoschade Kennemerpoort", "G", 13, "Heemskerk", "uitgeschreven"},
			{"Dierenkliniek De Kleine Ark", "M", 6, "Heemstede", "prospect"},
			{"Stichting Openbaar Onderwijs Spaarnestad", "P", 640, "Haarlem", "lid"},
			{"Havenlogistiek Zeesluis", "H", 130, "IJmuiden", "lid"},
			{"Makelaardij Hout & Steen", "L", 8, "Heemstede", "aangemeld"},
			{"Sportcentrum De Duinloper", "R", 35, "Haarlem", "lid"},
			{"Windpark Beheer IJmondkust", "D", 24, "IJmuiden", "prospect"},
			{"Recyclingbedrijf Kennemer Circulair", "E", 90, "Beverwijk", "gepauzeerd"},
			{"Versmarkt De Wieken", "G", 55, "Uitgeest", "lid"},
			{"Ingenieursbureau Dijk en Duin", "M", 120, "Haarlem", "lid"},
			{"Fietsenmaker Trapkracht", "G", 4, "Zandvoort", "uitgeschreven"},
			{"Glazenwasserij Zonnehelder", "N", 28, "Haarlem", "lid"},
			{"Revalidatiecentrum Kennemerduin", "Q", 780, "Haarlem", "lid"},
			{"Schoonheidssalon Puur Verzorgd", "S", 3, "Heemskerk", "prospect"},
		},
	},
}

var userSpecs = []userSpec{
	{"beheer@example.org", "Bea Beheer", "beheerder", nil},
	{"coordinator@example.org", "Corien de Vries", "coordinator", []int{0}},
	{"coordinator2@example.org", "Jeroen Bakker", "coordinator", []int{1}},
	{"bestuur@example.org", "Bas Bestuur", "bestuur", []int{0, 1, 2}},
}

// cityInfo: the range of 4-digit postcodes and the telephone area code of a city.
type cityInfo struct {
	postcodeLo, postcodeHi int
	areaCode               string
}

var cities = map[string]cityInfo{
	// Twente
	"Enschede":    {7511, 7548, "053"},
	"Hengelo":     {7550, 7559, "074"},
	"Almelo":      {7601, 7609, "0546"},
	"Oldenzaal":   {7571, 7577, "0541"},
	"Borne":       {7621, 7623, "074"},
	"Haaksbergen": {7481, 7483, "053"},
	"Rijssen":     {7461, 7463, "0548"},
	"Losser":      {7581, 7582, "053"},
	"Goor":        {7471, 7472, "0547"},
	"Tubbergen":   {7651, 7651, "0546"},
	"Denekamp":    {7591, 7591, "0541"},
	"Vriezenveen": {7671, 7672, "0546"},
	// Groot Amsterdam
	"Amsterdam":  {1011, 1098, "020"},
	"Amstelveen": {1181, 1187, "020"},
	"Diemen":     {1111, 1113, "020"},
	"Uithoorn":   {1421, 1424, "0297"},
	"Aalsmeer":   {1431, 1433, "0297"},
	// Zuid-Kennemerland en IJmond
	"Haarlem":      {2011, 2037, "023"},
	"Heemstede":    {2101, 2106, "023"},
	"Zandvoort":    {2041, 2042, "023"},
	"Bloemendaal":  {2061, 2062, "023"},
	"IJmuiden":     {1971, 1976, "0255"},
	"Velsen-Noord": {1951, 1951, "0251"},
	"Beverwijk":    {1941, 1948, "0251"},
	"Heemskerk":    {1961, 1969, "0251"},
	"Uitgeest":     {1911, 1913, "0251"},
}

var streets = []string{
	"Industrieweg", "Stationsstraat", "Kerkstraat", "Handelsweg", "Havenstraat",
	"Molenweg", "Nijverheidsstraat", "Dorpsstraat", "Parallelweg", "Ambachtsweg",
	"Energieweg", "Westerkade", "Prins Bernhardlaan", "Schoolstraat", "Marktplein",
	"Veldweg", "Lindelaan", "Wilhelminastraat", "Spoorstraat", "Zuiderweg",
	"Oostergracht", "Beukenlaan", "Kanaalweg", "Watermolen", "Bedrijvenpark Noord",
}

var firstNames = []string{
	"Anne", "Bas", "Daan", "Eva", "Fleur", "Gerrit", "Hanneke", "Ilse", "Jeroen", "Karin",
	"Lars", "Marieke", "Niels", "Nadia", "Pieter", "Rik", "Sanne", "Thijs", "Tessa", "Vincent",
	"Wendy", "Yusuf", "Zeynep", "Mohamed", "Fatima", "Samira", "Jan", "Linda", "Martijn", "Esther",
	"Frank", "Ingrid", "Koen", "Lotte", "Mark", "Petra", "Ruud", "Sophie", "Willem", "Noëlle",
	"Bram", "Femke", "Hasan", "Sharmila",
}

var lastNames = []string{
	"de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
	"de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
	"Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden",
	"Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn",
	"Schouten", "van Beek", "Willems", "Hoekstra", "Nijhuis", "ter Horst", "Yilmaz", "El Amrani",
	"Ramdin", "Koster", "Postma", "Kuipers",
}

type titleSpec struct {
	title, level string
	sectors      string // SBI2008 sections the title fits; "" = any
}

// jobTitles per function code; the level follows from the title, so a
// directie contact is nearly always strategisch.
var jobTitles = map[string][]titleSpec{
	"directie": {
		{"Directeur", "strategisch", ""}, {"Algemeen directeur", "strategisch", ""},
		{"Directeur bedrijfsvoering", "strategisch", ""}, {"Directeur-bestuurder", "strategisch", "LPQR"},
		{"Vestigingsdirecteur", "tactisch", ""},
	},
	"hr": {
		{"HR-adviseur", "tactisch", ""}, {"HR-manager", "tactisch", ""}, {"P&O-adviseur", "tactisch", ""},
		{"Hoofd P&O", "strategisch", ""}, {"HR-medewerker", "operationeel", ""},
		{"Adviseur duurzame inzetbaarheid", "tactisch", ""},
	},
	"recruitment": {
		{"Recruiter", "operationeel", ""}, {"Medewerker werving en selectie", "operationeel", ""},
		{"Teamleider recruitment", "tactisch", ""},
	},
	"inkoop": {
		{"Inkoper", "operationeel", ""}, {"Senior inkoper", "tactisch", ""}, {"Hoofd inkoop", "tactisch", ""},
		{"Inkoopadviseur", "tactisch", ""},
	},
	"mvo": {
		{"MVO-coördinator", "tactisch", ""}, {"Adviseur duurzaamheid en MVO", "tactisch", ""},
		{"Manager MVO", "strategisch", ""},
	},
	"leidinggevende": {
		{"Teamleider", "operationeel", ""}, {"Afdelingshoofd", "tactisch", "DEHJKLMOPQR"},
		{"Bedrijfsleider", "tactisch", "CGINS"}, {"Ploegleider", "operationeel", "ACEH"},
		{"Productieleider", "tactisch", "C"}, {"Uitvoerder", "operationeel", "F"},
		{"Chef-kok", "operationeel", "I"}, {"Teamleider zorg", "operationeel", "Q"},
	},
	"anders": {
		{"Jobcoach", "operationeel", ""}, {"Office manager", "operationeel", ""},
		{"Communicatieadviseur", "tactisch", ""}, {"Preventiemedewerker", "operationeel", ""},
	},
}

// ownerTitles: the directie of a micro or small business.
var ownerTitles = []titleSpec{
	{"Eigenaar", "strategisch", ""}, {"Directeur-eigenaar", "strategisch", ""}, {"DGA", "strategisch", ""},
}

// challengeNotes and offerNotes, by tag name: an employer's note fits its tags.
var challengeNotes = map[string][]string{
	"Kandidaten vinden": {
		"Wil graag meer mensen uit de doelgroep aannemen, maar weet niet waar de kandidaten te vinden zijn.",
		"Vacatures via het Werkgeversservicepunt leverden nog geen geschikte kandidaten op.",
	},
	"Passend werk maken (jobcarving)": {"Zoekt hulp bij het opknippen van taken in de productie."},
	"Begeleiding op de werkvloer":     {"Leidinggevenden twijfelen of begeleiding naast het gewone werk past."},
	"Wet- en regelgeving en subsidies": {
		"Loopt vast op de regels rond loonkostensubsidie en de no-riskpolis.",
		"Heeft vooral behoefte aan een vast aanspreekpunt bij gemeente en UWV.",
	},
	"Draagvlak bij leidinggevenden":     {"De werkvloer is enthousiast, het middenmanagement moet nog overtuigd worden."},
	"Inclusief inkopen / social return": {"Wil social return in aanbestedingen beter invullen."},
	"Behoud en doorgroei":               {"Twee eerdere plaatsingen liepen na een half jaar af; behoud is het aandachtspunt."},
}

var offerNotes = map[string][]string{
	"Vergaderlocatie": {
		"Kan de kantine beschikbaar stellen voor bijeenkomsten tot 40 personen.",
		"Heeft een vergaderzaal die netwerkleden gratis mogen gebruiken.",
	},
	"Tijd als buddy of mentor":                  {"Een ervaren collega wil als buddy meedenken met andere werkgevers."},
	"Spreker bij bijeenkomsten":                 {"Vertelt graag over de eigen ervaringen op een netwerkbijeenkomst."},
	"Werkervarings- of stageplaatsen":           {"Biedt twee werkervaringsplaatsen per jaar."},
	"Kennis: passend werk maken (jobcarving)":   {"Deelt graag het eigen stappenplan voor jobcarving."},
	"Kennis: begeleiding op de werkvloer":       {"De eigen jobcoach wil andere werkgevers een dagdeel laten meelopen."},
	"Kennis: inclusief inkopen / social return": {"Deelt ervaringen met social return in de eigen aanbestedingen."},
}

var notesByStatus = map[string][]string{
	"prospect": {
		"Aangedragen door het Werkgeversservicepunt; kennismakingsbezoek plannen.",
		"Ontmoet op de ondernemersbeurs; belt na de zomer terug.",
		"Toonde interesse na de nieuwsbrief; eerst een gesprek met de directie.",
	},
	"aangemeld": {
		"Aanmelding ligt bij de kerngroep ter beoordeling.",
		"Intentieverklaring is opgestuurd, nog niet getekend retour.",
	},
	"lid": {
		"Intentieverklaring getekend tijdens de nieuwjaarsbijeenkomst.",
		"Neemt trouw deel aan de kenniskring Inclusief inkopen.",
		"De directeur heeft zich opgegeven voor de masterclass voor directeuren.",
		"Kennismakingsbezoek gehad; vervolgafspraak over jobcarving staat gepland.",
		"Was dit jaar gastheer van een netwerkbijeenkomst.",
	},
	"gepauzeerd": {
		"Pauzeert het lidmaatschap tijdens een reorganisatie; in het najaar opnieuw bellen.",
		"Tijdelijk gestopt na vertrek van de HR-manager; contact houden.",
	},
	"uitgeschreven": {
		"Uitgeschreven wegens gebrek aan tijd; ontvangt nog wel de nieuwsbrief.",
		"Uitgeschreven na een verhuizing van de vestiging buiten de regio.",
	},
}
