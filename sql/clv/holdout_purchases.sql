-- Repeat purchases per customer in a holdout period that follows the calibration
-- period, counted as rfm_summary.sql counts them: distinct purchase days.
--   $1  as-of date: the calibration end (the holdout starts the day after)
--   $2  holdout end date, inclusive
--   $3  reporting time zone name (default 'UTC')
with

params as (
    select
        $1::date as as_of,
        $2::date as holdout_end,
        coalesce($3::text, 'UTC') as time_zone
),

holdout_sales as (
    select
        fact_sales.customer_id,
        (fact_sales.ordered_at at time zone params.time_zone)::date as purchase_date
    from dw.fact_sales
    cross join params
    where not fact_sales.is_return
        and fact_sales.customer_id <> 'unknown'
        and fact_sales.ordered_at >= ((params.as_of + 1)::timestamp at time zone params.time_zone)
        and fact_sales.ordered_at < ((params.holdout_end + 1)::timestamp at time zone params.time_zone)
)

select
    customer_id,
    count(distinct purchase_date) as purchase_days
from holdout_sales
group by customer_id
