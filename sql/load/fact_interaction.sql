-- Merge staging.interaction into dw.fact_interaction.
-- Settings of the load transaction: crmwh.run_id, crmwh.file_id, crmwh.time_zone.
with new_keys as (
    insert into dw.customer_source_key (source_system, source_customer_id, customer_id, match_rule, etl_file_id)
    select distinct s.source_system, s.source_customer_id, s.source_system || ':' || s.source_customer_id, 'inferred',
        current_setting('crmwh.file_id')::bigint
    from staging.interaction as s
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

insert into dw.dim_channel (channel)
select distinct channel from staging.interaction where channel is not null
on conflict (channel) do nothing;

insert into dw.dim_campaign (campaign_code, is_inferred, etl_file_id)
select distinct campaign_code, true, current_setting('crmwh.file_id')::bigint
from staging.interaction where campaign_code is not null
on conflict (campaign_code) do nothing;

insert into dw.fact_interaction as f (
    interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
    interaction_type, outcome, source_system, etl_run_id, etl_file_id
)
select
    s.interaction_id,
    s.occurred_at,
    to_char(s.occurred_at at time zone current_setting('crmwh.time_zone'), 'YYYYMMDD')::integer,
    c.customer_key,
    k.customer_id,
    coalesce(ch.channel_key, -1),
    coalesce(cp.campaign_key, -1),
    s.interaction_type,
    s.outcome,
    s.source_system,
    current_setting('crmwh.run_id')::bigint,
    current_setting('crmwh.file_id')::bigint
from (
    select distinct on (interaction_id) *
    from staging.interaction
    order by interaction_id, record_no desc
) as s
join dw.customer_source_key as k
    on k.source_system = s.source_system and k.source_customer_id = s.source_customer_id
join dw.dim_customer as c
    on c.customer_id = k.customer_id and s.occurred_at >= c.valid_from and s.occurred_at < c.valid_to
left join dw.dim_channel as ch on ch.channel = s.channel
left join dw.dim_campaign as cp on cp.campaign_code = s.campaign_code
on conflict (interaction_id) do update set
    occurred_at = excluded.occurred_at,
    date_key = excluded.date_key,
    customer_key = excluded.customer_key,
    customer_id = excluded.customer_id,
    channel_key = excluded.channel_key,
    campaign_key = excluded.campaign_key,
    interaction_type = excluded.interaction_type,
    outcome = excluded.outcome,
    source_system = excluded.source_system,
    etl_run_id = excluded.etl_run_id,
    etl_file_id = excluded.etl_file_id;
