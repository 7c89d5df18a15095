-- Re-sent order lines: the last record of the file wins and replaces the
-- line already in the warehouse.
insert into dw.fact_sales as f (
    order_id, line_no, date_key, ordered_at, customer_key, customer_id, product_key, channel_key,
    campaign_key, quantity, unit_price, discount, amount, currency, amount_base, is_return,
    source_system, etl_run_id, etl_file_id
)
select distinct on (order_id, line_no)
    order_id, line_no, date_key, ordered_at, customer_key, customer_id, product_key, channel_key,
    campaign_key, quantity, unit_price, discount, amount, currency, amount_base, is_return,
    source_system, etl_run_id, etl_file_id
from staged_sales
order by order_id, line_no, record_no desc
on conflict (order_id, line_no) do update set
    date_key = excluded.date_key,
    ordered_at = excluded.ordered_at,
    customer_key = excluded.customer_key,
    customer_id = excluded.customer_id,
    product_key = excluded.product_key,
    channel_key = excluded.channel_key,
    campaign_key = excluded.campaign_key,
    quantity = excluded.quantity,
    unit_price = excluded.unit_price,
    discount = excluded.discount,
    amount = excluded.amount,
    currency = excluded.currency,
    amount_base = excluded.amount_base,
    is_return = excluded.is_return,
    source_system = excluded.source_system,
    etl_run_id = excluded.etl_run_id,
    etl_file_id = excluded.etl_file_id;
