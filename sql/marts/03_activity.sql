-- Cohort cells and KPI events per month, kept as sums of each customer's
-- contribution: a refresh subtracts what the customers whose days changed
-- (the temporary table refresh_customers) contributed before their summary
-- is refreshed and adds what they contribute after, so the stored cohort
-- retention and KPIs follow a nightly increment without reading every
-- customer's history. The definitions are those of
-- mart.cohort_retention_compute() and mart.kpi_monthly_compute(), which a
-- data test compares with the stored tables.
drop function if exists mart.add_activity(integer, boolean);
drop function if exists mart.add_activity(integer, boolean, date[]);
create or replace function mart.add_activity(sign integer, everyone boolean) returns void
language plpgsql as $$
declare
    w integer := mart.setting('churn_inactive_months')::integer;
    max_window integer := mart.churn_windows_tracked();
    followup integer := mart.setting('churn_followup_months')::integer;
begin
    drop table if exists refresh_activity;
    if everyone then
        create temporary table refresh_activity on commit drop as
        select customer_id, month, orders, first_order_month, revenue
        from dw.fact_customer_month
        where is_active;
    else
        -- The changed customers' active months as the summary holds them
        -- (one row per customer, read by key): before its refresh the
        -- ones to take out, after it the ones to add.
        create temporary table refresh_activity on commit drop as
        select
            s.customer_id,
            a.month,
            a.orders,
            date_trunc('month', s.first_order_on)::date as first_order_month,
            a.revenue
        from refresh_customers as c
        join mart.customer_summary as s using (customer_id)
        cross join lateral unnest(s.months, s.month_orders, s.month_revenue) as a(month, orders, revenue)
        where a.orders > 0;
    end if;

    -- Each active month with the customer's next one and orders to date:
    -- what the KPI and churn events follow (one sort for both).
    drop table if exists refresh_activity_steps;
    create temporary table refresh_activity_steps on commit drop as
    select
        customer_id,
        month,
        first_order_month,
        lead(month) over customer_months as next_month,
        sum(orders) over customer_months as cumulative_orders
    from refresh_activity
    window customer_months as (partition by customer_id order by month);

    insert into mart.cohort_month as c (first_order_month, month, active_customers, revenue)
    select first_order_month, month, sign * count(*), sign * sum(revenue)
    from refresh_activity
    group by first_order_month, month
    on conflict (first_order_month, month) do update set
        active_customers = c.active_customers + excluded.active_customers,
        revenue = c.revenue + excluded.revenue;
    delete from mart.cohort_month where active_customers = 0;

    insert into mart.kpi_month_events as e (
        month, active_customers, new_customers, churned_customers, base_change, repeat_customers,
        acquired_customers
    )
    -- The churn and base events of an active month depend on it and the
    -- next one alone: counted per pair of months, dated once per pair.
    with month_pairs as (
        select month, next_month, count(*) as customers
        from refresh_activity_steps
        group by month, next_month
    ),
    events (month, active, new, churned, base_change, repeat, acquired) as (
        select month, count(*), count(*) filter (where month = first_order_month), 0, 0, 0, 0
        from refresh_activity_steps
        group by month
        -- Churned w months after an active month without an order since.
        union all
        select (month + make_interval(months => w))::date, 0, 0, customers, 0, 0, 0
        from month_pairs
        where next_month is null or next_month > month + make_interval(months => w)
        -- In the base from the month after an active month to the next
        -- order or w months.
        union all
        select (month + interval '1 month')::date, 0, 0, 0, customers, 0, 0
        from month_pairs
        union all
        select
            (least(coalesce(next_month, month + make_interval(months => w)), month + make_interval(months => w))
                + interval '1 month')::date,
            0, 0, 0, -customers, 0, 0
        from month_pairs
        union all
        select month, 0, 0, 0, 0, count(*), 0
        from (
            select min(month) as month
            from refresh_activity_steps
            where cumulative_orders >= 2
            group by customer_id
        ) as repeats
        group by month
        union all
        select first_order_month, 0, 0, 0, 0, 0, count(*)
        from (select distinct customer_id, first_order_month from refresh_activity_steps) as a
        group by first_order_month
    )
    select
        month,
        sign * sum(active),
        sign * sum(new),
        sign * sum(churned),
        sign * sum(base_change),
        sign * sum(repeat),
        sign * sum(acquired)
    from events
    group by month
    on conflict (month) do update set
        active_customers = e.active_customers + excluded.active_customers,
        new_customers = e.new_customers + excluded.new_customers,
        churned_customers = e.churned_customers + excluded.churned_customers,
        base_change = e.base_change + excluded.base_change,
        repeat_customers = e.repeat_customers + excluded.repeat_customers,
        acquired_customers = e.acquired_customers + excluded.acquired_customers;
    delete from mart.kpi_month_events
    where (active_customers, new_customers, churned_customers, base_change, repeat_customers, acquired_customers)
        = (0, 0, 0, 0, 0, 0);

    -- Churn under every tracked window and the returns within the follow-up
    -- (mart.churn_window_events_compute() gives the same from the snapshot):
    -- the events of mart.churn_gap_events, for every customer at once.
    insert into mart.churn_window_events as e (month, inactive_months, churned_customers, returned_customers)
    -- They depend on an active month and the next one alone: counted per
    -- pair of months, expanded once per pair.
    select
        (a.month + make_interval(months => g.inactive_months))::date,
        g.inactive_months,
        sign * sum(a.customers),
        sign * coalesce(sum(a.customers) filter (where a.months_to_next <= g.inactive_months + followup), 0)
    from (
        select
            month,
            (extract(year from next_month) * 12 + extract(month from next_month)
                - extract(year from month) * 12 - extract(month from month))::integer as months_to_next,
            customers
        from (
            select month, next_month, count(*) as customers
            from refresh_activity_steps
            group by month, next_month
        ) as pairs
    ) as a
    cross join lateral generate_series(1, least(max_window, coalesce(a.months_to_next - 1, max_window)))
        as g(inactive_months)
    group by 1, 2
    on conflict (month, inactive_months) do update set
        churned_customers = e.churned_customers + excluded.churned_customers,
        returned_customers = e.returned_customers + excluded.returned_customers;
    delete from mart.churn_window_events where churned_customers = 0;
end
$$;
comment on function mart.add_activity(integer, boolean) is 'Adds (sign 1) or subtracts (sign -1) the active months of every customer (everyone: from the snapshot) or of the temporary table refresh_customers (from mart.customer_summary) to mart.cohort_month, mart.kpi_month_events and mart.churn_window_events.';

create or replace function mart.cohort_retention_from_cells()
returns setof mart.cohort_retention_table
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with cohorts as (
        select first_order_month, active_customers as cohort_customers, revenue as cohort_revenue
        from mart.cohort_month
        where month = first_order_month
    )
    select
        to_char(c.first_order_month, 'YYYY-MM'),
        ((extract(year from c.month) - extract(year from c.first_order_month)) * 12
            + extract(month from c.month) - extract(month from c.first_order_month))::integer,
        h.cohort_customers,
        c.active_customers,
        round(c.active_customers::numeric / h.cohort_customers, 4),
        c.revenue,
        round(c.revenue / nullif(h.cohort_revenue, 0), 4)
    from mart.cohort_month as c
    join cohorts as h using (first_order_month)
    order by c.first_order_month, c.month;
end
$$;
comment on function mart.cohort_retention_from_cells() is 'Cohort retention from the stored cells mart.cohort_month (what mart.cohort_retention_compute() computes from the snapshot).';

create or replace function mart.kpi_monthly_from_events()
returns setof mart.kpi_monthly_table
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with months as (
        select generate_series(min(month), max(month), interval '1 month')::date as month
        from mart.order_month
    ),
    -- Materialized: the scores are distributed, the events are not.
    scores as materialized (
        select * from mart.monthly_predicted_clv()
    ),
    combined as (
        select
            m.month,
            coalesce(e.active_customers, 0) as active_customers,
            coalesce(e.new_customers, 0) as new_customers,
            coalesce(e.churned_customers, 0) as churned_customers,
            sum(coalesce(e.base_change, 0)) over (order by m.month) as base_customers,
            coalesce(o.revenue, 0) as revenue,
            coalesce(o.orders, 0) as orders,
            sum(coalesce(e.repeat_customers, 0)) over (order by m.month) as repeat_customers,
            sum(coalesce(e.acquired_customers, 0)) over (order by m.month) as customers_to_date,
            s.average_predicted_clv
        from months as m
        left join mart.kpi_month_events as e using (month)
        left join mart.order_month as o using (month)
        left join scores as s using (month)
    )
    select k.*
    from combined as c
    cross join lateral mart.kpi_monthly_row(
        c.month, c.active_customers, c.new_customers, c.churned_customers, c.base_customers, c.revenue, c.orders,
        c.repeat_customers, c.customers_to_date, c.average_predicted_clv) as k
    order by k.month;
end
$$;
comment on function mart.kpi_monthly_from_events() is 'The monthly KPIs from the stored events mart.kpi_month_events (what mart.kpi_monthly_compute() computes from the snapshot).';
