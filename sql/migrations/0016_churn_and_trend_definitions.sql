-- Churn that can be checked and trends over active months.
-- mart.churn_window_events holds, per month and inactivity window of 1 … 12
-- months (and the configured window when longer), the customers who lapsed
-- under that window and how many of them ordered again within the follow-up
-- (sums of each customer's contribution, kept by crmwh refresh like
-- mart.kpi_month_events): the false-churn rate per month and the table of
-- windows the default window is chosen from. mart.churn_p_alive_month holds
-- the model's view of the same months, rewritten from the latest CLV fit.
create table mart.churn_window_events (
    month date not null,
    inactive_months integer not null,
    churned_customers bigint not null,
    returned_customers bigint not null,
    primary key (month, inactive_months)
);
comment on table mart.churn_window_events is 'Per month and inactivity window, customers who lapsed under the window and those of them who ordered again within churn_followup_months (sums of each customer''s contribution), kept up to date by crmwh refresh.';
comment on column mart.churn_window_events.month is 'First day of the month in which the customer had been without an order for inactive_months whole months (may lie after the last month with data).';
comment on column mart.churn_window_events.inactive_months is 'The inactivity window: whole months without an order after an active month.';
comment on column mart.churn_window_events.churned_customers is 'Customers whose last order was inactive_months months before the month, with none since.';
comment on column mart.churn_window_events.returned_customers is 'Of them, customers with an order in the churn_followup_months months after the month.';

create table mart.churn_p_alive_month (
    month date primary key,
    customers_below bigint not null,
    customers_dropped bigint not null,
    model_version text not null
);
comment on table mart.churn_p_alive_month is 'Per month, customers whose BG/NBD P(alive) at the month''s end, from their purchases to then and the latest fitted model, lies below churn_p_alive_threshold; rewritten by crmwh refresh and crmwh clv score (no rows without a fitted model).';
comment on column mart.churn_p_alive_month.month is 'First day of the month.';
comment on column mart.churn_p_alive_month.customers_below is 'Customers with a purchase by the month''s end whose P(alive) at its end is below churn_p_alive_threshold.';
comment on column mart.churn_p_alive_month.customers_dropped is 'Of them, customers who were not below the threshold at the previous month''s end: P(alive) fell below it in the month.';
comment on column mart.churn_p_alive_month.model_version is 'The dw.clv_model fit whose BG/NBD parameters were used.';

-- Spend per active month: the mean is over active months, and a customer
-- with one active month has no slope.
alter table mart.customer_trend_current rename column mean_monthly_revenue to mean_active_month_revenue;
alter table mart.customer_trend_current alter column slope drop not null;
comment on column mart.customer_trend_current.active_months is 'Months with an order among the 12 ending with the latest data''s month.';
comment on column mart.customer_trend_current.mean_active_month_revenue is 'Mean net revenue of the active months, base currency.';
comment on column mart.customer_trend_current.slope is 'Least-squares slope of revenue over the active months against their month, base currency per month; null with one active month.';
comment on column mart.customer_trend_current.relative_slope is 'slope / mean_active_month_revenue.';
comment on column mart.customer_trend_current.coefficient_of_variation is 'Population standard deviation / mean of the active months'' revenue.';
comment on column mart.customer_trend_current.trend is 'occasional (fewer than trend_min_active_months active months), volatile, growth, declining or stable.';

-- The new parameters, for warehouses refreshed without a configuration;
-- crmwh refresh writes the configured values over them.
insert into mart.settings (name, value, description) values
    ('churn_followup_months', 12, 'Months after a churn month in which an order counts as a return (false churn).'),
    ('churn_p_alive_threshold', 0.5, 'BG/NBD P(alive) below which the churn report counts a customer as likely lapsed.'),
    ('churn_window_return_share', 0.10, 'Largest share of returning customers at which an inactivity window is recommended.'),
    ('trend_min_active_months', 4, 'Active months in the 12 a customer needs for a trend label; fewer: occasional.')
on conflict (name) do nothing;
update mart.settings
set description = 'Coefficient of variation of spend across active months above which a customer is volatile.'
where name = 'trend_volatile_cv';
update mart.settings
set description = 'Monthly slope of spend over active months relative to its mean above which spend grows (below its negative: declines).'
where name = 'trend_growth_slope';
