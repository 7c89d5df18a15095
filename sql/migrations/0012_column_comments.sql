-- Column comments for the tables of earlier migrations that lacked them:
-- the staging tables and the stored mart tables, so every column in the
-- staging and mart schemas explains itself in \d+ and the BI catalog.
-- Money in the base currency is warehouse.base_currency; dates and date
-- keys are calendar days in the reporting time zone.

comment on column staging.sales.record_no is '1-based record number in the file (header excluded), as in etl.reject; the last record of a repeated order line wins.';
comment on column staging.sales.order_id is 'Order number from the source.';
comment on column staging.sales.line_no is 'Line within the order; 1 when the feed gives none.';
comment on column staging.sales.source_system is 'Source system, lower-case; warehouse.default_source_system when the record names none.';
comment on column staging.sales.source_customer_id is 'The customer id in that source system, not yet resolved to a master customer.';
comment on column staging.sales.sku is 'Stock keeping unit; null when the line names none.';
comment on column staging.sales.category is 'Category as the order line gives it; used only for a product the warehouse does not know yet.';
comment on column staging.sales.quantity is 'Units (at most 3 decimals); 1 when the feed gives none; negative on a return line.';
comment on column staging.sales.unit_price is 'Price per unit in the order currency.';
comment on column staging.sales.discount is 'Discount on the line in the order currency; 0 when none; negative on a return line.';
comment on column staging.sales.amount is 'Net line amount in the order currency: as given, else quantity × unit_price − discount; negative on a return line.';
comment on column staging.sales.currency is 'ISO 4217 currency of the order; the feed''s default_currency, else the base currency, when the record names none.';
comment on column staging.sales.amount_base is 'amount in the base currency, 4 decimals, at the rate of the order''s UTC day (or the latest earlier one, else the static rate).';
comment on column staging.sales.ordered_at is 'When the order was placed; a value without an offset is read in the feed''s time_zone.';
comment on column staging.sales.date_key is 'Order date (reporting time zone) as yyyymmdd.';
comment on column staging.sales.channel is 'Sales channel, lower-case; null when the line names none.';
comment on column staging.sales.campaign_code is 'Campaign credited with the order; null for none.';
comment on column staging.sales.is_return is 'A return line (status returned, return, refunded or refund): quantity, discount and amounts are negative.';

comment on column staging.interaction.record_no is '1-based record number in the file (header excluded), as in etl.reject; the last record of a repeated interaction wins.';
comment on column staging.interaction.interaction_id is 'Interaction id from the source, the natural key of dw.fact_interaction.';
comment on column staging.interaction.source_system is 'Source system, lower-case; warehouse.default_source_system when the record names none.';
comment on column staging.interaction.source_customer_id is 'The customer id in that source system, not yet resolved to a master customer.';
comment on column staging.interaction.occurred_at is 'When it happened; a value without an offset is read in the feed''s time_zone.';
comment on column staging.interaction.date_key is 'Day (reporting time zone) as yyyymmdd.';
comment on column staging.interaction.interaction_type is 'sent, opened, clicked, responded, call, visit, complaint or unsubscribe (source synonyms mapped to these).';
comment on column staging.interaction.channel is 'Channel of the touch, lower-case; null when none.';
comment on column staging.interaction.campaign_code is 'Campaign; null for none.';
comment on column staging.interaction.outcome is 'Free-text outcome from the source.';

comment on column staging.product.record_no is '1-based record number in the file (header excluded); the last record of a SKU wins.';
comment on column staging.product.sku is 'Stock keeping unit, the business key.';
comment on column staging.product.name is 'Product name.';
comment on column staging.product.category is 'Category; null keeps the category already known.';
comment on column staging.product.subcategory is 'Subcategory.';
comment on column staging.product.unit_cost is 'Unit cost in the base currency, for margins; null when the feed gives none.';

comment on column staging.campaign.record_no is '1-based record number in the file (header excluded); the last record of a campaign code wins.';
comment on column staging.campaign.campaign_code is 'Campaign code, the business key.';
comment on column staging.campaign.name is 'Campaign name.';
comment on column staging.campaign.channel is 'Channel the campaign ran on, lower-case.';
comment on column staging.campaign.start_date is 'First day of the campaign.';
comment on column staging.campaign.end_date is 'Last day of the campaign.';
comment on column staging.campaign.cost is 'Total cost in the base currency.';

comment on column staging.fx_rate.record_no is '1-based record number in the file (header excluded); the last record of a currency and day wins.';
comment on column staging.fx_rate.rate_date is 'Day the rate applies to.';
comment on column staging.fx_rate.currency is 'ISO 4217 currency code.';
comment on column staging.fx_rate.rate_to_base is 'Base currency units per one unit of currency; positive.';

comment on column staging.customer_change.seq is 'Order of the change among the file''s records, sorted by source time; the last fill of a customer wins.';
comment on column staging.customer_change.customer_id is 'Master customer id after identity resolution.';
comment on column staging.customer_change.action is 'fill: rewrite the current row in place (new customer, inferred member completed, older record); version: close the current row and open a new one at valid_from.';
comment on column staging.customer_change.valid_from is 'Source time of the record behind the change (its updated_at, else the load time); where a new version starts.';
comment on column staging.customer_change.first_name is 'First name after survivorship.';
comment on column staging.customer_change.last_name is 'Last name after survivorship.';
comment on column staging.customer_change.email is 'Email, trimmed and lower-cased, after survivorship.';
comment on column staging.customer_change.phone is 'Phone in E.164 after survivorship.';
comment on column staging.customer_change.city is 'City after survivorship.';
comment on column staging.customer_change.country is 'ISO 3166-1 alpha-2 country code after survivorship.';
comment on column staging.customer_change.signup_date is 'Earliest sign-up date known from any source.';
comment on column staging.customer_change.acquisition_channel is 'Channel of the customer''s earliest contact record, lower-case.';
comment on column staging.customer_change.opt_in is 'Marketing consent after survivorship.';

comment on column staging.source_key.source_system is 'Source system, lower-case.';
comment on column staging.source_key.source_customer_id is 'The customer id in that source system.';
comment on column staging.source_key.customer_id is 'Master customer id it resolved to.';
comment on column staging.source_key.match_rule is 'new (a new customer, id source_system:source_id), email or phone (joined an existing customer).';

comment on column staging.customer_profile.customer_id is 'Master customer id.';
comment on column staging.customer_profile.attributes is 'Attribute name → surviving value after the file.';
comment on column staging.customer_profile.attribute_updated_at is 'Attribute name → source timestamp of the surviving value, in microseconds since 1970-01-01 UTC.';
comment on column staging.customer_profile.updated_at is 'Most recent source timestamp seen for the customer.';

comment on column mart.kpi_monthly_table.month is 'First day of the month.';
comment on column mart.kpi_monthly_table.active_customers is 'Customers with an order in the month.';
comment on column mart.kpi_monthly_table.new_customers is 'Active customers whose first order was in the month.';
comment on column mart.kpi_monthly_table.returning_customers is 'Active customers who had ordered before the month.';
comment on column mart.kpi_monthly_table.churned_customers is 'Customers whose last order was churn_inactive_months months before, with none since.';
comment on column mart.kpi_monthly_table.base_customers is 'Customers whose latest order before the month lies within churn_inactive_months months.';
comment on column mart.kpi_monthly_table.retention_rate is '(base − churned) / base.';
comment on column mart.kpi_monthly_table.churn_rate is 'churned / base.';
comment on column mart.kpi_monthly_table.revenue is 'Net revenue of the month in the base currency (all customers, the unknown one included).';
comment on column mart.kpi_monthly_table.orders is 'Orders with a purchase line in the month.';
comment on column mart.kpi_monthly_table.average_order_value is 'revenue / orders.';
comment on column mart.kpi_monthly_table.purchase_frequency is 'orders / active customers.';
comment on column mart.kpi_monthly_table.revenue_per_active_customer is 'revenue / active customers.';
comment on column mart.kpi_monthly_table.repeat_purchase_rate is 'Customers with two or more orders by the month''s end / customers with one or more.';
comment on column mart.kpi_monthly_table.average_predicted_clv is 'Mean of the latest predictions made in the month, base currency; null without one.';

comment on column mart.cohort_retention_table.cohort is 'Month of first order, yyyy-mm.';
comment on column mart.cohort_retention_table.months_since is 'Months since the cohort month (0 = the cohort month).';
comment on column mart.cohort_retention_table.cohort_customers is 'Customers acquired in the cohort month.';
comment on column mart.cohort_retention_table.active_customers is 'Cohort customers who ordered in the month.';
comment on column mart.cohort_retention_table.retention_rate is 'active_customers / cohort_customers.';
comment on column mart.cohort_retention_table.revenue is 'Net revenue in the month (base currency) of the cohort customers who ordered in it.';
comment on column mart.cohort_retention_table.revenue_retention is 'revenue / the cohort''s revenue in its first month.';

comment on column mart.customer_trend_current.customer_id is 'Master customer id.';
comment on column mart.customer_trend_current.active_months is 'Months with revenue among the 12 ending with the latest data''s month.';
comment on column mart.customer_trend_current.mean_monthly_revenue is 'Net revenue of the 12 months / 12, base currency.';
comment on column mart.customer_trend_current.slope is 'Least-squares slope of monthly revenue, base currency per month.';
comment on column mart.customer_trend_current.relative_slope is 'slope / mean monthly revenue.';
comment on column mart.customer_trend_current.coefficient_of_variation is 'Population standard deviation / mean of the 12 monthly revenues.';
comment on column mart.customer_trend_current.trend is 'occasional (fewer than 3 active months), volatile, growth, declining or stable.';

comment on table mart.settings is 'Parameters of the marts, written by crmwh refresh from the configuration''s analysis: section (their only source); a changed value makes that refresh rebuild every mart.';
