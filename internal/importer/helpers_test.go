package importer

// testRef is the reference data the migrations seed (ids as in a fresh
// database), for tests without a database.
func testRef() Reference {
	ref := Reference{}
	sectors := []string{"Landbouw, bosbouw en visserij", "Winning van delfstoffen", "Industrie", "Energievoorziening",
		"Waterbedrijven en afvalbeheer", "Bouwnijverheid", "Handel", "Vervoer en opslag", "Horeca",
		"Informatie en communicatie", "Financiële dienstverlening", "Verhuur en handel van onroerend goed",
		"Specialistische zakelijke diensten", "Verhuur en overige zakelijke diensten", "Openbaar bestuur", "Onderwijs",
		"Gezondheids- en welzijnszorg", "Cultuur, sport en recreatie", "Overige dienstverlening", "Huishoudens",
		"Extraterritoriale organisaties"}
	for i, name := range sectors {
		ref.Sectors = append(ref.Sectors, Sector{ID: int64(i + 1), Code: string(rune('A' + i)), Name: name})
	}
	regions := []string{"Groningen", "Friesland", "Drenthe", "Regio Zwolle", "Twente",
		"Stedendriehoek en Noordwest Veluwe", "Achterhoek", "Midden-Gelderland", "Rijk van Nijmegen", "FoodValley",
		"Rivierenland", "Flevoland", "Midden-Utrecht", "Amersfoort", "Gooi en Vechtstreek", "Groot Amsterdam",
		"Zaanstreek/Waterland", "Noord-Holland Noord", "Zuid-Kennemerland en IJmond", "Holland Rijnland", "Haaglanden",
		"Midden-Holland", "Zuid-Holland Centraal", "Rijnmond", "Drechtsteden", "Gorinchem", "Zeeland", "West-Brabant",
		"Midden-Brabant", "Noordoost-Brabant", "Zuidoost-Brabant", "Helmond-De Peel", "Noord-Limburg",
		"Midden-Limburg", "Zuid-Limburg"}
	for i, name := range regions {
		ref.Regions = append(ref.Regions, Region{ID: int64(i + 1), Name: name})
	}
	ref.Functions = []Function{{"directie", "Directie / DGA"}, {"hr", "HR"}, {"recruitment", "Recruitment"},
		{"inkoop", "Inkoop"}, {"mvo", "MVO"}, {"leidinggevende", "Leidinggevende"}, {"anders", "Anders"}}
	return ref
}
