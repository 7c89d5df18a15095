-- RFM scores from values: frequency bands and the new-customer window
-- (crmwh refresh writes the configuration's values over these defaults).
insert into mart.settings (name, value, description) values
    ('rfm_f2_orders', 2, 'Lowest order count of RFM frequency score 2.'),
    ('rfm_f3_orders', 3, 'Lowest order count of RFM frequency score 3.'),
    ('rfm_f4_orders', 5, 'Lowest order count of RFM frequency score 4.'),
    ('rfm_f5_orders', 10, 'Lowest order count of RFM frequency score 5.'),
    ('rfm_new_customer_days', 90, 'Days within which a one-order customer''s order makes them a new customer.')
on conflict (name) do nothing;

comment on column dw.fact_customer_month.r_score is 'Recency quintile among the month''s customers, 5 = most recent; equal recency shares one.';
comment on column dw.fact_customer_month.f_score is 'Frequency score of the trailing orders from the order-count bands (mart.rfm_bands), 5 = most orders.';
comment on column dw.fact_customer_month.m_score is 'Monetary quintile (trailing revenue), 5 = highest; equal revenue shares one.';
comment on column mart.customer_summary.r_score is 'Recency quintile at the latest data, 5 = most recent (equal dates share one); null without orders.';
comment on column mart.customer_summary.f_score is 'Frequency score from the order-count bands (mart.rfm_bands), 5 = most orders.';
comment on column mart.customer_summary.m_score is 'Monetary quintile, 5 = highest revenue; equal revenue shares one.';
comment on column mart.customer_summary.orders is 'Orders to date, each counted once, on the day of its first purchase line.';
