-- The monthly customer snapshot dw.fact_customer_month. A month's rows
-- depend on the 12 months ending with it (trailing revenue, tiers, scores
-- ranked within the month), so new sales in month m rebuild months
-- m .. m + 11 and nothing else.
create or replace function mart.refresh_customer_month(months date[]) returns integer
language plpgsql as $$
declare
    rebuilt integer;
    cutoffs record;
begin
    -- Read once: as a joined view the settings lookups would run per row.
    select * into cutoffs from mart.tier_cutoffs;
    months := array(select distinct date_trunc('month', m)::date from unnest(months) as u(m));
    delete from dw.fact_customer_month where month = any(months);

    insert into dw.fact_customer_month
    with wanted as (
        select m as month, (m + interval '1 month' - interval '1 day')::date as month_end
        from unnest(months) as u(m)
    ),
    window_days as (
        select
            w.month,
            w.month_end,
            d.customer_id,
            d.ordered_on,
            d.revenue,
            d.margin,
            d.orders
        from wanted as w
        join mart.customer_day as d
            on d.ordered_on >= w.month - interval '11 months'
            and d.ordered_on <= w.month_end
        where d.customer_id <> 'unknown'
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
    ),
    ranked as (
        select
            p.*,
            f.first_order_month,
            ntile(5) over (partition by p.month order by p.recency_days desc, p.customer_id) as r_score,
            ntile(5) over (partition by p.month order by p.trailing_orders, p.customer_id) as f_score,
            ntile(5) over (partition by p.month order by p.trailing_revenue, p.customer_id) as m_score,
            rank() over (partition by p.month order by p.trailing_revenue desc) as revenue_rank,
            count(*) over (partition by p.month) as customers
        from per_customer as p
        join first_orders as f using (customer_id)
    ),
    tiered as (
        select
            r.*,
            mart.value_tier_rank(
                r.revenue_rank, r.customers, cutoffs.top_share, cutoffs.high_share, cutoffs.medium_share
            ) as tier_rank
        from ranked as r
    )
    select
        month,
        customer_id,
        revenue,
        margin,
        orders,
        trailing_revenue,
        trailing_orders,
        recency_days,
        r_score,
        f_score,
        m_score,
        mart.value_tier_name(tier_rank),
        tier_rank,
        orders > 0,
        first_order_month
    from tiered;

    get diagnostics rebuilt = row_count;
    return rebuilt;
end
$$;
comment on function mart.refresh_customer_month(date[]) is 'Rebuilds the snapshot rows of the given months from mart.customer_day; returns the rows written.';

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
