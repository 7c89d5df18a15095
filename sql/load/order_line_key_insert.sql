-- The keys of order lines copied straight into dw.fact_sales, none of them
-- registered before nor repeated (order_line_key_resent.sql said so).
insert into dw.order_line_key (order_id, line_no, customer_id, date_key)
select order_id, line_no, customer_id, date_key
from staging.sales_key;
