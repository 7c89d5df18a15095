-- The value tier forecast's pooling window (crmwh refresh writes the
-- configuration's value over this default; reports read it).
insert into mart.settings (name, value, description) values
    ('forecast_pool_months', 12,
     'Months whose customer flows (order rates by months since the last order, new customers) the value tier forecast pools.')
on conflict (name) do nothing;
