-- Per-customer RFM summary for the purchase models (BG/NBD, MBG/NBD) and Gamma-Gamma,
-- in the papers' and lifetimes' conventions, at the end of a calibration period.
--   $1  as-of date: the calibration end, inclusive
--   $2  reporting time zone name (default 'UTC'): the calendar day of an order
--   $3  holdout end date, inclusive, or null: with it, each customer's purchases in
--       the holdout (as-of, $3] come too, from the same pass over the lines
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
-- holdout_purchases = distinct days after the as-of date of the customer's orders
-- whose first purchase line falls in the holdout (0 without a holdout end).
-- Rows come in customer_id order: the fits group rows in the order they come,
-- so a fixed order makes a fit repeatable.
with

params as (
    select
        $1::date as as_of,
        coalesce($2::text, 'UTC') as time_zone,
        coalesce($3::date, $1::date) as last_day
),

-- Each line with its order's day: the day of the order's first purchase line
-- (earliest ordered_at, then line number), for the lines of that line's customer;
-- none for other customers' lines, nor for an order without a purchase line.
-- One sort of the lines by order, purchase lines first, gives every line its
-- order's first line (a join of the lines to their orders cost a second pass).
placed_lines as (
    select
        lines.customer_id,
        lines.line_date,
        lines.amount_base,
        case
            when first_value(case when not lines.is_return then lines.customer_id end) over first_line
                = lines.customer_id
            then first_value(lines.line_date) over first_line
        end as order_date
    from (
        select
            fact_sales.order_id,
            fact_sales.line_no,
            fact_sales.customer_id,
            fact_sales.ordered_at,
            fact_sales.is_return,
            fact_sales.amount_base,
            (fact_sales.ordered_at at time zone params.time_zone)::date as line_date
        from dw.fact_sales
        cross join params
        -- the first instant after the last day in the reporting time zone
        where fact_sales.ordered_at < ((params.last_day + 1)::timestamp at time zone params.time_zone)
    ) as lines
    window first_line as (partition by lines.order_id order by lines.is_return, lines.ordered_at, lines.line_no)
),

-- The customers' days: purchase days (a day of their orders) with the value of
-- those orders' lines, and the days of lines outside their orders, up to the as-of
-- date; after it, the days of orders that start in the holdout. An order that starts
-- after the as-of date is none at it: its earlier lines (returns) lie outside orders.
days as materialized (
    select customer_id, day, kind, sum(amount_base) as day_value
    from (
        select
            placed_lines.customer_id,
            placed_lines.amount_base,
            case
                when placed_lines.line_date > params.as_of then
                    case when placed_lines.order_date > params.as_of then placed_lines.order_date end
                when placed_lines.order_date <= params.as_of then placed_lines.order_date
                else placed_lines.line_date
            end as day,
            case
                when placed_lines.line_date > params.as_of then 'holdout'
                when placed_lines.order_date <= params.as_of then 'purchase'
                else 'other'
            end as kind
        from placed_lines
        cross join params
        where placed_lines.customer_id <> 'unknown'
    ) as lines
    where day is not null
    group by customer_id, day, kind
),

-- Purchase days in order, per customer.
purchase_days as (
    select
        customer_id,
        day as purchase_date,
        day_value,
        row_number() over (partition by customer_id order by day) as day_number
    from days
    where kind = 'purchase'
),

orders_summary as (
    select
        customer_id,
        count(*) - 1 as frequency,
        max(purchase_date) - min(purchase_date) as recency_days,
        min(purchase_date) as first_purchase_date,
        min(purchase_date) filter (where day_number = 2) as second_purchase_date,
        sum(day_value) filter (where day_number > 1) as repeat_value
    from purchase_days
    group by customer_id
),

-- A line outside the customer's orders counts on their latest purchase day on or
-- before it, else on the first: on a repeat purchase day exactly when it falls
-- on or after the second purchase day.
other_repeat_value as (
    select days.customer_id, sum(days.day_value) as repeat_value
    from days
    join orders_summary on orders_summary.customer_id = days.customer_id
    where days.kind = 'other' and days.day >= orders_summary.second_purchase_date
    group by days.customer_id
),

holdout_purchases as (
    select customer_id, count(*) as purchases
    from days
    where kind = 'holdout'
    group by customer_id
),

summary as (
    select
        orders_summary.customer_id,
        orders_summary.frequency,
        orders_summary.recency_days,
        orders_summary.first_purchase_date,
        orders_summary.repeat_value + coalesce(other_repeat_value.repeat_value, 0) as repeat_value,
        coalesce(holdout_purchases.purchases, 0) as holdout_purchases
    from orders_summary
    left join other_repeat_value on other_repeat_value.customer_id = orders_summary.customer_id
    left join holdout_purchases on holdout_purchases.customer_id = orders_summary.customer_id
)

select
    summary.customer_id,
    summary.frequency,
    summary.recency_days,
    params.as_of - summary.first_purchase_date as age_days,
    case
        when summary.frequency = 0 then 0::numeric
        else greatest(summary.repeat_value / summary.frequency, 0)
    end as monetary,
    summary.holdout_purchases
from summary
cross join params
order by summary.customer_id
