-- KPIs per month. A customer churns in month a + w when their last order
-- was in month a and none followed within w months (w =
-- churn_inactive_months); the base of month m is everyone whose latest
-- order before m falls in months m - w .. m - 1.
create or replace function mart.kpi_monthly_compute()
returns setof mart.kpi_monthly_table
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with settings as materialized (
        select mart.setting('churn_inactive_months')::integer as w
    ),
    months as (
        select generate_series(min(month), max(month), interval '1 month')::date as month
        from mart.order_month
    ),
    activity as (
        select
            customer_id,
            month,
            orders,
            first_order_month,
            lead(month) over (partition by customer_id order by month) as next_month,
            sum(orders) over (partition by customer_id order by month) as cumulative_orders
        from dw.fact_customer_month
        where is_active
    ),
    monthly as (
        select
            month,
            count(*) as active_customers,
            count(*) filter (where month = first_order_month) as new_customers
        from activity
        group by month
    ),
    churn_events as (
        select (a.month + make_interval(months => s.w))::date as month, count(*) as churned
        from activity as a, settings as s
        where a.next_month is null or a.next_month > a.month + make_interval(months => s.w)
        group by 1
    ),
    -- Each active month puts the customer in the base of the following
    -- months up to the next order or w months: +1 there, -1 after.
    base_steps as (
        select (a.month + interval '1 month')::date as month, count(*) as step
        from activity as a
        group by 1
        union all
        select (least(coalesce(a.next_month, a.month + make_interval(months => s.w)), a.month + make_interval(months => s.w))
            + interval '1 month')::date, -count(*)
        from activity as a, settings as s
        group by 1
    ),
    base as (
        select m.month, sum(sum(coalesce(b.step, 0))) over (order by m.month) as base_customers
        from months as m
        left join base_steps as b using (month)
        group by m.month
    ),
    repeaters as (
        select month, count(*) as became_repeat
        from (
            select customer_id, min(month) as month from activity where cumulative_orders >= 2 group by customer_id
        ) as second_orders
        group by month
    ),
    acquired as (
        select first_order_month as month, count(distinct customer_id) as acquired
        from activity
        group by 1
    ),
    scores as materialized (
        select * from mart.monthly_predicted_clv()
    ),
    combined as (
        select
            m.month,
            coalesce(a.active_customers, 0) as active_customers,
            coalesce(a.new_customers, 0) as new_customers,
            coalesce(c.churned, 0) as churned_customers,
            b.base_customers,
            coalesce(o.revenue, 0) as revenue,
            coalesce(o.orders, 0) as orders,
            sum(coalesce(r.became_repeat, 0)) over (order by m.month) as repeat_customers,
            sum(coalesce(q.acquired, 0)) over (order by m.month) as customers_to_date,
            s.average_predicted_clv
        from months as m
        left join monthly as a using (month)
        left join churn_events as c using (month)
        left join base as b using (month)
        left join mart.order_month as o using (month)
        left join repeaters as r using (month)
        left join acquired as q using (month)
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
comment on function mart.kpi_monthly_compute() is 'Computes the monthly KPIs from the snapshot; crmwh refresh stores them in mart.kpi_monthly_table.';

create or replace view mart.kpi_monthly as
select * from mart.kpi_monthly_table;
comment on view mart.kpi_monthly is 'KPIs per month, as of the last crmwh refresh.';
comment on column mart.kpi_monthly.month is 'First day of the month.';
comment on column mart.kpi_monthly.active_customers is 'Customers with an order in the month.';
comment on column mart.kpi_monthly.new_customers is 'Active customers whose first order was in the month.';
comment on column mart.kpi_monthly.returning_customers is 'Active customers who had ordered before the month.';
comment on column mart.kpi_monthly.churned_customers is 'Customers whose last order was churn_inactive_months months before, with none since.';
comment on column mart.kpi_monthly.base_customers is 'Customers whose latest order before the month lies within churn_inactive_months months.';
comment on column mart.kpi_monthly.retention_rate is '(base − churned) / base.';
comment on column mart.kpi_monthly.churn_rate is 'churned / base.';
comment on column mart.kpi_monthly.revenue is 'Net revenue of the month (all customers, the unknown one included).';
comment on column mart.kpi_monthly.orders is 'Orders with a purchase line in the month.';
comment on column mart.kpi_monthly.average_order_value is 'revenue / orders.';
comment on column mart.kpi_monthly.purchase_frequency is 'orders / active customers.';
comment on column mart.kpi_monthly.revenue_per_active_customer is 'revenue / active customers.';
comment on column mart.kpi_monthly.repeat_purchase_rate is 'Customers with two or more orders by the month''s end / customers with one or more.';
comment on column mart.kpi_monthly.average_predicted_clv is 'Mean of the latest predictions made in the month; null without one.';

-- mart.churn, the inactivity rule beside its error and the model's view, is in 19_churn.sql.
