-- Issue 12: the "one contact" filter of the employer list (?een_contact=1).
--
-- Its count and its page read the network's index (migration 00079) and
-- threw away every employer with more than one contact: for a network of
-- 719 employers (20,000 in the country) the count read all 719 entries to
-- keep 112, and the first page 161 to keep 25, ten times what it reads at
-- 2,000 employers. This index holds only the employers the filter's
-- "open_contacts <= 1" can match, in the list's name order and with the
-- columns the list filters on, so both read about the rows they show
-- (index-only where the table is vacuumed: 00092).

-- +goose Up
CREATE INDEX employers_network_one_contact_idx ON employers (network_id, lower(name), id)
    INCLUDE (name, status, sector_id, region_id, maturity_level_id, employee_count,
             open_contacts, open_directie, contacts_end, updated_at, member_since)
    WHERE open_contacts <= 1;

-- +goose Down
DROP INDEX employers_network_one_contact_idx;
