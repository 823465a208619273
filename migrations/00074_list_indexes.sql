-- Issue 12: /subgroepen and /toezeggingen at national scale.
--
-- /subgroepen counts the current members of each subgroup it shows. The
-- only index on subgroup_members.subgroup_id was the partial unique one
-- (WHERE left_on IS NULL), which "left_on IS NULL OR left_on > today"
-- cannot use: every count read all memberships in the country. This index
-- holds what the count reads, so it stays inside the subgroup's own rows
-- (an index-only scan where the table is vacuumed).
--
-- /toezeggingen lists the members of a network by name. Its rows came from
-- a bitmap scan of all the network's members (431 heap pages for one
-- network at 20,000 employers), sorted for every page; this index gives
-- them in order, and counts them from the index alone.

-- +goose Up
CREATE INDEX subgroup_members_subgroup_idx ON subgroup_members (subgroup_id, contact_id) INCLUDE (left_on);
CREATE INDEX employers_network_members_idx ON employers (network_id, lower(name), id)
    WHERE status = 'lid' AND erased_at IS NULL;
ANALYZE subgroup_members;
ANALYZE employers;

-- +goose Down
DROP INDEX employers_network_members_idx;
DROP INDEX subgroup_members_subgroup_idx;
