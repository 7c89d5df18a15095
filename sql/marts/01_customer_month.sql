-- The monthly customer snapshot dw.fact_customer_month. A month's rows
-- depend on the 12 months ending with it (trailing revenue, tiers, scores
-- ranked within the month), so new sales in month m rebuild months
-- m .. m + 11 and nothing else.
--
-- Scores and tiers are ranks within the month, but a rank only decides
-- which side of a few cut-off values a customer falls on: per month the
-- counts of each recency and each trailing revenue (far fewer values than
-- customers) give every value its score exactly as rank() would, the
-- lowest (or highest) value of each score is kept, and a customer's scores
-- are comparisons with those cuts. No sort of the month's customers.
drop function if exists mart.customer_month_figures(date[], boolean);

create or replace function mart.refresh_customer_month(months date[]) returns integer
language plpgsql as $$
declare
    rebuilt bigint;
    cutoffs record;
    band2 integer;
    band3 integer;
    band4 integer;
    band5 integer;
    fresh date[];
    existing date[];
    changed text[];
    n bigint;
    probe_month date;
    was_empty boolean := not exists (select 1 from dw.fact_customer_month);
    emptied boolean := false;
    rebuild_indexes text[];
begin
    -- Read once: as a joined view the settings lookups would run per row.
    select * into cutoffs from mart.tier_cutoffs;
    select b.frequency_bands[1], b.frequency_bands[2], b.frequency_bands[3], b.frequency_bands[4]
    into band2, band3, band4, band5
    from mart.rfm_bands as b;
    months := array(select distinct date_trunc('month', m)::date from unnest(months) as u(m));
    -- A month already in the snapshot changes only for refresh_customers
    -- (the customers whose days changed); the others keep their figures
    -- and only their scores and tiers, ranked within the month, can move.
    -- One probe per month (Citus plans no correlated subquery beside unnest).
    existing := '{}';
    foreach probe_month in array months loop
        if exists (select 1 from dw.fact_customer_month as f where f.month = probe_month) then
            existing := existing || probe_month;
        end if;
    end loop;
    fresh := array(select m from unnest(months) as u(m) where m <> all (existing));
    changed := array(select c.customer_id from refresh_customers as c where c.customer_id <> 'unknown');
    -- Every stored month again, for a sixth of the customers or more (a
    -- product's new cost sold in every month): writing the whole snapshot
    -- afresh costs less than replacing their rows and re-ranking the rest,
    -- and gives the same rows. (A distributed snapshot keeps the
    -- incremental path: it is not emptied inside the refresh.)
    if not was_empty and not mart.is_distributed('dw.fact_customer_month')
        and cardinality(changed) * 6 >= (select count(*) from mart.customer_summary)
        and not exists (
            select 1
            from generate_series(
                (select min(f.month) from dw.fact_customer_month as f),
                (select max(f.month) from dw.fact_customer_month as f),
                interval '1 month') as g(m)
            where g.m::date <> all (months))
    then
        truncate dw.fact_customer_month;
        was_empty := true;
        emptied := true;
        fresh := months;
        existing := '{}';
    end if;

    perform mart.write_customer_month_figures(fresh, existing, changed, was_empty);
    if cardinality(existing) > 0 then
        delete from dw.fact_customer_month as f
        using refresh_customers as c
        where f.customer_id = c.customer_id and f.month = any (existing);
    end if;
    -- Everyone else's stored rows of those months, read once: their rows
    -- lie on nearly every page of the snapshot (written customer by
    -- customer), and both the cuts and the re-scoring below need them.
    create temporary table refresh_month_stored on commit drop as
    select f.customer_id, f.month, f.recency_days, f.trailing_revenue, f.r_score, f.m_score, f.tier_rank
    from dw.fact_customer_month as f
    where f.month = any (existing);

    -- Each month's cuts from its customers (the recomputed figures and,
    -- in stored months, the stored rows of everyone else): their
    -- recencies and revenues sorted, and the values at the positions where
    -- scores and tiers change. (Sorted in one aggregate they cost less
    -- than counting each value.) Revenues sort as integers of their
    -- smallest unit (numeric(18, 4) times 10^4 fits a bigint exactly): a
    -- quarter less than sorting numerics, and so are the comparisons.
    create temporary table refresh_month_cuts on commit drop as
    with input as (
        select p.month, p.recency_days, p.trailing_revenue_units
        from refresh_month_figures as p
        union all
        select f.month, f.recency_days, mart.revenue_units(f.trailing_revenue)
        from refresh_month_stored as f
    ),
    sorted as (
        select
            i.month,
            count(*) as customers,
            array_agg(i.recency_days order by i.recency_days desc) as recencies,
            array_agg(i.trailing_revenue_units order by i.trailing_revenue_units) as revenues
        from input as i
        group by i.month
    ),
    unit_cuts as (
        select
            s.month,
            s.recencies[mart.rfm_quintile_start(2, s.customers)] as r2,
            s.recencies[mart.rfm_quintile_start(3, s.customers)] as r3,
            s.recencies[mart.rfm_quintile_start(4, s.customers)] as r4,
            s.recencies[mart.rfm_quintile_start(5, s.customers)] as r5,
            s.revenues[mart.rfm_quintile_start(2, s.customers)] as m2_units,
            s.revenues[mart.rfm_quintile_start(3, s.customers)] as m3_units,
            s.revenues[mart.rfm_quintile_start(4, s.customers)] as m4_units,
            s.revenues[mart.rfm_quintile_start(5, s.customers)] as m5_units,
            s.revenues[mart.value_tier_position(1::smallint, s.customers, cutoffs.top_share, cutoffs.high_share,
                cutoffs.medium_share)] as top_units,
            s.revenues[mart.value_tier_position(2::smallint, s.customers, cutoffs.top_share, cutoffs.high_share,
                cutoffs.medium_share)] as high_units,
            s.revenues[mart.value_tier_position(3::smallint, s.customers, cutoffs.top_share, cutoffs.high_share,
                cutoffs.medium_share)] as medium_units
        from sorted as s
    )
    select
        u.*,
        mart.revenue_of_units(u.m2_units) as m2,
        mart.revenue_of_units(u.m3_units) as m3,
        mart.revenue_of_units(u.m4_units) as m4,
        mart.revenue_of_units(u.m5_units) as m5,
        mart.revenue_of_units(u.top_units) as top,
        mart.revenue_of_units(u.high_units) as high,
        mart.revenue_of_units(u.medium_units) as medium
    from unit_cuts as u;

    -- Filling the empty snapshot, its indexes are built once afterwards
    -- (sorted) rather than grown row by row. Otherwise the figures come in
    -- customer order: both indexes then grow at a few places instead of at
    -- random ones.
    if was_empty then
        rebuild_indexes := mart.suspend_indexes('dw.fact_customer_month');
    end if;
    insert into dw.fact_customer_month
    select
        s.month, s.customer_id, s.revenue, s.margin, s.orders, s.trailing_revenue, s.trailing_orders,
        s.recency_days, s.r_score, s.f_score, s.m_score, mart.value_tier_name(s.tier_rank), s.tier_rank,
        s.orders > 0, s.first_order_month
    from (
        select
            p.*,
            mart.recency_score(p.recency_days, c.r2, c.r3, c.r4, c.r5) as r_score,
            mart.frequency_score(p.trailing_orders, band2, band3, band4, band5) as f_score,
            mart.revenue_score(p.trailing_revenue_units, c.m2_units, c.m3_units, c.m4_units, c.m5_units)
                as m_score,
            mart.revenue_tier(p.trailing_revenue_units, c.top_units, c.high_units, c.medium_units)
                as tier_rank
        from refresh_month_figures as p
        join refresh_month_cuts as c using (month)
        -- The tier once per row, not again for its name.
        offset 0
    ) as s;
    get diagnostics rebuilt = row_count;
    if rebuild_indexes is not null then
        perform mart.restore_indexes(rebuild_indexes);
    end if;
    -- The rewritten table's statistics for the steps after this one (a
    -- rebuild analyzes at its end).
    if emptied then
        analyze dw.fact_customer_month;
    end if;
    -- The other customers of stored months: only the scores and tiers that
    -- moved, found in the copy read above and written by key.
    if cardinality(existing) > 0 then
        create temporary table refresh_month_moved on commit drop as
        select m.customer_id, m.month, m.r_score, m.m_score, m.tier_rank
        from (
            select
                s.customer_id, s.month, s.r_score as was_r, s.m_score as was_m, s.tier_rank as was_tier,
                mart.recency_score(s.recency_days, c.r2, c.r3, c.r4, c.r5) as r_score,
                mart.revenue_score(s.trailing_revenue, c.m2, c.m3, c.m4, c.m5) as m_score,
                mart.revenue_tier(s.trailing_revenue, c.top, c.high, c.medium) as tier_rank
            from refresh_month_stored as s
            join refresh_month_cuts as c using (month)
        ) as m
        where (m.was_r, m.was_m, m.was_tier) is distinct from (m.r_score, m.m_score, m.tier_rank);
        analyze refresh_month_moved;
        -- In a CTE of its own: a distributed engine joins its rows to the
        -- shards rather than ship the session's table.
        with moved as materialized (
            select customer_id, month, r_score, m_score, tier_rank from refresh_month_moved
        )
        update dw.fact_customer_month as f
        set r_score = m.r_score,
            m_score = m.m_score,
            value_tier = mart.value_tier_name(m.tier_rank),
            tier_rank = m.tier_rank
        from moved as m
        where f.customer_id = m.customer_id and f.month = m.month;
        get diagnostics n = row_count;
        rebuilt := rebuilt + n;
    end if;

    -- A changed customer's first order may have moved earlier (a late
    -- file): their rows of the months not rebuilt carry it too. The
    -- summary still holds the first orders before this refresh (a rebuild
    -- from an empty snapshot has no other rows).
    -- The session's own tables first, in a CTE of their own: a distributed
    -- engine joins its result to the shards rather than ship the tables.
    create temporary table refresh_first_orders on commit drop as
    with changed as materialized (
        select distinct r.customer_id, r.first_order_month
        from refresh_month_figures as r
        join refresh_customers as c using (customer_id)
        where not was_empty
    )
    select c.customer_id, c.first_order_month
    from changed as c
    left join mart.customer_summary as s using (customer_id)
    where c.first_order_month is distinct from date_trunc('month', s.first_order_on)::date;
    -- Usually new customers only: probe their rows by index.
    analyze refresh_first_orders;
    update dw.fact_customer_month as f
    set first_order_month = n.first_order_month
    from refresh_first_orders as n
    where f.customer_id = n.customer_id and f.first_order_month <> n.first_order_month;
    return rebuilt;
end
$$;
comment on function mart.refresh_customer_month(date[]) is 'Rebuilds the snapshot rows of the given months from mart.customer_day: months not yet in the snapshot for every customer, the others for the customers in the temporary table refresh_customers (the rest re-ranked); returns the rows written.';

-- Drops the indexes (and the constraints they carry) of a table this
-- session owns, returning the statements that build them again; null,
-- dropping nothing, when the table is not ours, is distributed (its
-- shards keep their indexes) or another table's key references it.
create or replace function mart.suspend_indexes(relation regclass) returns text[]
language plpgsql as $$
declare
    distributed boolean := false;
    statements text[];
    index record;
begin
    if not exists (
        select 1 from pg_class as c
        where c.oid = relation and pg_has_role(current_user, c.relowner, 'USAGE')
    ) or exists (select 1 from pg_constraint as k where k.confrelid = relation) then
        return null;
    end if;
    if to_regclass('pg_catalog.pg_dist_partition') is not null then
        execute 'select exists (select 1 from pg_catalog.pg_dist_partition where logicalrelid = $1)'
            into distributed using relation;
    end if;
    if distributed then
        return null;
    end if;
    statements := '{}';
    for index in
        select i.indexrelid::regclass as name, k.conname, pg_get_constraintdef(k.oid) as constraint_definition,
            pg_get_indexdef(i.indexrelid) as index_definition
        from pg_index as i
        left join pg_constraint as k on k.conrelid = relation and k.conindid = i.indexrelid
        where i.indrelid = relation
        order by i.indexrelid
    loop
        if index.conname is not null then
            statements := statements || format('alter table %s add constraint %I %s',
                relation, index.conname, index.constraint_definition);
            execute format('alter table %s drop constraint %I', relation, index.conname);
        else
            statements := statements || index.index_definition;
            execute format('drop index %s', index.name);
        end if;
    end loop;
    return statements;
end
$$;
comment on function mart.suspend_indexes(regclass) is 'Drops the indexes and index-backed constraints of a table the session owns (not a distributed one, none referenced by a foreign key) and returns the statements that rebuild them (mart.restore_indexes); null when it leaves them.';

create or replace function mart.restore_indexes(statements text[]) returns void
language plpgsql as $$
declare
    statement text;
begin
    foreach statement in array statements loop
        execute statement;
    end loop;
end
$$;
comment on function mart.restore_indexes(text[]) is 'Runs the statements mart.suspend_indexes returned.';

-- Writes the temporary table refresh_month_figures: the snapshot figures
-- (revenue, margin, orders of the month; trailing 12-month revenue and
-- orders; recency; first order month) of the fresh months for every
-- customer with an order in the trailing window, and of the existing
-- months for the changed customers.
--
-- Each customer's month with sales lines is an event at that month and
-- its reverse 12 months later, when it leaves the trailing window: running
-- sums over a customer's events are the trailing figures, constant until
-- the next event, and each event spans the months up to the next one. Each
-- customer day is read once and sorted with its month's others, the
-- months between events are generated in order, and nothing is joined
-- month by month.
create or replace function mart.write_customer_month_figures(
    fresh date[], existing date[], changed text[], was_empty boolean
) returns void
language plpgsql
-- Sorted, the customer months come out in the order their windows need,
-- where hashing them keeps every month's numeric sums in memory at once.
set enable_hashagg = off
as $$
declare
    first_day date;
    everyone text := 'probe';
    parts integer;
begin
    -- Everyone: from the days themselves when they reach back to the first
    -- one; else, in a rebuild, probed per customer; else the summary
    -- (first orders before this refresh) for the unchanged customers.
    if cardinality(fresh) > 0 then
        select min(d.ordered_on) into first_day from mart.customer_day as d;
        everyone := case
            when (select min(m) from unnest(fresh) as u(m)) - interval '11 months' <= first_day then 'days'
            when was_empty then 'probe'
            else 'summary'
        end;
    end if;
    -- Every customer's figures of fresh months: on a single server, parts
    -- of the customers computed side by side by parallel workers (a
    -- temporary table's statement runs them; an insert's would not).
    parts := case
        when cardinality(fresh) > 0 and not mart.is_distributed('mart.customer_day')
        then current_setting('max_parallel_workers_per_gather')::integer
        else 0
    end;
    if parts >= 2 then
        execute 'create temporary table refresh_month_figures on commit drop as '
            || mart.parallel_parts_query(format('mart.customer_month_figures_part(%L, $1, $2, ', everyone), parts)
            using fresh, changed;
    else
        execute format('create temporary table refresh_month_figures on commit drop as %s',
            mart.customer_month_figures_query(everyone, false))
            using fresh, changed;
    end if;
    if cardinality(existing) > 0 and cardinality(changed) > 0 then
        execute format('create temporary table refresh_month_figures_changed on commit drop as %s',
            mart.customer_month_figures_query('probe', true))
            using existing, changed;
        insert into refresh_month_figures select * from refresh_month_figures_changed;
    end if;
end
$$;
comment on function mart.write_customer_month_figures(date[], date[], text[], boolean) is 'Writes the temporary table refresh_month_figures: snapshot figures of the fresh months for every customer with an order in the trailing window and of the existing months for the changed customers.';

-- (Dropped first: its columns grew the revenue in units.)
drop function if exists mart.customer_month_figures_part(text, date[], text[], integer, integer);
-- One part of the customers' figures of the months (the customers whose
-- id hashes to part modulo parts). Parallel safe, and costed as the heavy
-- reader it is, so the parts of one statement go to parallel workers.
create or replace function mart.customer_month_figures_part(
    first_orders text, months date[], changed text[], part integer, parts integer
) returns table (
    month date,
    customer_id text,
    revenue numeric,
    margin numeric,
    orders integer,
    trailing_revenue numeric,
    trailing_orders integer,
    recency_days integer,
    first_order_month date,
    trailing_revenue_units bigint
)
language plpgsql stable parallel safe cost 1000000000 rows 1000000
set enable_hashagg = off
as $$
begin
    return query execute mart.customer_month_figures_query(first_orders, false, true)
        using months, changed, part, parts;
end
$$;
comment on function mart.customer_month_figures_part(text, date[], text[], integer, integer) is 'The snapshot figures of the months for the customers whose id hashes to part modulo parts (mart.customer_month_figures_query), for parallel workers.';

create or replace function mart.is_distributed(relation regclass) returns boolean
language plpgsql stable as $$
declare
    distributed boolean := false;
begin
    if to_regclass('pg_catalog.pg_dist_partition') is not null then
        execute 'select exists (select 1 from pg_catalog.pg_dist_partition where logicalrelid = $1)'
            into distributed using relation;
    end if;
    return distributed;
end
$$;
comment on function mart.is_distributed(regclass) is 'Whether a distributed engine (Citus) distributes the table.';

-- The query of the figures of the months $1 (everyone, or the customers
-- $2 when changed_only), with each customer's first order month from the
-- days in reach (first_orders 'days'), from mart.customer_day per
-- customer ('probe') or from mart.customer_summary for the customers not
-- in $2 ('summary'). null: no rows.
drop function if exists mart.customer_month_figures_query(text, boolean);
create or replace function mart.customer_month_figures_query(
    first_orders text, changed_only boolean, in_part boolean default false
)
returns text
language sql immutable as $$
    select format($sql$
    with bounds as materialized (
        select
            (min(m) - interval '11 months')::date as first_day,
            (max(m) + interval '1 month')::date as end_day,
            min(m) as first_month,
            max(m) as last_month
        from unnest($1::date[]) as u(m)
    ),
    days as (
        select d.customer_id, d.ordered_on, d.revenue, d.margin, d.orders
        from mart.customer_day as d
        cross join bounds as b
        where d.ordered_on >= b.first_day and d.ordered_on < b.end_day and d.customer_id <> 'unknown'
            and %s
    ),
    active as (
        select
            d.customer_id,
            date_trunc('month', d.ordered_on)::date as month,
            sum(d.revenue) as revenue,
            sum(d.margin) as margin,
            sum(d.orders)::integer as orders,
            max(d.ordered_on) filter (where d.orders > 0) as last_order_on
        from days as d
        group by 1, 2
    ),
    -- A month enters the trailing window with its figures and leaves it
    -- 12 months later; within a month what leaves comes first.
    -- Both events of a month come from one read of it, so they stay in
    -- customer order and only each customer's events are sorted.
    events as (
        select
            a.customer_id,
            case when k.enters then a.month else (a.month + interval '12 months')::date end as month,
            k.enters,
            case when k.enters then a.revenue else 0 end as revenue,
            case when k.enters then a.margin else 0 end as margin,
            case when k.enters then a.orders else 0 end as orders,
            case when k.enters then a.last_order_on end as last_order_on,
            case when k.enters then a.revenue else -a.revenue end as revenue_change,
            case when k.enters then a.orders else -a.orders end as orders_change
        from active as a
        cross join (values (true), (false)) as k(enters)
    ),
    running as (
        select
            e.customer_id,
            e.month,
            e.revenue,
            e.margin,
            e.orders,
            sum(e.revenue_change) over so_far as trailing_revenue,
            sum(e.orders_change) over so_far as trailing_orders,
            -- Running, not trailing: a kept row has an order in its window,
            -- so the latest order so far lies within it.
            max(e.last_order_on) over so_far as last_order_on,
            min(e.month) filter (where e.orders > 0) over so_far as first_order_month,
            lead(e.month) over so_far as next_month
        from events as e
        window so_far as (partition by e.customer_id order by e.month, e.enters rows unbounded preceding)
    ),
    -- The last event of a month holds the figures until the next event.
    spans as (
        select
            r.*,
            generate_series(
                greatest(r.month, b.first_month)::timestamp,
                least((r.next_month - interval '1 month')::date, b.last_month)::timestamp,
                interval '1 month')::date as kept_month
        from running as r
        cross join bounds as b
        where r.trailing_orders > 0 and r.next_month is distinct from r.month
    ),
    kept as (
        select
            s.kept_month as month,
            s.customer_id,
            case when s.kept_month = s.month then s.revenue else 0 end as revenue,
            case when s.kept_month = s.month then s.margin else 0 end as margin,
            case when s.kept_month = s.month then s.orders else 0 end as orders,
            s.trailing_revenue,
            s.trailing_orders,
            s.last_order_on,
            s.first_order_month
        from spans as s
        where s.kept_month = any ($1)
    ),
    first_orders as materialized (%s)
    select
        k.month,
        k.customer_id,
        k.revenue::numeric(18, 4) as revenue,
        k.margin::numeric(18, 4) as margin,
        k.orders::integer as orders,
        k.trailing_revenue::numeric(18, 4) as trailing_revenue,
        k.trailing_orders::integer as trailing_orders,
        ((k.month + interval '1 month')::date - 1 - k.last_order_on)::integer as recency_days,
        %s as first_order_month,
        mart.revenue_units(k.trailing_revenue::numeric(18, 4)) as trailing_revenue_units
    from kept as k
    %s
    $sql$,
    case
        when changed_only then 'd.customer_id = any ($2)'
        -- Part $3 of $4 of the customers (mart.customer_month_figures_part).
        when in_part then '(hashtext(d.customer_id) & 2147483647) % $4 = $3'
        else 'true'
    end,
    case first_orders
        -- The days reach back to the first: the running minimum.
        when 'days' then 'select null::text as customer_id'
        when 'probe' then $q$
            select d.customer_id, date_trunc('month', min(d.ordered_on))::date as first_order_month
            from (select distinct a.customer_id from active as a) as c
            join mart.customer_day as d on d.customer_id = c.customer_id and d.orders > 0
            group by d.customer_id
        $q$
        when 'summary' then $q$
            select s.customer_id, date_trunc('month', s.first_order_on)::date as first_order_month
            from mart.customer_summary as s
            where s.first_order_on is not null and s.customer_id <> all ($2)
            union all
            select d.customer_id, date_trunc('month', min(d.ordered_on))::date
            from mart.customer_day as d
            where d.customer_id = any ($2) and d.orders > 0
            group by d.customer_id
        $q$
    end,
    case when first_orders = 'days' then 'k.first_order_month' else 'f.first_order_month' end,
    case when first_orders = 'days' then '' else 'join first_orders as f using (customer_id)' end)
$$;
comment on function mart.customer_month_figures_query(text, boolean, boolean) is 'The query of the snapshot figures of the months $1 for every customer with an order in the trailing window (or the customers $2, or with in_part the part $3 of $4 of them by hash), the first order month taken from the days in reach, per customer from mart.customer_day, or from mart.customer_summary.';

-- Scores and tiers from cuts: the values at the positions where they
-- change among the customers' values sorted (recencies most recent first,
-- revenues lowest first). Score k starts where mart.rfm_quintile_start(k,
-- customers) customers come before (rank() - 1 is at least that exactly
-- when the value is beyond the one at that position); a tier's cut is the
-- revenue at its last rank() (null: no customer reaches it). Scalar cuts,
-- not arrays: compared for every customer month, subscripts cost more
-- than the comparisons.
drop function if exists mart.recency_quintile(integer, integer[]);
drop function if exists mart.revenue_quintile(numeric, numeric[]);
drop function if exists mart.revenue_tier(numeric, numeric[]);
drop function if exists mart.value_tier_cuts(numeric[], bigint, numeric, numeric, numeric);
drop function if exists mart.revenue_at_rank(numeric[], bigint, bigint);

create or replace function mart.recency_score(
    recency_days integer, cut2 integer, cut3 integer, cut4 integer, cut5 integer
) returns smallint
language sql immutable parallel safe as $$
    select (1 + coalesce((recency_days < cut2)::integer, 0) + coalesce((recency_days < cut3)::integer, 0)
        + coalesce((recency_days < cut4)::integer, 0) + coalesce((recency_days < cut5)::integer, 0))::smallint
$$;
comment on function mart.recency_score(integer, integer, integer, integer, integer) is 'R score (1..5) of a recency: 1 + the cuts it lies below, where cut k is the recency at position mart.rfm_quintile_start(k, customers) among the customers'' recencies sorted descending.';

-- Revenues and cuts as numerics, or as integers of their smallest unit
-- (mart.revenue_units): one definition, inlined for either type.
drop function if exists mart.revenue_score(numeric, numeric, numeric, numeric, numeric);
create or replace function mart.revenue_score(
    revenue anycompatible, cut2 anycompatible, cut3 anycompatible, cut4 anycompatible, cut5 anycompatible
) returns smallint
language sql immutable parallel safe as $$
    select (1 + coalesce((revenue > cut2)::integer, 0) + coalesce((revenue > cut3)::integer, 0)
        + coalesce((revenue > cut4)::integer, 0) + coalesce((revenue > cut5)::integer, 0))::smallint
$$;
comment on function mart.revenue_score(anycompatible, anycompatible, anycompatible, anycompatible, anycompatible) is 'M score (1..5) of a revenue: 1 + the cuts it lies above, where cut k is the revenue at position mart.rfm_quintile_start(k, customers) among the customers'' revenues sorted ascending (numerics, or units of mart.revenue_units).';

drop function if exists mart.revenue_tier(numeric, numeric, numeric, numeric);
create or replace function mart.revenue_tier(
    revenue anycompatible, top anycompatible, high anycompatible, medium anycompatible
) returns smallint
language sql immutable parallel safe as $$
    select case
        when revenue >= top then 1
        when revenue >= high then 2
        when revenue >= medium then 3
        else 4
    end::smallint
$$;
comment on function mart.revenue_tier(anycompatible, anycompatible, anycompatible, anycompatible) is 'Tier rank (1 top … 4 low) of a trailing revenue: the first tier whose cut it reaches, where a cut is the revenue at the tier''s last rank() (mart.value_tier_position; null: the tier is empty); numerics, or units of mart.revenue_units.';

-- Revenues as integers of their smallest unit (numeric(18, 4): 10^-4),
-- exact in a bigint: they sort and compare several times faster than
-- numerics, which is what ranking millions of customer months does.
create or replace function mart.revenue_units(revenue numeric) returns bigint
language sql immutable parallel safe as $$
    select (revenue * 10000)::bigint
$$;
comment on function mart.revenue_units(numeric) is 'A numeric(18, 4) revenue in units of 10^-4 (exact): the integer the snapshot''s ranks sort and compare.';

create or replace function mart.revenue_of_units(units bigint) returns numeric
language sql immutable parallel safe as $$
    select (units::numeric / 10000)::numeric(18, 4)
$$;
comment on function mart.revenue_of_units(bigint) is 'The numeric(18, 4) revenue of a count of 10^-4 units (mart.revenue_units).';

create or replace function mart.frequency_score(orders integer, band2 integer, band3 integer, band4 integer, band5 integer)
returns smallint
language sql immutable parallel safe as $$
    select (1 + (orders >= band2)::integer + (orders >= band3)::integer
        + (orders >= band4)::integer + (orders >= band5)::integer)::smallint
$$;
comment on function mart.frequency_score(integer, integer, integer, integer, integer) is 'F score (1..5) of an order count against the lowest counts of scores 2..5 (mart.rfm_bands): mart.rfm_frequency_score with the bands apart.';

-- The greatest rank() within tier (or a better one) among customers: a
-- customer is in it or better exactly when at most that many minus one
-- customers have more revenue (mart.value_tier_rank).
create or replace function mart.value_tier_last_rank(
    tier smallint, customers bigint, top_share numeric, high_share numeric, medium_share numeric
) returns bigint
language sql immutable parallel safe as $$
    select greatest(
        ceil(customers * top_share),
        case when tier >= 2 then ceil(customers * high_share) end,
        case when tier >= 3 then ceil(customers * medium_share) end)::bigint
$$;
comment on function mart.value_tier_last_rank(smallint, bigint, numeric, numeric, numeric) is 'The greatest rank() by revenue descending that mart.value_tier_rank puts in tier (1 top, 2 high, 3 medium) or a better one, among customers.';

-- Where a tier's cut sits among customers' revenues sorted ascending: its
-- last rank() counted from the top (the lowest revenue when that rank
-- exceeds the customers; null when it is below 1, an empty tier).
create or replace function mart.value_tier_position(
    tier smallint, customers bigint, top_share numeric, high_share numeric, medium_share numeric
) returns bigint
language sql immutable parallel safe as $$
    select case
        when mart.value_tier_last_rank(tier, customers, top_share, high_share, medium_share) >= 1
        then greatest(1, customers - mart.value_tier_last_rank(tier, customers, top_share, high_share, medium_share) + 1)
    end
$$;
comment on function mart.value_tier_position(smallint, bigint, numeric, numeric, numeric) is 'Position, among customers'' revenues sorted ascending, of the revenue at the last rank() of tier (1 top, 2 high, 3 medium): the cut mart.revenue_tier reads (null: the tier is empty).';

create or replace function mart.value_tier_rank(
    revenue_rank bigint, customers bigint, top_share numeric, high_share numeric, medium_share numeric
) returns smallint
language sql immutable parallel safe as $$
    select case
        when revenue_rank <= ceil(customers * top_share) then 1
        when revenue_rank <= ceil(customers * high_share) then 2
        when revenue_rank <= ceil(customers * medium_share) then 3
        else 4
    end::smallint
$$;
comment on function mart.value_tier_rank(bigint, bigint, numeric, numeric, numeric) is 'Tier (1 top … 4 low) of the customer ranked revenue_rank (rank(): ties share a rank, so ties at a cut-off all take the higher tier) among customers, with cumulative shares per tier.';

create or replace view mart.tier_cutoffs as
select
    mart.setting('tier_top_share') as top_share,
    mart.setting('tier_high_share') as high_share,
    mart.setting('tier_medium_share') as medium_share;
comment on view mart.tier_cutoffs is 'The cumulative customer shares of the top, high and medium tiers from mart.settings.';
comment on column mart.tier_cutoffs.top_share is 'Share of customers in the top tier.';
comment on column mart.tier_cutoffs.high_share is 'Share in the top and high tiers.';
comment on column mart.tier_cutoffs.medium_share is 'Share in the top, high and medium tiers.';

create or replace function mart.value_tier_name(tier_rank smallint) returns text
language sql immutable parallel safe as $$
    select (array['top', 'high', 'medium', 'low', 'lapsed'])[tier_rank]
$$;
comment on function mart.value_tier_name(smallint) is 'Name of a tier rank: top, high, medium, low, or lapsed (5: no order in the trailing 12 months).';
