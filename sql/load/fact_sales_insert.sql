-- The common case, new order lines only: a plain insert. A line already in
-- the warehouse (or twice in the file) fails it, and fact_sales_upsert.sql
-- runs instead.
insert into dw.fact_sales (
    order_id, line_no, date_key, ordered_at, customer_key, customer_id, product_key, channel_key,
    campaign_key, quantity, unit_price, discount, amount, currency, amount_base, is_return,
    source_system, etl_run_id, etl_file_id
)
select
    order_id, line_no, date_key, ordered_at, customer_key, customer_id, product_key, channel_key,
    campaign_key, quantity, unit_price, discount, amount, currency, amount_base, is_return,
    source_system, etl_run_id, etl_file_id
from staged_sales;
