-- Whether the staged file re-sends an interaction: one the warehouse holds
-- already (dw.interaction_key), or one repeated within the file. If not,
-- fact_interaction_insert.sql adds them; if so, fact_interaction_upsert.sql
-- replaces them, the last record of the file winning.
-- Each staged key is one probe of the registry's index; at the default
-- random_page_cost the planner would read all of it instead (the registry
-- of years against a nightly file), and so would the replacement that may
-- follow in this transaction. The registry is cached between loads.
-- set_config, not `set local`: Citus passes set commands on to the nodes,
-- over connections of their own that then wait for this transaction's lock
-- on the staging table it emptied (a distributed deadlock).
select set_config('random_page_cost', '1.1', true);

select exists (
    select 1
    from staging.interaction as s
    join dw.interaction_key as k on k.interaction_id = s.interaction_id
) or exists (
    select 1
    from staging.interaction
    group by interaction_id
    having count(*) > 1
) as is_resent;
