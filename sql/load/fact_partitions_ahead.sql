-- Before order lines are copied straight into the facts ($1): the monthly
-- partitions of today's month and the next in the reporting time zone ($2),
-- as date keys are, so a nightly file goes to partitions that exist rather
-- than through the default partition. A history load also names its first
-- line's day ($3, else null): the months from there to today are made too
-- (a file in time order starts at its earliest month), up to ten years' worth.
with today as (
    select (now() at time zone $2::text)::date as day
),
span as (
    select
        case
            when $3::integer is not null and $3::integer <= to_char(day, 'YYYYMMDD')::integer
                and to_date($3::integer::text, 'YYYYMMDD') >= day - interval '10 years'
            then $3::integer
            else to_char(day, 'YYYYMMDD')::integer
        end as from_key,
        to_char(day + interval '1 month', 'YYYYMMDD')::integer as to_key
    from today
)
select dw.ensure_month_partitions($1::regclass, from_key, to_key)
from span;
