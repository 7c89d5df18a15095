-- Campaign simulation's history: per past campaign and cell (RFM segment
-- or value tier the day before the start, as mart.campaign_touch keeps
-- it), the sums of both groups the estimator needs. Installed with the
-- marts; definitions in docs/marts.md, "Campaign simulation".

create or replace function mart.simulation_campaign_cells(profile text, window_days integer default null)
returns table (
    campaign_code text,
    start_date date,
    window_end_date date,
    channel text,
    campaign_type text,
    cell text,
    treatment_customers bigint,
    treatment_responders bigint,
    treatment_orders bigint,
    treatment_orders_squared numeric,
    treatment_revenue numeric,
    treatment_revenue_squared numeric,
    control_customers bigint,
    control_responders bigint,
    control_orders bigint,
    control_orders_squared numeric,
    control_revenue numeric,
    control_revenue_squared numeric
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    configured integer := mart.setting('response_window_days')::integer;
    w integer := coalesce(window_days, configured);
    -- The stored pairs carry the configured window; another is computed.
    stored boolean := w = configured;
    by_segment boolean := profile = 'segment';
begin
    if profile is null or profile not in ('segment', 'value_tier') then
        raise exception 'profile must be segment or value_tier, not %', coalesce(profile, 'null')
            using errcode = 'invalid_parameter_value';
    end if;
    return query
    with touches as (
        select * from mart.campaign_touch where stored
        union all
        select * from mart.campaign_touch_compute(null, w) where not stored
    ),
    cells as (
        select
            t.campaign_key,
            t.start_date,
            case when by_segment then t.segment else t.value_tier end as cell,
            count(*) filter (where not t.is_control) as nt,
            count(t.responded_at) filter (where not t.is_control) as rt,
            coalesce(sum(t.window_orders) filter (where not t.is_control), 0) as ot,
            coalesce(sum(t.window_orders::numeric * t.window_orders) filter (where not t.is_control), 0) as oot,
            coalesce(sum(t.window_revenue) filter (where not t.is_control), 0) as vt,
            coalesce(sum(t.window_revenue * t.window_revenue) filter (where not t.is_control), 0) as vvt,
            count(*) filter (where t.is_control) as nc,
            count(t.responded_at) filter (where t.is_control) as rc,
            coalesce(sum(t.window_orders) filter (where t.is_control), 0) as oc,
            coalesce(sum(t.window_orders::numeric * t.window_orders) filter (where t.is_control), 0) as ooc,
            coalesce(sum(t.window_revenue) filter (where t.is_control), 0) as vc,
            coalesce(sum(t.window_revenue * t.window_revenue) filter (where t.is_control), 0) as vvc
        from touches as t
        where t.start_date is not null
        group by t.campaign_key, t.start_date, case when by_segment then t.segment else t.value_tier end
    )
    select
        c.campaign_code,
        x.start_date,
        x.start_date + w - 1,
        coalesce(c.channel, 'unknown'),
        coalesce(c.campaign_type, 'unspecified'),
        coalesce(x.cell, 'no purchase'),
        x.nt, x.rt, x.ot::bigint, x.oot, x.vt, x.vvt,
        x.nc, x.rc, x.oc::bigint, x.ooc, x.vc, x.vvc
    from cells as x
    join dw.dim_campaign as c on c.campaign_key = x.campaign_key
    order by c.campaign_code, coalesce(x.cell, 'no purchase');
end
$$;
comment on function mart.simulation_campaign_cells(text, integer) is 'Campaign simulation history: per campaign and cell (segment or value_tier the day before the start, by profile) the treatment and control customers, responders, and the sums and sums of squares of orders and net revenue per customer on the window_days order days from the start (default response_window_days; the stored mart.campaign_touch for it, else computed); channel (unknown without one) and campaign type (unspecified without one).';

-- The customers a segments or tiers plan can draw from: every customer per
-- RFM segment or value tier as of as_of (null: the latest refreshed data,
-- from the stored summary), and the customers known by then without an
-- order (no purchase: signed up on or before as_of, or without a sign-up date).
create or replace function mart.simulation_targets(profile text, as_of date default null)
returns table (cell text, customers bigint)
language plpgsql stable as $$
#variable_conflict use_column
declare
    by_segment boolean := profile = 'segment';
    last_day date := coalesce(as_of, mart.default_as_of());
begin
    if profile is null or profile not in ('segment', 'value_tier') then
        raise exception 'profile must be segment or value_tier, not %', coalesce(profile, 'null')
            using errcode = 'invalid_parameter_value';
    end if;
    return query
    with profiles as materialized (
        select s.customer_id, case when by_segment then s.segment else s.value_tier end as cell
        from mart.customer_summary as s
        where as_of is null and s.orders > 0
        union all
        select p.customer_id, case when by_segment then p.segment else p.value_tier end
        from mart.campaign_profile(as_of) as p
        where as_of is not null
    ),
    counted as (
        select p.cell, count(*) as customers from profiles as p group by p.cell
    ),
    without_order as (
        select count(*) as customers
        from dw.dim_customer as d
        left join profiles as p on p.customer_id = d.customer_id
        where d.is_current and d.customer_id <> 'unknown' and p.customer_id is null
            and (d.signup_date is null or d.signup_date <= last_day)
    )
    select c.cell, c.customers from counted as c
    union all
    select 'no purchase', w.customers from without_order as w where w.customers > 0
    order by 1;
end
$$;
comment on function mart.simulation_targets(text, date) is 'Customers per RFM segment or value tier (profile) as of as_of (null: the latest refreshed data), and no purchase: current customers signed up by then (or without a sign-up date) without an order; what a campaign simulation plan by segments or tiers draws from.';
