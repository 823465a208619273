-- National scale (issue 12): the employer list's count and page read one
-- network's employers. Through the narrow indexes every matching row was
-- looked up in the table, and a network's 700 rows lie on some 570
-- different pages of it (20,000 employers; 57 at 2,000): the count and the
-- page of "one contact", "status + directie" or a deep page grew with the
-- whole table. With the columns the list filters and sorts on carried in
-- the index (INCLUDE), these are index-only scans of some 20 index pages.
--
-- The two indexes keep their keys (and names), so every other query that
-- used them still can: (network_id, lower(name), id) gives the name order
-- and (network_id, status) the status filter. name is included because the
-- planner computes lower(name) for an index-only scan only from the column.

-- +goose Up
DROP INDEX employers_network_name_idx;
CREATE INDEX employers_network_name_idx ON employers (network_id, lower(name), id)
    INCLUDE (name, status, sector_id, region_id, maturity_level_id, employee_count,
             open_contacts, open_directie, contacts_end, updated_at, member_since);
DROP INDEX employers_status_idx;
CREATE INDEX employers_status_idx ON employers (network_id, status)
    INCLUDE (id, name, sector_id, region_id, maturity_level_id, employee_count,
             open_contacts, open_directie, contacts_end, updated_at, member_since);

-- +goose Down
DROP INDEX employers_status_idx;
CREATE INDEX employers_status_idx ON employers (network_id, status);
DROP INDEX employers_network_name_idx;
CREATE INDEX employers_network_name_idx ON employers (network_id, lower(name), id);
