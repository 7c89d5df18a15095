-- Tables behind the marts: settings, the refresh high-water mark, the
-- customer-day and month-grain aggregates that `crmwh refresh` maintains
-- incrementally, and the monthly customer snapshot.
create table mart.settings (
    name text primary key,
    value numeric not null,
    description text not null
);
comment on table mart.settings is 'Parameters of the marts (windows, tier cut-offs, thresholds); edit a value and run crmwh refresh --full.';
comment on column mart.settings.name is 'Parameter name, e.g. tier_top_share.';
comment on column mart.settings.value is 'Parameter value.';
comment on column mart.settings.description is 'What the parameter means and its unit.';

insert into mart.settings (name, value, description) values
    ('tier_top_share', 0.01, 'Share of customers (by trailing-12-month revenue) in the top tier.'),
    ('tier_high_share', 0.05, 'Cumulative share of customers in the top and high tiers.'),
    ('tier_medium_share', 0.20, 'Cumulative share of customers in the top, high and medium tiers.'),
    ('churn_inactive_months', 3, 'Months without a purchase after which a customer counts as churned.'),
    ('response_window_days', 30, 'Days after a response within which purchases count as revenue from responders.'),
    ('product_pair_min_orders', 20, 'Orders a product pair needs to be listed in product affinity.'),
    ('trend_volatile_cv', 1.5, 'Coefficient of variation of monthly spend above which a customer is volatile.'),
    ('trend_growth_slope', 0.05, 'Monthly slope relative to mean monthly spend above which spend grows (below its negative: declines).');

create function mart.setting(setting_name text) returns numeric
language sql stable as $$
    select value from mart.settings where name = setting_name
$$;
comment on function mart.setting(text) is 'The value of one mart parameter from mart.settings.';

create table etl.refresh_state (
    subject text primary key,
    sales_file_id bigint not null default 0,
    product_file_id bigint not null default 0,
    refreshed_at timestamptz,
    months_rebuilt integer
);
comment on table etl.refresh_state is 'What crmwh refresh has already processed, so the next refresh rebuilds only what new data changed.';
comment on column etl.refresh_state.subject is 'The refreshed subject; marts for the customer value marts.';
comment on column etl.refresh_state.sales_file_id is 'Highest dw.fact_sales.etl_file_id included in the refreshed tables.';
comment on column etl.refresh_state.product_file_id is 'Highest dw.dim_product.etl_file_id seen; a product change (category, cost) rebuilds everything.';
comment on column etl.refresh_state.refreshed_at is 'When the last refresh finished.';
comment on column etl.refresh_state.months_rebuilt is 'How many snapshot months the last refresh rebuilt.';

create index fact_sales_etl_file on dw.fact_sales (etl_file_id);
create index dim_product_etl_file on dw.dim_product (etl_file_id);

create table mart.customer_day (
    customer_id text not null,
    ordered_on date not null,
    revenue numeric(18, 4) not null,
    margin numeric(18, 4) not null,
    orders integer not null,
    primary key (customer_id, ordered_on)
);
create index customer_day_ordered_on on mart.customer_day (ordered_on);
comment on table mart.customer_day is 'Net revenue, margin and orders per customer and order date; the base of the customer marts.';
comment on column mart.customer_day.customer_id is 'Master customer id.';
comment on column mart.customer_day.ordered_on is 'Order date in the reporting time zone (dw.fact_sales.date_key).';
comment on column mart.customer_day.revenue is 'Net revenue in the base currency: purchases less returns.';
comment on column mart.customer_day.margin is 'Revenue less quantity × unit cost (lines of products without a cost count at zero cost).';
comment on column mart.customer_day.orders is 'Distinct orders with at least one purchase (non-return) line.';

create table mart.customer_channel_month (
    month date not null,
    customer_id text not null,
    channel text not null,
    revenue numeric(18, 4) not null,
    orders integer not null,
    primary key (month, customer_id, channel)
);
comment on table mart.customer_channel_month is 'Net revenue and orders per month, customer and sales channel.';
comment on column mart.customer_channel_month.month is 'First day of the order month.';
comment on column mart.customer_channel_month.customer_id is 'Master customer id.';
comment on column mart.customer_channel_month.channel is 'Sales channel name (unknown when the order named none).';
comment on column mart.customer_channel_month.revenue is 'Net revenue in the base currency.';
comment on column mart.customer_channel_month.orders is 'Distinct orders with a purchase line in the channel.';

create table mart.category_month (
    month date not null,
    category_a text not null,
    category_b text not null,
    orders integer not null,
    primary key (month, category_a, category_b)
);
comment on table mart.category_month is 'Orders per month containing category_a and category_b (a = b: orders containing the category).';
comment on column mart.category_month.month is 'First day of the order month.';
comment on column mart.category_month.category_a is 'First category (alphabetically not after category_b).';
comment on column mart.category_month.category_b is 'Second category; equal to category_a for single-category counts.';
comment on column mart.category_month.orders is 'Orders with purchase lines in both categories.';

create table mart.order_month (
    month date primary key,
    orders integer not null,
    revenue numeric(18, 4) not null
);
comment on table mart.order_month is 'Orders and net revenue per month (all customers); orders are the denominator of affinity support.';
comment on column mart.order_month.month is 'First day of the order month.';
comment on column mart.order_month.orders is 'Distinct orders with a purchase line.';
comment on column mart.order_month.revenue is 'Net revenue of all lines of the month, the unknown customer included.';

create table dw.fact_customer_month (
    month date not null,
    customer_id text not null,
    revenue numeric(18, 4) not null,
    margin numeric(18, 4) not null,
    orders integer not null,
    trailing_revenue numeric(18, 4) not null,
    trailing_orders integer not null,
    recency_days integer not null,
    r_score smallint not null,
    f_score smallint not null,
    m_score smallint not null,
    value_tier text not null,
    tier_rank smallint not null,
    is_active boolean not null,
    first_order_month date not null,
    primary key (month, customer_id)
);
create index fact_customer_month_customer on dw.fact_customer_month (customer_id, month);
comment on table dw.fact_customer_month is 'Periodic snapshot: one row per customer and month in which the customer bought in the trailing 12 months.';
comment on column dw.fact_customer_month.month is 'First day of the month; figures are as of its last day.';
comment on column dw.fact_customer_month.customer_id is 'Master customer id.';
comment on column dw.fact_customer_month.revenue is 'Net revenue in the month.';
comment on column dw.fact_customer_month.margin is 'Margin in the month.';
comment on column dw.fact_customer_month.orders is 'Orders in the month.';
comment on column dw.fact_customer_month.trailing_revenue is 'Net revenue in the 12 months ending with this month; ranks the value tier.';
comment on column dw.fact_customer_month.trailing_orders is 'Orders in the 12 months ending with this month.';
comment on column dw.fact_customer_month.recency_days is 'Days from the last order to the month''s last day.';
comment on column dw.fact_customer_month.r_score is 'Recency quintile among the month''s customers, 5 = most recent.';
comment on column dw.fact_customer_month.f_score is 'Frequency quintile (trailing orders), 5 = most orders.';
comment on column dw.fact_customer_month.m_score is 'Monetary quintile (trailing revenue), 5 = highest.';
comment on column dw.fact_customer_month.value_tier is 'top, high, medium or low by trailing revenue (cut-offs in mart.settings; ties share the higher tier).';
comment on column dw.fact_customer_month.tier_rank is '1 top, 2 high, 3 medium, 4 low.';
comment on column dw.fact_customer_month.is_active is 'The customer ordered in this month.';
comment on column dw.fact_customer_month.first_order_month is 'Month of the customer''s first order (acquisition cohort).';

create table mart.kpi_monthly_table (
    month date primary key,
    active_customers integer not null,
    new_customers integer not null,
    returning_customers integer not null,
    churned_customers integer not null,
    base_customers integer not null,
    retention_rate numeric,
    churn_rate numeric,
    revenue numeric(18, 4) not null,
    orders integer not null,
    average_order_value numeric,
    purchase_frequency numeric,
    revenue_per_active_customer numeric,
    repeat_purchase_rate numeric,
    average_predicted_clv numeric
);
comment on table mart.kpi_monthly_table is 'KPIs per month as computed by mart.kpi_monthly_compute(), written by crmwh refresh; read it through mart.kpi_monthly.';

-- The marts at the latest data, stored by crmwh refresh so the default
-- reports read a table instead of aggregating every customer day. Read
-- them through the mart functions and views (which add predicted CLV).
create table mart.customer_rfm_current (
    customer_id text primary key,
    last_order_on date not null,
    recency_days integer not null,
    frequency integer not null,
    monetary numeric not null,
    r_score smallint not null,
    f_score smallint not null,
    m_score smallint not null,
    segment text not null
);
comment on table mart.customer_rfm_current is 'mart.customer_rfm_compute(null), stored by crmwh refresh; read mart.customer_rfm.';

create table mart.customer_value_current (
    customer_id text primary key,
    first_order_on date not null,
    last_order_on date not null,
    orders integer not null,
    revenue numeric not null,
    margin numeric not null,
    trailing_revenue numeric not null,
    value_tier text not null,
    tier_rank smallint not null
);
comment on table mart.customer_value_current is 'mart.customer_value_compute(null), stored by crmwh refresh; read mart.customer_value.';

create table mart.customer_trend_current (
    customer_id text primary key,
    active_months bigint not null,
    mean_monthly_revenue numeric not null,
    slope numeric not null,
    relative_slope numeric,
    coefficient_of_variation numeric,
    trend text not null
);
comment on table mart.customer_trend_current is 'mart.customer_trend_compute(null), stored by crmwh refresh; read mart.customer_trend.';

create table mart.cohort_retention_table (
    cohort text not null,
    months_since integer not null,
    cohort_customers bigint not null,
    active_customers bigint not null,
    retention_rate numeric not null,
    revenue numeric not null,
    revenue_retention numeric,
    primary key (cohort, months_since)
);
comment on table mart.cohort_retention_table is 'mart.cohort_retention_compute(), stored by crmwh refresh; read mart.cohort_retention.';
