-- Churn that an analyst can check. The inactivity rule of mart.kpi_monthly
-- (a customer churns w = churn_inactive_months whole months after their
-- last order) is kept; beside it, per month:
--   * how many of the month's churned customers ordered again within
--     churn_followup_months months: the false-churn rate, the rule's error,
--     judged only where that follow-up lies within the data;
--   * how many customers the BG/NBD model thinks likely gone: P(alive) at
--     the month's end, from the purchases up to then and the latest fitted
--     parameters, below churn_p_alive_threshold.
-- And, over the whole history, the false-churn rate of every window of 1 …
-- 12 months: the smallest window whose rate is at most
-- churn_window_return_share is the one the data recommend.

-- Inactivity windows tracked: 1 … 12 months, and the configured one if longer.
create or replace function mart.churn_windows_tracked() returns integer
language sql stable as $$
    select greatest(12, mart.setting('churn_inactive_months')::integer)
$$;
comment on function mart.churn_windows_tracked() is 'The longest inactivity window mart.churn_window_events tracks: 12 months, or churn_inactive_months when longer.';

-- One customer's churn events under every window: after each active month
-- a (with the next active month n, or none), the customer has been
-- without an order for g whole months in month a + g, for g = 1 … up to
-- the month before n. They returned when n comes at most followup_months
-- months after a + g.
create or replace function mart.churn_gap_events(active_months date[], max_window integer, followup_months integer)
returns table (month date, inactive_months integer, returned integer)
language sql immutable parallel safe as $$
    with active as (
        select
            u.m,
            (extract(year from lead(u.m) over (order by u.m)) * 12 + extract(month from lead(u.m) over (order by u.m))
                - extract(year from u.m) * 12 - extract(month from u.m))::integer as months_to_next
        from unnest(active_months) as u(m)
    )
    select
        (a.m + make_interval(months => g))::date,
        g,
        (a.months_to_next is not null and a.months_to_next <= g + followup_months)::integer
    from active as a
    cross join lateral generate_series(1, least(max_window, coalesce(a.months_to_next - 1, max_window))) as g
$$;
comment on function mart.churn_gap_events(date[], integer, integer) is 'One customer''s churn events: for each active month (first days, ascending) and each window g of 1 … max_window months without an order since, the month of the event and whether the next order came within followup_months months after it (1) or not (0).';

-- From the snapshot, for every customer: what refresh keeps in
-- mart.churn_window_events (mart.add_activity adds and subtracts the
-- same events per customer).
create or replace function mart.churn_window_events_compute()
returns setof mart.churn_window_events
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with settings as materialized (
        select mart.churn_windows_tracked() as max_window, mart.setting('churn_followup_months')::integer as followup
    ),
    customers as (
        select customer_id, array_agg(month order by month) as months
        from dw.fact_customer_month
        where is_active
        group by customer_id
    )
    select e.month, e.inactive_months, count(*), sum(e.returned)
    from customers as c
    cross join settings as s
    cross join lateral mart.churn_gap_events(c.months, s.max_window, s.followup) as e
    group by e.month, e.inactive_months;
end
$$;
comment on function mart.churn_window_events_compute() is 'Computes mart.churn_window_events from the snapshot (dw.fact_customer_month); crmwh refresh keeps the table by adding and subtracting changed customers'' events.';

-- P(alive) per month end. Between two purchase months a customer's x
-- (repeat purchase days) and tₓ stay fixed and P(alive) only falls as T
-- grows (Fader, Hardie & Lee 2005, eq. 11):
--   P = 1 / (1 + a / (b + x − 1) · ((α + T) / (α + tₓ))^(r + x)),  x ≥ 1; 1 when x = 0
-- (MBG/NBD: b + x for b + x − 1, at every x, Batislam et al. 2007).
-- P < p exactly when T > T* = (α + tₓ) · ((1 − p) / p · (b + x − 1) / a)^(1 / (r + x)) − α,
-- so each stretch between purchase months falls below p at most once:
-- in the first month whose end lies more than T* after the first purchase.
-- Purchase days are the days mart.customer_day counts orders on; time is
-- in the model's unit (a month is 365.25 / 12 days).
create or replace function mart.churn_p_alive_compute()
returns setof mart.churn_p_alive_month
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    -- The latest fit with usable parameters (all four finite and positive).
    -- An MBG/NBD fit (purchase_model 'mbgnbd') has the same form with b + 1
    -- for b, from x = 0 on: a one-time buyer can drop out too. The row is
    -- read as jsonb, so a warehouse whose fits predate the purchase_model
    -- column reads them as BG/NBD.
    with model as materialized (
        select
            f.model_version,
            f.r,
            f.alpha,
            f.a,
            f.b + f.is_modified::integer as b,
            f.is_modified,
            case f.time_unit when 'day' then 1 when 'week' then 7 else 365.25 / 12 end::float8 as unit_days,
            mart.setting('churn_p_alive_threshold')::float8 as p
        from (
            select
                m.model_version,
                m.as_of,
                m.fitted_at,
                m.time_unit,
                j.is_modified,
                (j.params ->> 'r')::float8 as r,
                (j.params ->> 'alpha')::float8 as alpha,
                (j.params ->> 'a')::float8 as a,
                (j.params ->> 'b')::float8 as b
            from dw.clv_model as m
            cross join lateral (
                select
                    coalesce(to_jsonb(m) ->> 'purchase_model', 'bgnbd') = 'mbgnbd' as is_modified,
                    to_jsonb(m) -> (coalesce(to_jsonb(m) ->> 'purchase_model', 'bgnbd') || '_params') as params
            ) as j
        ) as f
        where f.r > 0 and f.alpha > 0 and f.a > 0 and f.b > 0
            and greatest(f.r, f.alpha, f.a, f.b) < 'Infinity'::float8
        order by f.as_of desc, f.fitted_at desc, f.model_version
        limit 1
    ),
    months as (
        select generate_series(min(month), max(month), interval '1 month')::date as month
        from mart.order_month
        where exists (select from model)
    ),
    purchase_months as (
        select
            customer_id,
            date_trunc('month', ordered_on)::date as month,
            count(*) as purchase_days,
            min(ordered_on) as first_day,
            max(ordered_on) as last_day
        from mart.customer_day
        where orders > 0 and customer_id <> 'unknown'
        group by customer_id, date_trunc('month', ordered_on)
    ),
    -- Each purchase month opens a stretch that ends (exclusive) with the
    -- next purchase month, or after the last month with data.
    stretches as (
        select
            customer_id,
            month as starts,
            coalesce(
                lead(month) over (partition by customer_id order by month),
                ((select max(month) from months) + interval '1 month')::date) as ends,
            sum(purchase_days) over (partition by customer_id order by month) - 1 as x,
            min(first_day) over (partition by customer_id) as first_day,
            last_day
        from purchase_months
    ),
    thresholds as (
        select
            s.customer_id,
            s.starts,
            s.ends,
            -- Days after the first purchase beyond which P(alive) < p (null:
            -- never, BG/NBD at x = 0).
            case when (s.x > 0 or m.is_modified) and m.p > 0 and m.p < 1 then
                least(
                    ((m.alpha + (s.last_day - s.first_day) / m.unit_days)
                        * power((1 - m.p) / m.p * (m.b + s.x - 1) / m.a, 1 / (m.r + s.x)) - m.alpha) * m.unit_days,
                    1e6)
            end as days_to_below,
            s.first_day
        from stretches as s
        cross join model as m
    ),
    -- The first month end e with e − first_day > days_to_below is the end
    -- of the month holding day first_day + floor(days_to_below) + 1.
    below as (
        select
            customer_id,
            starts,
            ends,
            greatest(starts, date_trunc('month', first_day + (floor(greatest(days_to_below, -1e6)) + 1)::integer)::date)
                as below_from
        from thresholds
        where days_to_below is not null
    ),
    spells as (
        select
            customer_id,
            starts,
            ends,
            below_from,
            -- Still below at the end of the previous stretch: the spell goes on.
            coalesce(lag(below_from < ends) over (partition by customer_id order by starts), false) as continued
        from (
            select customer_id, starts, ends, least(below_from, ends) as below_from
            from below
        ) as b
    ),
    steps as (
        select below_from as month, count(*) as step, count(*) filter (where not (continued and below_from = starts)) as dropped
        from spells
        where below_from < ends
        group by below_from
        union all
        select ends, -count(*), 0
        from spells
        where below_from < ends
        group by ends
    )
    select
        m.month,
        (sum(sum(coalesce(s.step, 0))) over (order by m.month))::bigint,
        sum(coalesce(s.dropped, 0))::bigint,
        (select model_version from model)
    from months as m
    left join steps as s using (month)
    group by m.month
    order by m.month;
end
$$;
comment on function mart.churn_p_alive_compute() is 'Per month: customers whose P(alive) (BG/NBD or MBG/NBD) at the month''s end (purchases to then, latest dw.clv_model fit) is below churn_p_alive_threshold, and those who fell below it in the month; no rows without a fitted model.';

create or replace function mart.refresh_churn_p_alive() returns void
language plpgsql as $$
begin
    truncate mart.churn_p_alive_month;
    insert into mart.churn_p_alive_month select * from mart.churn_p_alive_compute();
end
$$;
comment on function mart.refresh_churn_p_alive() is 'Rewrites mart.churn_p_alive_month (every refresh and every scoring: a new fit moves every month''s P(alive)).';

-- A month's follow-up is complete when its churn_followup_months months
-- have ended by the latest data (the as-of date): month m qualifies when
-- m + followup + 1 months ≤ as_of + 1 day. Computed once per query.
create or replace function mart.churn_last_judged_month() returns date
language sql stable as $$
    select (date_trunc('month', mart.default_as_of() + 1)
        - make_interval(months => mart.setting('churn_followup_months')::integer + 1))::date
$$;
comment on function mart.churn_last_judged_month() is 'The last month whose churn_followup_months months lie within the refreshed data: its false-churn rate can be judged.';

create or replace function mart.churn_windows()
returns table (
    inactive_months integer,
    churned_customers bigint,
    returned_customers bigint,
    return_share numeric,
    months_observed bigint,
    first_month date,
    last_month date,
    is_recommended boolean,
    is_configured boolean
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with settings as materialized (
        select
            mart.setting('churn_inactive_months')::integer as w,
            mart.setting('churn_window_return_share') as share,
            mart.churn_last_judged_month() as last_judged
    ),
    windows as (
        select
            e.inactive_months,
            sum(e.churned_customers)::bigint as churned,
            sum(e.returned_customers)::bigint as returned,
            count(*) as months_observed,
            min(e.month) as first_month,
            max(e.month) as last_month
        from mart.churn_window_events as e
        cross join settings as s
        -- Months whose follow-up the data cover in full.
        where e.month <= s.last_judged
        group by e.inactive_months
    ),
    shares as (
        select w.*, round(w.returned::numeric / nullif(w.churned, 0), 4) as share
        from windows as w
    )
    select
        g.g,
        coalesce(s.churned, 0),
        coalesce(s.returned, 0),
        s.share,
        coalesce(s.months_observed, 0),
        s.first_month,
        s.last_month,
        coalesce(g.g = (
            select min(x.inactive_months) from shares as x, settings as t where x.share <= t.share
        ), false),
        g.g = t.w
    from generate_series(1, mart.churn_windows_tracked()) as g(g)
    cross join settings as t
    left join shares as s on s.inactive_months = g.g
    order by g.g;
end
$$;
comment on function mart.churn_windows() is 'Per inactivity window of 1 … 12 months (and the configured one): customers who lapsed under it in the months whose follow-up the data cover, those of them who ordered again within churn_followup_months, the share, and the recommended window (the smallest whose share is at most churn_window_return_share).';

-- The inactivity rule beside its error and the model's view; the first
-- six columns are those of mart.kpi_monthly.
create or replace view mart.churn as
with settings as materialized (
    select mart.setting('churn_inactive_months')::integer as w, mart.churn_last_judged_month() as last_judged
)
select
    k.month,
    k.base_customers,
    k.churned_customers,
    k.churn_rate,
    k.retention_rate,
    k.repeat_purchase_rate,
    coalesce(e.returned_customers, 0) as returned_customers,
    case when k.month <= s.last_judged and k.churned_customers > 0 then
        round(coalesce(e.returned_customers, 0)::numeric / k.churned_customers, 4)
    end as false_churn_rate,
    k.month <= s.last_judged as is_follow_up_complete,
    p.customers_below as p_alive_below_customers,
    p.customers_dropped as p_alive_dropped_customers,
    p.model_version as p_alive_model
from mart.kpi_monthly_table as k
cross join settings as s
left join mart.churn_window_events as e on e.month = k.month and e.inactive_months = s.w
left join mart.churn_p_alive_month as p on p.month = k.month;
comment on view mart.churn is 'Per month: customers lapsed under the inactivity window churn_inactive_months with churn, retention and repeat purchase rates; of them, those who ordered again within churn_followup_months (false churn); customers whose BG/NBD P(alive) is below churn_p_alive_threshold.';
comment on column mart.churn.month is 'First day of the month.';
comment on column mart.churn.base_customers is 'Customers in the base at the start of the month.';
comment on column mart.churn.churned_customers is 'Customers who lapsed in the month: last order churn_inactive_months months before, none since.';
comment on column mart.churn.churn_rate is 'churned / base.';
comment on column mart.churn.retention_rate is '(base − churned) / base.';
comment on column mart.churn.repeat_purchase_rate is 'Share of customers to date with two or more orders.';
comment on column mart.churn.returned_customers is 'Churned customers of the month with an order in the churn_followup_months months after it (so far, when the follow-up is not complete).';
comment on column mart.churn.false_churn_rate is 'returned / churned: the share of the month''s churn that was not churn; null until the follow-up is complete.';
comment on column mart.churn.is_follow_up_complete is 'Whether the churn_followup_months months after the month lie within the data; false: too recent to judge.';
comment on column mart.churn.p_alive_below_customers is 'Customers with a purchase by the month''s end whose BG/NBD P(alive) then is below churn_p_alive_threshold (latest fitted model); null without a fitted model.';
comment on column mart.churn.p_alive_dropped_customers is 'Of them, customers whose P(alive) fell below the threshold in the month; null without a fitted model.';
comment on column mart.churn.p_alive_model is 'The dw.clv_model fit used for P(alive); null without one.';

-- Replaced by mart.churn_last_judged_month(), once the view no longer uses it.
drop function if exists mart.churn_follow_up_complete(date);
