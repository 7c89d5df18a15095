-- Before order lines are copied straight into the facts ($1): the monthly
-- partitions of today's month and the next in the reporting time zone ($2),
-- as date keys are, so a nightly file goes to partitions that exist rather
-- than through the default partition.
select dw.ensure_month_partitions(
    $1::regclass, to_char(today, 'YYYYMMDD')::integer, to_char(today + interval '1 month', 'YYYYMMDD')::integer)
from (select (now() at time zone $2::text)::date as today) as t;
