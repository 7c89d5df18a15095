-- Month-grain rebuild of the aggregates every customer mart reads:
-- customer days, customer channel months, category pairs and monthly order
-- totals. `crmwh refresh` calls mart.refresh_base with the months whose
-- sales changed, so a nightly increment rewrites one or two months.
create or replace function mart.date_key(day date) returns integer
language sql immutable as $$
    select to_char(day, 'YYYYMMDD')::integer
$$;
comment on function mart.date_key(date) is 'The dw.dim_date key (yyyymmdd) of a date.';

create or replace function mart.refresh_base(months date[]) returns void
language plpgsql as $$
begin
    months := array(select distinct date_trunc('month', m)::date from unnest(months) as u(m));
    create temporary table refresh_lines on commit drop as
    with wanted as (
        select m as month from unnest(months) as u(m)
    ),
    lines as (
        select
            w.month,
            s.order_id,
            s.customer_id,
            d.full_date as ordered_on,
            s.amount_base,
            s.amount_base - s.quantity * coalesce(p.unit_cost, 0) as margin,
            s.is_return,
            coalesce(c.channel, 'unknown') as channel,
            coalesce(p.category, 'Unknown') as category
        -- One pass over the span of the facts, hashed against the wanted months.
        from dw.fact_sales as s
        join dw.dim_date as d on d.date_key = s.date_key
        join wanted as w on w.month = d.month_start
        left join dw.dim_product as p on p.product_key = s.product_key
        left join dw.dim_channel as c on c.channel_key = s.channel_key
        -- The span of the wanted months, so a nightly refresh of one or two
        -- months reads them through the date index.
        where s.date_key >= mart.date_key((select min(month) from wanted))
            and s.date_key < mart.date_key((select (max(month) + interval '1 month')::date from wanted))
    )
    select * from lines;

    delete from mart.customer_day as t
    using unnest(months) as u(m)
    where t.ordered_on >= u.m and t.ordered_on < u.m + interval '1 month';
    insert into mart.customer_day (customer_id, ordered_on, revenue, margin, orders)
    select
        customer_id,
        ordered_on,
        sum(amount_base),
        sum(margin),
        count(distinct order_id) filter (where not is_return)
    from refresh_lines
    group by customer_id, ordered_on;

    delete from mart.customer_channel_month where month = any(months);
    insert into mart.customer_channel_month (month, customer_id, channel, revenue, orders)
    select
        month,
        customer_id,
        channel,
        sum(amount_base),
        count(distinct order_id) filter (where not is_return)
    from refresh_lines
    where customer_id <> 'unknown'
    group by month, customer_id, channel;

    delete from mart.order_month where month = any(months);
    insert into mart.order_month (month, orders, revenue)
    select
        month,
        count(distinct order_id) filter (where not is_return),
        sum(amount_base)
    from refresh_lines
    group by month;

    delete from mart.category_month where month = any(months);
    insert into mart.category_month (month, category_a, category_b, orders)
    with order_category as (
        select distinct month, order_id, category
        from refresh_lines
        where not is_return
    )
    select a.month, a.category, b.category, count(*)
    from order_category as a
    join order_category as b on b.order_id = a.order_id and b.category >= a.category
    group by a.month, a.category, b.category;
end
$$;
comment on function mart.refresh_base(date[]) is 'Rebuilds the customer-day, channel, order and category aggregates of the given months (first days) from dw.fact_sales.';
