-- The months (their first days' date keys) of the staged interactions:
-- their partitions are made before the interactions are merged.
select distinct date_key / 100 * 100 + 1 as month_key
from staging.interaction
order by 1;
