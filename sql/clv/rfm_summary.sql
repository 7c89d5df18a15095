-- Per-customer RFM summary for the BG/NBD and Gamma-Gamma models, in the papers'
-- and lifetimes' conventions, at the end of a calibration period.
--   $1  as-of date: the calibration end, inclusive
--   $2  reporting time zone name (default 'UTC'): the calendar day of an order
-- Purchases on the same calendar day are one purchase (their values summed);
-- return lines and the unknown customer are left out.
-- frequency = distinct purchase days - 1; recency_days = first to last purchase
-- day; age_days = first purchase day to the as-of date; monetary = mean value of
-- the repeat purchase days (first day excluded), 0 without a repeat purchase.
with

params as (
    select
        $1::date as as_of,
        coalesce($2::text, 'UTC') as time_zone
),

sales as (
    select
        fact_sales.customer_id,
        (fact_sales.ordered_at at time zone params.time_zone)::date as purchase_date,
        fact_sales.amount_base
    from dw.fact_sales
    cross join params
    where not fact_sales.is_return
        and fact_sales.customer_id <> 'unknown'
        -- the first instant after the as-of day in the reporting time zone
        and fact_sales.ordered_at < ((params.as_of + 1)::timestamp at time zone params.time_zone)
),

-- Same-day lines are merged by counting distinct days, and the mean of the merged
-- repeat days is their total over their number: no per-day aggregate is needed,
-- so the plan sorts the fact lines once (by customer) instead of hashing and
-- then sorting every (customer, day) pair.
lines as (
    select
        customer_id,
        purchase_date,
        amount_base,
        min(purchase_date) over (partition by customer_id) as first_purchase_date
    from sales
),

summary as (
    select
        customer_id,
        count(distinct purchase_date) - 1 as frequency,
        max(purchase_date) - min(purchase_date) as recency_days,
        min(purchase_date) as first_purchase_date,
        sum(amount_base) filter (where purchase_date > first_purchase_date) as repeat_value
    from lines
    group by customer_id
)

select
    summary.customer_id,
    summary.frequency,
    summary.recency_days,
    params.as_of - summary.first_purchase_date as age_days,
    -- a negative mean (net-negative lines that are not returns) carries no spend
    -- information for Gamma-Gamma: it counts as 0, which the fit leaves out
    case
        when summary.frequency = 0 then 0::numeric
        else greatest(summary.repeat_value / summary.frequency, 0)
    end as monetary
from summary
cross join params
