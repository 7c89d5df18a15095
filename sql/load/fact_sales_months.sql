-- The months (their first days' date keys) of the staged order lines: their
-- partitions are made before the lines are merged.
select distinct date_key / 100 * 100 + 1 as month_key
from staging.sales
order by 1;
