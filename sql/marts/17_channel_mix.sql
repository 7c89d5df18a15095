-- Revenue, orders and customers per channel, and what single- and
-- multichannel customers are worth, over the months ending with as_of.
create or replace function mart.channel_mix_compute(as_of date default null, months integer default 12)
returns table (
    channel text,
    revenue numeric,
    revenue_share numeric,
    orders bigint,
    customers bigint
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with bounds as materialized (
        select
            (date_trunc('month', coalesce(as_of, mart.default_as_of())) - make_interval(months => months - 1))::date as first_month,
            date_trunc('month', coalesce(as_of, mart.default_as_of()))::date as last_month
    ),
    -- Customer and channel first: hash aggregates instead of count(distinct).
    per_channel_customer as (
        select c.channel, c.customer_id, sum(c.revenue) as revenue, sum(c.orders) as orders
        from mart.customer_channel_month as c, bounds as b
        where c.month between b.first_month and b.last_month
        group by c.channel, c.customer_id
    )
    select
        channel,
        sum(revenue),
        round(sum(revenue) / nullif(sum(sum(revenue)) over (), 0), 4),
        sum(orders)::bigint,
        count(*) filter (where orders > 0)
    from per_channel_customer
    group by channel
    order by sum(revenue) desc, channel;
end
$$;
comment on function mart.channel_mix_compute(date, integer) is 'Net revenue, orders and ordering customers per sales channel in the months ending with as_of''s month.';

create or replace function mart.channel_customers_compute(as_of date default null, months integer default 12)
returns table (
    channel_usage text,
    customers bigint,
    revenue numeric,
    revenue_per_customer numeric,
    orders_per_customer numeric,
    average_predicted_clv numeric
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with bounds as materialized (
        select
            (date_trunc('month', coalesce(as_of, mart.default_as_of())) - make_interval(months => months - 1))::date as first_month,
            date_trunc('month', coalesce(as_of, mart.default_as_of()))::date as last_month
    ),
    per_channel_customer as (
        select c.customer_id, c.channel, sum(c.revenue) as revenue, sum(c.orders) as orders
        from mart.customer_channel_month as c, bounds as b
        where c.month between b.first_month and b.last_month
        group by c.customer_id, c.channel
    ),
    per_customer as (
        select
            customer_id,
            count(*) filter (where orders > 0) as channels,
            sum(revenue) as revenue,
            sum(orders) as orders
        from per_channel_customer
        group by customer_id
        having sum(orders) > 0
    )
    select
        case when p.channels > 1 then 'multichannel' else 'single channel' end,
        count(*),
        sum(p.revenue),
        round(sum(p.revenue) / count(*), 2),
        round(sum(p.orders)::numeric / count(*), 4),
        round(avg(l.predicted_clv), 2)
    from per_customer as p
    left join mart.customer_score_latest as l using (customer_id)
    group by 1
    order by 1;
end
$$;
comment on function mart.channel_customers_compute(date, integer) is 'Single- against multichannel customers (ordering in one or several channels in the window): customers, revenue per customer, orders per customer, average predicted CLV.';

-- The default window at the latest data: revenue and orders per customer
-- and channel over the 12 months are kept in mart.customer_channel_window,
-- which a nightly refresh updates for the changed customers (everyone in a
-- new month, when the window moves); the stored reports aggregate it.
create or replace function mart.refresh_channel_window(everyone boolean) returns void
language plpgsql as $$
declare
    last_month date := date_trunc('month', mart.default_as_of())::date;
    first_month date := (last_month - interval '11 months')::date;
begin
    if everyone then
        truncate mart.customer_channel_window;
        insert into mart.customer_channel_window (customer_id, channel, revenue, orders)
        select c.customer_id, c.channel, sum(c.revenue), sum(c.orders)
        from mart.customer_channel_month as c
        where c.month between first_month and last_month
        group by c.customer_id, c.channel
        -- In key order: the index grows at its end.
        order by c.customer_id, c.channel;
        analyze mart.customer_channel_window;
    else
        -- Only the rows that differ: most of the changed customers keep
        -- their channels, whose rows are then updated in place (no index
        -- entries) instead of deleted and inserted again.
        perform mart.sync_rows(
            'mart.customer_channel_window',
            format(
                $q$
                select c.customer_id, c.channel, sum(c.revenue) as revenue, sum(c.orders) as orders
                from refresh_customers as r
                join mart.customer_channel_month as c on c.customer_id = r.customer_id
                where c.month between %L and %L
                group by c.customer_id, c.channel
                $q$, first_month, last_month),
            '{customer_id,channel}',
            't.customer_id in (select customer_id from refresh_customers)');
    end if;
end
$$;
comment on function mart.refresh_channel_window(boolean) is 'Recomputes mart.customer_channel_window over the 12 months ending with the latest data''s month, for everyone or for the customers of the temporary table refresh_customers.';

create or replace function mart.channel_mix_stored()
returns table (
    channel text,
    revenue numeric,
    revenue_share numeric,
    orders bigint,
    customers bigint
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    select
        channel,
        sum(revenue),
        round(sum(revenue) / nullif(sum(sum(revenue)) over (), 0), 4),
        sum(orders)::bigint,
        count(*) filter (where orders > 0)
    from mart.customer_channel_window
    group by channel
    order by sum(revenue) desc, channel;
end
$$;
comment on function mart.channel_mix_stored() is 'mart.channel_mix_compute(null, 12) from mart.customer_channel_window.';

create or replace function mart.channel_customers_stored()
returns table (
    channel_usage text,
    customers bigint,
    revenue numeric,
    revenue_per_customer numeric,
    orders_per_customer numeric,
    average_predicted_clv numeric
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with per_customer as (
        select
            customer_id,
            count(*) filter (where orders > 0) as channels,
            sum(revenue) as revenue,
            sum(orders) as orders
        from mart.customer_channel_window
        group by customer_id
        having sum(orders) > 0
    )
    select
        case when p.channels > 1 then 'multichannel' else 'single channel' end,
        count(*),
        sum(p.revenue),
        round(sum(p.revenue) / count(*), 2),
        round(sum(p.orders)::numeric / count(*), 4),
        round(avg(l.predicted_clv), 2)
    from per_customer as p
    left join mart.customer_score_latest as l using (customer_id)
    group by 1
    order by 1;
end
$$;
comment on function mart.channel_customers_stored() is 'mart.channel_customers_compute(null, 12) from mart.customer_channel_window.';

drop materialized view if exists mart.channel_mix_current cascade;
create materialized view mart.channel_mix_current as
select * from mart.channel_mix_stored()
with no data;
comment on materialized view mart.channel_mix_current is 'mart.channel_mix_compute(null, 12), refreshed by crmwh refresh from mart.customer_channel_window.';
comment on column mart.channel_mix_current.channel is 'Sales channel (unknown when the order named none).';
comment on column mart.channel_mix_current.revenue is 'Net revenue of known customers in the 12 months ending with the latest data''s month, base currency.';
comment on column mart.channel_mix_current.revenue_share is 'Share of all revenue in the window.';
comment on column mart.channel_mix_current.orders is 'Orders with a purchase line in the channel.';
comment on column mart.channel_mix_current.customers is 'Customers who ordered in the channel.';

drop materialized view if exists mart.channel_customers_current cascade;
create materialized view mart.channel_customers_current as
select * from mart.channel_customers_stored()
with no data;
comment on materialized view mart.channel_customers_current is 'mart.channel_customers_compute(null, 12), refreshed by crmwh refresh from mart.customer_channel_window.';
comment on column mart.channel_customers_current.channel_usage is 'multichannel (orders in two or more channels in the window) or single channel.';
comment on column mart.channel_customers_current.customers is 'Customers with an order in the 12 months ending with the latest data''s month.';
comment on column mart.channel_customers_current.revenue is 'Their net revenue in the 12 months, base currency.';
comment on column mart.channel_customers_current.revenue_per_customer is 'revenue / customers, rounded to 2 decimals.';
comment on column mart.channel_customers_current.orders_per_customer is 'Orders / customers.';
comment on column mart.channel_customers_current.average_predicted_clv is 'Mean latest predicted CLV of the group''s scored customers, base currency; null when none is scored.';

create or replace function mart.channel_mix(as_of date default null, months integer default 12)
returns setof mart.channel_mix_current
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with mix as (
        select * from mart.channel_mix_current where as_of is null and months = 12
        union all
        select * from mart.channel_mix_compute(as_of, months) where as_of is not null or months <> 12
    )
    select * from mix order by revenue desc, channel;
end
$$;
comment on function mart.channel_mix(date, integer) is 'Net revenue, orders and ordering customers per sales channel in the months months ending with as_of''s month (default: the stored latest 12 months).';

create or replace function mart.channel_customers(as_of date default null, months integer default 12)
returns setof mart.channel_customers_current
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with usage as (
        select * from mart.channel_customers_current where as_of is null and months = 12
        union all
        select * from mart.channel_customers_compute(as_of, months) where as_of is not null or months <> 12
    )
    select * from usage order by channel_usage;
end
$$;
comment on function mart.channel_customers(date, integer) is 'Single- against multichannel customers in the months months ending with as_of''s month (default: the stored latest 12 months).';

create or replace view mart.channel_mix as
select * from mart.channel_mix(null, 12);
comment on view mart.channel_mix is 'Channel mix over the 12 months ending with the latest data.';
comment on column mart.channel_mix.channel is 'Sales channel.';
comment on column mart.channel_mix.revenue is 'Net revenue.';
comment on column mart.channel_mix.revenue_share is 'Share of all revenue in the window.';
comment on column mart.channel_mix.orders is 'Orders.';
comment on column mart.channel_mix.customers is 'Customers who ordered in the channel.';
