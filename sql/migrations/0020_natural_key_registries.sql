-- Natural keys that span customers, kept unique by design. On a
-- distributed engine (facts distributed by customer_id) a unique key must
-- contain the distribution column, so the facts' keys now include the
-- owning customer and the day, and uniqueness of an order line or an
-- interaction across customers moves to these registries: one row per
-- natural key, saying which customer's rows (and which day's) hold it. The
-- loader looks a file's keys up here before it writes, and replaces a
-- re-sent line by deleting exactly the fact the registry names.

create table dw.order_line_key (
    order_id text not null,
    line_no integer not null,
    customer_id text not null,
    date_key integer not null,
    primary key (order_id, line_no)
);
comment on table dw.order_line_key is 'One row per order line in dw.fact_sales: which customer and day hold it, so an order line stays unique across customers (the fact''s own key includes the customer).';
comment on column dw.order_line_key.order_id is 'Order number from the source, as in dw.fact_sales.';
comment on column dw.order_line_key.line_no is 'Line within the order, as in dw.fact_sales.';
comment on column dw.order_line_key.customer_id is 'Master customer id of the one dw.fact_sales row holding the line.';
comment on column dw.order_line_key.date_key is 'Order date (yyyymmdd) of that row: the month partition it is filed in.';

insert into dw.order_line_key (order_id, line_no, customer_id, date_key)
select order_id, line_no, customer_id, date_key from dw.fact_sales;

create table dw.interaction_key (
    interaction_id text primary key,
    customer_id text not null,
    date_key integer not null
);
comment on table dw.interaction_key is 'One row per interaction in dw.fact_interaction: which customer and day hold it, so an interaction id stays unique across customers (the fact''s own key includes the customer).';
comment on column dw.interaction_key.interaction_id is 'Interaction id from the source, as in dw.fact_interaction.';
comment on column dw.interaction_key.customer_id is 'Master customer id of the one dw.fact_interaction row holding the interaction.';
comment on column dw.interaction_key.date_key is 'Day (yyyymmdd) of that row: the month partition it is filed in.';

insert into dw.interaction_key (interaction_id, customer_id, date_key)
select interaction_id, customer_id, date_key from dw.fact_interaction;

-- The natural key leads: the marts join order lines by order_id, and order
-- ids grow with time, so the index is appended to at its end by nightly
-- loads (customer_id first would be written at random). customer_id makes
-- the key valid where the facts are distributed by customer, date_key where
-- they are partitioned by month.
alter table dw.fact_sales
    drop constraint fact_sales_pkey,
    add constraint fact_sales_pkey primary key (order_id, line_no, customer_id, date_key);
alter table dw.fact_interaction
    drop constraint fact_interaction_pkey,
    add constraint fact_interaction_pkey primary key (interaction_id, customer_id, date_key);
comment on table dw.fact_sales is 'One row per order line; order_id + line_no is the natural key (degenerate dimension), unique across customers through dw.order_line_key.';
comment on table dw.fact_interaction is 'One row per contact or touch with a customer; interaction_id is the natural key, unique across customers through dw.interaction_key.';

-- The keys of the order lines a file copied straight into dw.fact_sales,
-- checked against dw.order_line_key before they are registered.
create unlogged table staging.sales_key (
    order_id text not null,
    line_no integer not null,
    customer_id text not null,
    date_key integer not null
);
comment on table staging.sales_key is 'Keys of the order lines the file being loaded copied straight into dw.fact_sales, to register in dw.order_line_key.';
comment on column staging.sales_key.order_id is 'Order number from the source.';
comment on column staging.sales_key.line_no is 'Line within the order.';
comment on column staging.sales_key.customer_id is 'Master customer id the line was filed under.';
comment on column staging.sales_key.date_key is 'Order date (reporting time zone) as yyyymmdd.';
