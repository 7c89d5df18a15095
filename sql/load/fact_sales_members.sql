-- Before staging.sales is merged: new_member_source names the file's
-- members (sql/load/new_members.sql adds the unknown ones) and staged_sales
-- resolves every line's keys.
-- Settings of the load transaction: crmwh.run_id, crmwh.file_id.
analyze staging.sales;

-- The file's members, for sql/load/new_members.sql, which runs next.
create or replace temporary view new_member_source as
select record_no, source_system, source_customer_id, sku, category, channel, campaign_code from staging.sales;

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
