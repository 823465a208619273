-- Reference data: seedable tables, not code constants (DOMAIN.md). A network or
-- beheerder can change names and add rows without a release.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE regions (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100)
);

-- Sectors keep their classification scheme next to the code: the KvK moved
-- from SBI 2008 sections to SBI 2025 codes in September 2025.
CREATE TABLE sectors (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scheme text NOT NULL CHECK (scheme IN ('SBI2008', 'SBI2025')),
    code   text NOT NULL CHECK (length(code) BETWEEN 1 AND 10),
    name   text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    UNIQUE (scheme, code)
);

-- CBS size classes; max_employees NULL means "and more".
CREATE TABLE size_classes (
    code          text PRIMARY KEY,
    name          text NOT NULL,
    min_employees integer NOT NULL CHECK (min_employees >= 0),
    max_employees integer CHECK (max_employees IS NULL OR max_employees >= min_employees),
    position      integer NOT NULL
);

-- A maturity scale is data: the PSO ladder by default, a network may add its own.
CREATE TABLE maturity_levels (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scale    text NOT NULL CHECK (length(scale) BETWEEN 1 AND 60),
    name     text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    position integer NOT NULL,
    UNIQUE (scale, name)
);

CREATE TABLE function_types (
    code     text PRIMARY KEY CHECK (code ~ '^[a-z_]{1,30}$'),
    name     text NOT NULL,
    position integer NOT NULL
);

-- Tags describe what an employer struggles with (uitdaging) and what it can
-- offer the network (aanbod). An offer of knowledge points at the challenge it
-- helps with, so needs and offers can be matched later.
CREATE TABLE tags (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind     text NOT NULL CHECK (kind IN ('uitdaging', 'aanbod')),
    name     text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    position integer NOT NULL,
    helps_with_tag_id bigint REFERENCES tags (id),
    UNIQUE (kind, name)
);

INSERT INTO regions (name) VALUES
 ('Groningen'), ('Friesland'), ('Drenthe'), ('Regio Zwolle'), ('Twente'),
 ('Stedendriehoek en Noordwest Veluwe'), ('Achterhoek'), ('Midden-Gelderland'),
 ('Rijk van Nijmegen'), ('FoodValley'), ('Rivierenland'), ('Flevoland'),
 ('Midden-Utrecht'), ('Amersfoort'), ('Gooi en Vechtstreek'), ('Groot Amsterdam'),
 ('Zaanstreek/Waterland'), ('Noord-Holland Noord'), ('Zuid-Kennemerland en IJmond'),
 ('Holland Rijnland'), ('Haaglanden'), ('Midden-Holland'), ('Zuid-Holland Centraal'),
 ('Rijnmond'), ('Drechtsteden'), ('Gorinchem'), ('Zeeland'), ('West-Brabant'),
 ('Midden-Brabant'), ('Noordoost-Brabant'), ('Zuidoost-Brabant'), ('Helmond-De Peel'),
 ('Noord-Limburg'), ('Midden-Limburg'), ('Zuid-Limburg');

INSERT INTO sectors (scheme, code, name) VALUES
 ('SBI2008', 'A', 'Landbouw, bosbouw en visserij'),
 ('SBI2008', 'B', 'Winning van delfstoffen'),
 ('SBI2008', 'C', 'Industrie'),
 ('SBI2008', 'D', 'Energievoorziening'),
 ('SBI2008', 'E', 'Waterbedrijven en afvalbeheer'),
 ('SBI2008', 'F', 'Bouwnijverheid'),
 ('SBI2008', 'G', 'Handel'),
 ('SBI2008', 'H', 'Vervoer en opslag'),
 ('SBI2008', 'I', 'Horeca'),
 ('SBI2008', 'J', 'Informatie en communicatie'),
 ('SBI2008', 'K', 'Financiële dienstverlening'),
 ('SBI2008', 'L', 'Verhuur en handel van onroerend goed'),
 ('SBI2008', 'M', 'Specialistische zakelijke diensten'),
 ('SBI2008', 'N', 'Verhuur en overige zakelijke diensten'),
 ('SBI2008', 'O', 'Openbaar bestuur'),
 ('SBI2008', 'P', 'Onderwijs'),
 ('SBI2008', 'Q', 'Gezondheids- en welzijnszorg'),
 ('SBI2008', 'R', 'Cultuur, sport en recreatie'),
 ('SBI2008', 'S', 'Overige dienstverlening'),
 ('SBI2008', 'T', 'Huishoudens'),
 ('SBI2008', 'U', 'Extraterritoriale organisaties');

INSERT INTO size_classes (code, name, min_employees, max_employees, position) VALUES
 ('micro', 'Micro (0-9)', 0, 9, 1),
 ('klein', 'Klein (10-49)', 10, 49, 2),
 ('middelgroot', 'Middelgroot (50-249)', 50, 249, 3),
 ('groot', 'Groot (250+)', 250, NULL, 4);

INSERT INTO maturity_levels (scale, name, position) VALUES
 ('PSO', 'Aspirant', 1), ('PSO', 'Trede 1', 2), ('PSO', 'Trede 2', 3),
 ('PSO', 'Trede 3', 4), ('PSO', '30+', 5);

INSERT INTO function_types (code, name, position) VALUES
 ('directie', 'Directie / DGA', 1), ('hr', 'HR', 2), ('recruitment', 'Recruitment', 3),
 ('inkoop', 'Inkoop', 4), ('mvo', 'MVO', 5), ('leidinggevende', 'Leidinggevende', 6),
 ('anders', 'Anders', 7);

INSERT INTO tags (kind, name, position) VALUES
 ('uitdaging', 'Kandidaten vinden', 1),
 ('uitdaging', 'Passend werk maken (jobcarving)', 2),
 ('uitdaging', 'Begeleiding op de werkvloer', 3),
 ('uitdaging', 'Wet- en regelgeving en subsidies', 4),
 ('uitdaging', 'Draagvlak bij leidinggevenden', 5),
 ('uitdaging', 'Inclusief inkopen / social return', 6),
 ('uitdaging', 'Behoud en doorgroei', 7);

INSERT INTO tags (kind, name, position) VALUES
 ('aanbod', 'Vergaderlocatie', 1),
 ('aanbod', 'Tijd als buddy of mentor', 2),
 ('aanbod', 'Spreker bij bijeenkomsten', 3),
 ('aanbod', 'Werkervarings- of stageplaatsen', 4);

INSERT INTO tags (kind, name, position, helps_with_tag_id)
SELECT 'aanbod', 'Kennis: ' || lower(left(name, 1)) || substr(name, 2), 10 + position, id
FROM tags WHERE kind = 'uitdaging';

-- +goose Down
DROP TABLE tags;
DROP TABLE function_types;
DROP TABLE maturity_levels;
DROP TABLE size_classes;
DROP TABLE sectors;
DROP TABLE regions;
