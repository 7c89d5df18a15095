-- First and repeat purchases per day of the customers of a calibration summary, across the
-- calibration period and the holdout after it (the CLV diagnostics' weekly purchases),
-- and each of those customers' purchases in the holdout, counted as rfm_summary.sql and
-- holdout_purchases.sql count them: a purchase is a distinct day of the customer's
-- orders, an order belonging to its first purchase line (its customer and its day in the
-- reporting time zone). Both from one pass over the orders.
--   $1  calibration end date, inclusive: only customers whose first purchase is on or before it
--   $2  holdout end date, inclusive
--   $3  reporting time zone name (default 'UTC')
-- Rows of kind 'day': key the day; first_purchases: customers whose first purchase day is
-- the day (all on or before $1); repeat_purchases: purchase days of those customers that
-- are not their first.
-- Rows of kind 'customer', for those customers with a purchase in the holdout: key the
-- customer_id; repeat_purchases: their purchase days after $1 (holdout_purchases.sql's
-- purchase_days); first_purchases 0.
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
    'day' as kind,
    dated.order_date::text as key,
    count(*) filter (where dated.order_date = dated.first_date) as first_purchases,
    count(*) filter (where dated.order_date > dated.first_date) as repeat_purchases
from dated
cross join params
where dated.first_date <= params.calibration_end
group by dated.order_date
union all
select
    'customer',
    dated.customer_id,
    0,
    count(*)
from dated
cross join params
where dated.first_date <= params.calibration_end and dated.order_date > params.calibration_end
group by dated.customer_id
order by 1, 2
