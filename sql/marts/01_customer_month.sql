-- The monthly customer snapshot dw.fact_customer_month. A month's rows
-- depend on the 12 months ending with it (trailing revenue, tiers, scores
-- ranked within the month), so new sales in month m rebuild months
-- m .. m + 11 and nothing else.
create or replace function mart.refresh_customer_month(months date[]) returns integer
language plpgsql as $$
declare
    rebuilt bigint;
    cutoffs record;
    bands record;
    fresh date[];
    existing date[];
    n bigint;
    probe_month date;
    was_empty boolean := not exists (select 1 from dw.fact_customer_month);
begin
    -- Read once: as a joined view the settings lookups would run per row.
    select * into cutoffs from mart.tier_cutoffs;
    select * into bands from mart.rfm_bands;
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

    create temporary table refresh_month_figures on commit drop as
    select * from mart.customer_month_figures(fresh, false)
    union all
    select * from mart.customer_month_figures(existing, true);

    -- The months' scores and tiers: the recomputed figures (changed
    -- customers in stored months, everyone in new months) ranked with the
    -- stored rows of the others, which keep their figures and carry their
    -- old scores and tier to compare with. Only the ranking keys are
    -- sorted (each rank is a sort of the months' rows). Kept: changed
    -- customers' rows and moved scores.
    create temporary table refresh_month_scores on commit drop as
    with input as (
        select p.month, p.customer_id, p.recency_days, p.trailing_orders, p.trailing_revenue,
            true as is_changed,
            null::smallint as old_r, null::smallint as old_f, null::smallint as old_m, null::smallint as old_tier
        from refresh_month_figures as p
        union all
        select f.month, f.customer_id, f.recency_days, f.trailing_orders, f.trailing_revenue,
            false,
            f.r_score, f.f_score, f.m_score, f.tier_rank
        from dw.fact_customer_month as f
        where f.month = any (existing)
            and f.customer_id not in (select c.customer_id from refresh_customers as c)
    ),
    ranked as (
        select
            p.*,
            -- Equal values share a score (sql/marts/00_rfm_scoring.sql).
            mart.rfm_quintile(
                rank() over (partition by p.month order by p.recency_days desc) - 1,
                count(*) over (partition by p.month)) as r_score,
            mart.rfm_frequency_score(p.trailing_orders, bands.frequency_bands) as f_score,
            mart.rfm_quintile(
                rank() over (partition by p.month order by p.trailing_revenue) - 1,
                count(*) over (partition by p.month)) as m_score,
            -- rank() by revenue descending, from the ascending sort M
            -- needs: 1 + customers with more revenue.
            count(*) over (partition by p.month) + 1
                - count(*) over (partition by p.month order by p.trailing_revenue) as revenue_rank,
            count(*) over (partition by p.month) as customers
        from input as p
    ),
    tiered as (
        select
            r.*,
            mart.value_tier_rank(r.revenue_rank, r.customers, cutoffs.top_share, cutoffs.high_share,
                cutoffs.medium_share) as tier_rank
        from ranked as r
    )
    select
        month,
        customer_id,
        r_score::smallint as r_score,
        f_score::smallint as f_score,
        m_score::smallint as m_score,
        tier_rank,
        is_changed
    from tiered
    where is_changed or (r_score, f_score, m_score, tier_rank) is distinct from (old_r, old_f, old_m, old_tier);

    analyze refresh_month_figures;
    analyze refresh_month_scores;
    if cardinality(existing) > 0 then
        delete from dw.fact_customer_month as f
        using refresh_customers as c
        where f.customer_id = c.customer_id and f.month = any (existing);
    end if;
    -- Hashed scores against the figures as stored, which come in
    -- customer order from their window: both indexes of the snapshot then
    -- grow at a few places instead of at random ones.
    insert into dw.fact_customer_month
    select
        p.month, p.customer_id, p.revenue, p.margin, p.orders, p.trailing_revenue, p.trailing_orders,
        p.recency_days, s.r_score, s.f_score, s.m_score, mart.value_tier_name(s.tier_rank), s.tier_rank,
        p.orders > 0, p.first_order_month
    from refresh_month_figures as p
    join refresh_month_scores as s using (month, customer_id);
    get diagnostics rebuilt = row_count;
    if cardinality(existing) > 0 then
        update dw.fact_customer_month as f
        set r_score = s.r_score, f_score = s.f_score, m_score = s.m_score,
            value_tier = mart.value_tier_name(s.tier_rank), tier_rank = s.tier_rank
        from refresh_month_scores as s
        where not s.is_changed and f.month = s.month and f.customer_id = s.customer_id;
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

-- A customer's figures in a month need the 12 months ending with it. Per
-- customer, the months from the first day in reach to 11 months after the
-- last order form a gap-free series, so trailing sums are window frames of
-- 12 rows: each customer day is read once, where a join of every month
-- with its 12-month span of days would read it 12 times.
create or replace function mart.customer_month_figures(months date[], changed_only boolean)
returns table (
    month date,
    customer_id text,
    revenue numeric(18, 4),
    margin numeric(18, 4),
    orders integer,
    trailing_revenue numeric(18, 4),
    trailing_orders integer,
    recency_days integer,
    first_order_month date
)
language plpgsql as $$
declare
    first_month date := (select min(m) from unnest(months) as u(m));
    last_month date := (select max(m) from unnest(months) as u(m));
    days text;
    customers text[];
begin
    if first_month is null then
        return;
    end if;
    if changed_only then
        -- The changed customers' days by primary key, their ids an array
        -- rather than a join: index probes here, and Citus plans no
        -- lateral subquery over a temporary table.
        customers := array(select c.customer_id from refresh_customers as c where c.customer_id <> 'unknown');
        days := $sql$
            select d.customer_id, d.ordered_on, d.revenue, d.margin, d.orders
            from mart.customer_day as d
            where d.customer_id = any ($5) and d.ordered_on >= $1 and d.ordered_on < $2
        $sql$;
    else
        days := $sql$
            select d.customer_id, d.ordered_on, d.revenue, d.margin, d.orders
            from mart.customer_day as d
            where d.ordered_on >= $1 and d.ordered_on < $2 and d.customer_id <> 'unknown'
        $sql$;
    end if;
    return query execute format($sql$
    with days as (%s),
    customer_months as (
        select
            d.customer_id,
            date_trunc('month', d.ordered_on)::date as month,
            sum(d.revenue) as revenue,
            sum(d.margin) as margin,
            sum(d.orders) as orders,
            max(d.ordered_on) filter (where d.orders > 0) as last_order_on
        from days as d
        group by 1, 2
    ),
    spans as (
        select
            m.customer_id,
            min(m.month) as first_month,
            least(max(m.month) filter (where m.orders > 0) + interval '11 months', $4)::date as last_month
        from customer_months as m
        group by m.customer_id
        having max(m.month) filter (where m.orders > 0) is not null
    ),
    series as (
        select s.customer_id, g::date as month
        from spans as s
        cross join lateral generate_series(s.first_month, s.last_month, interval '1 month') as g
    ),
    windowed as (
        select
            g.month,
            g.customer_id,
            coalesce(m.revenue, 0) as revenue,
            coalesce(m.margin, 0) as margin,
            coalesce(m.orders, 0) as orders,
            sum(m.revenue) over last_12 as trailing_revenue,
            coalesce(sum(m.orders) over last_12, 0) as trailing_orders,
            -- Running, not trailing: a kept row has an order in its window,
            -- so the latest order so far lies within it.
            max(m.last_order_on) over (partition by g.customer_id order by g.month rows unbounded preceding)
                as last_order_on
        from series as g
        left join customer_months as m using (customer_id, month)
        window last_12 as (partition by g.customer_id order by g.month rows between 11 preceding and current row)
    ),
    kept as (
        select w.*
        from windowed as w
        where w.trailing_orders > 0 and w.month = any ($3)
    ),
    -- Each customer's first day with an order, which may lie before the
    -- days in reach (a join, not a correlated subquery: Citus plans none
    -- beside a CTE).
    first_orders as materialized (
        select s.customer_id, date_trunc('month', min(d.ordered_on))::date as first_order_month
        from spans as s
        left join mart.customer_day as d on d.customer_id = s.customer_id and d.orders > 0
        group by s.customer_id
    )
    select
        k.month,
        k.customer_id,
        k.revenue::numeric(18, 4),
        k.margin::numeric(18, 4),
        k.orders::integer,
        k.trailing_revenue::numeric(18, 4),
        k.trailing_orders::integer,
        ((k.month + interval '1 month')::date - 1 - k.last_order_on)::integer,
        f.first_order_month
    from kept as k
    join first_orders as f using (customer_id)
    $sql$, days)
    using (first_month - interval '11 months')::date, (last_month + interval '1 month')::date, months, last_month,
        customers;
end
$$;
comment on function mart.customer_month_figures(date[], boolean) is 'Snapshot figures (revenue, margin, orders of the month; trailing 12-month revenue and orders; recency; first order month) of the given months for every customer with an order in the trailing window, or (changed_only) for the customers in the temporary table refresh_customers.';

create or replace function mart.value_tier_rank(
    revenue_rank bigint, customers bigint, top_share numeric, high_share numeric, medium_share numeric
) returns smallint
language sql immutable as $$
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
language sql immutable as $$
    select (array['top', 'high', 'medium', 'low', 'lapsed'])[tier_rank]
$$;
comment on function mart.value_tier_name(smallint) is 'Name of a tier rank: top, high, medium, low, or lapsed (5: no order in the trailing 12 months).';
