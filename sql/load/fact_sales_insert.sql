-- The common case, new order lines only (fact_sales_resent.sql found none
-- already registered or repeated): plain inserts into the facts and the
-- registry of their keys.
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

insert into dw.order_line_key (order_id, line_no, customer_id, date_key)
select order_id, line_no, customer_id, date_key
from staged_sales;
