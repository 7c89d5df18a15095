-- Re-sent interactions: the last record of the file wins and replaces the
-- one already in the warehouse, wherever it is filed. dw.interaction_key
-- names the customer and day holding each interaction, so the old row is
-- found by its full key (and on its shard where facts are distributed by
-- customer) even when it now belongs to another customer or another day.
delete from dw.fact_interaction as f
using (select distinct interaction_id from staging.interaction) as s
join dw.interaction_key as k on k.interaction_id = s.interaction_id
where f.customer_id = k.customer_id
    and f.date_key = k.date_key
    and f.interaction_id = k.interaction_id;

insert into dw.fact_interaction (
    interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
    interaction_type, outcome, source_system, is_control, etl_run_id, etl_file_id
)
select distinct on (interaction_id)
    interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
    interaction_type, outcome, source_system, is_control, etl_run_id, etl_file_id
from staged_interactions
order by interaction_id, record_no desc;

insert into dw.interaction_key as k (interaction_id, customer_id, date_key)
select distinct on (interaction_id) interaction_id, customer_id, date_key
from staged_interactions
order by interaction_id, record_no desc
on conflict (interaction_id) do update set
    customer_id = excluded.customer_id,
    date_key = excluded.date_key;
