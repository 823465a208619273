-- How far each prospect got in the pipeline, so the dashboard can show the
-- conversion per stage: a prospect that dropped out after "in gesprek"
-- still counts as having reached it.

-- +goose Up
ALTER TABLE prospects ADD COLUMN furthest_stage text NOT NULL DEFAULT 'gesignaleerd'
    CHECK (furthest_stage IN ('gesignaleerd', 'benaderd', 'in_gesprek', 'intake', 'aangemeld', 'lid'));
-- Existing prospects: their stage, or for those who dropped out the stage
-- they left from (the audit trail's last "fase" before "Afgevallen").
UPDATE prospects SET furthest_stage = stage WHERE stage <> 'afgevallen';
UPDATE prospects p SET furthest_stage = coalesce((
    SELECT CASE a.changes->'fase'->>'old' WHEN 'Benaderd' THEN 'benaderd' WHEN 'In gesprek' THEN 'in_gesprek'
        WHEN 'Intake' THEN 'intake' WHEN 'Aangemeld' THEN 'aangemeld' ELSE 'gesignaleerd' END
    FROM audit_log a WHERE a.entity = 'prospect' AND a.entity_id = p.id AND a.changes->'fase'->>'new' = 'Afgevallen'
    ORDER BY a.at DESC, a.id DESC LIMIT 1), 'gesignaleerd')
WHERE p.stage = 'afgevallen';

-- +goose Down
ALTER TABLE prospects DROP COLUMN furthest_stage;
