-- First and repeat purchases per day of the customers of a calibration summary, across the
-- calibration period and the holdout after it (the CLV diagnostics' weekly purchases),
-- counted as rfm_summary.sql counts them (its holdout purchases too): a purchase is a distinct
-- day of the customer's orders, an order belonging to its first purchase line (its
-- customer and its day in the reporting time zone).
--   $1  calibration end date, inclusive: only customers whose first purchase is on or before it
--   $2  holdout end date, inclusive
--   $3  reporting time zone name (default 'UTC')
-- first_purchases: customers whose first purchase day is the day (all on or before $1);
-- repeat_purchases: purchase days of those customers that are not their first.
with

params as (
    select
        $1::date as calibration_end,
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
),

purchase_days as (
    select distinct
        customer_id,
        order_date
    from orders
    where customer_id <> 'unknown'
),

dated as (
    select
        customer_id,
        order_date,
        min(order_date) over (partition by customer_id) as first_date
    from purchase_days
)

select
    dated.order_date::text as purchase_date,
    count(*) filter (where dated.order_date = dated.first_date) as first_purchases,
    count(*) filter (where dated.order_date > dated.first_date) as repeat_purchases
from dated
cross join params
where dated.first_date <= params.calibration_end
group by dated.order_date
order by dated.order_date
