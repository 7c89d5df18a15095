-- Before staging.interaction is merged: unknown source customers become
-- inferred members, unknown channels and campaigns inferred dimension rows,
-- and staged_interactions resolves every interaction's keys.
-- Settings of the load transaction: crmwh.run_id, crmwh.file_id.
analyze staging.interaction;

with new_keys as (
    insert into dw.customer_source_key (source_system, source_customer_id, customer_id, match_rule, etl_file_id)
    select distinct s.source_system, s.source_customer_id, s.source_system || ':' || s.source_customer_id, 'inferred',
        current_setting('crmwh.file_id')::bigint
    from staging.interaction as s
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

insert into dw.dim_channel (channel)
select distinct channel from staging.interaction where channel is not null
on conflict (channel) do nothing;

insert into dw.dim_campaign (campaign_code, is_inferred, etl_file_id)
select distinct campaign_code, true, current_setting('crmwh.file_id')::bigint
from staging.interaction where campaign_code is not null
on conflict (campaign_code) do nothing;

create or replace temporary view staged_interactions as
with load as (
    select current_setting('crmwh.run_id')::bigint as run_id, current_setting('crmwh.file_id')::bigint as file_id
)
select
    s.record_no,
    s.interaction_id,
    s.occurred_at,
    s.date_key,
    c.customer_key,
    k.customer_id,
    coalesce(ch.channel_key, -1) as channel_key,
    coalesce(cp.campaign_key, -1) as campaign_key,
    s.interaction_type,
    s.outcome,
    s.source_system,
    s.is_control,
    load.run_id as etl_run_id,
    load.file_id as etl_file_id
from staging.interaction as s
cross join load
join dw.customer_source_key as k
    on k.source_system = s.source_system and k.source_customer_id = s.source_customer_id
join dw.dim_customer as c
    on c.customer_id = k.customer_id and s.occurred_at >= c.valid_from and s.occurred_at < c.valid_to
left join dw.dim_channel as ch on ch.channel = s.channel
left join dw.dim_campaign as cp on cp.campaign_code = s.campaign_code;
