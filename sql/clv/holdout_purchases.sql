-- Repeat purchases per customer in a holdout period that follows the calibration
-- period, counted as rfm_summary.sql counts them: distinct days of the customer's
-- orders, an order belonging to its first purchase line (its customer and day).
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

orders as (
    select distinct on (fact_sales.order_id)
        fact_sales.customer_id,
        (fact_sales.ordered_at at time zone params.time_zone)::date as order_date
    from dw.fact_sales
    cross join params
    where not fact_sales.is_return
        and fact_sales.ordered_at < ((params.holdout_end + 1)::timestamp at time zone params.time_zone)
    order by fact_sales.order_id, fact_sales.ordered_at, fact_sales.line_no
)

select
    orders.customer_id,
    count(distinct orders.order_date) as purchase_days
from orders
cross join params
where orders.order_date > params.as_of
    and orders.customer_id <> 'unknown'
group by orders.customer_id
order by orders.customer_id
