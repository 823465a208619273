-- The network's wish profile: which members it wants, on the chapter's
-- criteria. One row per network; a network without one has stated nothing.

-- +goose Up
CREATE TABLE wish_profiles (
    network_id             bigint PRIMARY KEY REFERENCES networks (id) ON DELETE CASCADE,
    target_size            integer CHECK (target_size BETWEEN 1 AND 100000),
    max_growth_per_quarter integer CHECK (max_growth_per_quarter BETWEEN 0 AND 10000),
    composition            text NOT NULL DEFAULT 'gemengd' CHECK (composition IN ('gemengd', 'gericht')),
    sector_ids             bigint[] NOT NULL DEFAULT '{}',
    size_classes           text[] NOT NULL DEFAULT '{}',
    municipalities         text[] NOT NULL DEFAULT '{}' CHECK (cardinality(municipalities) <= 50),
    functions              text[] NOT NULL DEFAULT '{}',
    levels                 text[] NOT NULL DEFAULT '{}',
    directie_share         integer CHECK (directie_share BETWEEN 0 AND 100),
    maturity_level_ids     bigint[] NOT NULL DEFAULT '{}',
    organisation_kinds     text[] NOT NULL DEFAULT '{}',
    version                integer NOT NULL DEFAULT 1,
    updated_at             timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE wish_profiles;
