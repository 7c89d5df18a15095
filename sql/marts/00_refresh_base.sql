-- Month-grain rebuild of the aggregates every customer mart reads:
-- customer days, customer channel months, category pairs and monthly order
-- totals. `crmwh refresh` calls mart.refresh_base with the months whose
-- sales changed, so a nightly increment recomputes one or two months and
-- writes only the rows that differ. The customers whose days changed go to
-- the temporary table refresh_customers: the marts at the latest data are
-- updated for them only.
create or replace function mart.date_key(day date) returns integer
language sql immutable parallel safe as $$
    select to_char(day, 'YYYYMMDD')::integer
$$;
comment on function mart.date_key(date) is 'The dw.dim_date key (yyyymmdd) of a date.';

-- The sums of a source of order lines (a relation with the columns of
-- refresh_lines), counting each order once: on the day, under the customer
-- and in the channel of its first purchase line (earliest ordered_at, then
-- line number), whatever days, months or channels its other lines fall in;
-- its category pairs in that line's month. One window over each order's
-- lines (purchases first) marks that line and the OR of the order's
-- purchase categories; the marked lines grouped by customer, day and
-- channel give the sums and, from the marks, the orders (grain 1), with
-- no join of two groupings; grain 2: months (yyyymm) × the category sets
-- of their orders. Every line of an order must be in the source.
create or replace function mart.order_line_groups_query(source text) returns text
language sql immutable parallel safe as $q$
    select format($sql$
    with marked as materialized (
        select
            l.customer_id,
            l.date_key,
            l.channel_key,
            l.amount_base,
            l.margin,
            l.counted,
            row_number() over order_lines = 1 and not l.is_return as is_first,
            bit_or(l.category_bit) filter (where not l.is_return) over order_lines as categories
        from %1$s as l
        window order_lines as (
            partition by l.order_id order by l.is_return, l.ordered_at, l.line_no
            rows between unbounded preceding and unbounded following)
    ),
    line_groups as (
        select
            customer_id,
            date_key,
            channel_key,
            sum(amount_base) as revenue,
            sum(margin) as margin,
            count(*) filter (where is_first) as orders
        from marked
        where counted
        group by customer_id, date_key, channel_key
    ),
    -- The channels beside the session's rows, so on Citus the statement
    -- runs on the coordinator.
    channels as materialized (
        select channel_key, channel from dw.dim_channel
    )
    select
        1 as grain,
        l.customer_id,
        make_date(l.date_key / 10000, l.date_key / 100 %% 100, l.date_key %% 100) as ordered_on,
        make_date(l.date_key / 10000, l.date_key / 100 %% 100, 1) as month,
        coalesce(c.channel, 'unknown') as channel,
        null::bit varying as categories,
        l.revenue,
        l.margin,
        l.orders
    from line_groups as l
    left join channels as c on c.channel_key = l.channel_key
    union all
    select 2, null, null, make_date(month_key / 100, month_key %% 100, 1), null, categories::bit varying, null, null,
        orders
    from (
        -- As text: bit strings sort but do not hash.
        select date_key / 100 as month_key, categories::text as categories, count(*) as orders
        from marked
        where is_first and counted
        group by date_key / 100, categories::text
    ) as sets
    $sql$, source)
$q$;
comment on function mart.order_line_groups_query(text) is 'The query of the order lines of source summed by customer, day and channel (grain 1) and the orders by month and category set (grain 2), each order counted once on its first purchase line.';

-- One part of the orders' sums (the orders whose id hashes to part modulo
-- parts) from the lines query lines. Parallel safe, and costed as the
-- heavy reader it is, so the parts of one statement go to parallel workers.
create or replace function mart.order_line_groups_part(lines text, part integer, parts integer)
returns table (
    grain integer,
    customer_id text,
    ordered_on date,
    month date,
    channel text,
    categories bit varying,
    revenue numeric,
    margin numeric,
    orders bigint
)
language plpgsql stable parallel safe cost 1000000000 rows 1000000
as $$
begin
    return query execute mart.order_line_groups_query(format(
        '(select * from (%s) as part_lines where (hashtext(part_lines.order_id) & 2147483647) %% %s = %s)',
        lines, parts, part));
end
$$;
comment on function mart.order_line_groups_part(text, integer, integer) is 'mart.order_line_groups_query of the lines (a query) of the orders whose id hashes to part modulo parts, for parallel workers.';

drop function if exists mart.refresh_base(date[]);
create or replace function mart.refresh_base(months date[], rebuild boolean, since_file_id bigint) returns void
language plpgsql as $$
declare
    first_key integer;
    after_key integer;
    month_keys integer[];
    contiguous boolean;
    fact_first date;
    fact_last date;
    span_first date;
    span_last date;
    covers_facts boolean;
    category_names text[];
    no_category bit varying;
    unknown_category bit varying;
    lines text;
    distributed boolean := false;
    as_view boolean;
    day_indexes text[];
    channel_indexes text[];
    hashing text;
    registered boolean;
    parts integer;
begin
    months := array(select distinct date_trunc('month', m)::date from unnest(months) as u(m) order by 1);
    first_key := coalesce(mart.date_key(months[1]), 0);
    after_key := coalesce(mart.date_key((months[cardinality(months)] + interval '1 month')::date), 0);
    month_keys := array(select mart.date_key(m) / 100 from unnest(months) as u(m));
    contiguous := cardinality(months) = (
        select count(*) from generate_series(months[1], months[cardinality(months)], interval '1 month'));
    select to_date(min(date_key)::text, 'YYYYMMDD'), to_date(max(date_key)::text, 'YYYYMMDD')
    into fact_first, fact_last
    from dw.fact_sales
    where date_key > 0;
    -- Months that span every sale leave no line of an order outside them.
    covers_facts := coalesce(contiguous and (fact_first is null
        or (fact_first >= months[1] and fact_last < months[cardinality(months)] + interval '1 month')), false);
    -- Each category has a bit: an order's categories are the OR of its
    -- purchase lines' bits, so category pairs are counted per set of
    -- categories instead of per order and category.
    category_names := array(select coalesce(category, 'Unknown') from dw.dim_product union select 'Unknown' order by 1);
    no_category := repeat('0', cardinality(category_names))::bit varying;
    unknown_category := set_bit(no_category, array_position(category_names, 'Unknown') - 1, 1);

    -- The lines of the wanted months, with their margin (product costs) and
    -- category bit. The span of the months bounds date_key, so a nightly
    -- refresh of one or two months reads them through the date index; a
    -- rebuild's months are every month, so the span is the filter.
    lines := format(
        $sql$
        select
            s.order_id,
            s.line_no,
            s.ordered_at,
            s.is_return,
            s.customer_id,
            s.date_key,
            s.channel_key,
            s.amount_base,
            s.amount_base - s.quantity * coalesce(p.unit_cost, 0) as margin,
            coalesce(p.category_bit, %4$L::bit varying) as category_bit,
            true as counted
        from dw.fact_sales as s
        left join (
            select
                product_key,
                unit_cost,
                set_bit(%3$L::bit varying, array_position(%5$L::text[], coalesce(category, 'Unknown')) - 1, 1)
                    as category_bit
            from dw.dim_product
        ) as p on p.product_key = s.product_key
        where s.date_key >= %1$s and s.date_key < %2$s
        $sql$,
        first_key, after_key, no_category, unknown_category, category_names);
    if not contiguous then
        lines := lines || format(' and s.date_key / 100 = any (%L::integer[])', month_keys);
    end if;
    -- Lines count on the days of dw.dim_date; when the calendar holds every
    -- day of the span of the lines, there is nothing to look up.
    span_first := greatest(months[1], fact_first);
    span_last := least((months[cardinality(months)] + interval '1 month' - interval '1 day')::date, fact_last);
    if span_first <= span_last and (
        select count(*) from dw.dim_date
        where date_key between mart.date_key(span_first) and mart.date_key(span_last)
    ) <> span_last - span_first + 1 then
        lines := lines || ' and s.date_key in (select date_key from dw.dim_date)';
    end if;

    -- The catalog only exists with the Citus extension: ask for it first.
    if to_regclass('pg_catalog.pg_dist_partition') is not null then
        execute 'select exists (select 1 from pg_catalog.pg_dist_partition where logicalrelid = $1::regclass)'
            into distributed using 'dw.fact_sales';
    end if;
    -- A view when the months hold every line the orders need: the passes
    -- below read the facts where they lie instead of a copy of them. On
    -- Citus the lines are gathered on the coordinator.
    as_view := (rebuild or covers_facts) and not distributed;
    if as_view then
        execute 'create temporary view refresh_lines as ' || lines;
    else
        execute 'create temporary table refresh_lines on commit drop as ' || lines;
    end if;
    if not rebuild and not covers_facts then
        -- Orders with a purchase line in the wanted months need all their
        -- purchase lines: those outside the months only decide the first
        -- line and the categories. The registry dw.order_line_key names the
        -- day, so the month partition, of every line the loader filed: the
        -- orders' other lines are found there by key and read from their
        -- own partitions, where probing the facts by order searches every
        -- month's partition. Lines that bypassed the loader have no key
        -- there: when a line of the months lacks one, the facts are probed.
        create temporary table refresh_orders on commit drop as
        select distinct order_id from refresh_lines where not is_return;
        create temporary table refresh_order_keys on commit drop as
        with orders as materialized (select order_id from refresh_orders)
        select k.order_id, k.line_no, k.customer_id, k.date_key
        from orders as o
        join dw.order_line_key as k on k.order_id = o.order_id;
        registered := (select count(*) from refresh_order_keys where date_key / 100 = any (month_keys)) = (
            select count(*) from refresh_lines where order_id in (select order_id from refresh_orders));
        -- The keys of the orders' lines outside the months. Without the
        -- registry, one pass over the other months' facts keeps the lines of
        -- the orders (a hash of the few orders, not of every line).
        create temporary table refresh_elsewhere on commit drop as
        select order_id, line_no, customer_id, date_key
        from refresh_order_keys
        where registered and date_key / 100 <> all (month_keys);
        if not registered and distributed then
            insert into refresh_elsewhere
            with orders as materialized (
                select order_id from refresh_orders
            )
            select s.order_id, s.line_no, s.customer_id, s.date_key
            from orders as o
            join dw.fact_sales as s on s.order_id = o.order_id
            where s.date_key / 100 <> all (month_keys);
        elsif not registered then
            -- The analyzed orders themselves, not a CTE of them: with their
            -- count known the planner hashes them instead of probing every
            -- partition once per order.
            analyze refresh_orders;
            insert into refresh_elsewhere
            select s.order_id, s.line_no, s.customer_id, s.date_key
            from dw.fact_sales as s
            where s.order_id in (select order_id from refresh_orders) and s.date_key / 100 <> all (month_keys);
        end if;
        -- Counted, so the lines are fetched by key (usually few or none).
        analyze refresh_elsewhere;
        insert into refresh_lines
        with elsewhere as materialized (
            select order_id, line_no, customer_id, date_key from refresh_elsewhere
        )
        select
            s.order_id, s.line_no, s.ordered_at, s.is_return, s.customer_id, s.date_key, s.channel_key, null, null,
            coalesce(set_bit(no_category, array_position(category_names, p.category) - 1, 1), unknown_category),
            false
        from elsewhere as k
        join dw.fact_sales as s
            on s.order_id = k.order_id and s.line_no = k.line_no and s.customer_id = k.customer_id
            and s.date_key = k.date_key
        join dw.dim_date as d on d.date_key = s.date_key
        left join (
            select product_key, coalesce(category, 'Unknown') as category from dw.dim_product
        ) as p on p.product_key = s.product_key
        where not s.is_return and d.month_start <> all (months);
    end if;

    -- An order is counted once (mart.order_line_groups_query). On a
    -- rebuild on a single server, where the lines are a view of the facts,
    -- parts of the orders are grouped side by side by parallel workers
    -- (a temporary table's statement runs them): the parts' rows of one
    -- key are summed again by every reader below.
    parts := case
        when as_view and not distributed then current_setting('max_parallel_workers_per_gather')::integer
        else 0
    end;
    if parts >= 2 then
        execute 'create temporary table refresh_groups on commit drop as '
            || mart.parallel_parts_query('mart.order_line_groups_part($1, ', parts)
            using lines;
    else
        execute 'create temporary table refresh_groups on commit drop as '
            || mart.order_line_groups_query('refresh_lines');
    end if;
    -- Almost every customer day is a group of its own: told so, the planner
    -- sorts the rows once and sums them in that order (the order they are
    -- written in) instead of hashing two million groups and sorting them.
    -- (In pg_temp: the loader may create nothing in the warehouse's schemas.)
    create statistics pg_temp.refresh_groups_days (ndistinct) on customer_id, ordered_on from refresh_groups;
    create statistics pg_temp.refresh_groups_channels (ndistinct) on customer_id, month, channel from refresh_groups;
    analyze refresh_groups;

    -- Written as they are on a rebuild, compared with the stored rows on a
    -- nightly refresh (statements of their own: the data dictionary's
    -- lineage reads which tables a function writes from its code).
    create temporary view refresh_day_rows as
    select
        customer_id,
        ordered_on,
        sum(revenue)::numeric(18, 4) as revenue,
        sum(margin)::numeric(18, 4) as margin,
        sum(orders)::integer as orders
    from refresh_groups
    where grain = 1
    group by customer_id, ordered_on;
    -- Revenue follows each line's channel, orders their first line's.
    create temporary view refresh_channel_rows as
    select month, customer_id, channel, sum(revenue)::numeric(18, 4) as revenue, sum(orders)::integer as orders
    from refresh_groups
    where grain = 1 and customer_id <> 'unknown'
    group by customer_id, month, channel;
    create temporary view refresh_month_rows as
    select month, sum(orders)::integer as orders, sum(revenue)::numeric(18, 4) as revenue
    from refresh_groups
    where grain = 1
    group by month;

    -- Category pairs per order month: each set of categories counts its
    -- orders for every pair of its categories.
    -- (A set's orders may come in several rows, one per part: summed first.)
    create temporary table refresh_category_month on commit drop as
    with sets as (
        select g.month, g.categories::text as categories, sum(g.orders) as orders
        from refresh_groups as g
        where g.grain = 2
        group by g.month, g.categories::text
    ),
    members as (
        select s.month, s.categories, s.orders, c.category
        from sets as s
        join unnest(category_names) with ordinality as c(category, position)
            on get_bit(s.categories::bit varying, (c.position - 1)::integer) = 1
    )
    select a.month, a.category as category_a, b.category as category_b, sum(a.orders)::integer as orders
    from members as a
    join members as b
        on b.month = a.month and b.categories = a.categories and b.category >= a.category
    group by a.month, a.category, b.category;

    -- The customers whose days differ from the stored ones, and those with
    -- new or re-sent lines (a line's channel or time of day can change
    -- without changing the customer's days). On a rebuild every step
    -- rebuilds everyone and reads none of them: the table stays empty
    -- (listing every customer with days cost seconds).
    create temporary table refresh_customers (customer_id text primary key) on commit drop;
    if not rebuild then
        -- A few months' rows, compared with the stored ones as tables.
        create temporary table refresh_customer_day on commit drop as select * from refresh_day_rows;
        create temporary table refresh_channel_month on commit drop as select * from refresh_channel_rows;
        create temporary table refresh_order_month on commit drop as select * from refresh_month_rows;
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
        union
        select s.customer_id
        from dw.fact_sales as s
        where s.etl_file_id > since_file_id and s.customer_id <> 'unknown';
    end if;
    analyze refresh_customers;

    if rebuild then
        -- Each customer's rows together on disk: a nightly refresh reads
        -- the changed customers' history by key. The emptied tables are
        -- filled at once and indexed afterwards (when the session owns them).
        day_indexes := mart.suspend_indexes('mart.customer_day');
        channel_indexes := mart.suspend_indexes('mart.customer_channel_month');
        -- The rows are sorted to be written in that order anyway: summed in
        -- it too, rather than hashed (two million groups spill) and sorted.
        hashing := current_setting('enable_hashagg');
        perform set_config('enable_hashagg', 'off', true);
        insert into mart.customer_day (customer_id, ordered_on, revenue, margin, orders)
        select customer_id, ordered_on, revenue, margin, orders from refresh_day_rows order by customer_id, ordered_on;
        insert into mart.customer_channel_month (month, customer_id, channel, revenue, orders)
        select month, customer_id, channel, revenue, orders from refresh_channel_rows
        order by customer_id, month, channel;
        perform set_config('enable_hashagg', hashing, true);
        if day_indexes is not null then
            perform mart.restore_indexes(day_indexes);
        end if;
        if channel_indexes is not null then
            perform mart.restore_indexes(channel_indexes);
        end if;
        insert into mart.order_month (month, orders, revenue) select month, orders, revenue from refresh_month_rows;
        insert into mart.category_month (month, category_a, category_b, orders)
        select month, category_a, category_b, orders from refresh_category_month;
    else
        perform mart.sync_rows(
            'mart.customer_day', 'select * from refresh_customer_day', '{customer_id,ordered_on}',
            format('t.ordered_on >= %L and t.ordered_on < %L',
                months[1], months[cardinality(months)] + interval '1 month')
                -- the span may hold months that are not wanted
                || format(' and date_trunc(''month'', t.ordered_on)::date = any(%L::date[])', months));
        perform mart.sync_rows(
            'mart.customer_channel_month', 'select * from refresh_channel_month', '{month,customer_id,channel}',
            format('t.month = any(%L::date[])', months));
        perform mart.sync_rows(
            'mart.order_month', 'select * from refresh_order_month', '{month}', format('t.month = any(%L::date[])', months));
        perform mart.sync_rows(
            'mart.category_month',
            'select month, category_a, category_b, orders from refresh_category_month',
            '{month,category_a,category_b}',
            format('t.month = any(%L::date[])', months));
    end if;
    -- A temporary view lasts as long as the session.
    drop view refresh_day_rows, refresh_channel_rows, refresh_month_rows;
    if as_view then
        drop view refresh_lines;
    end if;
end
$$;
comment on function mart.refresh_base(date[], boolean, bigint) is 'Rebuilds the customer-day, channel, order and category aggregates of the given months (first days) from dw.fact_sales, writing only rows that differ (full: into emptied tables); fills the temporary table refresh_customers with the customers whose days changed or who have lines from files above since_file_id.';
