-- Merge staging.sales into dw.fact_sales.
-- Settings of the load transaction: crmwh.run_id, crmwh.file_id, crmwh.time_zone.
-- Unknown source customers become inferred members; unknown SKUs,
-- channels and campaigns become inferred dimension rows; a re-sent line
-- (same order_id + line_no) replaces the earlier one.
with new_keys as (
    insert into dw.customer_source_key (source_system, source_customer_id, customer_id, match_rule, etl_file_id)
    select distinct s.source_system, s.source_customer_id, s.source_system || ':' || s.source_customer_id, 'inferred', current_setting('crmwh.file_id')::bigint
    from staging.sales as s
    where not exists (
        select 1 from dw.customer_source_key as k
        where k.source_system = s.source_system and k.source_customer_id = s.source_customer_id
    )
    on conflict do nothing
    returning customer_id
)
insert into dw.dim_customer (customer_id, is_inferred, etl_run_id, etl_file_id)
select n.customer_id, true, current_setting('crmwh.run_id')::bigint, current_setting('crmwh.file_id')::bigint
from new_keys as n
where not exists (select 1 from dw.dim_customer as c where c.customer_id = n.customer_id);

insert into dw.dim_product (sku, category, is_inferred, etl_file_id)
select distinct on (sku) sku, category, true, current_setting('crmwh.file_id')::bigint
from staging.sales
where sku is not null
order by sku, record_no
on conflict (sku) do nothing;

insert into dw.dim_channel (channel)
select distinct channel from staging.sales where channel is not null
on conflict (channel) do nothing;

insert into dw.dim_campaign (campaign_code, is_inferred, etl_file_id)
select distinct campaign_code, true, current_setting('crmwh.file_id')::bigint from staging.sales where campaign_code is not null
on conflict (campaign_code) do nothing;

insert into dw.fact_sales as f (
    order_id, line_no, date_key, ordered_at, customer_key, customer_id, product_key, channel_key,
    campaign_key, quantity, unit_price, discount, amount, currency, amount_base, is_return,
    source_system, etl_run_id, etl_file_id
)
select
    s.order_id,
    s.line_no,
    to_char(s.ordered_at at time zone current_setting('crmwh.time_zone'), 'YYYYMMDD')::integer,
    s.ordered_at,
    c.customer_key,
    k.customer_id,
    coalesce(p.product_key, -1),
    coalesce(ch.channel_key, -1),
    coalesce(cp.campaign_key, -1),
    s.quantity,
    s.unit_price,
    s.discount,
    s.amount,
    s.currency,
    s.amount_base,
    s.is_return,
    s.source_system,
    current_setting('crmwh.run_id')::bigint,
    current_setting('crmwh.file_id')::bigint
from (
    -- The last record wins when a file repeats an order line.
    select distinct on (order_id, line_no) *
    from staging.sales
    order by order_id, line_no, record_no desc
) as s
join dw.customer_source_key as k
    on k.source_system = s.source_system and k.source_customer_id = s.source_customer_id
join dw.dim_customer as c
    on c.customer_id = k.customer_id and s.ordered_at >= c.valid_from and s.ordered_at < c.valid_to
left join dw.dim_product as p on p.sku = s.sku
left join dw.dim_channel as ch on ch.channel = s.channel
left join dw.dim_campaign as cp on cp.campaign_code = s.campaign_code
on conflict (order_id, line_no) do update set
    date_key = excluded.date_key,
    ordered_at = excluded.ordered_at,
    customer_key = excluded.customer_key,
    customer_id = excluded.customer_id,
    product_key = excluded.product_key,
    channel_key = excluded.channel_key,
    campaign_key = excluded.campaign_key,
    quantity = excluded.quantity,
    unit_price = excluded.unit_price,
    discount = excluded.discount,
    amount = excluded.amount,
    currency = excluded.currency,
    amount_base = excluded.amount_base,
    is_return = excluded.is_return,
    source_system = excluded.source_system,
    etl_run_id = excluded.etl_run_id,
    etl_file_id = excluded.etl_file_id;
