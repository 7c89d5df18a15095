-- Acquisition cohorts (month of first order) × months since: customers
-- who ordered again and the revenue of those who did.
create or replace function mart.cohort_retention_compute()
returns setof mart.cohort_retention_table
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with activity as (
        select month, customer_id, first_order_month, revenue
        from dw.fact_customer_month
        where is_active
    ),
    cohorts as (
        select first_order_month, count(*) as cohort_customers, sum(revenue) as cohort_revenue
        from activity
        where month = first_order_month
        group by first_order_month
    ),
    cells as (
        select
            first_order_month,
            ((extract(year from month) - extract(year from first_order_month)) * 12
                + extract(month from month) - extract(month from first_order_month))::integer as months_since,
            count(*) as active_customers,
            sum(revenue) as revenue
        from activity
        group by first_order_month, month
    )
    select
        to_char(c.first_order_month, 'YYYY-MM') as cohort,
        c.months_since,
        h.cohort_customers,
        c.active_customers,
        round(c.active_customers::numeric / h.cohort_customers, 4) as retention_rate,
        c.revenue,
        round(c.revenue / nullif(h.cohort_revenue, 0), 4) as revenue_retention
    from cells as c
    join cohorts as h using (first_order_month)
    order by c.first_order_month, c.months_since;
end
$$;
comment on function mart.cohort_retention_compute() is 'Cohort retention from the snapshot; crmwh refresh stores it in mart.cohort_retention_table.';

create or replace view mart.cohort_retention as
select * from mart.cohort_retention_table
order by cohort, months_since;
comment on view mart.cohort_retention is 'Acquisition cohort × months since first order: active customers and their revenue, against the cohort''s first month.';
comment on column mart.cohort_retention.cohort is 'Month of first order, yyyy-mm.';
comment on column mart.cohort_retention.months_since is 'Months since the cohort month (0 = the cohort month).';
comment on column mart.cohort_retention.cohort_customers is 'Customers acquired in the cohort month.';
comment on column mart.cohort_retention.active_customers is 'Cohort customers who ordered in the month.';
comment on column mart.cohort_retention.retention_rate is 'active_customers / cohort_customers.';
comment on column mart.cohort_retention.revenue is 'Net revenue in the month of the cohort customers who ordered in it.';
comment on column mart.cohort_retention.revenue_retention is 'revenue / the cohort''s revenue in its first month.';
