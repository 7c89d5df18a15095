-- Is a customer's spend growing, stable, declining or volatile: least
-- squares slope and coefficient of variation of the 12 monthly revenues
-- ending with as_of's month, months without orders counting as zero.
-- With x = 1..12: Σx = 78, n Σx² − (Σx)² = 12 × 650 − 78² = 1716.
create or replace function mart.customer_trend_of(as_of date, customers text[])
returns table (
    customer_id text,
    active_months bigint,
    mean_monthly_revenue numeric,
    slope numeric,
    relative_slope numeric,
    coefficient_of_variation numeric,
    trend text
)
language sql stable as $$
    with bounds as materialized (
        select date_trunc('month', coalesce(as_of, mart.default_as_of()))::date as last_month
    ),
    months as (
        select
            f.customer_id,
            f.revenue,
            12 - ((extract(year from b.last_month) - extract(year from f.month)) * 12
                + extract(month from b.last_month) - extract(month from f.month)) as x
        from dw.fact_customer_month as f, bounds as b
        -- Scalar subqueries, so the months are an index range of the snapshot.
        where customers is null
            and f.month > (select last_month from bounds) - interval '12 months'
            and f.month <= (select last_month from bounds)
            and f.revenue <> 0
        -- Given customers (a nightly refresh, at the latest data): the
        -- same months from their summary row, read by key. A month has a
        -- snapshot row when an order falls in the 12 months ending with it.
        union all
        select
            s.customer_id,
            a.revenue,
            12 - ((extract(year from b.last_month) - extract(year from a.month)) * 12
                + extract(month from b.last_month) - extract(month from a.month)) as x
        from unnest(customers) as c(customer_id)
        join mart.customer_summary as s using (customer_id)
        cross join bounds as b
        cross join lateral (
            select
                u.month,
                u.revenue,
                max(u.month) filter (where u.orders > 0) over (order by u.month) as last_order_month
            from unnest(s.months, s.month_orders, s.month_revenue) as u(month, orders, revenue)
        ) as a
        where customers is not null
            and a.month > b.last_month - interval '12 months'
            and a.month <= b.last_month
            and a.revenue <> 0
            and a.last_order_month > a.month - interval '12 months'
    ),
    sums as (
        select
            customer_id,
            count(*) as active_months,
            sum(revenue) as sy,
            sum(revenue * revenue) as syy,
            sum(x * revenue) as sxy
        from months
        group by customer_id
    ),
    stats as (
        select
            customer_id,
            active_months,
            sy / 12 as mean,
            (12 * sxy - 78 * sy) / 1716 as slope,
            sqrt(greatest(syy / 12 - (sy / 12) ^ 2, 0)) as sd
        from sums
    )
    select
        customer_id,
        active_months,
        round(mean, 4),
        round(slope, 4),
        round(slope / nullif(mean, 0), 4),
        round(sd / nullif(mean, 0), 4),
        case
            when active_months < 3 then 'occasional'
            when mean <= 0 then 'declining'
            when sd / mean > mart.setting('trend_volatile_cv') then 'volatile'
            when slope / mean > mart.setting('trend_growth_slope') then 'growth'
            when slope / mean < -mart.setting('trend_growth_slope') then 'declining'
            else 'stable'
        end
    from stats
$$;
comment on function mart.customer_trend_of(date, text[]) is 'Per customer (of customers, from mart.customer_summary at the latest data; null: everyone, from the snapshot) with revenue in the 12 months ending with as_of''s month: mean monthly revenue, least-squares slope per month, slope / mean, coefficient of variation, and the label (occasional below 3 active months, volatile above trend_volatile_cv, else growth or declining beyond ± trend_growth_slope, else stable).';

create or replace function mart.customer_trend_compute(as_of date default null)
returns table (
    customer_id text,
    active_months bigint,
    mean_monthly_revenue numeric,
    slope numeric,
    relative_slope numeric,
    coefficient_of_variation numeric,
    trend text
)
language sql stable as $$
    select * from mart.customer_trend_of(as_of, null)
$$;
comment on function mart.customer_trend_compute(date) is 'Per customer with revenue in the 12 months ending with as_of''s month: mean monthly revenue, least-squares slope per month, slope / mean, coefficient of variation, and the label (occasional below 3 active months, volatile above trend_volatile_cv, else growth or declining beyond ± trend_growth_slope, else stable).';

create or replace function mart.refresh_customer_trend(everyone boolean) returns void
language plpgsql as $$
declare
    customers text[];
begin
    if everyone then
        truncate mart.customer_trend_current;
        insert into mart.customer_trend_current select * from mart.customer_trend_of(null, null);
    else
        delete from mart.customer_trend_current as t
        using refresh_customers as c
        where t.customer_id = c.customer_id;
        -- A variable, not a subquery, as the argument: the function is
        -- then inlined and planned for these customers.
        customers := array(select customer_id from refresh_customers);
        insert into mart.customer_trend_current
        select * from mart.customer_trend_of(null, customers);
    end if;
end
$$;
comment on function mart.refresh_customer_trend(boolean) is 'Recomputes mart.customer_trend_current for everyone (a new month shifts every window) or for the customers of the temporary table refresh_customers.';


create or replace function mart.customer_trend(as_of date default null)
returns table (
    customer_id text,
    active_months bigint,
    mean_monthly_revenue numeric,
    slope numeric,
    relative_slope numeric,
    coefficient_of_variation numeric,
    trend text
)
language sql stable as $$
    select * from mart.customer_trend_current where as_of is null
    union all
    select * from mart.customer_trend_compute(as_of) where as_of is not null
$$;
comment on function mart.customer_trend(date) is 'mart.customer_trend_compute(as_of); the stored mart.customer_trend_current when as_of is null.';

create or replace view mart.customer_trend as
select * from mart.customer_trend(null);
comment on view mart.customer_trend is 'mart.customer_trend at the latest data.';
comment on column mart.customer_trend.customer_id is 'Master customer id.';
comment on column mart.customer_trend.active_months is 'Months with revenue among the 12.';
comment on column mart.customer_trend.mean_monthly_revenue is 'Net revenue of the 12 months / 12.';
comment on column mart.customer_trend.slope is 'Least-squares slope of monthly revenue, per month.';
comment on column mart.customer_trend.relative_slope is 'slope / mean monthly revenue.';
comment on column mart.customer_trend.coefficient_of_variation is 'Population standard deviation / mean of the 12 monthly revenues.';
comment on column mart.customer_trend.trend is 'occasional (fewer than 3 active months), volatile, growth, declining or stable.';

create or replace function mart.customer_trends(as_of date default null)
returns table (
    trend text,
    customers bigint,
    customer_share numeric,
    average_monthly_revenue numeric,
    average_relative_slope numeric,
    average_predicted_clv numeric
)
language sql stable as $$
    select
        t.trend,
        count(*),
        round(count(*) / sum(count(*)) over (), 4),
        round(avg(t.mean_monthly_revenue), 2),
        round(avg(t.relative_slope), 4),
        round(avg(l.predicted_clv), 2)
    from mart.customer_trend(as_of) as t
    left join mart.customer_score_latest as l using (customer_id)
    group by t.trend
    order by t.trend
$$;
comment on function mart.customer_trends(date) is 'Customers and averages per spend trend label.';
