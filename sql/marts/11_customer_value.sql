-- Historic value (revenue, margin), the value tier by trailing-12-month
-- revenue and predicted CLV beside it, per customer and per tier.
create or replace function mart.customer_value_compute(as_of date default null)
returns table (
    customer_id text,
    first_order_on date,
    last_order_on date,
    orders integer,
    revenue numeric,
    margin numeric,
    trailing_revenue numeric,
    value_tier text,
    tier_rank smallint
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with settings as materialized (
        select coalesce(as_of, mart.default_as_of()) as as_of
    ),
    cutoffs as materialized (
        select * from mart.tier_cutoffs
    ),
    history as (
        select
            d.customer_id,
            min(d.ordered_on) filter (where d.orders > 0) as first_order_on,
            max(d.ordered_on) filter (where d.orders > 0) as last_order_on,
            sum(d.orders)::integer as orders,
            sum(d.revenue) as revenue,
            sum(d.margin) as margin,
            coalesce(sum(d.revenue) filter (where d.ordered_on >= s.as_of + 1 - interval '12 months'), 0)
                as trailing_revenue,
            coalesce(sum(d.orders) filter (where d.ordered_on >= s.as_of + 1 - interval '12 months'), 0)
                as trailing_orders
        from mart.customer_day as d, settings as s
        where d.ordered_on <= s.as_of and d.customer_id <> 'unknown'
        group by d.customer_id
        having sum(d.orders) > 0
    ),
    ranked as (
        select
            h.*,
            rank() over (partition by h.trailing_orders > 0 order by h.trailing_revenue desc) as revenue_rank,
            count(*) over (partition by h.trailing_orders > 0) as customers
        from history as h
    )
    select
        r.customer_id,
        r.first_order_on,
        r.last_order_on,
        r.orders,
        r.revenue,
        r.margin,
        r.trailing_revenue,
        mart.value_tier_name(t.tier_rank),
        t.tier_rank
    from ranked as r
    cross join cutoffs as c
    cross join lateral (
        select case
            when r.trailing_orders > 0
                then mart.value_tier_rank(r.revenue_rank, r.customers, c.top_share, c.high_share, c.medium_share)
            else 5::smallint
        end as tier_rank
    ) as t;
end
$$;
comment on function mart.customer_value_compute(date) is 'Per customer with an order on or before as_of: lifetime revenue and margin, trailing-12-month revenue, value tier (customers with an order in the trailing 12 months ranked by its revenue; the others lapsed). crmwh refresh stores it at the latest data in mart.customer_value_current.';


-- The stored marts at the latest data: RFM scores and value tiers ranked
-- over the summary (crmwh refresh writes the ones that moved into it).
-- Recency orders like the last order date: the as-of date is the same for
-- everyone. Ranks come from cuts (sql/marts/01_customer_month.sql): the
-- customers' recencies, revenues and trailing revenues sorted once, and
-- each customer compared with the values where scores and tiers change.
-- source: mart.customer_summary or a table of its rows not yet ranked.
create or replace function mart.customer_summary_ranks(source text)
returns table (
    customer_id text,
    r_score smallint,
    f_score smallint,
    m_score smallint,
    segment text,
    value_tier text,
    tier_rank smallint
)
language plpgsql stable as $$
declare
    cutoffs record;
    bands record;
    as_of date := mart.default_as_of();
begin
    select * into cutoffs from mart.tier_cutoffs;
    select * into bands from mart.rfm_bands;
    return query execute format($sql$
    with sorted as materialized (
        select
            count(*) as customers,
            array_agg($1 - s.last_order_on order by $1 - s.last_order_on desc) as recencies,
            array_agg(s.revenue order by s.revenue) as revenues,
            count(*) filter (where s.trailing_orders > 0) as active_customers,
            array_agg(s.trailing_revenue order by s.trailing_revenue) filter (where s.trailing_orders > 0)
                as trailing_revenues
        from %1$s as s
        where s.orders > 0
    ),
    cuts as materialized (
        select
            x.recencies[mart.rfm_quintile_start(2, x.customers)] as r2,
            x.recencies[mart.rfm_quintile_start(3, x.customers)] as r3,
            x.recencies[mart.rfm_quintile_start(4, x.customers)] as r4,
            x.recencies[mart.rfm_quintile_start(5, x.customers)] as r5,
            x.revenues[mart.rfm_quintile_start(2, x.customers)] as m2,
            x.revenues[mart.rfm_quintile_start(3, x.customers)] as m3,
            x.revenues[mart.rfm_quintile_start(4, x.customers)] as m4,
            x.revenues[mart.rfm_quintile_start(5, x.customers)] as m5,
            x.trailing_revenues[mart.value_tier_position(1::smallint, x.active_customers, $2, $3, $4)] as top,
            x.trailing_revenues[mart.value_tier_position(2::smallint, x.active_customers, $2, $3, $4)] as high,
            x.trailing_revenues[mart.value_tier_position(3::smallint, x.active_customers, $2, $3, $4)] as medium
        from sorted as x
    ),
    -- Materialized: the segment reads each score several times, and
    -- inlined into it every reading would compute the score again.
    scored as materialized (
        select
            s.customer_id,
            s.orders,
            $1 - s.last_order_on as recency_days,
            mart.recency_score($1 - s.last_order_on, c.r2, c.r3, c.r4, c.r5) as r_score,
            mart.frequency_score(s.orders, $5[1], $5[2], $5[3], $5[4]) as f_score,
            mart.revenue_score(s.revenue, c.m2, c.m3, c.m4, c.m5) as m_score,
            case
                when s.trailing_orders > 0 then mart.revenue_tier(s.trailing_revenue, c.top, c.high, c.medium)
                else 5::smallint
            end as tier_rank
        from %1$s as s
        cross join cuts as c
        where s.orders > 0
    )
    select
        r.customer_id,
        r.r_score,
        r.f_score,
        r.m_score,
        mart.rfm_segment(r.r_score, r.f_score, r.orders, r.recency_days, $6),
        mart.value_tier_name(r.tier_rank),
        r.tier_rank
    from scored as r
    $sql$, source)
    using as_of, cutoffs.top_share, cutoffs.high_share, cutoffs.medium_share, bands.frequency_bands,
        bands.new_customer_days;
end
$$;
comment on function mart.customer_summary_ranks(text) is 'RFM scores, segment and value tier of every customer with an order in source (mart.customer_summary or a table of its rows): mart.customer_summary_ranked.';

create or replace view mart.customer_summary_ranked as
select * from mart.customer_summary_ranks('mart.customer_summary');
comment on view mart.customer_summary_ranked is 'RFM scores, segment and value tier of every customer in mart.customer_summary: what crmwh refresh stores there.';
comment on column mart.customer_summary_ranked.customer_id is 'Master customer id (customers with at least one order).';
comment on column mart.customer_summary_ranked.r_score is 'Recency quintile by last order date over all customers, 5 = most recent; equal dates share one.';
comment on column mart.customer_summary_ranked.f_score is 'Frequency score from the order-count bands (orders to date), 5 = most orders.';
comment on column mart.customer_summary_ranked.m_score is 'Monetary quintile (net revenue to date), 5 = highest revenue; equal revenue shares one.';
comment on column mart.customer_summary_ranked.segment is 'Named RFM segment from the rule table in docs/marts.md.';
comment on column mart.customer_summary_ranked.value_tier is 'top, high, medium or low by trailing-12-month revenue (cut-offs in mart.settings; ties share the higher tier); lapsed without an order in the 12 months.';
comment on column mart.customer_summary_ranked.tier_rank is '1 top … 4 low, 5 lapsed.';

create or replace view mart.customer_value_current as
select customer_id, first_order_on, last_order_on, orders, revenue, margin, trailing_revenue, value_tier, tier_rank
from mart.customer_summary
where orders > 0;
comment on view mart.customer_value_current is 'mart.customer_value_compute(null) as stored by crmwh refresh (mart.customer_summary); read mart.customer_value.';
comment on column mart.customer_value_current.customer_id is 'Master customer id.';
comment on column mart.customer_value_current.first_order_on is 'Date of the first order (reporting time zone).';
comment on column mart.customer_value_current.last_order_on is 'Date of the last order (reporting time zone).';
comment on column mart.customer_value_current.orders is 'Orders up to the latest data.';
comment on column mart.customer_value_current.revenue is 'Historic net revenue, base currency.';
comment on column mart.customer_value_current.margin is 'Historic margin: revenue less quantity × unit cost, base currency.';
comment on column mart.customer_value_current.trailing_revenue is 'Net revenue in the 12 months ending on the latest order date (etl.refresh_state.as_of), base currency.';
comment on column mart.customer_value_current.value_tier is 'top, high, medium, low (cut-offs in mart.settings; ties share the higher tier) or lapsed.';
comment on column mart.customer_value_current.tier_rank is '1 top … 4 low, 5 lapsed.';

create or replace function mart.customer_value(as_of date default null)
returns table (
    customer_id text,
    first_order_on date,
    last_order_on date,
    orders integer,
    revenue numeric,
    margin numeric,
    trailing_revenue numeric,
    value_tier text,
    tier_rank smallint,
    predicted_clv numeric,
    p_alive double precision
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with value as (
        select * from mart.customer_value_current where as_of is null
        union all
        select * from mart.customer_value_compute(as_of) where as_of is not null
    )
    select v.*, l.predicted_clv, l.p_alive
    from value as v
    left join mart.customer_score_latest as l using (customer_id);
end
$$;
comment on function mart.customer_value(date) is 'mart.customer_value_compute(as_of) (the stored mart.customer_value_current when as_of is null) with the latest predicted CLV and P(alive) beside it.';

create or replace view mart.customer_value as
select * from mart.customer_value(null);
comment on view mart.customer_value is 'mart.customer_value(as_of) at the latest data.';
comment on column mart.customer_value.customer_id is 'Master customer id.';
comment on column mart.customer_value.first_order_on is 'Date of the first order.';
comment on column mart.customer_value.last_order_on is 'Date of the last order.';
comment on column mart.customer_value.orders is 'Orders up to the as-of date.';
comment on column mart.customer_value.revenue is 'Historic net revenue, base currency.';
comment on column mart.customer_value.margin is 'Historic margin: revenue less quantity × unit cost.';
comment on column mart.customer_value.trailing_revenue is 'Net revenue in the 12 months ending on the as-of date.';
comment on column mart.customer_value.value_tier is 'top, high, medium, low (cut-offs in mart.settings; ties share the higher tier) or lapsed.';
comment on column mart.customer_value.tier_rank is '1 top … 4 low, 5 lapsed.';
comment on column mart.customer_value.predicted_clv is 'Latest predicted CLV; null when not scored.';
comment on column mart.customer_value.p_alive is 'Latest probability of being alive; null when not scored.';

create or replace function mart.value_tiers(as_of date default null)
returns table (
    value_tier text,
    tier_rank smallint,
    customers bigint,
    customer_share numeric,
    trailing_revenue numeric,
    pareto_share numeric,
    cumulative_share numeric,
    revenue numeric,
    margin numeric,
    average_predicted_clv numeric
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with value as (
        select * from mart.customer_value(as_of)
    ),
    tiers as (
        select
            value_tier,
            tier_rank,
            count(*) as customers,
            sum(trailing_revenue) as trailing_revenue,
            sum(revenue) as revenue,
            sum(margin) as margin,
            avg(predicted_clv) as average_predicted_clv
        from value
        group by value_tier, tier_rank
    )
    select
        value_tier,
        tier_rank,
        customers,
        round(customers / sum(customers) over (), 4),
        trailing_revenue,
        round(trailing_revenue / nullif(sum(trailing_revenue) over (), 0), 4),
        round(sum(trailing_revenue) over (order by tier_rank) / nullif(sum(trailing_revenue) over (), 0), 4),
        revenue,
        margin,
        round(average_predicted_clv, 2)
    from tiers
    order by tier_rank;
end
$$;
comment on function mart.value_tiers(date) is 'Customers, trailing revenue and its Pareto share (and cumulative share) per value tier.';
