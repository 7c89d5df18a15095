-- The market mart (sql/marts/20_market.sql): per customer at the latest
-- data, the country, city and acquisition channel of the current customer
-- version and the figures of the trailing 12 months and the 12 before
-- them, kept by crmwh refresh for the customers whose days, windows or
-- attributes changed; and the smallest cell the market report shows.
create table mart.customer_market (
    customer_id text primary key,
    country text not null,
    city text not null,
    acquisition_channel text not null,
    first_order_on date,
    revenue numeric not null,
    margin numeric not null,
    orders integer not null,
    previous_revenue numeric not null,
    previous_orders integer not null
);
comment on table mart.customer_market is 'Per customer with sales up to the latest data: country, city and acquisition channel (current dw.dim_customer version, unknown when empty) and the figures of the 12 months ending on the as-of date and the 12 months before; the input of the stored market report (mart.market_cells_current).';
comment on column mart.customer_market.customer_id is 'Master customer id (never the unknown customer).';
comment on column mart.customer_market.country is 'Country of the current customer version; unknown when it has none.';
comment on column mart.customer_market.city is 'City of the current customer version; unknown when it has none.';
comment on column mart.customer_market.acquisition_channel is 'Acquisition channel of the current customer version; unknown when it has none.';
comment on column mart.customer_market.first_order_on is 'Date of the first order; null with returns only.';
comment on column mart.customer_market.revenue is 'Net revenue (returns negative) in the 12 months ending on the as-of date, base currency.';
comment on column mart.customer_market.margin is 'Revenue less quantity × unit cost in the 12 months ending on the as-of date.';
comment on column mart.customer_market.orders is 'Orders (each on its first purchase line''s day) in the 12 months ending on the as-of date.';
comment on column mart.customer_market.previous_revenue is 'Net revenue in the 12 months before those 12 months.';
comment on column mart.customer_market.previous_orders is 'Orders in the 12 months before those 12 months.';

insert into mart.settings (name, value, description) values
    ('market_min_customers', 10,
     'Customers a country × city × acquisition channel cell of the market report needs to be shown; smaller cells are grouped into other.')
on conflict (name) do nothing;
