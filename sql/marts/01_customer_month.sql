-- The monthly customer snapshot dw.fact_customer_month. A month's rows
-- depend on the 12 months ending with it (trailing revenue, tiers, scores
-- ranked within the month), so new sales in month m rebuild months
-- m .. m + 11 and nothing else.
create or replace function mart.refresh_customer_month(months date[]) returns integer
language plpgsql as $$
declare
    rebuilt bigint;
    cutoffs record;
    fresh date[];
    existing date[];
    n bigint;
    ranked text;
    was_empty boolean := not exists (select 1 from dw.fact_customer_month);
begin
    -- Read once: as a joined view the settings lookups would run per row.
    select * into cutoffs from mart.tier_cutoffs;
    months := array(select distinct date_trunc('month', m)::date from unnest(months) as u(m));
    -- A month already in the snapshot changes only for refresh_customers
    -- (the customers whose days changed); the others keep their figures
    -- and only their scores and tiers, ranked within the month, can move.
    existing := array(
        select m from unnest(months) as u(m)
        where exists (select 1 from dw.fact_customer_month as f where f.month = u.m));
    fresh := array(select m from unnest(months) as u(m) where m <> all (existing));

    create temporary table refresh_month_figures on commit drop as
    with wanted as (
        select m as month, (m + interval '1 month' - interval '1 day')::date as month_end, m = any (fresh) as is_fresh
        from unnest(months) as u(m)
    ),
    window_days as (
        select w.month, w.month_end, d.customer_id, d.ordered_on, d.revenue, d.margin, d.orders
        from wanted as w
        join mart.customer_day as d
            on d.ordered_on >= w.month - interval '11 months'
            and d.ordered_on <= w.month_end
        where w.is_fresh and d.customer_id <> 'unknown'
        union all
        select w.month, w.month_end, c.customer_id, d.ordered_on, d.revenue, d.margin, d.orders
        from wanted as w
        cross join refresh_customers as c
        -- Each customer's days by primary key (offset 0 keeps it a loop).
        cross join lateral (
            select d.ordered_on, d.revenue, d.margin, d.orders
            from mart.customer_day as d
            where d.customer_id = c.customer_id
                and d.ordered_on >= w.month - interval '11 months'
                and d.ordered_on <= w.month_end
            offset 0
        ) as d
        where not w.is_fresh
    ),
    per_customer as (
        select
            month,
            customer_id,
            coalesce(sum(revenue) filter (where ordered_on >= month), 0) as revenue,
            coalesce(sum(margin) filter (where ordered_on >= month), 0) as margin,
            coalesce(sum(orders) filter (where ordered_on >= month), 0) as orders,
            sum(revenue) as trailing_revenue,
            sum(orders) as trailing_orders,
            min(month_end) - max(ordered_on) filter (where orders > 0) as recency_days
        from window_days
        group by month, customer_id
        having sum(orders) > 0
    ),
    -- One index probe per customer: the first (customer_id, ordered_on) with an order.
    first_orders as (
        select
            c.customer_id,
            date_trunc('month', (
                select min(d.ordered_on) from mart.customer_day as d
                where d.customer_id = c.customer_id and d.orders > 0
            ))::date as first_order_month
        from (select distinct customer_id from per_customer) as c
    )
    select p.*, f.first_order_month
    from per_customer as p
    join first_orders as f using (customer_id);

    -- The months' rows ranked: the recomputed figures (changed customers
    -- in stored months, everyone in new months) with the stored rows of
    -- the others, which keep their figures and carry their old scores and
    -- tier to compare with. Only changed customers' rows and moved scores
    -- are written.
    ranked := format($sql$
    with input as (
        select
            p.month, p.customer_id, p.revenue, p.margin, p.orders, p.trailing_revenue, p.trailing_orders,
            p.recency_days, p.first_order_month,
            true as is_changed,
            null::smallint as old_r, null::smallint as old_f, null::smallint as old_m, null::smallint as old_tier
        from refresh_month_figures as p
        union all
        select
            f.month, f.customer_id, f.revenue, f.margin, f.orders, f.trailing_revenue, f.trailing_orders,
            f.recency_days, f.first_order_month,
            false,
            f.r_score, f.f_score, f.m_score, f.tier_rank
        from dw.fact_customer_month as f
        where f.month = any (%L::date[])
            and not exists (select 1 from refresh_customers as c where c.customer_id = f.customer_id)
    ),
    ranked as (
        select
            p.*,
            ntile(5) over (partition by p.month order by p.recency_days desc, p.customer_id) as r_score,
            ntile(5) over (partition by p.month order by p.trailing_orders, p.customer_id) as f_score,
            ntile(5) over (partition by p.month order by p.trailing_revenue, p.customer_id) as m_score,
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
            mart.value_tier_rank(r.revenue_rank, r.customers, %L, %L, %L) as tier_rank
        from ranked as r
    )
    select
        month,
        customer_id,
        revenue::numeric(18, 4) as revenue,
        margin::numeric(18, 4) as margin,
        orders::integer as orders,
        trailing_revenue::numeric(18, 4) as trailing_revenue,
        trailing_orders::integer as trailing_orders,
        recency_days::integer as recency_days,
        r_score::smallint as r_score,
        f_score::smallint as f_score,
        m_score::smallint as m_score,
        mart.value_tier_name(tier_rank) as value_tier,
        tier_rank::smallint as tier_rank,
        orders > 0 as is_active,
        first_order_month,
        is_changed
    from tiered
    where is_changed or (r_score, f_score, m_score, tier_rank) is distinct from (old_r, old_f, old_m, old_tier)
    $sql$, existing, cutoffs.top_share, cutoffs.high_share, cutoffs.medium_share);

    if cardinality(existing) = 0 then
        -- Only new months (a rebuild): straight into the snapshot.
        execute format(
            $sql$
            insert into dw.fact_customer_month
            select
                month, customer_id, revenue, margin, orders, trailing_revenue, trailing_orders, recency_days,
                r_score, f_score, m_score, value_tier, tier_rank, is_active, first_order_month
            from (%s) as r
            $sql$, ranked);
        get diagnostics rebuilt = row_count;
    else
        execute 'create temporary table refresh_month_rows on commit drop as ' || ranked;
        analyze refresh_month_rows;
        delete from dw.fact_customer_month as f
        using refresh_customers as c
        where f.customer_id = c.customer_id and f.month = any (existing);
        insert into dw.fact_customer_month
        select
            month, customer_id, revenue, margin, orders, trailing_revenue, trailing_orders, recency_days,
            r_score, f_score, m_score, value_tier, tier_rank, is_active, first_order_month
        from refresh_month_rows
        where is_changed;
        get diagnostics rebuilt = row_count;
        update dw.fact_customer_month as f
        set r_score = r.r_score, f_score = r.f_score, m_score = r.m_score, value_tier = r.value_tier,
            tier_rank = r.tier_rank
        from refresh_month_rows as r
        where not r.is_changed and f.month = r.month and f.customer_id = r.customer_id;
        get diagnostics n = row_count;
        rebuilt := rebuilt + n;
    end if;

    -- A changed customer's first order may have moved earlier (a late
    -- file): their rows of the months not rebuilt carry it too. The
    -- summary still holds the first orders before this refresh (a rebuild
    -- from an empty snapshot has no other rows).
    create temporary table refresh_first_orders on commit drop as
    select distinct r.customer_id, r.first_order_month
    from refresh_month_figures as r
    join refresh_customers as c using (customer_id)
    left join mart.customer_summary as s using (customer_id)
    where not was_empty
        and r.first_order_month is distinct from date_trunc('month', s.first_order_on)::date;
    -- Usually new customers only: probe their rows by index.
    analyze refresh_first_orders;
    update dw.fact_customer_month as f
    set first_order_month = n.first_order_month
    from refresh_first_orders as n
    where f.customer_id = n.customer_id and f.first_order_month <> n.first_order_month;
    return rebuilt;
end
$$;
comment on function mart.refresh_customer_month(date[]) is 'Rebuilds the snapshot rows of the given months from mart.customer_day: months not yet in the snapshot for every customer, the others for the customers in the temporary table refresh_customers (the rest re-ranked); returns the rows written. Leaves the figures in refresh_month_figures and moved first orders in refresh_first_orders.';

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
