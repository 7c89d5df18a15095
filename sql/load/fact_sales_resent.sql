-- Whether the staged file re-sends an order line: one the warehouse holds
-- already (dw.order_line_key), or one repeated within the file. If not,
-- fact_sales_insert.sql adds the lines; if so, fact_sales_upsert.sql
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
    from staging.sales as s
    join dw.order_line_key as k on k.order_id = s.order_id and k.line_no = s.line_no
) or exists (
    select 1
    from staging.sales
    group by order_id, line_no
    having count(*) > 1
) as is_resent;
