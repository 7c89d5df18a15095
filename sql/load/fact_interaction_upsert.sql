-- Re-sent interactions: the last record of the file wins and replaces the
-- one already in the warehouse.
insert into dw.fact_interaction as f (
    interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
    interaction_type, outcome, source_system, is_control, etl_run_id, etl_file_id
)
select distinct on (interaction_id)
    interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
    interaction_type, outcome, source_system, is_control, etl_run_id, etl_file_id
from staged_interactions
order by interaction_id, record_no desc
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
    is_control = excluded.is_control,
    etl_run_id = excluded.etl_run_id,
    etl_file_id = excluded.etl_file_id;
