-- Market: customers, revenue, margin, order value, value tiers, retention
-- and their change, per country, city and acquisition channel of the
-- current customer version. Windows end on the as-of date D and start whole
-- months before the day after it (E = D + 1):
--   period      E − n months … D            (n = months, default 12)
--   previous    E − 2n months … the day before the period
--   last year   E − (12 + n) months … E − 12 months − 1 day
--   retention   ordered in E − 24 … E − 12 months, and again in E − 12 months … D
-- With n = 12 the previous period is the same period last year, and the
-- period is the trailing 12 months of customer_value. crmwh refresh keeps
-- the per-customer figures of n = 12 in mart.customer_market; the report
-- groups cells below market_min_customers into other when it runs.

-- Country, city and acquisition channel of each customer's current version;
-- unknown where the contact gave none (or no contact arrived yet).
create or replace view mart.customer_market_attributes as
select
    c.customer_id,
    coalesce(nullif(btrim(c.country), ''), 'unknown') as country,
    coalesce(nullif(btrim(c.city), ''), 'unknown') as city,
    coalesce(nullif(btrim(c.acquisition_channel), ''), 'unknown') as acquisition_channel
from dw.dim_customer_analyst as c
where c.is_current and c.customer_id <> 'unknown';
comment on view mart.customer_market_attributes is 'Country, city and acquisition channel of every customer''s current version, unknown when empty: the cells of the market mart.';
comment on column mart.customer_market_attributes.customer_id is 'Master customer id.';
comment on column mart.customer_market_attributes.country is 'Country code of the current version, or unknown.';
comment on column mart.customer_market_attributes.city is 'City of the current version, or unknown.';
comment on column mart.customer_market_attributes.acquisition_channel is 'Acquisition channel of the current version, or unknown.';

-- Per customer with sales up to as_of: the attributes and the figures of
-- every window (customers null: everyone; else those customers only).
create or replace function mart.customer_market_of(as_of date, months integer, customers text[])
returns table (
    customer_id text,
    country text,
    city text,
    acquisition_channel text,
    first_order_on date,
    revenue numeric,
    margin numeric,
    orders integer,
    previous_revenue numeric,
    previous_orders integer,
    last_year_revenue numeric,
    last_year_orders integer,
    year_before_orders integer,
    trailing_orders integer
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    last_day date := coalesce(as_of, mart.default_as_of());
    period_start date := (last_day + 1 - make_interval(months => months))::date;
    previous_start date := (last_day + 1 - make_interval(months => 2 * months))::date;
    last_year_start date := (last_day + 1 - make_interval(months => 12 + months))::date;
    -- The start of the trailing 12 months: the exclusive end of last year's
    -- period and of the year before, in which retention's base ordered.
    trailing_start date := (last_day + 1 - interval '12 months')::date;
    year_before_start date := (last_day + 1 - interval '24 months')::date;
begin
    return query
    with days as (
        select d.customer_id, d.ordered_on, d.revenue, d.margin, d.orders
        from mart.customer_day as d
        where customers is null and d.customer_id <> 'unknown' and d.ordered_on <= last_day
        union all
        select d.customer_id, d.ordered_on, d.revenue, d.margin, d.orders
        from unnest(customers) as c(customer_id)
        join mart.customer_day as d on d.customer_id = c.customer_id
        where customers is not null and d.customer_id <> 'unknown' and d.ordered_on <= last_day
    ),
    figures as (
        select
            d.customer_id,
            min(d.ordered_on) filter (where d.orders > 0) as first_order_on,
            coalesce(sum(d.revenue) filter (where d.ordered_on >= period_start), 0) as revenue,
            coalesce(sum(d.margin) filter (where d.ordered_on >= period_start), 0) as margin,
            coalesce(sum(d.orders) filter (where d.ordered_on >= period_start), 0) as orders,
            coalesce(sum(d.revenue) filter (
                where d.ordered_on >= previous_start and d.ordered_on < period_start), 0) as previous_revenue,
            coalesce(sum(d.orders) filter (
                where d.ordered_on >= previous_start and d.ordered_on < period_start), 0) as previous_orders,
            coalesce(sum(d.revenue) filter (
                where d.ordered_on >= last_year_start and d.ordered_on < trailing_start), 0) as last_year_revenue,
            coalesce(sum(d.orders) filter (
                where d.ordered_on >= last_year_start and d.ordered_on < trailing_start), 0) as last_year_orders,
            coalesce(sum(d.orders) filter (
                where d.ordered_on >= year_before_start and d.ordered_on < trailing_start), 0) as year_before_orders,
            coalesce(sum(d.orders) filter (where d.ordered_on >= trailing_start), 0) as trailing_orders
        from days as d
        group by d.customer_id
    )
    select
        f.customer_id,
        coalesce(a.country, 'unknown'),
        coalesce(a.city, 'unknown'),
        coalesce(a.acquisition_channel, 'unknown'),
        f.first_order_on,
        f.revenue,
        f.margin,
        f.orders::integer,
        f.previous_revenue,
        f.previous_orders::integer,
        f.last_year_revenue,
        f.last_year_orders::integer,
        f.year_before_orders::integer,
        f.trailing_orders::integer
    from figures as f
    left join mart.customer_market_attributes as a on a.customer_id = f.customer_id;
end
$$;
comment on function mart.customer_market_of(date, integer, text[]) is 'Per customer with sales up to as_of (customers null: all): country, city and acquisition channel, first order, and revenue, margin and orders of the months months ending on as_of, of the months before, of the same period a year earlier, and orders of the 12 months before the trailing 12 and of the trailing 12.';

-- What crmwh refresh stores: the 12-month windows at the latest data.
create or replace function mart.customer_market_compute(as_of date default null, customers text[] default null)
returns setof mart.customer_market
language plpgsql stable as $$
begin
    return query
    select
        m.customer_id, m.country, m.city, m.acquisition_channel, m.first_order_on, m.revenue, m.margin, m.orders,
        m.previous_revenue, m.previous_orders
    from mart.customer_market_of(as_of, 12, customers) as m;
end
$$;
comment on function mart.customer_market_compute(date, text[]) is 'mart.customer_market rows as of a date (default the latest data) for the given customers (null: everyone).';

-- A nightly refresh recomputes the customers whose days changed (the
-- temporary table refresh_customers), those with days that crossed a
-- window boundary as the as-of date moved, and those whose country, city
-- or acquisition channel changed; everyone on a rebuild.
create or replace function mart.refresh_customer_market(rebuild boolean, previous_as_of date) returns void
language plpgsql as $$
declare
    as_of date := mart.default_as_of();
    customers text[];
begin
    if rebuild or previous_as_of is null or as_of < previous_as_of then
        truncate mart.customer_market;
        insert into mart.customer_market
        select * from mart.customer_market_compute(as_of) order by customer_id;
        analyze mart.customer_market;
        return;
    end if;
    -- Each set read on its own: no temporary table in a query over the
    -- distributed tables.
    customers := array(select r.customer_id from refresh_customers as r);
    customers := customers || array(
        select distinct d.customer_id
        from mart.customer_day as d
        where d.customer_id <> 'unknown'
            and (
                (d.ordered_on >= previous_as_of + 1 - interval '12 months'
                    and d.ordered_on < as_of + 1 - interval '12 months')
                or (d.ordered_on >= previous_as_of + 1 - interval '24 months'
                    and d.ordered_on < as_of + 1 - interval '24 months')
            ));
    customers := customers || array(
        select m.customer_id
        from mart.customer_market as m
        join mart.customer_market_attributes as a on a.customer_id = m.customer_id
        where (m.country, m.city, m.acquisition_channel) is distinct from (a.country, a.city, a.acquisition_channel));
    customers := array(select distinct c from unnest(customers) as u(c));
    delete from mart.customer_market as t
    where t.customer_id = any (customers);
    insert into mart.customer_market
    select * from mart.customer_market_compute(as_of, customers);
end
$$;
comment on function mart.refresh_customer_market(boolean, date) is 'Brings mart.customer_market to the latest data: everyone on a rebuild (or when the as-of date went back), else the customers of refresh_customers, those whose days crossed a 12-month boundary since previous_as_of, and those whose country, city or acquisition channel changed.';

-- One cell per country, city and acquisition channel, with the counts and
-- sums the report divides after grouping small cells: from the stored
-- customers (stored, the latest data, 12 months) or computed as of a date
-- for any number of months.
create or replace function mart.market_cells_of(stored boolean, as_of date, months integer)
returns table (
    country text,
    city text,
    acquisition_channel text,
    customers bigint,
    active_customers bigint,
    new_customers bigint,
    orders bigint,
    revenue numeric,
    margin numeric,
    top_customers bigint,
    high_customers bigint,
    medium_customers bigint,
    low_customers bigint,
    lapsed_customers bigint,
    retention_base_customers bigint,
    retained_customers bigint,
    previous_revenue numeric,
    previous_active_customers bigint,
    last_year_revenue numeric,
    last_year_active_customers bigint
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    last_day date := coalesce(as_of, mart.default_as_of());
    period_start date := (last_day + 1 - make_interval(months => months))::date;
begin
    return query
    with computed as materialized (
        select * from mart.customer_market_of(last_day, months, null) where not stored
    ),
    computed_tiers as materialized (
        select v.customer_id, v.tier_rank from mart.customer_value_compute(last_day) as v where not stored
    ),
    -- Stored: 12 months, so the previous period is last year's and the
    -- retention windows are the previous and the current period.
    per_customer as (
        select
            m.country, m.city, m.acquisition_channel, m.first_order_on, m.revenue, m.margin, m.orders,
            m.previous_revenue, m.previous_orders,
            m.previous_revenue as last_year_revenue, m.previous_orders as last_year_orders,
            m.previous_orders as year_before_orders, m.orders as trailing_orders,
            s.tier_rank
        from mart.customer_market as m
        left join mart.customer_summary as s on s.customer_id = m.customer_id
        where stored
        union all
        select
            c.country, c.city, c.acquisition_channel, c.first_order_on, c.revenue, c.margin, c.orders,
            c.previous_revenue, c.previous_orders, c.last_year_revenue, c.last_year_orders,
            c.year_before_orders, c.trailing_orders,
            t.tier_rank
        from computed as c
        left join computed_tiers as t on t.customer_id = c.customer_id
    )
    select
        p.country,
        p.city,
        p.acquisition_channel,
        count(*) filter (where p.first_order_on is not null),
        count(*) filter (where p.orders > 0),
        count(*) filter (where p.first_order_on >= period_start),
        sum(p.orders)::bigint,
        sum(p.revenue),
        sum(p.margin),
        count(*) filter (where p.tier_rank = 1),
        count(*) filter (where p.tier_rank = 2),
        count(*) filter (where p.tier_rank = 3),
        count(*) filter (where p.tier_rank = 4),
        count(*) filter (where p.tier_rank = 5),
        count(*) filter (where p.year_before_orders > 0),
        count(*) filter (where p.year_before_orders > 0 and p.trailing_orders > 0),
        sum(p.previous_revenue),
        count(*) filter (where p.previous_orders > 0),
        sum(p.last_year_revenue),
        count(*) filter (where p.last_year_orders > 0)
    from per_customer as p
    group by p.country, p.city, p.acquisition_channel;
end
$$;
comment on function mart.market_cells_of(boolean, date, integer) is 'Counts and sums per country, city and acquisition channel: from mart.customer_market and the stored value tiers (stored: the latest data, 12 months), or computed from mart.customer_day and mart.customer_value_compute as of a date over months months.';

drop materialized view if exists mart.market_cells_current cascade;
create materialized view mart.market_cells_current as
select * from mart.market_cells_of(true, null, 12)
with no data;
comment on materialized view mart.market_cells_current is 'mart.market_cells_compute(null, 12): every country × city × acquisition channel cell at the latest data before small cells are grouped, refreshed by crmwh refresh from mart.customer_market; read mart.market.';
comment on column mart.market_cells_current.country is 'Country code of the customers'' current version, or unknown.';
comment on column mart.market_cells_current.city is 'City, or unknown.';
comment on column mart.market_cells_current.acquisition_channel is 'Acquisition channel, or unknown.';
comment on column mart.market_cells_current.customers is 'Customers with an order on or before the as-of date.';
comment on column mart.market_cells_current.active_customers is 'Customers with an order in the period.';
comment on column mart.market_cells_current.new_customers is 'Customers whose first order is in the period.';
comment on column mart.market_cells_current.orders is 'Orders in the period, each on its first purchase line''s day.';
comment on column mart.market_cells_current.revenue is 'Net revenue in the period (returns negative), base currency.';
comment on column mart.market_cells_current.margin is 'Revenue less quantity × unit cost in the period.';
comment on column mart.market_cells_current.top_customers is 'Customers in the top value tier as of the as-of date.';
comment on column mart.market_cells_current.high_customers is 'Customers in the high value tier.';
comment on column mart.market_cells_current.medium_customers is 'Customers in the medium value tier.';
comment on column mart.market_cells_current.low_customers is 'Customers in the low value tier.';
comment on column mart.market_cells_current.lapsed_customers is 'Customers without an order in the trailing 12 months (lapsed).';
comment on column mart.market_cells_current.retention_base_customers is 'Customers with an order in the 12 months before the trailing 12 months.';
comment on column mart.market_cells_current.retained_customers is 'Of those, customers with an order in the trailing 12 months too.';
comment on column mart.market_cells_current.previous_revenue is 'Net revenue in the period before.';
comment on column mart.market_cells_current.previous_active_customers is 'Customers with an order in the period before.';
comment on column mart.market_cells_current.last_year_revenue is 'Net revenue in the same period a year earlier.';
comment on column mart.market_cells_current.last_year_active_customers is 'Customers with an order in the same period a year earlier.';

create or replace function mart.market_cells_compute(as_of date default null, months integer default 12)
returns setof mart.market_cells_current
language plpgsql stable as $$
begin
    return query select * from mart.market_cells_of(false, as_of, months);
end
$$;
comment on function mart.market_cells_compute(date, integer) is 'mart.market_cells_current computed from scratch as of a date (default the latest data) over months months.';

-- The report: cells with fewer than market_min_customers customers are
-- grouped, coarsest last, so no row stands for a handful of people:
-- a small cell's city becomes other (country × other × channel); where
-- that group is still small its country too (other × other × channel);
-- where that is still small its channel too (other × other × other, one
-- row naming nothing, whatever its size).
create or replace function mart.market(as_of date default null, months integer default 12)
returns table (
    country text,
    city text,
    acquisition_channel text,
    customers bigint,
    active_customers bigint,
    new_customers bigint,
    orders bigint,
    revenue numeric,
    margin numeric,
    average_order_value numeric,
    top_share numeric,
    high_share numeric,
    medium_share numeric,
    low_share numeric,
    lapsed_share numeric,
    twelve_month_retention numeric,
    revenue_previous numeric,
    revenue_vs_previous_rate numeric,
    revenue_last_year numeric,
    revenue_vs_last_year_rate numeric,
    active_customers_previous bigint,
    active_vs_previous_rate numeric,
    active_customers_last_year bigint,
    active_vs_last_year_rate numeric
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    min_customers numeric := coalesce(mart.setting('market_min_customers'), 0);
begin
    return query
    with cells as materialized (
        select * from mart.market_cells_current where as_of is null and months = 12
        union all
        select * from mart.market_cells_compute(as_of, months) where as_of is not null or months <> 12
    ),
    by_city as (
        select
            c.*,
            c.customers < min_customers as is_small_cell,
            sum(c.customers) filter (where c.customers < min_customers)
                over (partition by c.country, c.acquisition_channel) as country_rest
        from cells as c
    ),
    by_country as (
        select
            b.*,
            b.is_small_cell and b.country_rest < min_customers as is_small_country,
            sum(b.customers) filter (where b.is_small_cell and b.country_rest < min_customers)
                over (partition by b.acquisition_channel) as channel_rest
        from by_city as b
    ),
    labelled as (
        select
            case when b.is_small_country then 'other' else b.country end as shown_country,
            case when b.is_small_cell then 'other' else b.city end as shown_city,
            case when b.is_small_country and b.channel_rest < min_customers then 'other'
                else b.acquisition_channel end as shown_channel,
            b.*
        from by_country as b
    ),
    grouped as (
        select
            l.shown_country,
            l.shown_city,
            l.shown_channel,
            sum(l.customers)::bigint as customers,
            sum(l.active_customers)::bigint as active_customers,
            sum(l.new_customers)::bigint as new_customers,
            sum(l.orders)::bigint as orders,
            sum(l.revenue) as revenue,
            sum(l.margin) as margin,
            sum(l.top_customers) as top_customers,
            sum(l.high_customers) as high_customers,
            sum(l.medium_customers) as medium_customers,
            sum(l.low_customers) as low_customers,
            sum(l.lapsed_customers) as lapsed_customers,
            sum(l.retention_base_customers) as retention_base_customers,
            sum(l.retained_customers) as retained_customers,
            sum(l.previous_revenue) as previous_revenue,
            sum(l.previous_active_customers)::bigint as previous_active_customers,
            sum(l.last_year_revenue) as last_year_revenue,
            sum(l.last_year_active_customers)::bigint as last_year_active_customers
        from labelled as l
        group by l.shown_country, l.shown_city, l.shown_channel
    )
    select
        g.shown_country,
        g.shown_city,
        g.shown_channel,
        g.customers,
        g.active_customers,
        g.new_customers,
        g.orders,
        g.revenue,
        g.margin,
        round(g.revenue / nullif(g.orders, 0), 2),
        round(g.top_customers / nullif(g.customers, 0), 4),
        round(g.high_customers / nullif(g.customers, 0), 4),
        round(g.medium_customers / nullif(g.customers, 0), 4),
        round(g.low_customers / nullif(g.customers, 0), 4),
        round(g.lapsed_customers / nullif(g.customers, 0), 4),
        round(g.retained_customers / nullif(g.retention_base_customers, 0), 4),
        g.previous_revenue,
        round((g.revenue - g.previous_revenue) / nullif(abs(g.previous_revenue), 0), 4),
        g.last_year_revenue,
        round((g.revenue - g.last_year_revenue) / nullif(abs(g.last_year_revenue), 0), 4),
        g.previous_active_customers,
        round((g.active_customers - g.previous_active_customers)::numeric / nullif(g.previous_active_customers, 0), 4),
        g.last_year_active_customers,
        round((g.active_customers - g.last_year_active_customers)::numeric / nullif(g.last_year_active_customers, 0), 4)
    from grouped as g
    order by
        g.shown_country = 'other', g.shown_country,
        g.shown_city = 'other', g.shown_city,
        g.shown_channel = 'other', g.shown_channel;
end
$$;
comment on function mart.market(date, integer) is 'Per country, city and acquisition channel (cells below market_min_customers grouped into other): customers, active and new customers, orders, revenue, margin, average order value, value tier mix, 12-month retention, and revenue and active customers against the previous period and the same period last year, over the months months ending on as_of (default: the stored latest 12 months).';

create or replace view mart.market as
select * from mart.market(null, 12);
comment on view mart.market is 'The market report over the 12 months ending on the latest data: see mart.market(as_of, months).';
comment on column mart.market.country is 'Country code, unknown (no country on the contact), or other (grouped small cells).';
comment on column mart.market.city is 'City, unknown, or other (grouped small cells).';
comment on column mart.market.acquisition_channel is 'Acquisition channel, unknown, or other (grouped small cells).';
comment on column mart.market.customers is 'Customers with an order on or before the as-of date.';
comment on column mart.market.active_customers is 'Customers with an order in the period.';
comment on column mart.market.new_customers is 'Customers whose first order is in the period.';
comment on column mart.market.orders is 'Orders in the period, each once, on its first purchase line''s day.';
comment on column mart.market.revenue is 'Net revenue in the period (returns negative), base currency.';
comment on column mart.market.margin is 'Revenue less quantity × unit cost (no cost: zero) in the period.';
comment on column mart.market.average_order_value is 'revenue / orders.';
comment on column mart.market.top_share is 'Share of the customers in the top value tier as of the as-of date.';
comment on column mart.market.high_share is 'Share of the customers in the high value tier.';
comment on column mart.market.medium_share is 'Share of the customers in the medium value tier.';
comment on column mart.market.low_share is 'Share of the customers in the low value tier.';
comment on column mart.market.lapsed_share is 'Share of the customers without an order in the trailing 12 months.';
comment on column mart.market.twelve_month_retention is 'Of the customers with an order in the 12 months before the trailing 12, the share who ordered in the trailing 12 months.';
comment on column mart.market.revenue_previous is 'Net revenue in the period before (as long, ending the day before the period).';
comment on column mart.market.revenue_vs_previous_rate is '(revenue − revenue_previous) / |revenue_previous|.';
comment on column mart.market.revenue_last_year is 'Net revenue in the same period a year earlier.';
comment on column mart.market.revenue_vs_last_year_rate is '(revenue − revenue_last_year) / |revenue_last_year|.';
comment on column mart.market.active_customers_previous is 'Active customers in the period before.';
comment on column mart.market.active_vs_previous_rate is '(active_customers − active_customers_previous) / active_customers_previous.';
comment on column mart.market.active_customers_last_year is 'Active customers in the same period a year earlier.';
comment on column mart.market.active_vs_last_year_rate is '(active_customers − active_customers_last_year) / active_customers_last_year.';
