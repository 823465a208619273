-- Accents are folded when names are compared for likely duplicates
-- ("José" and "Jose", "Özlem Y?lmaz" and "Özlem Yılmaz"): unaccent is a
-- contrib extension like pg_trgm.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS unaccent;

-- +goose Down
-- Nothing: 00019's search_fold() depends on unaccent too, and 00019's own
-- Down drops it.
