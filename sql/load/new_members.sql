-- After a fact file is staged (sql/load/fact_*_members.sql defines the
-- temporary view new_member_source over its staging table): unknown source
-- customers become inferred members, unknown SKUs, channels and campaigns
-- inferred dimension rows.
-- Settings of the load transaction: crmwh.run_id, crmwh.file_id.
-- New members get the keys the direct path (FactKeyCache) gives them: the
-- next after the highest, in order of first appearance in the file, and
-- the first line's category for a product. So a file loads to the same
-- keys whichever path it takes, on either engine.
-- Anti-joins throughout: Citus plans no correlated subquery beside a CTE.
with new_source as materialized (
    select s.source_system, s.source_customer_id, s.source_system || ':' || s.source_customer_id as customer_id,
        min(s.record_no) as first_record
    from new_member_source as s
    left join dw.customer_source_key as k
        on k.source_system = s.source_system and k.source_customer_id = s.source_customer_id
    where k.source_customer_id is null
    group by s.source_system, s.source_customer_id
),
mapped as (
    insert into dw.customer_source_key (source_system, source_customer_id, customer_id, match_rule, etl_file_id)
    select source_system, source_customer_id, customer_id, 'inferred', current_setting('crmwh.file_id')::bigint
    from new_source
)
insert into dw.dim_customer (customer_key, customer_id, is_inferred, etl_run_id, etl_file_id)
select (select coalesce(max(customer_key), 0) from dw.dim_customer) + row_number() over (order by n.first_record),
    n.customer_id, true, current_setting('crmwh.run_id')::bigint, current_setting('crmwh.file_id')::bigint
from new_source as n
left join dw.dim_customer as c on c.customer_id = n.customer_id
where c.customer_id is null;

insert into dw.dim_product (product_key, sku, category, is_inferred, etl_file_id)
select (select coalesce(max(product_key), 0) from dw.dim_product) + row_number() over (order by min(s.record_no)),
    s.sku, (array_agg(s.category order by s.record_no))[1], true, current_setting('crmwh.file_id')::bigint
from new_member_source as s
left join dw.dim_product as p on p.sku = s.sku
where s.sku is not null and p.sku is null
group by s.sku;

insert into dw.dim_channel (channel_key, channel)
select (select coalesce(max(channel_key), 0) from dw.dim_channel) + row_number() over (order by min(s.record_no)), s.channel
from new_member_source as s
left join dw.dim_channel as c on c.channel = s.channel
where s.channel is not null and c.channel is null
group by s.channel;

insert into dw.dim_campaign (campaign_key, campaign_code, is_inferred, etl_file_id)
select (select coalesce(max(campaign_key), 0) from dw.dim_campaign) + row_number() over (order by min(s.record_no)),
    s.campaign_code, true, current_setting('crmwh.file_id')::bigint
from new_member_source as s
left join dw.dim_campaign as c on c.campaign_code = s.campaign_code
where s.campaign_code is not null and c.campaign_code is null
group by s.campaign_code;

-- Later identity-generated keys start after the ones given here. (A block,
-- so each sequence is set where crmwh inserts, on the coordinator, not on
-- a node holding a copy of the table.)
do $$
declare
    dimension record;
    highest bigint;
begin
    for dimension in select * from (values ('dw.dim_customer', 'customer_key'), ('dw.dim_product', 'product_key'),
        ('dw.dim_channel', 'channel_key'), ('dw.dim_campaign', 'campaign_key')) as d(name, key) loop
        execute format('select max(%I) from %s', dimension.key, dimension.name) into highest;
        perform setval(pg_get_serial_sequence(dimension.name, dimension.key), greatest(1, highest));
    end loop;
end
$$;
