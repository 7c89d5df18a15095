-- Is a customer's spend growing, stable, declining or volatile, judged on
-- the months they ordered in (active months, as in every other mart)
-- among the 12 ending with as_of's month. Months without an order are left
-- out rather than counted as zero: with zeros, the coefficient of variation
-- of k active months in 12 is at least sqrt(12 / k − 1), so every customer
-- who orders in 3 or 4 months was "volatile" for ordering rarely. Whether
-- a customer still orders is what recency and churn answer.
--   mean   = mean revenue of the active months
--   slope  = least-squares slope of that revenue against the month (1 … 12),
--            per month; null with one active month
--   cv     = population standard deviation / mean of the active months
-- Fewer than trend_min_active_months active months: occasional (too few
-- points for a trend). A month with returns only is not active and does
-- not count.
-- Result columns changed (mean per active month): drop the old functions once.
do $$
begin
    if exists (
        select from pg_proc as p
        join pg_namespace as n on n.oid = p.pronamespace
        where n.nspname = 'mart' and p.proname = 'customer_trend_of' and 'mean_monthly_revenue' = any(p.proargnames)
    ) then
        drop function if exists mart.customer_trends(date);
        drop function if exists mart.customer_trend(date) cascade;
        drop function if exists mart.customer_trend_compute(date);
        drop function mart.customer_trend_of(date, text[]);
    end if;
end
$$;

create or replace function mart.customer_trend_of(as_of date, customers text[])
returns table (
    customer_id text,
    active_months bigint,
    mean_active_month_revenue numeric,
    slope numeric,
    relative_slope numeric,
    coefficient_of_variation numeric,
    trend text
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    -- Read here, on the coordinator: the query below runs on the shards.
    min_active_months numeric := mart.setting('trend_min_active_months');
    volatile_cv numeric := mart.setting('trend_volatile_cv');
    growth_slope numeric := mart.setting('trend_growth_slope');
    -- A value, not a function call in the query, so the query may use
    -- parallel workers.
    last_month date := date_trunc('month', coalesce(as_of, mart.default_as_of()))::date;
begin
    return query
    with months as (
        select
            f.customer_id,
            f.revenue,
            12 - ((extract(year from last_month) - extract(year from f.month)) * 12
                + extract(month from last_month) - extract(month from f.month)) as x
        from dw.fact_customer_month as f
        where customers is null
            and f.month > last_month - interval '12 months'
            and f.month <= last_month
            and f.is_active
        -- Given customers (a nightly refresh, at the latest data): the
        -- same months from their summary row, read by key.
        union all
        select
            s.customer_id,
            a.revenue,
            12 - ((extract(year from last_month) - extract(year from a.month)) * 12
                + extract(month from last_month) - extract(month from a.month)) as x
        -- By key (= any): a join with the unnested ids hashes the whole summary.
        from mart.customer_summary as s
        cross join lateral unnest(s.months, s.month_orders, s.month_revenue) as a(month, orders, revenue)
        where customers is not null and s.customer_id = any(customers)
            and a.month > last_month - interval '12 months'
            and a.month <= last_month
            and a.orders > 0
    ),
    sums as (
        select
            customer_id,
            count(*) as active_months,
            sum(revenue) as sy,
            sum(revenue * revenue) as syy,
            sum(x) as sx,
            sum(x * x) as sxx,
            sum(x * revenue) as sxy
        from months
        group by customer_id
    ),
    stats as (
        select
            customer_id,
            active_months,
            sy / active_months as mean,
            (active_months * sxy - sx * sy) / nullif(active_months * sxx - sx * sx, 0) as slope,
            sqrt(greatest(syy / active_months - (sy / active_months) ^ 2, 0)) as sd
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
            when active_months < min_active_months then 'occasional'
            when mean <= 0 then 'declining'
            when sd / mean > volatile_cv then 'volatile'
            when slope / mean > growth_slope then 'growth'
            when slope / mean < -growth_slope then 'declining'
            else 'stable'
        end
    from stats;
end
$$;
comment on function mart.customer_trend_of(date, text[]) is 'Per customer (of customers, from mart.customer_summary at the latest data; null: everyone, from the snapshot) with an order in the 12 months ending with as_of''s month, over the months with an order: mean revenue, least-squares slope per month, slope / mean, coefficient of variation, and the label (occasional below trend_min_active_months active months, volatile above trend_volatile_cv, else growth or declining beyond ± trend_growth_slope, else stable).';

create or replace function mart.customer_trend_compute(as_of date default null)
returns table (
    customer_id text,
    active_months bigint,
    mean_active_month_revenue numeric,
    slope numeric,
    relative_slope numeric,
    coefficient_of_variation numeric,
    trend text
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    select * from mart.customer_trend_of(as_of, null);
end
$$;
comment on function mart.customer_trend_compute(date) is 'Per customer with an order in the 12 months ending with as_of''s month, over the months with an order: mean revenue, least-squares slope per month, slope / mean, coefficient of variation, and the label (occasional below trend_min_active_months active months, volatile above trend_volatile_cv, else growth or declining beyond ± trend_growth_slope, else stable).';

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
        -- A variable, not a subquery, as the argument: the function's
        -- query is then planned with these customers' ids.
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
    mean_active_month_revenue numeric,
    slope numeric,
    relative_slope numeric,
    coefficient_of_variation numeric,
    trend text
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    select * from mart.customer_trend_current where as_of is null
    union all
    select * from mart.customer_trend_compute(as_of) where as_of is not null;
end
$$;
comment on function mart.customer_trend(date) is 'mart.customer_trend_compute(as_of); the stored mart.customer_trend_current when as_of is null.';

create or replace view mart.customer_trend as
select * from mart.customer_trend(null);
comment on view mart.customer_trend is 'mart.customer_trend at the latest data.';
comment on column mart.customer_trend.customer_id is 'Master customer id.';
comment on column mart.customer_trend.active_months is 'Months with an order among the 12.';
comment on column mart.customer_trend.mean_active_month_revenue is 'Mean net revenue of the active months.';
comment on column mart.customer_trend.slope is 'Least-squares slope of the active months'' revenue against their month, per month; null with one active month.';
comment on column mart.customer_trend.relative_slope is 'slope / mean_active_month_revenue.';
comment on column mart.customer_trend.coefficient_of_variation is 'Population standard deviation / mean of the active months'' revenue.';
comment on column mart.customer_trend.trend is 'occasional (fewer than trend_min_active_months active months), volatile, growth, declining or stable.';

create or replace function mart.customer_trends(as_of date default null)
returns table (
    trend text,
    customers bigint,
    customer_share numeric,
    average_active_month_revenue numeric,
    average_relative_slope numeric,
    average_predicted_clv numeric
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    select
        t.trend,
        count(*),
        round(count(*) / sum(count(*)) over (), 4),
        round(avg(t.mean_active_month_revenue), 2),
        round(avg(t.relative_slope), 4),
        round(avg(l.predicted_clv), 2)
    from mart.customer_trend(as_of) as t
    left join mart.customer_score_latest as l using (customer_id)
    group by t.trend
    order by t.trend;
end
$$;
comment on function mart.customer_trends(date) is 'Customers and averages per spend trend label.';
