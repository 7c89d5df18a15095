-- Re-sent order lines: the last record of the file wins and replaces the
-- line already in the warehouse, wherever it is filed. dw.order_line_key
-- names the customer and day holding each line, so the old row is found by
-- its full key (and on its shard where facts are distributed by customer)
-- even when the line now belongs to another customer or another day.
delete from dw.fact_sales as f
using (select distinct order_id, line_no from staging.sales) as s
join dw.order_line_key as k on k.order_id = s.order_id and k.line_no = s.line_no
where f.customer_id = k.customer_id
    and f.date_key = k.date_key
    and f.order_id = k.order_id
    and f.line_no = k.line_no;

insert into dw.fact_sales (
    order_id, line_no, date_key, ordered_at, customer_key, customer_id, product_key, channel_key,
    campaign_key, quantity, unit_price, discount, amount, currency, amount_base, is_return,
    source_system, etl_run_id, etl_file_id
)
select distinct on (order_id, line_no)
    order_id, line_no, date_key, ordered_at, customer_key, customer_id, product_key, channel_key,
    campaign_key, quantity, unit_price, discount, amount, currency, amount_base, is_return,
    source_system, etl_run_id, etl_file_id
from staged_sales
order by order_id, line_no, record_no desc;

insert into dw.order_line_key as k (order_id, line_no, customer_id, date_key)
select distinct on (order_id, line_no) order_id, line_no, customer_id, date_key
from staged_sales
order by order_id, line_no, record_no desc
on conflict (order_id, line_no) do update set
    customer_id = excluded.customer_id,
    date_key = excluded.date_key;
