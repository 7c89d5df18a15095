-- Tables that let a nightly refresh update the marts at the latest data
-- for the customers new sales touched, instead of recomputing every
-- customer: a per-customer summary, the cohort and KPI counts per month,
-- campaign touches with responder revenue, the 12-month channel window.
alter table etl.refresh_state
    add column as_of date,
    add column interaction_file_id bigint not null default 0;
comment on column etl.refresh_state.as_of is 'As-of date (latest order date) of the stored marts after the last refresh.';
comment on column etl.refresh_state.interaction_file_id is 'Highest dw.fact_interaction.etl_file_id included in mart.campaign_touch.';

create table mart.customer_summary (
    customer_id text primary key,
    first_order_on date,
    last_order_on date,
    orders integer not null,
    revenue numeric not null,
    margin numeric not null,
    trailing_revenue numeric not null,
    trailing_orders integer not null,
    months date[] not null,
    month_orders integer[] not null,
    month_revenue numeric[] not null,
    r_score smallint,
    f_score smallint,
    m_score smallint,
    segment text,
    value_tier text,
    tier_rank smallint
);
comment on table mart.customer_summary is 'Per customer at the latest data (etl.refresh_state.as_of), from mart.customer_day, with the RFM scores and value tier ranked over all customers: the stored customer value and RFM marts (read mart.customer_value and mart.customer_rfm); crmwh refresh updates the customers new sales touched and the scores that moved.';
comment on column mart.customer_summary.customer_id is 'Master customer id (never the unknown customer).';
comment on column mart.customer_summary.first_order_on is 'Date of the first order; null with returns only.';
comment on column mart.customer_summary.last_order_on is 'Date of the last order; null with returns only.';
comment on column mart.customer_summary.orders is 'Orders to date.';
comment on column mart.customer_summary.revenue is 'Net revenue to date, base currency.';
comment on column mart.customer_summary.margin is 'Margin to date.';
comment on column mart.customer_summary.trailing_revenue is 'Net revenue in the 12 months ending on the as-of date.';
comment on column mart.customer_summary.trailing_orders is 'Orders in the 12 months ending on the as-of date.';
comment on column mart.customer_summary.months is 'Months with sales lines of the customer, ascending: their history for the cohort, KPI and trend marts, read by key.';
comment on column mart.customer_summary.month_orders is 'Orders in each of months (0: returns only).';
comment on column mart.customer_summary.month_revenue is 'Net revenue in each of months.';
comment on column mart.customer_summary.r_score is 'Recency quintile at the latest data, 5 = most recent; null without orders.';
comment on column mart.customer_summary.f_score is 'Frequency quintile, 5 = most orders.';
comment on column mart.customer_summary.m_score is 'Monetary quintile, 5 = highest revenue.';
comment on column mart.customer_summary.segment is 'Named RFM segment.';
comment on column mart.customer_summary.value_tier is 'Value tier: top, high, medium, low or lapsed.';
comment on column mart.customer_summary.tier_rank is '1 top … 4 low, 5 lapsed.';

-- The stored value and RFM marts at the latest data are the summary's
-- columns now (views of the same names in sql/marts).
drop table mart.customer_value_current;
drop table mart.customer_rfm_current;

create table mart.cohort_month (
    first_order_month date not null,
    month date not null,
    active_customers bigint not null,
    revenue numeric not null,
    primary key (first_order_month, month)
);
comment on table mart.cohort_month is 'Active customers and their revenue per acquisition month and month (the cells of cohort retention), kept up to date by crmwh refresh.';
comment on column mart.cohort_month.first_order_month is 'Month of the customers'' first order (the cohort).';
comment on column mart.cohort_month.month is 'Month in which they ordered.';
comment on column mart.cohort_month.active_customers is 'Cohort customers with an order in the month.';
comment on column mart.cohort_month.revenue is 'Their net revenue in the month.';

create table mart.kpi_month_events (
    month date primary key,
    active_customers bigint not null,
    new_customers bigint not null,
    churned_customers bigint not null,
    base_change bigint not null,
    repeat_customers bigint not null,
    acquired_customers bigint not null
);
comment on table mart.kpi_month_events is 'Per month, the customer events behind the KPIs (sums of each customer''s contribution), kept up to date by crmwh refresh; mart.kpi_monthly_table is computed from it.';
comment on column mart.kpi_month_events.month is 'First day of the month (may lie after the last month with data: churn and base events).';
comment on column mart.kpi_month_events.active_customers is 'Customers with an order in the month.';
comment on column mart.kpi_month_events.new_customers is 'Of those, customers whose first order was in the month.';
comment on column mart.kpi_month_events.churned_customers is 'Customers whose last order was churn_inactive_months months before, with none since.';
comment on column mart.kpi_month_events.base_change is 'Customers entering the churn base at the month''s start less those leaving it.';
comment on column mart.kpi_month_events.repeat_customers is 'Customers whose second order fell in the month.';
comment on column mart.kpi_month_events.acquired_customers is 'Customers whose first order fell in the month.';

create table mart.campaign_touch (
    campaign_key bigint not null,
    customer_id text not null,
    responded_at timestamptz,
    responder_revenue numeric,
    primary key (campaign_key, customer_id)
);
create index campaign_touch_customer on mart.campaign_touch (customer_id);
comment on table mart.campaign_touch is 'Each customer a campaign contacted, their first response and their net revenue within response_window_days after it; the input of mart.campaign_response_current.';
comment on column mart.campaign_touch.campaign_key is 'Campaign (dw.dim_campaign).';
comment on column mart.campaign_touch.customer_id is 'Master customer id.';
comment on column mart.campaign_touch.responded_at is 'First responded interaction; null when the customer did not respond.';
comment on column mart.campaign_touch.responder_revenue is 'Net revenue from responded_at to response_window_days later; null without a response or without sales in it.';

create table mart.customer_channel_window (
    customer_id text not null,
    channel text not null,
    revenue numeric not null,
    orders bigint not null,
    primary key (customer_id, channel)
);
comment on table mart.customer_channel_window is 'Net revenue and orders per customer and channel in the 12 months ending with the latest data''s month; the input of the stored channel mix.';
comment on column mart.customer_channel_window.customer_id is 'Master customer id.';
comment on column mart.customer_channel_window.channel is 'Sales channel.';
comment on column mart.customer_channel_window.revenue is 'Net revenue in the 12 months.';
comment on column mart.customer_channel_window.orders is 'Orders in the 12 months.';

create index customer_channel_month_customer on mart.customer_channel_month (customer_id, month);
