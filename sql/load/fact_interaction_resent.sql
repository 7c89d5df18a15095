-- Whether the staged file re-sends an interaction: one the warehouse holds
-- already (dw.interaction_key), or one repeated within the file. If not,
-- fact_interaction_insert.sql adds them; if so, fact_interaction_upsert.sql
-- replaces them, the last record of the file winning.
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
