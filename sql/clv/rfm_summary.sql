-- Per-customer RFM summary for the purchase models (BG/NBD, MBG/NBD) and Gamma-Gamma,
-- in the papers' and lifetimes' conventions, at the end of a calibration period.
--   $1  as-of date: the calibration end, inclusive
--   $2  reporting time zone name (default 'UTC'): the calendar day of an order
--
-- A purchase is a calendar day with an order: an order (one order_id) belongs to
-- its first purchase line (earliest ordered_at, then line number), that line's
-- customer and day, as the marts count orders. Only lines up to the end of the
-- as-of day count, and the unknown customer is left out.
--
-- Values are net of returns, the basis of the marts' revenue: every line of an
-- order, return lines included, counts on the order's day; a line outside its
-- customer's orders (a return booked under an order id of its own) counts on the
-- customer's latest purchase day on or before it, else on the first. So a
-- customer's purchase-day values add up to their net revenue to the as-of date.
--
-- frequency = purchase days - 1; recency_days = first to last purchase day;
-- age_days = first purchase day to the as-of date; monetary = mean net value of
-- the repeat purchase days (first day excluded), 0 without a repeat purchase and
-- 0 when returns leave the repeat days at or below 0 (Gamma-Gamma, whose spend is
-- positive, leaves those customers out of its fit; docs/clv.md).
-- Rows come in customer_id order: the fits group rows in the order they come,
-- so a fixed order makes a fit repeatable.
with

params as (
    select
        $1::date as as_of,
        coalesce($2::text, 'UTC') as time_zone
),

lines as (
    select
        fact_sales.customer_id,
        fact_sales.order_id,
        fact_sales.line_no,
        fact_sales.ordered_at,
        fact_sales.is_return,
        fact_sales.amount_base,
        (fact_sales.ordered_at at time zone params.time_zone)::date as line_date
    from dw.fact_sales
    cross join params
    -- the first instant after the as-of day in the reporting time zone
    where fact_sales.ordered_at < ((params.as_of + 1)::timestamp at time zone params.time_zone)
),

orders as (
    select distinct on (order_id)
        order_id,
        customer_id,
        line_date as order_date
    from lines
    where not is_return
    order by order_id, ordered_at, line_no
),

placed_lines as (
    select
        lines.customer_id,
        lines.line_date,
        lines.amount_base,
        orders.order_date
    from lines
    left join orders
        on orders.order_id = lines.order_id
        and orders.customer_id = lines.customer_id
    where lines.customer_id <> 'unknown'
),

order_days as (
    select
        customer_id,
        order_date as purchase_date,
        sum(amount_base) as day_value
    from placed_lines
    where order_date is not null
    group by customer_id, order_date
),

-- Lines outside the customer's orders, placed on the latest purchase day on or
-- before them: a running max over purchase days and such lines in date order
-- (the default frame takes in the purchase days of the line's own date).
other_lines as (
    select
        customer_id,
        coalesce(
            max(purchase_date) over (partition by customer_id order by event_date),
            min(purchase_date) over (partition by customer_id)
        ) as purchase_date,
        day_value,
        is_purchase_day
    from (
        select customer_id, purchase_date as event_date, purchase_date, null::numeric as day_value, true as is_purchase_day
        from order_days
        union all
        select customer_id, line_date, null::date, amount_base, false
        from placed_lines
        where order_date is null
    ) as events
),

purchase_days as (
    select
        customer_id,
        purchase_date,
        sum(day_value) as day_value,
        min(purchase_date) over (partition by customer_id) as first_purchase_date
    from (
        select customer_id, purchase_date, day_value from order_days
        union all
        -- a customer with no purchase day (only returns) has no place for them
        select customer_id, purchase_date, day_value from other_lines
        where not is_purchase_day and purchase_date is not null
    ) as valued
    group by customer_id, purchase_date
),

summary as (
    select
        customer_id,
        count(*) - 1 as frequency,
        max(purchase_date) - min(purchase_date) as recency_days,
        min(purchase_date) as first_purchase_date,
        sum(day_value) filter (where purchase_date > first_purchase_date) as repeat_value
    from purchase_days
    group by customer_id
)

select
    summary.customer_id,
    summary.frequency,
    summary.recency_days,
    params.as_of - summary.first_purchase_date as age_days,
    case
        when summary.frequency = 0 then 0::numeric
        else greatest(summary.repeat_value / summary.frequency, 0)
    end as monetary
from summary
cross join params
order by summary.customer_id
