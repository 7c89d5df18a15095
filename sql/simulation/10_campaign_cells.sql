-- Campaign simulation's history: per past campaign and cell (RFM segment
-- or value tier the day before the start, as mart.campaign_touch keeps
-- it), the sums of both groups the estimator needs. Installed with the
-- marts; definitions in docs/marts.md, "Campaign simulation".

-- create or replace cannot change the columns a function returns: dropped first.
drop function if exists mart.simulation_campaign_cells(text, integer);
create function mart.simulation_campaign_cells(profile text, window_days integer default null)
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
    treatment_pre_orders bigint,
    treatment_pre_orders_squared numeric,
    treatment_orders_cross numeric,
    treatment_pre_revenue numeric,
    treatment_pre_revenue_squared numeric,
    treatment_revenue_cross numeric,
    control_customers bigint,
    control_responders bigint,
    control_orders bigint,
    control_orders_squared numeric,
    control_revenue numeric,
    control_revenue_squared numeric,
    control_pre_orders bigint,
    control_pre_orders_squared numeric,
    control_orders_cross numeric,
    control_pre_revenue numeric,
    control_pre_revenue_squared numeric,
    control_revenue_cross numeric
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
    -- Materialized: the pairs (or the function's rows) are joined to the
    -- customer days below, which a distributed engine needs as one result.
    with touches as materialized (
        select * from mart.campaign_touch where stored
        union all
        select * from mart.campaign_touch_compute(null, w) where not stored
    ),
    -- The same customer's orders and revenue on the w days before the
    -- start: the covariate that takes most of the spread between customers
    -- out of the treatment − control comparison.
    pre as (
        select t.campaign_key, t.customer_id, coalesce(sum(d.orders), 0) as orders, coalesce(sum(d.revenue), 0) as revenue
        from touches as t
        join mart.customer_day as d on d.customer_id = t.customer_id
            and d.ordered_on >= t.start_date - w and d.ordered_on < t.start_date
        group by t.campaign_key, t.customer_id
    ),
    pairs as (
        select
            t.campaign_key,
            t.start_date,
            case when by_segment then t.segment else t.value_tier end as cell,
            t.is_control,
            t.responded_at,
            t.window_orders::numeric as y_orders,
            t.window_revenue as y_revenue,
            coalesce(p.orders, 0)::numeric as x_orders,
            coalesce(p.revenue, 0) as x_revenue
        from touches as t
        left join pre as p on p.campaign_key = t.campaign_key and p.customer_id = t.customer_id
        where t.start_date is not null
    ),
    cells as (
        select
            x.campaign_key,
            x.start_date,
            x.cell,
            count(*) filter (where not x.is_control) as nt,
            count(x.responded_at) filter (where not x.is_control) as rt,
            coalesce(sum(x.y_orders) filter (where not x.is_control), 0) as ot,
            coalesce(sum(x.y_orders * x.y_orders) filter (where not x.is_control), 0) as oot,
            coalesce(sum(x.y_revenue) filter (where not x.is_control), 0) as vt,
            coalesce(sum(x.y_revenue * x.y_revenue) filter (where not x.is_control), 0) as vvt,
            coalesce(sum(x.x_orders) filter (where not x.is_control), 0) as pot,
            coalesce(sum(x.x_orders * x.x_orders) filter (where not x.is_control), 0) as ppot,
            coalesce(sum(x.x_orders * x.y_orders) filter (where not x.is_control), 0) as pyot,
            coalesce(sum(x.x_revenue) filter (where not x.is_control), 0) as pvt,
            coalesce(sum(x.x_revenue * x.x_revenue) filter (where not x.is_control), 0) as ppvt,
            coalesce(sum(x.x_revenue * x.y_revenue) filter (where not x.is_control), 0) as pyvt,
            count(*) filter (where x.is_control) as nc,
            count(x.responded_at) filter (where x.is_control) as rc,
            coalesce(sum(x.y_orders) filter (where x.is_control), 0) as oc,
            coalesce(sum(x.y_orders * x.y_orders) filter (where x.is_control), 0) as ooc,
            coalesce(sum(x.y_revenue) filter (where x.is_control), 0) as vc,
            coalesce(sum(x.y_revenue * x.y_revenue) filter (where x.is_control), 0) as vvc,
            coalesce(sum(x.x_orders) filter (where x.is_control), 0) as poc,
            coalesce(sum(x.x_orders * x.x_orders) filter (where x.is_control), 0) as ppoc,
            coalesce(sum(x.x_orders * x.y_orders) filter (where x.is_control), 0) as pyoc,
            coalesce(sum(x.x_revenue) filter (where x.is_control), 0) as pvc,
            coalesce(sum(x.x_revenue * x.x_revenue) filter (where x.is_control), 0) as ppvc,
            coalesce(sum(x.x_revenue * x.y_revenue) filter (where x.is_control), 0) as pyvc
        from pairs as x
        group by x.campaign_key, x.start_date, x.cell
    )
    select
        c.campaign_code,
        x.start_date,
        x.start_date + w - 1,
        coalesce(c.channel, 'unknown'),
        coalesce(c.campaign_type, 'unspecified'),
        coalesce(x.cell, 'no purchase'),
        x.nt, x.rt, x.ot::bigint, x.oot, x.vt, x.vvt, x.pot::bigint, x.ppot, x.pyot, x.pvt, x.ppvt, x.pyvt,
        x.nc, x.rc, x.oc::bigint, x.ooc, x.vc, x.vvc, x.poc::bigint, x.ppoc, x.pyoc, x.pvc, x.ppvc, x.pyvc
    from cells as x
    join dw.dim_campaign as c on c.campaign_key = x.campaign_key
    order by c.campaign_code, coalesce(x.cell, 'no purchase');
end
$$;
comment on function mart.simulation_campaign_cells(text, integer) is 'Campaign simulation history: per campaign and cell (segment or value_tier the day before the start, by profile) the treatment and control customers, responders, and the sums, sums of squares and cross products of orders and net revenue per customer on the window_days order days from the start (default response_window_days; the stored mart.campaign_touch for it, else computed) and on the window_days before the start (the pre-period covariate); channel (unknown without one) and campaign type (unspecified without one).';

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
