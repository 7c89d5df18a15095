-- Month-grain rebuild of the aggregates every customer mart reads:
-- customer days, customer channel months, category pairs and monthly order
-- totals. `crmwh refresh` calls mart.refresh_base with the months whose
-- sales changed, so a nightly increment recomputes one or two months and
-- writes only the rows that differ. The customers whose days changed go to
-- the temporary table refresh_customers: the marts at the latest data are
-- updated for them only.
create or replace function mart.date_key(day date) returns integer
language sql immutable as $$
    select to_char(day, 'YYYYMMDD')::integer
$$;
comment on function mart.date_key(date) is 'The dw.dim_date key (yyyymmdd) of a date.';

drop function if exists mart.refresh_base(date[]);
create or replace function mart.refresh_base(months date[], rebuild boolean, since_file_id bigint) returns void
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
            s.line_no,
            s.ordered_at,
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

    -- An order is counted once, on the day, under the customer and in the
    -- channel of its first purchase line (earliest ordered_at, then line
    -- number), whatever days, months or channels its other lines fall in.
    -- Orders with a purchase line in the wanted months need all their
    -- purchase lines: a nightly refresh reads those outside the months by
    -- the primary key (a rebuild wants every month, so has them all).
    create temporary table refresh_order_lines on commit drop as
    select order_id, line_no, ordered_at, customer_id, ordered_on, channel, category
    from refresh_lines
    where not is_return;
    if not rebuild then
        insert into refresh_order_lines
        select
            s.order_id, s.line_no, s.ordered_at, s.customer_id, d.full_date,
            coalesce(c.channel, 'unknown'), coalesce(p.category, 'Unknown')
        from (select distinct order_id from refresh_order_lines) as o
        join dw.fact_sales as s using (order_id)
        join dw.dim_date as d on d.date_key = s.date_key
        left join dw.dim_product as p on p.product_key = s.product_key
        left join dw.dim_channel as c on c.channel_key = s.channel_key
        where not s.is_return and d.month_start <> all (months);
    end if;

    create temporary table refresh_orders on commit drop as
    select *
    from (
        select distinct on (order_id)
            order_id, customer_id, ordered_on, date_trunc('month', ordered_on)::date as month, channel
        from refresh_order_lines
        order by order_id, ordered_at, line_no
    ) as o
    where o.month = any (months);

    create temporary table refresh_customer_day on commit drop as
    with line_days as (
        select customer_id, ordered_on, sum(amount_base) as revenue, sum(margin) as margin
        from refresh_lines
        group by customer_id, ordered_on
    ),
    order_days as (
        select customer_id, ordered_on, count(*) as orders
        from refresh_orders
        group by customer_id, ordered_on
    )
    -- An order's first line lies on its day: every order day is a line day.
    select
        l.customer_id,
        l.ordered_on,
        l.revenue::numeric(18, 4) as revenue,
        l.margin::numeric(18, 4) as margin,
        coalesce(o.orders, 0)::integer as orders
    from line_days as l
    left join order_days as o using (customer_id, ordered_on);

    -- Revenue follows each line's channel, orders their first line's.
    create temporary table refresh_channel_month on commit drop as
    with line_channels as (
        select month, customer_id, channel, sum(amount_base) as revenue
        from refresh_lines
        where customer_id <> 'unknown'
        group by month, customer_id, channel
    ),
    order_channels as (
        select month, customer_id, channel, count(*) as orders
        from refresh_orders
        where customer_id <> 'unknown'
        group by month, customer_id, channel
    )
    select
        l.month,
        l.customer_id,
        l.channel,
        l.revenue::numeric(18, 4) as revenue,
        coalesce(o.orders, 0)::integer as orders
    from line_channels as l
    left join order_channels as o using (month, customer_id, channel);

    create temporary table refresh_order_month on commit drop as
    with line_months as (
        select month, sum(amount_base) as revenue from refresh_lines group by month
    ),
    order_months as (
        select month, count(*) as orders from refresh_orders group by month
    )
    select l.month, coalesce(o.orders, 0)::integer as orders, l.revenue::numeric(18, 4) as revenue
    from line_months as l
    left join order_months as o using (month);

    -- Category pairs per order, in the month of the order.
    create temporary table refresh_category_month on commit drop as
    with order_category as (
        select distinct o.month, o.order_id, l.category
        from refresh_orders as o
        join refresh_order_lines as l using (order_id)
    )
    select a.month, a.category as category_a, b.category as category_b, count(*)::integer as orders
    from order_category as a
    join order_category as b on b.order_id = a.order_id and b.category >= a.category
    group by a.month, a.category, b.category;

    -- The customers whose days differ from the stored ones (all of them
    -- on a full rebuild, which starts from empty tables).
    create temporary table refresh_customers (customer_id text primary key) on commit drop;
    insert into refresh_customers
    select distinct coalesce(n.customer_id, o.customer_id)
    from refresh_customer_day as n
    full join (
        select d.*
        from mart.customer_day as d
        join unnest(months) as u(m) on d.ordered_on >= u.m and d.ordered_on < u.m + interval '1 month'
    ) as o using (customer_id, ordered_on)
    where (n.revenue, n.margin, n.orders) is distinct from (o.revenue, o.margin, o.orders)
        and coalesce(n.customer_id, o.customer_id) <> 'unknown'
    -- and those with new or re-sent lines (a line's channel or time of day
    -- can change without changing the customer's days)
    union
    select s.customer_id
    from dw.fact_sales as s
    where s.etl_file_id > since_file_id and s.customer_id <> 'unknown';
    analyze refresh_customers;

    if rebuild then
        -- Each customer's rows together on disk: a nightly refresh reads
        -- the changed customers' history by key.
        insert into mart.customer_day select * from refresh_customer_day order by customer_id, ordered_on;
        insert into mart.customer_channel_month select * from refresh_channel_month order by customer_id, month;
        insert into mart.order_month select * from refresh_order_month;
        insert into mart.category_month select * from refresh_category_month;
    else
        perform mart.sync_rows(
            'mart.customer_day', 'select * from refresh_customer_day', '{customer_id,ordered_on}',
            format('t.ordered_on >= %L and t.ordered_on < %L',
                (select min(m) from unnest(months) as u(m)),
                (select max(m) + interval '1 month' from unnest(months) as u(m)))
                -- the span may hold months that are not wanted
                || format(' and date_trunc(''month'', t.ordered_on)::date = any(%L::date[])', months));
        perform mart.sync_rows(
            'mart.customer_channel_month', 'select * from refresh_channel_month', '{month,customer_id,channel}',
            format('t.month = any(%L::date[])', months));
        perform mart.sync_rows(
            'mart.order_month', 'select * from refresh_order_month', '{month}', format('t.month = any(%L::date[])', months));
        perform mart.sync_rows(
            'mart.category_month', 'select * from refresh_category_month', '{month,category_a,category_b}',
            format('t.month = any(%L::date[])', months));
    end if;
end
$$;
comment on function mart.refresh_base(date[], boolean, bigint) is 'Rebuilds the customer-day, channel, order and category aggregates of the given months (first days) from dw.fact_sales, writing only rows that differ (full: into emptied tables); fills the temporary table refresh_customers with the customers whose days changed or who have lines from files above since_file_id.';
