package importer

// The Dutch messages of Parse, Map and BuildPlan. They are message ids of
// the i18n catalogue (en_import.json), translated when shown; a test checks
// that every constant here has an English text.
const (
	// The file as a whole.
	msgEmptyFile      = "Het bestand is leeg."
	msgFileTooLarge   = "Het bestand is groter dan %d MB. Splits het in kleinere bestanden."
	msgOldExcel       = "Dit is een oud Excel-bestand (.xls) of een bestand met een wachtwoord. Sla het in uw spreadsheetprogramma op als .xlsx-werkmap of als CSV, zonder wachtwoord, en probeer het opnieuw."
	msgXLSXUnreadable = "Dit lijkt een Excel-bestand (.xlsx), maar het kan niet worden gelezen. Open het in uw spreadsheetprogramma, sla het opnieuw op als .xlsx of CSV en probeer het opnieuw."
	msgTimeout        = "Het inlezen duurde langer dan %d seconden en is afgebroken. Splits het bestand in kleinere bestanden."
	msgCellTooLong    = "De cel in rij %d, kolom %s is te lang: %d tekens, terwijl een cel hoogstens %d tekens mag hebben."
	msgTooManyColumns = "Rij %d heeft %d kolommen; een bestand mag hoogstens %d kolommen hebben."
	msgTooWide        = "De rij die begint op regel %d heeft meer dan %d cellen. Klopt het scheidingsteken?"
	msgTooManyRows    = "Het bestand heeft meer dan %d rijen met gegevens. Splits het in kleinere bestanden."
	msgNoDataRows     = "Het bestand heeft een kopregel, maar geen rijen met gegevens daaronder."
	msgBinary         = "Het bestand bevat op regel %d tekens die niet in een tekstbestand horen. Is het wel een CSV- of Excel-bestand? Sla het opnieuw op als CSV of .xlsx en probeer het opnieuw."
	msgBadQuotes      = "Het bestand heeft een fout in de aanhalingstekens op regel %d: een aanhalingsteken is niet afgesloten of staat midden in een cel. Herstel die regel, of sla het bestand opnieuw op als CSV vanuit uw spreadsheetprogramma."
	msgUnreadable     = "Het bestand kan niet als CSV worden gelezen."

	// A cell or row that cannot be imported.
	msgEmployerNameMissing = "De naam van de werkgever ontbreekt."
	msgTooLong             = "Te lang: %d tekens, terwijl hier hoogstens %d passen."
	msgKvKInvalid          = "Een KvK-nummer bestaat uit precies 8 cijfers, bijvoorbeeld 01234567."
	msgSectorUnknown       = "Onbekende sector. Gebruik de letter van een SBI-sectie (A tot en met U) of de naam ervan, zoals C of Industrie."
	msgEmployeesInvalid    = "Het aantal medewerkers moet een heel getal van 0 of meer zijn."
	msgPostcodeInvalid     = "Een postcode bestaat uit vier cijfers (niet beginnend met 0) en twee letters, zoals 1234 AB."
	msgRegionUnknown       = "Onbekende arbeidsmarktregio. Gebruik de naam van een van de 35 regio's, zoals Twente of Groot Amsterdam."
	msgStatusUnknown       = "Onbekende status. Kies uit prospect, aangemeld, lid, gepauzeerd of uitgeschreven."
	msgContactNameMissing  = "De naam van de contactpersoon ontbreekt, terwijl de rij wel andere gegevens van een contactpersoon heeft."
	msgEmailInvalid        = "Geen geldig e-mailadres. Een e-mailadres ziet eruit als naam@organisatie.nl."
	msgPhoneInvalid        = "Geen geldig telefoonnummer: gebruik alleen cijfers, spaties, +, - of haakjes, zoals 06-12345678."
	msgLevelUnknown        = "Onbekend niveau. Kies uit strategisch, tactisch of operationeel."
	msgDateInvalid         = "Geen geldige datum. Schrijf een datum als 01-03-2019 of 2019-03-01."
	msgExtraCells          = "Deze rij heeft gevulde cellen rechts van de laatste kolom van de kopregel."
	msgKvKOtherNetwork     = "Dit KvK-nummer hoort bij een werkgever in een ander netwerk; een werkgever hoort bij één netwerk."
	msgAmbiguousEmployer   = "In dit netwerk hebben meerdere werkgevers deze naam en postcode. Vul het KvK-nummer in, zodat duidelijk is welke werkgever bedoeld is."

	// Notes: the row is imported, with this remark.
	msgFormula         = "Begint met %s: wordt als gewone tekst opgeslagen, nooit als formule uitgevoerd."
	msgKvKPadded       = "Aangevuld tot %s: een spreadsheetprogramma laat voorloopnullen vaak weg."
	msgEmailNotTaken   = "Dit e-mailadres is niet overgenomen: de contactpersoon komt erin zonder e-mailadres. Vul het juiste adres in op het profiel."
	msgEncodingLost    = "Bevat een vraagteken waar waarschijnlijk een letter stond: bij het opslaan in een andere tekenset (zoals Windows-1252) is die verloren gegaan. Sla het bestand op als CSV UTF-8 of .xlsx, of herstel de waarde na het importeren."
	msgFunctionUnknown = "Functie niet herkend. Een nieuwe contactpersoon krijgt de functie Anders, met deze tekst als functietitel; bij een bestaande contactpersoon blijft de functie zoals hij is."
	msgEmployerDiffers = "Wijkt af van rij %d van dezelfde werkgever; de waarde uit die rij wordt gebruikt."
	msgContactDiffers  = "Wijkt af van rij %d van dezelfde contactpersoon; de waarde uit die rij wordt gebruikt."
)

// Mapping problems.
const (
	msgMappingStale         = "De koppeling past niet bij de kolommen van het bestand. Kies de velden opnieuw."
	msgMappingUnknown       = "Kies een veld uit de lijst, of niet importeren."
	msgMappingTwice         = "%s is al gekoppeld aan kolom %s. Koppel elk veld aan één kolom."
	msgMappingNoName        = "Koppel een kolom aan Werkgever: naam. Zonder naam kan het portaal geen werkgever herkennen of aanmaken."
	msgMappingNoContactName = "Er zijn kolommen gekoppeld aan gegevens van contactpersonen, maar geen kolom aan hun naam. Koppel ook Naam (volledig), of Voornaam en Achternaam."
)
