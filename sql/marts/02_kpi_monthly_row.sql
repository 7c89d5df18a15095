-- One month's KPIs from its counts: the rates both ways of computing the
-- KPIs share (mart.kpi_monthly_compute() from the snapshot,
-- mart.kpi_monthly_from_events() from the stored events).
create or replace function mart.kpi_monthly_row(
    month date,
    active_customers numeric,
    new_customers numeric,
    churned_customers numeric,
    base_customers numeric,
    revenue numeric,
    orders numeric,
    repeat_customers numeric,
    customers_to_date numeric,
    average_predicted_clv numeric
)
returns mart.kpi_monthly_table
language sql immutable parallel safe as $$
    select
        month,
        active_customers::integer,
        new_customers::integer,
        (active_customers - new_customers)::integer,
        churned_customers::integer,
        base_customers::integer,
        round((base_customers - churned_customers) / nullif(base_customers, 0), 4),
        round(churned_customers / nullif(base_customers, 0), 4),
        revenue,
        orders::integer,
        round(revenue / nullif(orders, 0), 2),
        round(orders / nullif(active_customers, 0), 4),
        round(revenue / nullif(active_customers, 0), 2),
        round(repeat_customers / nullif(customers_to_date, 0), 4),
        round(average_predicted_clv, 2)
$$;
comment on function mart.kpi_monthly_row(date, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric) is
    'One row of mart.kpi_monthly_table from a month''s counts: retention and churn rate, average order value, purchase frequency, revenue per active customer, repeat purchase rate.';
