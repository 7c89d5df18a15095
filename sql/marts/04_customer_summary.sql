-- The per-customer summary at the latest data and the stored customer
-- value and RFM marts ranked from it. A nightly refresh re-aggregates only
-- the customers whose days changed (the temporary table refresh_customers)
-- and those whose trailing 12 months lost a day as the as-of date moved;
-- quintiles and tiers rank every customer, so the whole summary is ranked
-- (one narrow table, not the customer days), and only the rows whose tier
-- or scores moved are written.
create or replace function mart.refresh_customer_summary(rebuild boolean, previous_as_of date) returns void
language plpgsql as $$
declare
    as_of date := mart.default_as_of();
    customers text[];
    parts integer;
begin
    if rebuild or previous_as_of is null or as_of < previous_as_of then
        -- Ranked before it is stored: updating every row's scores would
        -- leave the table half dead rows for the next refresh to read.
        -- On a single server, parts of the customers side by side in
        -- parallel workers (a temporary table's statement runs them).
        parts := case
            when mart.is_distributed('mart.customer_day') then 1
            else greatest(1, current_setting('max_parallel_workers_per_gather')::integer)
        end;
        execute 'create temporary table refresh_summary_all on commit drop as '
            || mart.parallel_parts_query('mart.customer_summary_of($1, null, ', parts)
            using as_of;
        truncate mart.customer_summary;
        insert into mart.customer_summary
        select
            s.customer_id, s.first_order_on, s.last_order_on, s.orders, s.revenue, s.margin,
            s.trailing_revenue, s.trailing_orders, s.months, s.month_orders, s.month_revenue,
            r.r_score, r.f_score, r.m_score, r.segment, r.value_tier, r.tier_rank
        from refresh_summary_all as s
        left join mart.customer_summary_ranks('refresh_summary_all') as r using (customer_id)
        order by s.customer_id;
        -- Ranked as written: mart.refresh_customer_current has nothing to
        -- change in this transaction.
        perform set_config('mart.summary_ranked', 'true', true);
    else
        perform set_config('mart.summary_ranked', 'false', true);
        drop table if exists refresh_summary_customers, refresh_summary_fresh, refresh_summary_ranks;
        create temporary table refresh_summary_customers on commit drop as
        select customer_id from refresh_customers
        union
        select d.customer_id
        from mart.customer_day as d
        where d.ordered_on >= previous_as_of + 1 - interval '12 months'
            and d.ordered_on < as_of + 1 - interval '12 months'
            and d.customer_id <> 'unknown';
        -- A variable, not a subquery, as the argument: the function's
        -- query is then planned with these customers' ids.
        customers := array(select customer_id from refresh_summary_customers);
        if mart.is_distributed('mart.customer_summary') then
            delete from mart.customer_summary as s
            using refresh_summary_customers as c
            where s.customer_id = c.customer_id;
            insert into mart.customer_summary
            select * from mart.customer_summary_of(as_of, customers);
        else
            -- The new rows are ranked with the others' stored rows before
            -- they are written, so each is written once, with its scores;
            -- mart.refresh_customer_current then takes the same ranks and
            -- rewrites only the other rows whose scores moved.
            create temporary table refresh_summary_fresh on commit drop as
            select * from mart.customer_summary_of(as_of, customers);
            delete from mart.customer_summary as s
            using refresh_summary_customers as c
            where s.customer_id = c.customer_id;
            create temporary table refresh_summary_ranks on commit drop as
            select * from mart.customer_summary_ranks(
                '(select customer_id, last_order_on, orders, revenue, trailing_revenue, trailing_orders'
                || ' from mart.customer_summary'
                || ' union all select customer_id, last_order_on, orders, revenue, trailing_revenue, trailing_orders'
                || ' from refresh_summary_fresh)');
            analyze refresh_summary_ranks;
            insert into mart.customer_summary
            select
                s.customer_id, s.first_order_on, s.last_order_on, s.orders, s.revenue, s.margin,
                s.trailing_revenue, s.trailing_orders, s.months, s.month_orders, s.month_revenue,
                r.r_score, r.f_score, r.m_score, r.segment, r.value_tier, r.tier_rank
            from refresh_summary_fresh as s
            left join refresh_summary_ranks as r using (customer_id)
            order by s.customer_id;
            perform set_config('mart.summary_ranked', 'ranks', true);
        end if;
    end if;
end
$$;
comment on function mart.refresh_customer_summary(boolean, date) is 'Brings mart.customer_summary to the latest data: everyone on a full refresh (or when the as-of date went back), else the customers of refresh_customers and those whose trailing window lost days since previous_as_of.';

-- part of parts: the customers whose id hashes to part modulo parts (all
-- of them with parts 1). Parallel safe, and costed as the heavy reader it
-- is, so the parts of one statement go to parallel workers.
drop function if exists mart.customer_summary_of(date, text[]);
create or replace function mart.customer_summary_of(
    as_of date, customers text[], part integer default 0, parts integer default 1
)
returns setof mart.customer_summary
language plpgsql stable parallel safe cost 1000000000 rows 200000
-- Sorted by customer and month, the months come out in the order the
-- customer's arrays need; hashed, every month's numeric sums would sit in
-- memory at once (and partial sums of numerics cost more to gather than
-- they save).
set enable_hashagg = off
set max_parallel_workers_per_gather = 0
as $$
#variable_conflict use_column
begin
    return query
    -- customers null: everyone (a one-time filter picks the branch).
    with days as (
        select d.*
        from mart.customer_day as d
        where customers is null and d.customer_id <> 'unknown' and d.ordered_on <= as_of
            and (parts = 1 or (hashtext(d.customer_id) & 2147483647) % parts = part)
        union all
        select d.*
        from unnest(customers) as c(customer_id)
        join mart.customer_day as d using (customer_id)
        where customers is not null and d.customer_id <> 'unknown' and d.ordered_on <= as_of
    ),
    months as (
        select
            customer_id,
            date_trunc('month', ordered_on)::date as month,
            min(ordered_on) filter (where orders > 0) as first_order_on,
            max(ordered_on) filter (where orders > 0) as last_order_on,
            sum(orders) as orders,
            sum(revenue) as revenue,
            sum(margin) as margin,
            sum(revenue) filter (where ordered_on >= as_of + 1 - interval '12 months') as trailing_revenue,
            sum(orders) filter (where ordered_on >= as_of + 1 - interval '12 months') as trailing_orders
        from days
        group by customer_id, date_trunc('month', ordered_on)
    )
    select
        customer_id,
        min(first_order_on),
        max(last_order_on),
        sum(orders)::integer,
        sum(revenue),
        sum(margin),
        coalesce(sum(trailing_revenue), 0),
        coalesce(sum(trailing_orders), 0)::integer,
        array_agg(month order by month),
        array_agg(orders::integer order by month),
        array_agg(revenue order by month),
        -- Scores and tier: ranked over every customer afterwards.
        null::smallint,
        null::smallint,
        null::smallint,
        null::text,
        null::text,
        null::smallint
    from months
    group by customer_id;
end
$$;
comment on function mart.customer_summary_of(date, text[], integer, integer) is 'mart.customer_summary rows as of a date for the given customers (null: every customer, or with parts > 1 those whose id hashes to part modulo parts).';

create or replace function mart.refresh_customer_current() returns void
language plpgsql as $$
begin
    if current_setting('mart.summary_ranked', true) = 'true' then
        return;
    end if;
    -- The ranks in a table counted before the join (with every customer in
    -- it, one pass over the summary rather than a probe per customer), and
    -- in a CTE of their own: a distributed engine ships them to the shards.
    -- A nightly refresh of the summary left them there ('ranks').
    if current_setting('mart.summary_ranked', true) is distinct from 'ranks' then
        drop table if exists refresh_summary_ranks;
        create temporary table refresh_summary_ranks on commit drop as
        select * from mart.customer_summary_ranks('mart.customer_summary');
        analyze refresh_summary_ranks;
    end if;
    with ranked as materialized (
        select * from refresh_summary_ranks
    )
    update mart.customer_summary as s
    set r_score = r.r_score, f_score = r.f_score, m_score = r.m_score, segment = r.segment,
        value_tier = r.value_tier, tier_rank = r.tier_rank
    from ranked as r
    where r.customer_id = s.customer_id
        -- the segment too: a new customer stops being new as the as-of date moves
        and (s.r_score, s.f_score, s.m_score, s.segment, s.tier_rank)
            is distinct from (r.r_score, r.f_score, r.m_score, r.segment, r.tier_rank);
    -- Used once: a later call ranks the summary as it then is.
    perform set_config('mart.summary_ranked', 'false', true);
end
$$;
comment on function mart.refresh_customer_current() is 'Ranks mart.customer_summary into RFM scores and value tiers and writes the rows whose scores or tier moved.';
