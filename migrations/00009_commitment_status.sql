-- Whether each employer meets each condition of membership of its network:
-- the one place the rule lives, so the commitments pages and the dashboard
-- can never disagree about who still lacks what.
--
-- A required kind is met by a commitment of that kind with status
-- 'getekend' that is valid today (valid_from and valid_until, when filled,
-- include current_date). A 'toegezegd' commitment is a promise, not yet a
-- signature: it does not meet the condition. For the global reporting kind
-- ('rapportage'), reporting itself also counts: a placement report for the
-- current quarter or one of the four quarters before it (an employer who
-- reports once a year stays in order all year).
--
-- Every employer of the network has a row per required kind, whatever its
-- membership status; readers filter on employers.status themselves.

-- +goose Up
CREATE VIEW employer_condition_status AS
SELECT e.id AS employer_id, e.network_id, nc.kind_id,
    (EXISTS (SELECT 1 FROM commitments c
             WHERE c.employer_id = e.id AND c.kind_id = nc.kind_id AND c.status = 'getekend'
               AND (c.valid_from IS NULL OR c.valid_from <= current_date)
               AND (c.valid_until IS NULL OR c.valid_until >= current_date))
     OR (k.code = 'rapportage' AND k.network_id IS NULL
         AND EXISTS (SELECT 1 FROM placement_reports p
                     WHERE p.employer_id = e.id
                       AND p.year * 4 + p.quarter - 1 >= extract(year FROM current_date)::int * 4
                           + extract(quarter FROM current_date)::int - 1 - 4))) AS met
FROM employers e
JOIN network_conditions nc ON nc.network_id = e.network_id
JOIN commitment_kinds k ON k.id = nc.kind_id;

-- +goose Down
DROP VIEW employer_condition_status;
