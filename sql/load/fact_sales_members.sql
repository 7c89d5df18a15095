-- Before staging.sales is merged: unknown source customers become inferred
-- members, unknown SKUs, channels and campaigns inferred dimension rows,
-- and staged_sales resolves every line's keys.
-- Settings of the load transaction: crmwh.run_id, crmwh.file_id.
analyze staging.sales;

with new_keys as (
    insert into dw.customer_source_key (source_system, source_customer_id, customer_id, match_rule, etl_file_id)
    select distinct s.source_system, s.source_customer_id, s.source_system || ':' || s.source_customer_id, 'inferred', current_setting('crmwh.file_id')::bigint
    from staging.sales as s
    -- Anti-joins throughout: Citus plans no correlated subquery beside a CTE.
    left join dw.customer_source_key as k
        on k.source_system = s.source_system and k.source_customer_id = s.source_customer_id
    where k.source_customer_id is null
    on conflict do nothing
    returning customer_id
)
insert into dw.dim_customer (customer_id, is_inferred, etl_run_id, etl_file_id)
select n.customer_id, true, current_setting('crmwh.run_id')::bigint, current_setting('crmwh.file_id')::bigint
from new_keys as n
left join dw.dim_customer as c on c.customer_id = n.customer_id
where c.customer_id is null;

insert into dw.dim_product (sku, category, is_inferred, etl_file_id)
select s.sku, min(s.category), true, current_setting('crmwh.file_id')::bigint
from (select distinct sku from staging.sales) as n
join staging.sales as s using (sku)
left join dw.dim_product as p on p.sku = n.sku
where p.sku is null
group by s.sku
on conflict (sku) do nothing;

insert into dw.dim_channel (channel)
select distinct channel from staging.sales where channel is not null
on conflict (channel) do nothing;

insert into dw.dim_campaign (campaign_code, is_inferred, etl_file_id)
select distinct campaign_code, true, current_setting('crmwh.file_id')::bigint from staging.sales where campaign_code is not null
on conflict (campaign_code) do nothing;

create or replace temporary view staged_sales as
with load as (
    select current_setting('crmwh.run_id')::bigint as run_id, current_setting('crmwh.file_id')::bigint as file_id
)
select
    s.record_no,
    s.order_id,
    s.line_no,
    s.date_key,
    s.ordered_at,
    c.customer_key,
    k.customer_id,
    coalesce(p.product_key, -1) as product_key,
    coalesce(ch.channel_key, -1) as channel_key,
    coalesce(cp.campaign_key, -1) as campaign_key,
    s.quantity,
    s.unit_price,
    s.discount,
    s.amount,
    s.currency,
    s.amount_base,
    s.is_return,
    s.source_system,
    load.run_id as etl_run_id,
    load.file_id as etl_file_id
from staging.sales as s
cross join load
join dw.customer_source_key as k
    on k.source_system = s.source_system and k.source_customer_id = s.source_customer_id
join dw.dim_customer as c
    on c.customer_id = k.customer_id and s.ordered_at >= c.valid_from and s.ordered_at < c.valid_to
left join dw.dim_product as p on p.sku = s.sku
left join dw.dim_channel as ch on ch.channel = s.channel
left join dw.dim_campaign as cp on cp.campaign_code = s.campaign_code;
