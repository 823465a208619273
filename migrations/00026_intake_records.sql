-- What an intake's answers become beyond the profile: a placement report
-- may come from an intake (source 'intake'), and the themes an employer is
-- interested in are kept on the employer, where the profile turns them into
-- subgroup suggestions.

-- +goose Up
ALTER TABLE placement_reports DROP CONSTRAINT placement_reports_source_check;
ALTER TABLE placement_reports ADD CONSTRAINT placement_reports_source_check
    CHECK (source IN ('coordinator', 'werkgever', 'import', 'intake'));

CREATE TABLE employer_theme_interests (
    employer_id bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    theme_id    bigint NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    intake_id   bigint REFERENCES intakes (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (employer_id, theme_id)
);
CREATE INDEX employer_theme_interests_theme_idx ON employer_theme_interests (theme_id);

-- +goose Down
DROP TABLE employer_theme_interests;
UPDATE placement_reports SET source = 'coordinator' WHERE source = 'intake';
ALTER TABLE placement_reports DROP CONSTRAINT placement_reports_source_check;
ALTER TABLE placement_reports ADD CONSTRAINT placement_reports_source_check
    CHECK (source IN ('coordinator', 'werkgever', 'import'));
