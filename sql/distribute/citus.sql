-- Distribution on Citus, run by `crmwh migrate` when warehouse.engine is
-- citus (or with --distributed), after the migrations and the marts: the
-- same migrations serve both engines, and this file only says where each
-- table lives. It is idempotent: a table already placed is left alone, so
-- a later migration's new table is placed by the next migrate.
--
-- Reference tables (a copy on every node): the small dimensions, the rates,
-- the source-id and natural-key registries whose keys span customers, and
-- the staging tables a file is merged from, so every join of a load or a
-- refresh is distributed × reference and runs on the workers.
-- Distributed by customer_id, co-located with dw.dim_customer: everything
-- at customer grain, so per-customer work (facts → customer days → summary
-- → scores) never moves rows between nodes.
-- The audit (etl) and the small aggregates of the marts stay on the
-- coordinator.
do $$
declare
    reference_tables text[] := array[
        'dw.dim_date', 'dw.dim_product', 'dw.dim_channel', 'dw.dim_campaign', 'dw.fx_rate', 'dw.clv_model',
        'dw.customer_source_key', 'dw.order_line_key', 'dw.interaction_key', 'mart.settings',
        'mart.text_settings', 'mart.contact_campaign_channel',
        'dw.propensity_model',
        'staging.sales', 'staging.sales_key', 'staging.interaction', 'staging.product', 'staging.campaign',
        'staging.fx_rate', 'staging.customer_change', 'staging.source_key', 'staging.customer_profile'];
    customer_tables text[] := array[
        'dw.dim_customer', 'dw.customer_profile', 'dw.customer_score', 'dw.fact_customer_month',
        'dw.fact_sales', 'dw.fact_interaction',
        'dw.customer_propensity',
        'mart.customer_day', 'mart.customer_channel_month', 'mart.customer_channel_window',
        'mart.promotion_contact', 'mart.customer_promotion',
        'mart.customer_contact_month', 'mart.customer_contact_hour', 'mart.customer_contact_preference',
        'mart.customer_summary', 'mart.customer_trend_current', 'mart.campaign_touch', 'mart.customer_market',
        'mart.customer_product_window', 'mart.customer_gateway'];
    name text;
begin
    if to_regclass('pg_catalog.pg_dist_partition') is null then
        raise exception 'warehouse.engine is citus, but database % has no citus extension', current_database()
            using hint = 'create extension citus and add the worker nodes (citus_add_node) before crmwh migrate --distributed';
    end if;
    -- A file's load settings (crmwh.run_id, crmwh.file_id) are `set local`:
    -- the workers running its statements need them too.
    execute format('alter database %I set citus.propagate_set_commands = local', current_database());
    foreach name in array reference_tables loop
        if to_regclass(name) is not null
            and not exists (select 1 from pg_dist_partition where logicalrelid = to_regclass(name)) then
            perform create_reference_table(name);
        end if;
    end loop;
    -- A table with a foreign key to a reference table (dw.customer_score to
    -- dw.clv_model) was made a Citus local table with it: distribute it anyway.
    foreach name in array customer_tables loop
        if to_regclass(name) is not null
            and not exists (select 1 from pg_dist_partition where logicalrelid = to_regclass(name) and partmethod = 'h') then
            perform create_distributed_table(name, 'customer_id',
                colocate_with => case when name = 'dw.dim_customer' then 'default' else 'dw.dim_customer' end);
            -- The rows were copied into the shards; the coordinator's own copy is dead weight.
            perform truncate_local_data_after_distributing_table(name);
        end if;
    end loop;
end
$$;
