-- What is bought together: category pairs from the refreshed monthly pair
-- counts, product pairs (above a support floor) straight from the facts.
create or replace function mart.product_affinity(as_of date default null, months integer default 12)
returns table (
    category_a text,
    category_b text,
    orders_both bigint,
    orders_a bigint,
    orders_b bigint,
    support numeric,
    confidence_a_to_b numeric,
    confidence_b_to_a numeric,
    lift numeric
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
    counts as (
        select c.category_a, c.category_b, sum(c.orders) as orders
        from mart.category_month as c, bounds as b
        where c.month between b.first_month and b.last_month
        group by c.category_a, c.category_b
    ),
    total as (
        select sum(o.orders) as orders
        from mart.order_month as o, bounds as b
        where o.month between b.first_month and b.last_month
    ),
    singles as (
        select category_a as category, orders from counts where category_a = category_b
    )
    select
        p.category_a,
        p.category_b,
        p.orders,
        a.orders,
        b.orders,
        round(p.orders::numeric / t.orders, 6),
        round(p.orders::numeric / a.orders, 4),
        round(p.orders::numeric / b.orders, 4),
        round(p.orders::numeric * t.orders / (a.orders * b.orders), 4)
    from counts as p
    join singles as a on a.category = p.category_a
    join singles as b on b.category = p.category_b
    cross join total as t
    where p.category_a < p.category_b
    order by p.orders::numeric * t.orders / (a.orders * b.orders) desc, p.category_a, p.category_b;
end
$$;
comment on function mart.product_affinity(date, integer) is 'Category pairs bought in the same order within the months months ending with as_of''s month: support, confidence both ways, lift.';

create or replace view mart.product_affinity as
select * from mart.product_affinity(null, 12);
comment on view mart.product_affinity is 'Category pair affinity over the 12 months ending with the latest data.';
comment on column mart.product_affinity.category_a is 'First category of the pair.';
comment on column mart.product_affinity.category_b is 'Second category of the pair.';
comment on column mart.product_affinity.orders_both is 'Orders with purchase lines in both categories.';
comment on column mart.product_affinity.orders_a is 'Orders with a purchase line in category_a.';
comment on column mart.product_affinity.orders_b is 'Orders with a purchase line in category_b.';
comment on column mart.product_affinity.support is 'orders_both / all orders.';
comment on column mart.product_affinity.confidence_a_to_b is 'orders_both / orders_a: P(b | a).';
comment on column mart.product_affinity.confidence_b_to_a is 'orders_both / orders_b: P(a | b).';
comment on column mart.product_affinity.lift is 'support / (support(a) × support(b)); above 1: bought together more than by chance.';

create or replace function mart.product_pair_affinity(from_date date, to_date date, min_orders integer default null)
returns table (
    sku_a text,
    sku_b text,
    orders_both bigint,
    support numeric,
    confidence_a_to_b numeric,
    confidence_b_to_a numeric,
    lift numeric
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    floor_orders integer := coalesce(min_orders, mart.setting('product_pair_min_orders'));
    first_key integer := mart.date_key(from_date);
    last_key integer := mart.date_key(to_date);
begin
    return query
    -- The orders of the window: those whose first purchase line falls in
    -- it, each once, with the products of all their purchase lines.
    with window_lines as materialized (
        select s.order_id, s.product_key, s.date_key, s.is_return
        from dw.fact_sales as s
        where s.date_key between first_key and last_key
    ),
    window_orders as materialized (
        select distinct order_id from window_lines where not is_return
    ),
    -- Their lines outside the window decide which orders are in it and add
    -- products. The registry dw.order_line_key names the day, so the month
    -- partition, of every line the loader filed: those lines are fetched
    -- by key, where probing the facts by order reads every month's
    -- partition. Lines that bypassed the loader have no key there: when a
    -- line of the orders in the window lacks one, the facts are read by
    -- order instead (the gated branch below).
    order_keys as materialized (
        select k.order_id, k.line_no, k.customer_id, k.date_key
        from window_orders as w
        join dw.order_line_key as k on k.order_id = w.order_id
    ),
    registry as materialized (
        select (
            select count(*) from order_keys as k where k.date_key between first_key and last_key
        ) = (
            select count(*) from window_lines as l where l.order_id in (select order_id from window_orders)
        ) as complete
    ),
    order_lines as (
        select l.order_id, l.product_key, l.date_key
        from window_lines as l
        where not l.is_return
        union all
        select s.order_id, s.product_key, s.date_key
        from order_keys as k
        join dw.fact_sales as s
            on s.order_id = k.order_id and s.line_no = k.line_no and s.customer_id = k.customer_id
            and s.date_key = k.date_key
        where (select complete from registry) and not s.is_return
            and (k.date_key < first_key or k.date_key > last_key)
        union all
        -- A semi-join on the window's lines read from the facts, whose
        -- statistics give the orders' count: the planner hashes them rather
        -- than probe every partition once per order.
        select s.order_id, s.product_key, s.date_key
        from dw.fact_sales as s
        where not (select complete from registry) and not s.is_return
            and (s.date_key < first_key or s.date_key > last_key)
            and s.order_id in (
                select w.order_id from dw.fact_sales as w
                where not w.is_return and w.date_key between first_key and last_key
            )
    ),
    orders_in_window as (
        select order_id
        from order_lines
        group by order_id
        having min(date_key) >= mart.date_key(from_date)
    ),
    order_product as (
        select distinct l.order_id, l.product_key
        from order_lines as l
        join orders_in_window using (order_id)
        where l.product_key <> -1
    ),
    total as (
        select count(distinct order_id) as orders from order_product
    ),
    singles as (
        select product_key, count(*) as orders from order_product group by product_key
    ),
    pairs as (
        select a.product_key as key_a, b.product_key as key_b, count(*) as orders
        from order_product as a
        join order_product as b on b.order_id = a.order_id and b.product_key > a.product_key
        group by a.product_key, b.product_key
        having count(*) >= floor_orders
    ),
    measured as (
        select
            pa.sku as sku_a,
            pb.sku as sku_b,
            p.orders,
            p.orders::numeric * t.orders / (a.orders * b.orders) as lift,
            t.orders as total_orders,
            a.orders as orders_a,
            b.orders as orders_b
        from pairs as p
        join singles as a on a.product_key = p.key_a
        join singles as b on b.product_key = p.key_b
        join dw.dim_product as pa on pa.product_key = p.key_a
        join dw.dim_product as pb on pb.product_key = p.key_b
        cross join total as t
    )
    select
        m.sku_a,
        m.sku_b,
        m.orders,
        round(m.orders::numeric / m.total_orders, 6),
        round(m.orders::numeric / m.orders_a, 4),
        round(m.orders::numeric / m.orders_b, 4),
        round(m.lift, 4)
    from measured as m
    -- Strongest association first; equal lift by the more frequent pair,
    -- then by name so the order is the same on every run.
    order by m.lift desc, m.orders desc, m.sku_a, m.sku_b;
end
$$;
comment on function mart.product_pair_affinity(date, date, integer) is 'Product pairs bought in the same order, among the orders whose first purchase line falls between two dates, with at least min_orders such orders (default product_pair_min_orders), strongest lift first.';

-- The default window of the product_pairs report (the month to the latest
-- data), stored by crmwh refresh: pairs need every order line of the window.
drop materialized view if exists mart.product_pair_affinity_current cascade;
create materialized view mart.product_pair_affinity_current as
select *
from mart.product_pair_affinity(
    (mart.default_as_of() - interval '1 month')::date + 1, mart.default_as_of(), null)
with no data;
comment on materialized view mart.product_pair_affinity_current is 'mart.product_pair_affinity over the month ending with the latest data, refreshed by crmwh refresh.';
comment on column mart.product_pair_affinity_current.sku_a is 'SKU of the first product of the pair (the lower product key).';
comment on column mart.product_pair_affinity_current.sku_b is 'SKU of the second product of the pair.';
comment on column mart.product_pair_affinity_current.orders_both is 'Orders in the window with purchase lines of both products (at least product_pair_min_orders).';
comment on column mart.product_pair_affinity_current.support is 'orders_both / orders in the window with a purchase line of a known product.';
comment on column mart.product_pair_affinity_current.confidence_a_to_b is 'orders_both / orders with sku_a: P(b | a).';
comment on column mart.product_pair_affinity_current.confidence_b_to_a is 'orders_both / orders with sku_b: P(a | b).';
comment on column mart.product_pair_affinity_current.lift is 'support / (support(a) × support(b)); above 1: bought together more than by chance.';
