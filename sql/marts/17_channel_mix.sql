-- Revenue, orders and customers per channel, and what single- and
-- multichannel customers are worth, over the months ending with as_of.
create or replace function mart.channel_mix(as_of date default null, months integer default 12)
returns table (
    channel text,
    revenue numeric,
    revenue_share numeric,
    orders bigint,
    customers bigint
)
language sql stable as $$
    with bounds as materialized (
        select
            (date_trunc('month', coalesce(as_of, mart.default_as_of())) - make_interval(months => months - 1))::date as first_month,
            date_trunc('month', coalesce(as_of, mart.default_as_of()))::date as last_month
    )
    select
        c.channel,
        sum(c.revenue),
        round(sum(c.revenue) / nullif(sum(sum(c.revenue)) over (), 0), 4),
        sum(c.orders),
        count(distinct c.customer_id) filter (where c.orders > 0)
    from mart.customer_channel_month as c, bounds as b
    where c.month between b.first_month and b.last_month
    group by c.channel
    order by sum(c.revenue) desc
$$;
comment on function mart.channel_mix(date, integer) is 'Net revenue, orders and ordering customers per sales channel in the months ending with as_of''s month.';

create or replace function mart.channel_customers(as_of date default null, months integer default 12)
returns table (
    channel_usage text,
    customers bigint,
    revenue numeric,
    revenue_per_customer numeric,
    orders_per_customer numeric,
    average_predicted_clv numeric
)
language sql stable as $$
    with bounds as materialized (
        select
            (date_trunc('month', coalesce(as_of, mart.default_as_of())) - make_interval(months => months - 1))::date as first_month,
            date_trunc('month', coalesce(as_of, mart.default_as_of()))::date as last_month
    ),
    per_customer as (
        select
            c.customer_id,
            count(distinct c.channel) filter (where c.orders > 0) as channels,
            sum(c.revenue) as revenue,
            sum(c.orders) as orders
        from mart.customer_channel_month as c, bounds as b
        where c.month between b.first_month and b.last_month
        group by c.customer_id
        having sum(c.orders) > 0
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
    order by 1
$$;
comment on function mart.channel_customers(date, integer) is 'Single- against multichannel customers (ordering in one or several channels in the window): customers, revenue per customer, orders per customer, average predicted CLV.';

create or replace view mart.channel_mix as
select * from mart.channel_mix(null, 12);
comment on view mart.channel_mix is 'Channel mix over the 12 months ending with the latest data.';
comment on column mart.channel_mix.channel is 'Sales channel.';
comment on column mart.channel_mix.revenue is 'Net revenue.';
comment on column mart.channel_mix.revenue_share is 'Share of all revenue in the window.';
comment on column mart.channel_mix.orders is 'Orders.';
comment on column mart.channel_mix.customers is 'Customers who ordered in the channel.';
