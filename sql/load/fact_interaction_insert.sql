-- The common case, new interactions only: a plain insert. One already in
-- the warehouse (or twice in the file) fails it, and
-- fact_interaction_upsert.sql runs instead.
insert into dw.fact_interaction (
    interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
    interaction_type, outcome, source_system, is_control, etl_run_id, etl_file_id
)
select
    interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
    interaction_type, outcome, source_system, is_control, etl_run_id, etl_file_id
from staged_interactions;
