-- Product structure: revenue, margin, units and customers by category,
-- subcategory and SKU; how concentrated revenue is on few SKUs (the top
-- 20 % and a Pareto curve); each category's share of each month; returns
-- by category; gateway categories (the category of a customer's first
-- order against the 12 months after it).
--
-- Stored by crmwh refresh: mart.product_month (the months whose sales
-- changed), mart.customer_product_window (the changed customers; everyone
-- in a new month) and mart.customer_gateway (the changed customers, and
-- those whose first order holds a changed product). Month figures are
-- read from mart.product_month at any as-of date; customers of an
-- explicit window are counted from the facts.

-- Drops a temporary table of this session if there is one (quietly: a
-- refresh calls the steps that make them more than once).
create or replace function mart.drop_temporary_table(name text) returns void
language plpgsql as $$
begin
    if to_regclass('pg_temp.' || quote_ident(name)) is not null then
        execute format('drop table pg_temp.%I', name);
    end if;
end
$$;
comment on function mart.drop_temporary_table(text) is 'Drops the session''s temporary table name when it exists.';

-- Month figures per product. Each line counts in its own month, as
-- revenue does everywhere; margin per line as in mart.customer_day.
create or replace function mart.refresh_product_month(months date[], rebuild boolean) returns void
language plpgsql as $$
declare
    figures text;
begin
    months := array(select distinct date_trunc('month', m)::date from unnest(months) as u(m) order by 1);
    if rebuild then
        truncate mart.product_month;
    end if;
    if cardinality(months) = 0 then
        return;
    end if;
    -- The lines are summed per month, product and return flag first (two
    -- sums a line), then combined: margin is revenue less the product's
    -- cost times its units, the same exact value as summed line by line.
    figures := format(
        $sql$
        with lines as (
            select
                s.date_key / 100 as month_key,
                s.product_key,
                s.is_return,
                sum(s.quantity) as quantity,
                sum(s.amount_base) as amount
            from dw.fact_sales as s
            -- The span of the months, read through the date index and partitions.
            where s.date_key >= %s and s.date_key < %s
                and s.date_key / 100 = any (%L::integer[])
            group by 1, 2, 3
        )
        select
            make_date(l.month_key / 100, l.month_key %% 100, 1) as month,
            l.product_key,
            sum(l.amount)::numeric(18, 4) as revenue,
            (sum(l.amount) - sum(l.quantity) * coalesce(p.unit_cost, 0))::numeric(18, 4) as margin,
            coalesce(sum(l.quantity) filter (where not l.is_return), 0)::numeric(18, 4) as sold_units,
            coalesce(-sum(l.quantity) filter (where l.is_return), 0)::numeric(18, 4) as returned_units,
            coalesce(sum(l.amount) filter (where not l.is_return), 0)::numeric(18, 4) as sold_revenue,
            coalesce(-sum(l.amount) filter (where l.is_return), 0)::numeric(18, 4) as returned_revenue
        from lines as l
        left join dw.dim_product as p on p.product_key = l.product_key
        group by l.month_key, l.product_key, p.unit_cost
        $sql$,
        mart.date_key(months[1]),
        mart.date_key((months[cardinality(months)] + interval '1 month')::date),
        array(select mart.date_key(m) / 100 from unnest(months) as u(m)));
    if rebuild then
        -- Summed by a statement that may use parallel workers (an insert's
        -- select runs in one process), then written in key order.
        perform mart.drop_temporary_table('product_month_rows');
        execute 'create temporary table product_month_rows on commit drop as ' || figures;
        insert into mart.product_month select * from product_month_rows order by 1, 2;
    else
        perform mart.sync_rows(
            'mart.product_month', figures, '{month,product_key}', format('t.month = any(%L::date[])', months));
    end if;
end
$$;
comment on function mart.refresh_product_month(date[], boolean) is 'Recomputes mart.product_month for the given months (first days) from dw.fact_sales, writing only rows that differ (rebuild: all of them into the emptied table).';

-- Distinct customers per category, subcategory and SKU among the
-- (customer, product) pairs of a window: from the facts of the months
-- first_month … last_month, or from mart.customer_product_window (the
-- latest 12 months), there optionally for some customers only. Category
-- rows have subcategory '' and product 0, subcategory rows product 0.
create or replace function mart.product_customers_of(
    first_month date, last_month date, from_window boolean, only_customers text[] default null
)
returns table (level text, category text, subcategory text, product_key bigint, customers bigint)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with chosen as materialized (
        select u.customer_id from unnest(only_customers) as u(customer_id)
    ),
    pairs as (
        select w.customer_id, w.product_key
        from mart.customer_product_window as w
        where from_window and only_customers is null
        union all
        select w.customer_id, w.product_key
        from chosen as c
        join mart.customer_product_window as w on w.customer_id = c.customer_id
        where from_window and only_customers is not null
        union all
        select s.customer_id, s.product_key
        from dw.fact_sales as s
        where not from_window
            and s.date_key >= mart.date_key(first_month)
            and s.date_key < mart.date_key((last_month + interval '1 month')::date)
            and not s.is_return and s.customer_id <> 'unknown'
        group by s.customer_id, s.product_key
    ),
    items as materialized (
        select
            x.customer_id, x.product_key,
            coalesce(p.category, 'Unknown') as category, coalesce(p.subcategory, 'Unknown') as subcategory
        from pairs as x
        join dw.dim_product as p on p.product_key = x.product_key
    )
    select 'category', i.category, '', 0::bigint, count(*)
    from (select distinct customer_id, category from items) as i
    group by i.category
    union all
    select 'subcategory', i.category, i.subcategory, 0::bigint, count(*)
    from (select distinct customer_id, category, subcategory from items) as i
    group by i.category, i.subcategory
    union all
    select 'sku', i.category, i.subcategory, i.product_key, count(*)
    from items as i
    group by i.category, i.subcategory, i.product_key;
end
$$;
comment on function mart.product_customers_of(date, date, boolean, text[]) is 'Distinct customers with a purchase line per category, subcategory and product (level) in the months first_month … last_month from the facts, or (from_window) in mart.customer_product_window, optionally of only_customers.';

-- The month of a date key as a month number (year × 12 + month − 1).
create or replace function mart.month_number(date_key integer) returns integer
language sql immutable parallel safe as $$
    select date_key / 10000 * 12 + date_key / 100 % 100 - 1
$$;
comment on function mart.month_number(integer) is 'The month of a dw.dim_date key as year × 12 + month − 1, for month arithmetic.';

-- The products each customer bought in the 12 months ending with the
-- latest data's month (with the months they bought them in), and their
-- distinct customers per category, subcategory and SKU. Everyone again in
-- a new month; else the changed customers, whose lines changed only in
-- the changed months: those months' bits are read again from their lines,
-- the others kept, and their old contributions to the counts go out and
-- the new ones in (counted again after a product change: a category may
-- have moved).
drop function if exists mart.refresh_customer_product_window(boolean);
drop function if exists mart.refresh_customer_product_window(boolean, boolean);
create or replace function mart.refresh_customer_product_window(everyone boolean, recount boolean, months date[])
returns void
language plpgsql as $$
declare
    last_month date := date_trunc('month', mart.default_as_of())::date;
    first_month date := (last_month - interval '11 months')::date;
    first_number integer := mart.month_number(mart.date_key(first_month));
    changed text[];
    -- The changed months inside the window, and their bits.
    wanted date[];
    cleared integer;
    window_indexes text[];
begin
    if everyone then
        truncate mart.customer_product_window;
        -- The emptied table is filled at once and indexed afterwards (when
        -- the session owns it).
        window_indexes := mart.suspend_indexes('mart.customer_product_window');
        insert into mart.customer_product_window (customer_id, product_key, months_mask)
        select s.customer_id, s.product_key, bit_or(1 << (mart.month_number(s.date_key) - first_number))
        from dw.fact_sales as s
        where s.date_key >= mart.date_key(first_month)
            and s.date_key < mart.date_key((last_month + interval '1 month')::date)
            and not s.is_return and s.customer_id <> 'unknown'
        group by s.customer_id, s.product_key
        order by 1, 2;
        if window_indexes is not null then
            perform mart.restore_indexes(window_indexes);
        end if;
        analyze mart.customer_product_window;
    else
        wanted := array(
            select distinct date_trunc('month', m)::date
            from unnest(months) as u(m)
            where m >= first_month and m <= last_month
            order by 1);
        cleared := coalesce(
            (select sum(1 << (mart.month_number(mart.date_key(m)) - first_number))::integer from unnest(wanted) as u(m)),
            0);
        changed := array(select r.customer_id from refresh_customers as r where r.customer_id <> 'unknown');
        if cardinality(wanted) = 0 or cardinality(changed) = 0 then
            -- Nothing of the window changed.
            if not recount then
                return;
            end if;
        else
            if not recount then
                perform mart.drop_temporary_table('window_customers_change');
                create temporary table window_customers_change on commit drop as
                select c.level, c.category, c.subcategory, c.product_key, -c.customers as customers
                from mart.product_customers_of(first_month, last_month, true, changed) as c;
            end if;
            perform mart.drop_temporary_table('window_rows');
            create temporary table window_rows on commit drop as
            with changed_customers as materialized (
                select u.customer_id from unnest(changed) as u(customer_id)
            ),
            kept as (
                select w.customer_id, w.product_key, w.months_mask & ~cleared as months_mask
                from changed_customers as c
                join mart.customer_product_window as w on w.customer_id = c.customer_id
            ),
            bought as (
                select s.customer_id, s.product_key, bit_or(1 << (mart.month_number(s.date_key) - first_number)) as months_mask
                from dw.fact_sales as s
                join changed_customers as c on c.customer_id = s.customer_id
                where s.date_key >= mart.date_key(wanted[1])
                    and s.date_key < mart.date_key((wanted[cardinality(wanted)] + interval '1 month')::date)
                    and make_date(s.date_key / 10000, s.date_key / 100 % 100, 1) = any (wanted)
                    and not s.is_return
                group by s.customer_id, s.product_key
            )
            select
                coalesce(k.customer_id, b.customer_id) as customer_id,
                coalesce(k.product_key, b.product_key) as product_key,
                coalesce(k.months_mask, 0) | coalesce(b.months_mask, 0) as months_mask
            from kept as k
            full join bought as b on b.customer_id = k.customer_id and b.product_key = k.product_key
            where coalesce(k.months_mask, 0) | coalesce(b.months_mask, 0) <> 0;
            -- Most of their rows stay as they were: write the differences.
            perform mart.sync_rows(
                'mart.customer_product_window', 'select * from window_rows', '{customer_id,product_key}',
                't.customer_id in (select r.customer_id from refresh_customers as r)');
            if not recount then
                insert into window_customers_change
                select * from mart.product_customers_of(first_month, last_month, true, changed);
            end if;
        end if;
    end if;

    if everyone or recount then
        truncate mart.product_window_customers;
        insert into mart.product_window_customers
        select * from mart.product_customers_of(first_month, last_month, true);
    else
        insert into mart.product_window_customers as t
        select c.level, c.category, c.subcategory, c.product_key, sum(c.customers)
        from window_customers_change as c
        group by c.level, c.category, c.subcategory, c.product_key
        having sum(c.customers) <> 0
        on conflict (level, category, subcategory, product_key)
            do update set customers = t.customers + excluded.customers;
        delete from mart.product_window_customers where customers = 0;
    end if;
end
$$;
comment on function mart.refresh_customer_product_window(boolean, boolean, date[]) is 'Recomputes mart.customer_product_window over the 12 months ending with the latest data''s month, for everyone or for the customers of the temporary table refresh_customers in the changed months, and mart.product_window_customers: by their change, or counted again (everyone, recount).';

-- Net revenue and orders in the 12 months from each customer's first
-- order day (given per customer), from mart.customer_day.
create or replace function mart.customer_first_year(customers text[], first_days date[])
returns table (customer_id text, revenue_12m numeric, orders_12m bigint)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with firsts as materialized (
        select u.customer_id, u.first_order_on
        from unnest(customers, first_days) as u(customer_id, first_order_on)
    )
    select f.customer_id, sum(d.revenue), sum(d.orders)::bigint
    from firsts as f
    join mart.customer_day as d
        on d.customer_id = f.customer_id
        and d.ordered_on >= f.first_order_on
        and d.ordered_on < (f.first_order_on + interval '12 months')::date
    group by f.customer_id;
end
$$;
comment on function mart.customer_first_year(text[], date[]) is 'Net revenue and orders of each customer (customers[i]) on the days from first_days[i] to 12 months later (exclusive), from mart.customer_day.';

-- A customer's first order: the orders holding their earliest purchase
-- line (its instant, so orders placed at once are one first order), with
-- all their purchase lines, whatever day those fall on. The gateway is
-- the category with the most purchase revenue in it; categories that tie
-- each get the customer.
create or replace function mart.customer_gateway_of(customers text[])
returns setof mart.customer_gateway
language plpgsql as $$
#variable_conflict use_column
declare
    ids text[];
    first_days date[];
    -- For a few customers: their first days, read through the date
    -- index.
    day_keys integer[];
    -- The first orders' ids, sent with the statement on Citus.
    order_ids text[];
    first_key integer;
begin
    -- Steps go through analyzed temporary tables: the planner then knows
    -- whether it joins a few customers or all of them.
    perform mart.drop_temporary_table('gateway_first_day');
    perform mart.drop_temporary_table('gateway_first_year');
    perform mart.drop_temporary_table('gateway_day_lines');
    if customers is null then
        -- Everyone: the first order day is the summary's (the same
        -- definition, already computed), and these statements read only
        -- permanent tables, so they may use parallel workers.
        create temporary table gateway_first_day on commit drop as
        select
            f.customer_id, f.first_order_on, mart.date_key(f.first_order_on) as date_key,
            sum(d.revenue) as revenue_12m, sum(d.orders)::bigint as orders_12m
        from mart.customer_summary as f
        join mart.customer_day as d
            on d.customer_id = f.customer_id
            and d.ordered_on >= f.first_order_on
            and d.ordered_on < (f.first_order_on + interval '12 months')::date
        where f.first_order_on is not null and f.customer_id <> 'unknown'
        group by f.customer_id, f.first_order_on;
        create temporary table gateway_day_lines on commit drop as
        select s.customer_id, s.order_id, s.ordered_at, s.date_key
        from dw.fact_sales as s
        join mart.customer_summary as f
            on f.customer_id = s.customer_id and s.date_key = mart.date_key(f.first_order_on)
        where f.first_order_on is not null and f.customer_id <> 'unknown' and not s.is_return;
        analyze gateway_first_day;
        create temporary table gateway_first_year on commit drop as
        select f.customer_id, f.revenue_12m, f.orders_12m from gateway_first_day as f;
    else
        create temporary table gateway_first_day on commit drop as
        select d.customer_id, min(d.ordered_on) as first_order_on, mart.date_key(min(d.ordered_on)) as date_key
        from mart.customer_day as d
        where d.orders > 0 and d.customer_id <> 'unknown' and d.customer_id = any (customers)
        group by d.customer_id;
        analyze gateway_first_day;
        day_keys := array(select distinct f.date_key from gateway_first_day as f);
        -- Each of their first days is read once through the date index
        -- (joined day by day, a day's lines were read once per customer).
        create temporary table gateway_day_lines on commit drop as
        select s.customer_id, s.order_id, s.ordered_at, s.date_key
        from dw.fact_sales as s
        where s.date_key = any (day_keys) and s.customer_id = any (customers) and not s.is_return;
    end if;
    analyze gateway_day_lines;

    perform mart.drop_temporary_table('gateway_first_order');
    -- The temporary tables are joined as they are, not through a
    -- materialized CTE: a CTE has no statistics, and a hash on a key the
    -- planner thinks has 200 values looked dearer than sorting the facts.
    create temporary table gateway_first_order on commit drop as
    with day_lines as (
        select l.customer_id, l.order_id, l.ordered_at
        from gateway_day_lines as l
        join gateway_first_day as f on f.customer_id = l.customer_id and f.date_key = l.date_key
    ),
    ranked as (
        select l.customer_id, l.order_id, rank() over (partition by l.customer_id order by l.ordered_at) as instant_rank
        from day_lines as l
    )
    select distinct r.customer_id, r.order_id
    from ranked as r
    where r.instant_rank = 1;
    analyze gateway_first_order;
    if mart.is_distributed('dw.fact_sales') then
        order_ids := array(select o.order_id from gateway_first_order as o);
    end if;
    first_key := (select min(f.date_key) from gateway_first_day as f);

    if customers is not null then
        select array_agg(f.customer_id order by f.customer_id), array_agg(f.first_order_on order by f.customer_id)
        into ids, first_days
        from gateway_first_day as f;
        create temporary table gateway_first_year on commit drop as
        select * from mart.customer_first_year(coalesce(ids, '{}'), coalesce(first_days, '{}'));
    end if;
    analyze gateway_first_year;

    -- The first orders' purchase lines, on every day of the order: the
    -- lines of their ids read by a statement of the facts alone (which may
    -- use parallel workers), then those of the customer kept.
    perform mart.drop_temporary_table('gateway_order_lines');
    perform mart.drop_temporary_table('gateway_first_lines');
    -- With each line's category: on Citus a query reading only temporary
    -- and reference tables would be sent to a worker, where the temporary
    -- tables do not exist.
    --
    -- On a single server the ids are joined from their analyzed table: an
    -- array of them is planned as a constant once per month partition,
    -- which for everyone's first orders cost more than reading the lines.
    -- On Citus the array goes to the shards with the statement.
    if mart.is_distributed('dw.fact_sales') then
        create temporary table gateway_order_lines on commit drop as
        select s.customer_id, s.order_id, s.product_key, s.amount_base, coalesce(p.category, 'Unknown') as category
        from dw.fact_sales as s
        left join dw.dim_product as p on p.product_key = s.product_key
        where not s.is_return
            -- An order's other lines lie on or after its first day.
            and s.order_id = any (order_ids) and s.date_key >= first_key;
    else
        create temporary table gateway_order_lines on commit drop as
        select s.customer_id, s.order_id, s.product_key, s.amount_base, coalesce(p.category, 'Unknown') as category
        from dw.fact_sales as s
        left join dw.dim_product as p on p.product_key = s.product_key
        where not s.is_return
            and s.order_id in (select o.order_id from gateway_first_order as o) and s.date_key >= first_key;
    end if;
    create temporary table gateway_first_lines on commit drop as
    select o.customer_id, l.product_key, l.amount_base, l.category
    from gateway_order_lines as l
    join gateway_first_order as o on o.customer_id = l.customer_id and o.order_id = l.order_id;
    analyze gateway_first_lines;

    return query
    with per_category as (
        select l.customer_id, l.category, sum(l.amount_base) as revenue
        from gateway_first_lines as l
        group by l.customer_id, l.category
    ),
    ranked as (
        select c.*, rank() over (partition by c.customer_id order by c.revenue desc) as revenue_rank
        from per_category as c
    ),
    per_customer as (
        select
            l.customer_id,
            sum(l.amount_base) as revenue,
            array_agg(distinct l.product_key order by l.product_key) as products
        from gateway_first_lines as l
        group by l.customer_id
    ),
    order_counts as (
        select o.customer_id, count(*) as orders from gateway_first_order as o group by o.customer_id
    )
    select
        r.customer_id,
        r.category,
        f.first_order_on,
        n.orders::smallint,
        (count(*) over (partition by r.customer_id))::smallint,
        c.revenue::numeric(18, 4),
        y.revenue_12m::numeric(18, 4),
        y.orders_12m::integer,
        c.products
    from ranked as r
    join per_customer as c on c.customer_id = r.customer_id
    join order_counts as n on n.customer_id = r.customer_id
    join gateway_first_day as f on f.customer_id = r.customer_id
    join gateway_first_year as y on y.customer_id = r.customer_id
    where r.revenue_rank = 1;
end
$$;
comment on function mart.customer_gateway_of(text[]) is 'mart.customer_gateway''s rows for the given customers (null: everyone with an order): the first order (the orders of the earliest purchase line) with its gateway categories, revenue and products, and the 12 months from its day.';

create or replace function mart.customer_gateway_compute()
returns setof mart.customer_gateway
language plpgsql as $$
begin
    return query select * from mart.customer_gateway_of(null);
end
$$;
comment on function mart.customer_gateway_compute() is 'mart.customer_gateway computed from scratch for every customer.';

-- The stored gateways: everyone on a rebuild; else the changed customers
-- (with months, the months of changed sales: none leaves only the changed
-- products).
-- Those whose first order may differ are recomputed whole: a first order
-- day that moved, one in a changed month (its lines were re-read), or a
-- first order holding a product changed since since_product_file (its
-- category). The others keep their first order and get their 12 months
-- again.
create or replace function mart.refresh_customer_gateway(everyone boolean, months date[], since_product_file bigint)
returns void
language plpgsql as $$
declare
    changed_products bigint[];
    kept text[];
    kept_days date[];
    targets text[];
    gateway_indexes text[];
begin
    if everyone then
        truncate mart.customer_gateway;
        gateway_indexes := mart.suspend_indexes('mart.customer_gateway');
        insert into mart.customer_gateway
        select * from mart.customer_gateway_of(null) as g order by g.customer_id, g.category;
        if gateway_indexes is not null then
            perform mart.restore_indexes(gateway_indexes);
        end if;
        analyze mart.customer_gateway;
        return;
    end if;
    months := array(select distinct date_trunc('month', m)::date from unnest(months) as u(m));
    changed_products := array(select p.product_key from dw.dim_product as p where p.etl_file_id > since_product_file);

    perform mart.drop_temporary_table('gateway_changed');
    create temporary table gateway_changed on commit drop as
    -- Without changed sales no first order, first day or 12 months moved:
    -- the changed customers' days differ only in margin.
    with changed as materialized (
        select customer_id from refresh_customers where customer_id <> 'unknown' and cardinality(months) > 0
    ),
    first_days as (
        select d.customer_id, min(d.ordered_on) as first_order_on
        from mart.customer_day as d
        join changed as c on c.customer_id = d.customer_id
        where d.orders > 0
        group by d.customer_id
    ),
    stored as (
        select g.customer_id, min(g.first_order_on) as first_order_on
        from mart.customer_gateway as g
        join changed as c on c.customer_id = g.customer_id
        group by g.customer_id
    )
    select c.customer_id, f.first_order_on, s.first_order_on as stored_on
    from changed as c
    left join first_days as f on f.customer_id = c.customer_id
    left join stored as s on s.customer_id = c.customer_id;

    targets := array(
        select g.customer_id
        from gateway_changed as g
        where g.first_order_on is distinct from g.stored_on
            or date_trunc('month', g.first_order_on)::date = any (months)
        union
        select g.customer_id
        from mart.customer_gateway as g
        where cardinality(changed_products) > 0 and g.first_order_products && changed_products);

    select array_agg(g.customer_id order by g.customer_id), array_agg(g.first_order_on order by g.customer_id)
    into kept, kept_days
    from gateway_changed as g
    where g.first_order_on = g.stored_on and g.customer_id <> all (targets);
    if kept is not null then
        with first_year as materialized (
            select * from mart.customer_first_year(kept, kept_days)
        )
        update mart.customer_gateway as t
        set revenue_12m = y.revenue_12m, orders_12m = y.orders_12m
        from first_year as y
        where t.customer_id = y.customer_id
            and (t.revenue_12m, t.orders_12m) is distinct from (y.revenue_12m, y.orders_12m);
    end if;

    if cardinality(targets) > 0 then
        delete from mart.customer_gateway as t where t.customer_id = any (targets);
        insert into mart.customer_gateway select * from mart.customer_gateway_of(targets);
    end if;
end
$$;
comment on function mart.refresh_customer_gateway(boolean, date[], bigint) is 'Brings mart.customer_gateway up to date: everyone, or the customers of the temporary table refresh_customers (first orders in the changed months or whose first day moved recomputed whole, the others'' 12 months) and the customers whose first order holds a product from a products file above since_product_file.';

-- The refresh step: month figures, the customers' products of the 12
-- months, gateways. months holds the months of changed products too, whose
-- margins (cost) and categories moved; sales_months only those whose lines
-- changed: a product's attributes move no purchase, so the customers'
-- windows and first orders follow sales_months (a changed category still
-- recounts the window's customers and recomputes the gateways of first
-- orders holding the product).
drop function if exists mart.refresh_product_structure(date[], boolean, boolean, bigint);
create or replace function mart.refresh_product_structure(
    months date[], sales_months date[], rebuild boolean, window_moved boolean, since_product_file bigint
) returns void
language plpgsql as $$
declare
    -- Read apart from the call: on Citus a statement that reads only a
    -- reference table may run on a worker, and the call with it.
    products_changed boolean := exists (select 1 from dw.dim_product as p where p.etl_file_id > since_product_file);
    -- A product whose category or subcategory differs from the one its
    -- window customers were counted under (a new cost moves no count).
    recount boolean := false;
begin
    if products_changed and not rebuild and not window_moved then
        -- The products first (a reference table on Citus), then the
        -- coordinator's counts.
        recount := exists (
            with products as materialized (
                select p.product_key, coalesce(p.category, 'Unknown') as category,
                    coalesce(p.subcategory, 'Unknown') as subcategory
                from dw.dim_product as p
            )
            select 1
            from mart.product_window_customers as w
            join products as p on p.product_key = w.product_key
            where w.level = 'sku' and (w.category, w.subcategory) is distinct from (p.category, p.subcategory));
    end if;
    perform mart.refresh_product_month(months, rebuild);
    perform mart.refresh_customer_product_window(rebuild or window_moved, recount, sales_months);
    perform mart.refresh_customer_gateway(rebuild, sales_months, since_product_file);
end
$$;
comment on function mart.refresh_product_structure(date[], date[], boolean, boolean, bigint) is 'The product structure step of crmwh refresh: mart.product_month for the changed months (of changed sales or products), mart.customer_product_window (everyone when rebuilt or a new month started, else refresh_customers in sales_months; counted again when a product''s category moved), mart.customer_gateway (sales_months and changed products).';

-- Revenue, margin, units and customers per category, subcategory and SKU
-- over the months months ending with as_of's month. Customers: known
-- customers with a purchase line of the item in the window, from the
-- stored window (from_window, only for the latest 12 months) or the facts.
create or replace function mart.product_revenue_of(as_of date, months integer, from_window boolean)
returns table (
    level text,
    category text,
    subcategory text,
    sku text,
    product_name text,
    revenue numeric,
    revenue_share numeric,
    margin numeric,
    margin_rate numeric,
    units numeric,
    customers bigint
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    last_month date := date_trunc('month', coalesce(as_of, mart.default_as_of()))::date;
    first_month date := (last_month - make_interval(months => months - 1))::date;
begin
    return query
    with products as (
        select m.product_key, sum(m.revenue) as revenue, sum(m.margin) as margin,
            sum(m.sold_units - m.returned_units) as units
        from mart.product_month as m
        where m.month between first_month and last_month
        group by m.product_key
    ),
    named as materialized (
        select
            x.product_key, x.revenue, x.margin, x.units, p.sku, p.name,
            coalesce(p.category, 'Unknown') as category, coalesce(p.subcategory, 'Unknown') as subcategory
        from products as x
        join dw.dim_product as p on p.product_key = x.product_key
    ),
    counts as materialized (
        select c.level, c.category, c.subcategory, c.product_key, c.customers
        from mart.product_window_customers as c
        where from_window
        union all
        select c.level, c.category, c.subcategory, c.product_key, c.customers
        from mart.product_customers_of(first_month, last_month, false) as c
        where not from_window
    ),
    product_customers as (
        select c.product_key, c.customers from counts as c where c.level = 'sku'
    ),
    subcategory_customers as (
        select c.category, c.subcategory, c.customers from counts as c where c.level = 'subcategory'
    ),
    category_customers as (
        select c.category, c.customers from counts as c where c.level = 'category'
    ),
    levels as (
        select 1 as level_no, 'category' as level, n.category, null::text as subcategory, null::text as sku,
            null::text as product_name, sum(n.revenue) as revenue, sum(n.margin) as margin, sum(n.units) as units,
            max(c.customers) as customers
        from named as n
        left join category_customers as c on c.category = n.category
        group by n.category
        union all
        select 2, 'subcategory', n.category, n.subcategory, null, null, sum(n.revenue), sum(n.margin), sum(n.units),
            max(c.customers)
        from named as n
        left join subcategory_customers as c on c.category = n.category and c.subcategory = n.subcategory
        group by n.category, n.subcategory
        union all
        select 3, 'sku', n.category, n.subcategory, n.sku, n.name, n.revenue, n.margin, n.units, c.customers
        from named as n
        left join product_customers as c on c.product_key = n.product_key
    ),
    total as (
        select sum(n.revenue) as revenue from named as n
    )
    select
        r.level, r.category, r.subcategory, r.sku, r.product_name,
        r.revenue,
        round(r.revenue / nullif(t.revenue, 0), 4),
        r.margin,
        round(r.margin / nullif(r.revenue, 0), 4),
        -- Whole units print whole (1994, not 1994.0000); weighed goods keep their decimals.
        trim_scale(r.units),
        coalesce(r.customers, 0)::bigint
    from levels as r
    cross join total as t
    order by r.level_no, r.revenue desc, r.category, r.subcategory, r.sku;
end
$$;
comment on function mart.product_revenue_of(date, integer, boolean) is 'Per category, subcategory and SKU (level) in the months months ending with as_of''s month: net revenue, share of all revenue, margin, margin / revenue, net units, customers with a purchase line of it; customers from mart.customer_product_window (from_window, the latest 12 months) or from the facts.';

create or replace function mart.product_revenue_compute(as_of date default null, months integer default 12)
returns table (
    level text, category text, subcategory text, sku text, product_name text, revenue numeric,
    revenue_share numeric, margin numeric, margin_rate numeric, units numeric, customers bigint
)
language plpgsql stable as $$
begin
    return query select * from mart.product_revenue_of(as_of, months, false);
end
$$;
comment on function mart.product_revenue_compute(date, integer) is 'mart.product_revenue computed with customers counted from the facts.';

drop materialized view if exists mart.product_revenue_current cascade;
create materialized view mart.product_revenue_current as
select * from mart.product_revenue_of(null, 12, true)
with no data;
comment on materialized view mart.product_revenue_current is 'mart.product_revenue_compute(null, 12), refreshed by crmwh refresh from mart.product_month and mart.customer_product_window.';
comment on column mart.product_revenue_current.level is 'category, subcategory or sku: which columns name the row.';
comment on column mart.product_revenue_current.category is 'Product category (Unknown when the product has none).';
comment on column mart.product_revenue_current.subcategory is 'Subcategory (Unknown when none); null on category rows.';
comment on column mart.product_revenue_current.sku is 'SKU (unknown for lines without one); null on category and subcategory rows.';
comment on column mart.product_revenue_current.product_name is 'Product name; null on category and subcategory rows.';
comment on column mart.product_revenue_current.revenue is 'Net revenue (returns included) in the 12 months ending with the latest data''s month, base currency.';
comment on column mart.product_revenue_current.revenue_share is 'revenue / all revenue of the window.';
comment on column mart.product_revenue_current.margin is 'revenue − quantity × unit_cost (no cost counts as zero; returns give their cost back).';
comment on column mart.product_revenue_current.margin_rate is 'margin / revenue.';
comment on column mart.product_revenue_current.units is 'Units sold less units returned.';
comment on column mart.product_revenue_current.customers is 'Known customers with a purchase line of the row''s products in the window.';

create or replace function mart.product_revenue(as_of date default null, months integer default 12)
returns setof mart.product_revenue_current
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with figures as (
        select * from mart.product_revenue_current where as_of is null and months = 12
        union all
        select * from mart.product_revenue_compute(as_of, months) where as_of is not null or months <> 12
    )
    select level, category, subcategory, sku, product_name, revenue, revenue_share, margin, margin_rate, units, customers
    from figures
    order by case level when 'category' then 1 when 'subcategory' then 2 else 3 end, revenue desc, category,
        subcategory, sku;
end
$$;
comment on function mart.product_revenue(date, integer) is 'Net revenue, share, margin, margin rate, net units and customers per category, subcategory and SKU in the months months ending with as_of''s month (default: the stored latest 12 months).';

create or replace view mart.product_revenue as
select * from mart.product_revenue(null, 12);
comment on view mart.product_revenue is 'Product structure per category, subcategory and SKU over the 12 months ending with the latest data.';
comment on column mart.product_revenue.level is 'category, subcategory or sku.';
comment on column mart.product_revenue.category is 'Product category.';
comment on column mart.product_revenue.subcategory is 'Subcategory; null on category rows.';
comment on column mart.product_revenue.sku is 'SKU; null on category and subcategory rows.';
comment on column mart.product_revenue.product_name is 'Product name; null on category and subcategory rows.';
comment on column mart.product_revenue.revenue is 'Net revenue, base currency.';
comment on column mart.product_revenue.revenue_share is 'Share of all revenue in the window.';
comment on column mart.product_revenue.margin is 'Revenue less quantity × unit cost.';
comment on column mart.product_revenue.margin_rate is 'margin / revenue.';
comment on column mart.product_revenue.units is 'Units sold less units returned.';
comment on column mart.product_revenue.customers is 'Known customers with a purchase line of it in the window.';

-- Revenue per SKU in the window, largest first (lines without a SKU are
-- no SKU). Equal revenues need no order among themselves: the top k's
-- revenue is the sum of the k largest values, whichever tied SKU counts.
create or replace function mart.sku_revenue_ranked(as_of date, months integer)
returns table (place bigint, skus bigint, revenue numeric, cumulative_revenue numeric, total_revenue numeric)
language plpgsql stable as $$
#variable_conflict use_column
declare
    last_month date := date_trunc('month', coalesce(as_of, mart.default_as_of()))::date;
    first_month date := (last_month - make_interval(months => months - 1))::date;
begin
    return query
    with per_sku as (
        select m.product_key, sum(m.revenue) as revenue
        from mart.product_month as m
        where m.month between first_month and last_month and m.product_key <> -1
        group by m.product_key
    ),
    ordered as (
        select
            row_number() over (order by r.revenue desc) as place,
            count(*) over () as skus,
            r.revenue,
            sum(r.revenue) over () as total_revenue
        from per_sku as r
    )
    select o.place, o.skus, o.revenue, sum(o.revenue) over (order by o.place), o.total_revenue
    from ordered as o
    order by o.place;
end
$$;
comment on function mart.sku_revenue_ranked(date, integer) is 'SKUs with lines in the window, by net revenue descending: place (1 = largest; tied SKUs in any order, which leaves every cumulative revenue the same), SKUs in all, revenue, cumulative revenue of the first place SKUs, total revenue.';

create or replace function mart.product_concentration(as_of date default null, months integer default 12)
returns table (
    skus bigint,
    top_skus bigint,
    revenue numeric,
    top_sku_revenue numeric,
    top_20_percent_revenue_share numeric
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with ranked as materialized (
        select * from mart.sku_revenue_ranked(as_of, months)
    )
    select r.skus, r.place, r.total_revenue, r.cumulative_revenue,
        round(r.cumulative_revenue / nullif(r.total_revenue, 0), 4)
    from ranked as r
    -- The top 20 %: ceil(0.2 × SKUs), as value tiers round their cut-offs.
    where r.place = (r.skus + 4) / 5;
end
$$;
comment on function mart.product_concentration(date, integer) is 'Revenue concentration over SKUs in the months months ending with as_of''s month: SKUs with lines, the top 20 % of them (ceil), total net revenue, the top SKUs'' revenue and its share.';

create or replace function mart.product_pareto(as_of date default null, months integer default 12)
returns table (point integer, sku_share numeric, skus bigint, cumulative_revenue numeric, revenue_share numeric)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with ranked as materialized (
        select * from mart.sku_revenue_ranked(as_of, months)
    ),
    points as (
        -- Every 5 % of SKUs: the first ceil(g × SKUs / 20).
        select g as point, (g * 0.05)::numeric(4, 2) as sku_share, (g * n.skus + 19) / 20 as place
        from generate_series(1, 20) as g
        cross join (select max(r.skus) as skus from ranked as r) as n
        where n.skus > 0
    )
    select p.point, p.sku_share, p.place, r.cumulative_revenue,
        round(r.cumulative_revenue / nullif(r.total_revenue, 0), 4)
    from points as p
    join ranked as r on r.place = p.place
    order by p.point;
end
$$;
comment on function mart.product_pareto(date, integer) is 'Pareto curve of revenue over SKUs in the months months ending with as_of''s month: for every 5 % of SKUs (the first ceil of them, largest revenue first), their cumulative net revenue and its share of all.';

create or replace function mart.category_share_trend(as_of date default null, months integer default 12)
returns table (month date, category text, revenue numeric, revenue_share numeric)
language plpgsql stable as $$
#variable_conflict use_column
declare
    last_month date := date_trunc('month', coalesce(as_of, mart.default_as_of()))::date;
    first_month date := (last_month - make_interval(months => months - 1))::date;
begin
    return query
    with per_category as (
        select m.month, coalesce(p.category, 'Unknown') as category, sum(m.revenue) as revenue
        from mart.product_month as m
        join dw.dim_product as p on p.product_key = m.product_key
        where m.month between first_month and last_month
        group by m.month, coalesce(p.category, 'Unknown')
    ),
    grid as (
        select g.month, c.category
        from (select distinct month from per_category) as g
        cross join (select distinct category from per_category) as c
    ),
    filled as (
        select g.month, g.category, coalesce(c.revenue, 0) as revenue
        from grid as g
        left join per_category as c on c.month = g.month and c.category = g.category
    )
    select f.month, f.category, f.revenue,
        round(f.revenue / nullif(sum(f.revenue) over (partition by f.month), 0), 4)
    from filled as f
    order by f.month, f.category;
end
$$;
comment on function mart.category_share_trend(date, integer) is 'Each category''s net revenue and share of the month''s revenue in every month with sales of the months months ending with as_of''s month (zero where a category of the window sold nothing).';

create or replace function mart.category_returns(as_of date default null, months integer default 12)
returns table (
    category text,
    sold_units numeric,
    returned_units numeric,
    unit_return_rate numeric,
    sold_revenue numeric,
    returned_revenue numeric,
    revenue_return_rate numeric
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    last_month date := date_trunc('month', coalesce(as_of, mart.default_as_of()))::date;
    first_month date := (last_month - make_interval(months => months - 1))::date;
begin
    return query
    select
        coalesce(p.category, 'Unknown'),
        trim_scale(sum(m.sold_units)),
        trim_scale(sum(m.returned_units)),
        round(sum(m.returned_units) / nullif(sum(m.sold_units), 0), 4),
        sum(m.sold_revenue),
        sum(m.returned_revenue),
        round(sum(m.returned_revenue) / nullif(sum(m.sold_revenue), 0), 4)
    from mart.product_month as m
    join dw.dim_product as p on p.product_key = m.product_key
    where m.month between first_month and last_month
    group by coalesce(p.category, 'Unknown')
    order by 4 desc nulls last, 1;
end
$$;
comment on function mart.category_returns(date, integer) is 'Per category in the months months ending with as_of''s month: units sold and returned and their ratio, purchase and return amounts and their ratio (returns in the month of the return, whatever month the sale was).';

create or replace function mart.gateway_categories_compute(as_of date default null)
returns table (
    category text,
    customers bigint,
    followed_customers bigint,
    retained_customers bigint,
    retention_12m_rate numeric,
    average_first_order_revenue numeric,
    average_revenue_12m numeric,
    value_12m_index numeric,
    average_orders_12m numeric
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    last_day date := coalesce(as_of, mart.default_as_of());
begin
    return query
    -- Read twice rather than materialized: a scan of the table costs less
    -- than writing its rows aside.
    with gateways as not materialized (
        select
            g.customer_id, g.category, g.first_order_revenue, g.revenue_12m, g.orders_12m, g.gateway_categories,
            g.orders_12m > g.first_orders as is_retained,
            -- Followed: the 12 months from the first order day ended by as_of.
            (g.first_order_on + interval '12 months')::date <= last_day + 1 as is_followed
        from mart.customer_gateway as g
        where g.first_order_on <= last_day
    ),
    everyone as (
        -- Each followed customer once, whatever categories tied: only
        -- the few with tied categories need grouping.
        select avg(c.revenue_12m) as revenue_12m
        from (
            select x.revenue_12m
            from gateways as x
            where x.is_followed and x.gateway_categories = 1
            union all
            select min(x.revenue_12m)
            from gateways as x
            where x.is_followed and x.gateway_categories > 1
            group by x.customer_id
        ) as c
    )
    select
        x.category,
        count(*),
        count(*) filter (where x.is_followed),
        count(*) filter (where x.is_followed and x.is_retained),
        round(count(*) filter (where x.is_followed and x.is_retained)::numeric
            / nullif(count(*) filter (where x.is_followed), 0), 4),
        round(avg(x.first_order_revenue), 2),
        round(avg(x.revenue_12m) filter (where x.is_followed), 2),
        round(avg(x.revenue_12m) filter (where x.is_followed) / nullif(max(e.revenue_12m), 0), 4),
        round(avg(x.orders_12m) filter (where x.is_followed), 4)
    from gateways as x
    cross join everyone as e
    group by x.category
    order by count(*) desc, x.category;
end
$$;
comment on function mart.gateway_categories_compute(date) is 'Per gateway category (the category with the most purchase revenue in a customer''s first order; a tie counts the customer in each) of the customers whose first order is on or before as_of: customers, those whose 12 months after it ended by as_of (followed), those of them with another order within the 12 months, the rate, average first-order revenue, average 12-month net revenue (first order included) and its ratio to all followed customers'' average, average orders in the 12 months.';

drop materialized view if exists mart.gateway_categories_current cascade;
create materialized view mart.gateway_categories_current as
select * from mart.gateway_categories_compute(null)
with no data;
comment on materialized view mart.gateway_categories_current is 'mart.gateway_categories_compute(null): the gateway categories at the latest data, refreshed by crmwh refresh from mart.customer_gateway.';
comment on column mart.gateway_categories_current.category is 'Gateway category: the most purchase revenue in the first order.';
comment on column mart.gateway_categories_current.customers is 'Customers with this gateway (one who tied is in each tied category).';
comment on column mart.gateway_categories_current.followed_customers is 'Of them, those whose 12 months from the first order day have ended.';
comment on column mart.gateway_categories_current.retained_customers is 'Followed customers with another order within the 12 months.';
comment on column mart.gateway_categories_current.retention_12m_rate is 'retained_customers / followed_customers.';
comment on column mart.gateway_categories_current.average_first_order_revenue is 'Mean purchase amount of the first order, base currency.';
comment on column mart.gateway_categories_current.average_revenue_12m is 'Mean net revenue of followed customers in the 12 months from the first order day, first order included.';
comment on column mart.gateway_categories_current.value_12m_index is 'average_revenue_12m / the mean over all followed customers (each once).';
comment on column mart.gateway_categories_current.average_orders_12m is 'Mean orders of followed customers in the 12 months, first order included.';

-- An earlier version returned a table type: create or replace cannot change that.
drop function if exists mart.gateway_categories(date) cascade;
create or replace function mart.gateway_categories(as_of date default null)
returns setof mart.gateway_categories_current
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with gateways as (
        select * from mart.gateway_categories_current where as_of is null
        union all
        select * from mart.gateway_categories_compute(as_of) where as_of is not null
    )
    select * from gateways order by customers desc, category;
end
$$;
comment on function mart.gateway_categories(date) is 'Gateway categories as of as_of (default: the stored latest data): see mart.gateway_categories_compute.';

create or replace view mart.gateway_categories as
select * from mart.gateway_categories(null);
comment on view mart.gateway_categories is 'Gateway categories at the latest data: what customers whose first order was in each category did in the 12 months from it.';
comment on column mart.gateway_categories.category is 'Gateway category: the most purchase revenue in the first order.';
comment on column mart.gateway_categories.customers is 'Customers with this gateway (one who tied is in each tied category).';
comment on column mart.gateway_categories.followed_customers is 'Of them, those whose 12 months from the first order day have ended.';
comment on column mart.gateway_categories.retained_customers is 'Followed customers with another order within the 12 months.';
comment on column mart.gateway_categories.retention_12m_rate is 'retained_customers / followed_customers.';
comment on column mart.gateway_categories.average_first_order_revenue is 'Mean purchase amount of the first order, base currency.';
comment on column mart.gateway_categories.average_revenue_12m is 'Mean net revenue of followed customers in the 12 months from the first order day, first order included.';
comment on column mart.gateway_categories.value_12m_index is 'average_revenue_12m / the mean over all followed customers (each once).';
comment on column mart.gateway_categories.average_orders_12m is 'Mean orders of followed customers in the 12 months, first order included.';
