-- Product structure: what each product sells per month, which products
-- each customer bought in the latest 12 months (for distinct customers per
-- category, subcategory and SKU), and each customer's first order with
-- what followed it (gateway categories). crmwh refresh keeps them: the
-- months whose sales changed, the changed customers.
create table mart.product_month (
    month date not null,
    product_key bigint not null,
    revenue numeric(18, 4) not null,
    margin numeric(18, 4) not null,
    sold_units numeric(18, 4) not null,
    returned_units numeric(18, 4) not null,
    sold_revenue numeric(18, 4) not null,
    returned_revenue numeric(18, 4) not null,
    primary key (month, product_key)
);
comment on table mart.product_month is 'Net revenue, margin and units per product and month (each line in its own month, returns in the month of the return), kept by crmwh refresh for the months whose sales changed; category and subcategory come from dw.dim_product when read.';
comment on column mart.product_month.month is 'First day of the month of the lines (dw.fact_sales.date_key).';
comment on column mart.product_month.product_key is 'Product (dw.dim_product); -1 for lines without a SKU.';
comment on column mart.product_month.revenue is 'Net revenue in the base currency: purchase lines less return lines.';
comment on column mart.product_month.margin is 'revenue − quantity × unit_cost over the lines (returns give their cost back; no cost counts as zero).';
comment on column mart.product_month.sold_units is 'Units on purchase lines.';
comment on column mart.product_month.returned_units is 'Units on return lines, positive.';
comment on column mart.product_month.sold_revenue is 'Amount of the purchase lines, base currency.';
comment on column mart.product_month.returned_revenue is 'Amount of the return lines, positive, base currency.';

create table mart.customer_product_window (
    customer_id text not null,
    product_key bigint not null,
    months_mask integer not null,
    primary key (customer_id, product_key)
);
comment on table mart.customer_product_window is 'Each product a customer bought (a purchase line) in the 12 months ending with the latest data''s month; the distinct customers of the stored product structure. crmwh refresh updates the changed customers (everyone when a new month starts).';
comment on column mart.customer_product_window.customer_id is 'Master customer id (never the unknown customer).';
comment on column mart.customer_product_window.product_key is 'Product (dw.dim_product) on one of the customer''s purchase lines in the 12 months.';
comment on column mart.customer_product_window.months_mask is 'The months of the 12 with such a line: bit k (value 2^k) for the k-th month from the first; a nightly refresh replaces the bits of the months whose sales changed.';

create table mart.customer_gateway (
    customer_id text not null,
    category text not null,
    first_order_on date not null,
    first_orders smallint not null,
    gateway_categories smallint not null,
    first_order_revenue numeric(18, 4) not null,
    revenue_12m numeric(18, 4) not null,
    orders_12m integer not null,
    first_order_products bigint[] not null,
    primary key (customer_id, category)
);
comment on table mart.customer_gateway is 'Each customer''s gateway category: the category with the most purchase revenue in the first order, one row per category when several tie; and what the customer bought in the 12 months from that order''s day. crmwh refresh recomputes the changed customers.';
comment on column mart.customer_gateway.customer_id is 'Master customer id (never the unknown customer).';
comment on column mart.customer_gateway.category is 'A gateway category (Unknown for lines without a category).';
comment on column mart.customer_gateway.first_order_on is 'Day of the first order (its first purchase line), as mart.customer_summary.first_order_on.';
comment on column mart.customer_gateway.first_orders is 'Orders holding the customer''s earliest purchase line (more than 1 only when orders share that instant): the first order.';
comment on column mart.customer_gateway.gateway_categories is 'How many categories tie for the most revenue in the first order (the customer has a row in each).';
comment on column mart.customer_gateway.first_order_revenue is 'Amount of the first order''s purchase lines (every day of the order), base currency.';
comment on column mart.customer_gateway.revenue_12m is 'Net revenue (returns included) of the customer''s lines from first_order_on to 12 months later (exclusive), the first order included.';
comment on column mart.customer_gateway.orders_12m is 'Orders counted on days from first_order_on to 12 months later (exclusive), the first order included; retained within 12 months when above first_orders.';
comment on column mart.customer_gateway.first_order_products is 'Products of the first order''s purchase lines: a product change recomputes the customers whose first order held it.';

create table mart.product_window_customers (
    level text not null,
    category text not null,
    subcategory text not null,
    product_key bigint not null,
    customers bigint not null,
    primary key (level, category, subcategory, product_key)
);
comment on table mart.product_window_customers is 'Distinct customers of mart.customer_product_window per category, subcategory and product: the customers of the stored product structure. crmwh refresh adds the changed customers'' contributions and takes their old ones out (counts everyone again in a new month or after a product change).';
comment on column mart.product_window_customers.level is 'category, subcategory or sku: which columns name the row.';
comment on column mart.product_window_customers.category is 'Product category (Unknown when the product has none).';
comment on column mart.product_window_customers.subcategory is 'Subcategory (Unknown when none) on subcategory and sku rows; empty on category rows.';
comment on column mart.product_window_customers.product_key is 'Product on sku rows; 0 on category and subcategory rows.';
comment on column mart.product_window_customers.customers is 'Customers with a purchase line of it in the 12 months.';
