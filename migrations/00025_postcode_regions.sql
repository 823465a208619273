-- Postcode ranges with the labour-market region of their town, so an import
-- can fill the region of an employer from its postcode (or its town). This is
-- a maintained table, not a copy of the CBS tables: it holds the four-digit
-- ranges of the main town or city of each of the 35 regions (and the towns of
-- Twente), taken from the municipality -> labour-market region division of
-- the UWV/CBS. A postcode outside every range leaves the region empty. A
-- beheerder can add ranges without a release.

-- +goose Up
CREATE TABLE postcode_regions (
    pc_from   integer PRIMARY KEY CHECK (pc_from BETWEEN 1000 AND 9999),
    pc_to     integer NOT NULL CHECK (pc_to BETWEEN pc_from AND 9999),
    place     text NOT NULL CHECK (length(place) BETWEEN 1 AND 100),
    region_id bigint NOT NULL REFERENCES regions (id)
);

INSERT INTO postcode_regions (pc_from, pc_to, place, region_id)
SELECT v.pc_from, v.pc_to, v.place, r.id
FROM (VALUES
 (1011, 1109, 'Amsterdam', 'Groot Amsterdam'), (1110, 1114, 'Diemen', 'Groot Amsterdam'),
 (1180, 1189, 'Amstelveen', 'Groot Amsterdam'), (2130, 2136, 'Hoofddorp', 'Groot Amsterdam'),
 (1500, 1509, 'Zaandam', 'Zaanstreek/Waterland'), (1440, 1448, 'Purmerend', 'Zaanstreek/Waterland'),
 (1311, 1364, 'Almere', 'Flevoland'), (8211, 8245, 'Lelystad', 'Flevoland'),
 (1211, 1223, 'Hilversum', 'Gooi en Vechtstreek'),
 (1811, 1834, 'Alkmaar', 'Noord-Holland Noord'), (1781, 1789, 'Den Helder', 'Noord-Holland Noord'),
 (1620, 1628, 'Hoorn', 'Noord-Holland Noord'),
 (2011, 2037, 'Haarlem', 'Zuid-Kennemerland en IJmond'), (1970, 1976, 'IJmuiden', 'Zuid-Kennemerland en IJmond'),
 (2311, 2334, 'Leiden', 'Holland Rijnland'), (2401, 2409, 'Alphen aan den Rijn', 'Holland Rijnland'),
 (2491, 2599, 'Den Haag', 'Haaglanden'), (2611, 2629, 'Delft', 'Haaglanden'),
 (2711, 2729, 'Zoetermeer', 'Zuid-Holland Centraal'),
 (2801, 2809, 'Gouda', 'Midden-Holland'),
 (3011, 3089, 'Rotterdam', 'Rijnmond'), (3111, 3125, 'Schiedam', 'Rijnmond'), (3131, 3138, 'Vlaardingen', 'Rijnmond'),
 (3311, 3329, 'Dordrecht', 'Drechtsteden'),
 (4201, 4209, 'Gorinchem', 'Gorinchem'),
 (3511, 3585, 'Utrecht', 'Midden-Utrecht'),
 (3811, 3829, 'Amersfoort', 'Amersfoort'),
 (8011, 8046, 'Zwolle', 'Regio Zwolle'),
 (7511, 7548, 'Enschede', 'Twente'), (7550, 7559, 'Hengelo', 'Twente'), (7600, 7609, 'Almelo', 'Twente'),
 (7570, 7577, 'Oldenzaal', 'Twente'), (7620, 7624, 'Borne', 'Twente'), (7480, 7483, 'Haaksbergen', 'Twente'),
 (7580, 7582, 'Losser', 'Twente'), (7460, 7463, 'Rijssen', 'Twente'), (7470, 7472, 'Goor', 'Twente'),
 (7650, 7651, 'Tubbergen', 'Twente'), (7590, 7591, 'Denekamp', 'Twente'), (7670, 7672, 'Vriezenveen', 'Twente'),
 (7490, 7491, 'Delden', 'Twente'), (7440, 7443, 'Nijverdal', 'Twente'), (7640, 7642, 'Wierden', 'Twente'),
 (7311, 7339, 'Apeldoorn', 'Stedendriehoek en Noordwest Veluwe'),
 (7411, 7429, 'Deventer', 'Stedendriehoek en Noordwest Veluwe'),
 (7001, 7009, 'Doetinchem', 'Achterhoek'),
 (6811, 6846, 'Arnhem', 'Midden-Gelderland'),
 (6511, 6546, 'Nijmegen', 'Rijk van Nijmegen'),
 (6711, 6718, 'Ede', 'FoodValley'),
 (4001, 4009, 'Tiel', 'Rivierenland'),
 (9711, 9747, 'Groningen', 'Groningen'),
 (8911, 8939, 'Leeuwarden', 'Friesland'),
 (9401, 9409, 'Assen', 'Drenthe'), (7811, 7828, 'Emmen', 'Drenthe'),
 (4331, 4339, 'Middelburg', 'Zeeland'), (4381, 4389, 'Vlissingen', 'Zeeland'),
 (4811, 4839, 'Breda', 'West-Brabant'), (4611, 4625, 'Bergen op Zoom', 'West-Brabant'),
 (5011, 5049, 'Tilburg', 'Midden-Brabant'),
 (5211, 5249, '''s-Hertogenbosch', 'Noordoost-Brabant'),
 (5611, 5658, 'Eindhoven', 'Zuidoost-Brabant'),
 (5701, 5709, 'Helmond', 'Helmond-De Peel'),
 (5911, 5929, 'Venlo', 'Noord-Limburg'),
 (6041, 6046, 'Roermond', 'Midden-Limburg'),
 (6211, 6229, 'Maastricht', 'Zuid-Limburg'), (6411, 6422, 'Heerlen', 'Zuid-Limburg')
) AS v (pc_from, pc_to, place, region)
JOIN regions r ON r.name = v.region;

-- +goose Down
DROP TABLE postcode_regions;
