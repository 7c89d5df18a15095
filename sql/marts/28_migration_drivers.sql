-- Migration drivers (docs/marts.md "Migration drivers", report migration_drivers):
-- customers contacted in a month against comparable customers who were not,
-- matched exactly on the state known at the month's start, compared on their
-- tier move over the month (the snapshot of the month before against the
-- month's own snapshot).

create or replace function mart.migration_tenure_band(months_since_first_order integer) returns text
language sql immutable parallel safe as $$
    select case
        when months_since_first_order is null then 'unknown'
        when months_since_first_order < 3 then '0-2 months'
        when months_since_first_order < 12 then '3-11 months'
        when months_since_first_order < 24 then '12-23 months'
        else '24+ months'
    end
$$;
comment on function mart.migration_tenure_band(integer) is 'Tenure band of the migration drivers'' matching: whole months from the month of the first order to the month before the contact month, in bands 0-2, 3-11, 12-23, 24+ months.';

create or replace function mart.migration_propensity_band(p_buy_30d double precision) returns text
language sql immutable parallel safe as $$
    select case
        when p_buy_30d is null then 'not scored'
        when p_buy_30d < 0.05 then 'p30 < 5 %'
        when p_buy_30d < 0.20 then 'p30 5-20 %'
        when p_buy_30d < 0.50 then 'p30 20-50 %'
        else 'p30 >= 50 %'
    end
$$;
comment on function mart.migration_propensity_band(double precision) is 'Propensity band of the migration drivers'' matching: dw.customer_propensity.p_buy_30d below 5 %, 5-20 %, 20-50 %, 50 % and above; not scored when the customer had no score from the run known then.';

create or replace function mart.migration_driver_base(as_of date default null, months integer default 12)
returns table (
    month date,
    customer_id text,
    from_tier text,
    from_rank smallint,
    segment text,
    tenure_band text,
    propensity_band text,
    to_rank smallint,
    moved_up boolean,
    moved_down boolean,
    contacted boolean,
    channels text[]
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    new_customer_days integer := mart.setting('rfm_new_customer_days')::integer;
    end_day date := coalesce(as_of, mart.default_as_of());
    -- The last month pooled is the last complete one by the as-of date: its snapshot ends the move.
    last_month date := (date_trunc('month', end_day + 1) - interval '1 month')::date;
    first_month date;
begin
    if months is null or months < 1 then
        raise exception 'months must be at least 1, not %', months using errcode = '22023';
    end if;
    first_month := (last_month - make_interval(months => months - 1))::date;
    return query
    -- A series of integers, not of dates: the planner knows its length (a
    -- series of dates it takes for a thousand rows) and hashes the
    -- snapshot's rows of the pooled months instead of sorting them all.
    with pooled as materialized (
        select
            gm.m::date as month,
            (gm.m - interval '1 month')::date as base_month,
            (gm.m - interval '1 day')::date as base_day,
            (gm.m - interval '12 months')::date as trailing_first_month,
            (extract(year from gm.m - interval '1 month') * 12 + extract(month from gm.m - interval '1 month'))::integer
                as base_month_number
        from generate_series(0, months - 1) as g(i)
        cross join lateral (select first_month + make_interval(months => g.i) as m) as gm
    ),
    -- The propensity run known at each month's start: the latest as-of date
    -- on or before the day before it (then the greatest version).
    runs as materialized (
        select distinct on (p.month) p.month, r.as_of, r.model_version
        from pooled as p
        join (select distinct pm.as_of, pm.model_version from dw.propensity_model as pm) as r
            on r.as_of <= p.base_day
        order by p.month, r.as_of desc, r.model_version desc
    ),
    -- Each customer's first order month as a number once (materialized: a
    -- tenure band over every pooled month would otherwise recompute it).
    customers as materialized (
        select
            s.customer_id, s.first_order_on,
            (extract(year from s.first_order_on) * 12 + extract(month from s.first_order_on))::integer
                as first_month_number
        from mart.customer_summary as s
        where s.customer_id <> 'unknown'
    ),
    population as (
        select p.month, p.base_month, p.trailing_first_month, s.customer_id,
            p.base_month_number - s.first_month_number as tenure_months
        from customers as s
        join pooled as p on s.first_order_on <= p.base_day
    ),
    from_states as (
        select f.month, f.customer_id, f.tier_rank, f.r_score, f.f_score, f.recency_days, f.trailing_orders,
            f.first_order_month
        from dw.fact_customer_month as f
        where f.month between (first_month - interval '1 month')::date and (last_month - interval '1 month')::date
    ),
    to_states as (
        select f.month, f.customer_id, f.tier_rank
        from dw.fact_customer_month as f
        where f.month between first_month and last_month
    ),
    contacts as (
        select c.month, c.customer_id, array_agg(c.channel order by c.channel) as channels
        from mart.customer_contact_month as c
        where c.contacts > 0 and c.month between first_month and last_month
        group by c.month, c.customer_id
    ),
    scores as (
        select r.month, cp.customer_id, cp.p_buy_30d
        from dw.customer_propensity as cp
        join runs as r on cp.as_of = r.as_of and cp.model_version = r.model_version
    )
    select
        pop.month,
        pop.customer_id,
        mart.value_tier_name(coalesce(fs.tier_rank, 5::smallint)),
        coalesce(fs.tier_rank, 5::smallint),
        case
            when fs.customer_id is null then 'lapsed'
            -- A first order inside the trailing window makes its orders every order.
            else mart.rfm_segment(
                fs.r_score, fs.f_score,
                case when fs.first_order_month >= pop.trailing_first_month then fs.trailing_orders else 0 end,
                fs.recency_days, new_customer_days)
        end,
        mart.migration_tenure_band(pop.tenure_months),
        mart.migration_propensity_band(sc.p_buy_30d),
        coalesce(ts.tier_rank, 5::smallint),
        coalesce(ts.tier_rank, 5::smallint) < coalesce(fs.tier_rank, 5::smallint),
        coalesce(ts.tier_rank, 5::smallint) > coalesce(fs.tier_rank, 5::smallint),
        ct.customer_id is not null,
        coalesce(ct.channels, array[]::text[])
    from population as pop
    left join from_states as fs on fs.customer_id = pop.customer_id and fs.month = pop.base_month
    left join to_states as ts on ts.customer_id = pop.customer_id and ts.month = pop.month
    left join contacts as ct on ct.customer_id = pop.customer_id and ct.month = pop.month
    left join scores as sc on sc.customer_id = pop.customer_id and sc.month = pop.month;
end
$$;
comment on function mart.migration_driver_base(date, integer) is 'Migration drivers per customer and pooled month (the --months complete months up to as_of): the state at the month''s start (tier and RFM segment of the previous month''s snapshot, lapsed when not in it; tenure band; propensity band of the latest propensity run dated before the month), whether the customer was contacted in the month (sent, control groups left out) and on which channels, and the move from that tier to the month''s own snapshot tier.';

-- Dropped first: replacing a function cannot change its columns, and a
-- warehouse may hold an earlier version (nothing depends on it).
drop function if exists mart.migration_drivers(date, integer);
create function mart.migration_drivers(as_of date default null, months integer default 12)
returns table (
    breakdown text,
    cell text,
    first_month date,
    last_month date,
    contacted bigint,
    matched_contacted bigint,
    matched_control bigint,
    strata bigint,
    contacted_up_rate numeric,
    control_up_rate numeric,
    up_difference_rate numeric,
    up_low_rate numeric,
    up_high_rate numeric,
    contacted_down_rate numeric,
    control_down_rate numeric,
    down_difference_rate numeric,
    down_low_rate numeric,
    down_high_rate numeric,
    verdict text
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    z constant numeric := 1.959964;
begin
    return query
    -- The customer-months counted per stratum, contact and move first:
    -- every breakdown below sums these few rows instead of the millions
    -- of customer-months.
    with base as materialized (
        select
            b.month, b.from_rank, b.segment, b.tenure_band, b.propensity_band,
            b.contacted, b.moved_up, b.moved_down, b.channels, count(*) as customers
        from mart.migration_driver_base(as_of, months) as b
        group by b.month, b.from_rank, b.segment, b.tenure_band, b.propensity_band,
            b.contacted, b.moved_up, b.moved_down, b.channels
    ),
    channel_cells as materialized (
        select distinct ch.channel from base as b cross join lateral unnest(b.channels) as ch(channel) order by 1
    ),
    -- Overall and per segment: contacted against not contacted; per channel:
    -- contacted on it against not contacted on any channel.
    units as (
        select 'overall'::text as breakdown, 'all'::text as cell, b.* from base as b
        union all
        select 'segment', b.segment, b.* from base as b
        union all
        select 'channel', ch.channel, b.* from base as b cross join lateral unnest(b.channels) as ch(channel)
        union all
        select 'channel', cc.channel, b.* from base as b cross join channel_cells as cc where not b.contacted
    ),
    strata_counts as (
        select
            u.breakdown, u.cell, u.month, u.from_rank, u.segment, u.tenure_band, u.propensity_band,
            coalesce(sum(u.customers) filter (where u.contacted), 0)::bigint as n_t,
            coalesce(sum(u.customers) filter (where u.contacted and u.moved_up), 0)::bigint as up_t,
            coalesce(sum(u.customers) filter (where u.contacted and u.moved_down), 0)::bigint as down_t,
            coalesce(sum(u.customers) filter (where not u.contacted), 0)::bigint as n_c,
            coalesce(sum(u.customers) filter (where not u.contacted and u.moved_up), 0)::bigint as up_c,
            coalesce(sum(u.customers) filter (where not u.contacted and u.moved_down), 0)::bigint as down_c
        from units as u
        group by u.breakdown, u.cell, u.month, u.from_rank, u.segment, u.tenure_band, u.propensity_band
    ),
    rates as (
        select
            s.*,
            s.n_t > 0 and s.n_c > 0 as matched,
            s.up_t::numeric / nullif(s.n_t, 0) as pu_t,
            s.up_c::numeric / nullif(s.n_c, 0) as pu_c,
            s.down_t::numeric / nullif(s.n_t, 0) as pd_t,
            s.down_c::numeric / nullif(s.n_c, 0) as pd_c
        from strata_counts as s
    ),
    -- Weighted by the contacted customers of each matched stratum (the effect
    -- on the contacted); the variance of a weighted sum of independent
    -- strata's differences. Numeric, so the sums do not depend on the order
    -- the strata arrive in (on Citus it varies).
    estimates as (
        select
            r.breakdown, r.cell,
            sum(r.n_t) as contacted,
            coalesce(sum(r.n_t) filter (where r.matched), 0) as w,
            coalesce(sum(r.n_c) filter (where r.matched), 0) as matched_control,
            count(*) filter (where r.matched) as strata,
            sum(r.n_t * r.pu_t) filter (where r.matched) as up_t,
            sum(r.n_t * r.pu_c) filter (where r.matched) as up_c,
            sum(r.n_t::numeric * r.n_t * (r.pu_t * (1 - r.pu_t) / r.n_t + r.pu_c * (1 - r.pu_c) / r.n_c))
                filter (where r.matched) as up_var,
            sum(r.n_t * r.pd_t) filter (where r.matched) as down_t,
            sum(r.n_t * r.pd_c) filter (where r.matched) as down_c,
            sum(r.n_t::numeric * r.n_t * (r.pd_t * (1 - r.pd_t) / r.n_t + r.pd_c * (1 - r.pd_c) / r.n_c))
                filter (where r.matched) as down_var
        from rates as r
        group by r.breakdown, r.cell
    ),
    intervals as (
        select
            e.*,
            (e.up_t - e.up_c) / nullif(e.w, 0) as up_d,
            z * sqrt(e.up_var) / nullif(e.w, 0) as up_h,
            (e.down_t - e.down_c) / nullif(e.w, 0) as down_d,
            z * sqrt(e.down_var) / nullif(e.w, 0) as down_h
        from estimates as e
    ),
    bounds as materialized (
        select min(b.month) as first_month, max(b.month) as last_month from base as b
    )
    select
        i.breakdown,
        i.cell,
        bo.first_month,
        bo.last_month,
        i.contacted::bigint,
        i.w::bigint,
        i.matched_control::bigint,
        i.strata,
        round((i.up_t / nullif(i.w, 0))::numeric, 4),
        round((i.up_c / nullif(i.w, 0))::numeric, 4),
        round(i.up_d::numeric, 4),
        round((i.up_d - i.up_h)::numeric, 4),
        round((i.up_d + i.up_h)::numeric, 4),
        round((i.down_t / nullif(i.w, 0))::numeric, 4),
        round((i.down_c / nullif(i.w, 0))::numeric, 4),
        round(i.down_d::numeric, 4),
        round((i.down_d - i.down_h)::numeric, 4),
        round((i.down_d + i.down_h)::numeric, 4),
        case
            when i.w = 0 then 'no matched customers'
            when i.contacted = 0 then 'nobody contacted'
            else coalesce(nullif(concat_ws('; ',
                case when i.up_d - i.up_h > 0 then 'raises upward moves'
                     when i.up_d + i.up_h < 0 then 'lowers upward moves' end,
                case when i.down_d + i.down_h < 0 then 'fewer downward moves'
                     when i.down_d - i.down_h > 0 then 'more downward moves' end), ''), 'no measurable effect')
        end
    from intervals as i
    cross join bounds as bo
    where i.contacted > 0 or i.breakdown = 'overall'
    order by
        case i.breakdown when 'overall' then 0 when 'segment' then 1 else 2 end,
        i.cell collate "C";
end
$$;
comment on function mart.migration_drivers(date, integer) is 'Report migration_drivers: customers contacted in a month against customers not contacted, matched exactly on month, tier, RFM segment, tenure band and propensity band at the month''s start, over the --months complete months up to as_of; per group (overall, RFM segment, channel) the contacted customer-months, those with a match and their matched controls, the share moving up and down a tier in the month for both (the control''s weighted to the contacted''s strata), the difference with a 95 % interval and a verdict.';
