-- The common case, new interactions only (fact_interaction_resent.sql found
-- none already registered or repeated): plain inserts into the facts and
-- the registry of their keys.
insert into dw.fact_interaction (
    interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
    interaction_type, outcome, source_system, is_control, etl_run_id, etl_file_id
)
select
    interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
    interaction_type, outcome, source_system, is_control, etl_run_id, etl_file_id
from staged_interactions;

insert into dw.interaction_key (interaction_id, customer_id, date_key)
select interaction_id, customer_id, date_key
from staged_interactions;
