-- The per-customer summary at the latest data and the stored customer
-- value and RFM marts ranked from it. A nightly refresh re-aggregates only
-- the customers whose days changed (the temporary table refresh_customers)
-- and those whose trailing 12 months lost a day as the as-of date moved;
-- ranking 200,000 summary rows is quick, and only the rows whose tier or
-- scores moved are written.
create or replace function mart.refresh_customer_summary(rebuild boolean, previous_as_of date) returns void
language plpgsql as $$
declare
    as_of date := mart.default_as_of();
begin
    if rebuild or previous_as_of is null or as_of < previous_as_of then
        truncate mart.customer_summary;
        insert into mart.customer_summary
        select * from mart.customer_summary_of(as_of, null);
    else
        create temporary table refresh_summary_customers on commit drop as
        select customer_id from refresh_customers
        union
        select d.customer_id
        from mart.customer_day as d
        where d.ordered_on >= previous_as_of + 1 - interval '12 months'
            and d.ordered_on < as_of + 1 - interval '12 months'
            and d.customer_id <> 'unknown';
        delete from mart.customer_summary as s
        using refresh_summary_customers as c
        where s.customer_id = c.customer_id;
        insert into mart.customer_summary
        select * from mart.customer_summary_of(as_of, array(select customer_id from refresh_summary_customers));
    end if;
end
$$;
comment on function mart.refresh_customer_summary(boolean, date) is 'Brings mart.customer_summary to the latest data: everyone on a full refresh (or when the as-of date went back), else the customers of refresh_customers and those whose trailing window lost days since previous_as_of.';

create or replace function mart.customer_summary_of(as_of date, customers text[])
returns setof mart.customer_summary
language sql stable as $$
    -- customers null: everyone (a one-time filter picks the branch).
    with days as (
        select d.*
        from mart.customer_day as d
        where customers is null and d.customer_id <> 'unknown' and d.ordered_on <= as_of
        union all
        select d.*
        from unnest(customers) as c(customer_id)
        join mart.customer_day as d using (customer_id)
        where customers is not null and d.customer_id <> 'unknown' and d.ordered_on <= as_of
    )
    select
        customer_id,
        min(ordered_on) filter (where orders > 0),
        max(ordered_on) filter (where orders > 0),
        sum(orders)::integer,
        sum(revenue),
        sum(margin),
        coalesce(sum(revenue) filter (where ordered_on >= as_of + 1 - interval '12 months'), 0),
        coalesce(sum(orders) filter (where ordered_on >= as_of + 1 - interval '12 months'), 0)::integer
    from days
    group by customer_id
$$;
comment on function mart.customer_summary_of(date, text[]) is 'mart.customer_summary rows as of a date for the given customers (null: every customer).';

create or replace function mart.refresh_customer_current() returns void
language plpgsql as $$
begin
    create temporary table refresh_value on commit drop as
    with cutoffs as materialized (
        select * from mart.tier_cutoffs
    ),
    ranked as (
        select
            s.*,
            rank() over (partition by s.trailing_orders > 0 order by s.trailing_revenue desc) as revenue_rank,
            count(*) over (partition by s.trailing_orders > 0) as customers
        from mart.customer_summary as s
        where s.orders > 0
    )
    select
        r.customer_id,
        r.first_order_on,
        r.last_order_on,
        r.orders,
        r.revenue,
        r.margin,
        r.trailing_revenue,
        mart.value_tier_name(t.tier_rank) as value_tier,
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
    perform mart.sync_rows('mart.customer_value_current', 'refresh_value', '{customer_id}');

    -- Recency orders like the last order date: the as-of date is the same
    -- for everyone (mart.customer_rfm_current adds recency in days).
    create temporary table refresh_rfm on commit drop as
    with scored as (
        select
            s.customer_id,
            s.last_order_on,
            s.orders as frequency,
            s.revenue as monetary,
            ntile(5) over (order by s.last_order_on, s.customer_id)::smallint as r_score,
            ntile(5) over (order by s.orders, s.customer_id)::smallint as f_score,
            ntile(5) over (order by s.revenue, s.customer_id)::smallint as m_score
        from mart.customer_summary as s
        where s.orders > 0
    )
    select *, mart.rfm_segment(r_score, f_score, m_score) as segment
    from scored;
    perform mart.sync_rows('mart.customer_rfm_stored', 'refresh_rfm', '{customer_id}');
end
$$;
comment on function mart.refresh_customer_current() is 'Ranks mart.customer_summary into the stored value tiers (mart.customer_value_current) and RFM scores (mart.customer_rfm_stored), writing only rows that changed.';
