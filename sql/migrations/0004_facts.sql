-- Facts at their natural grain. Money is numeric, never float.
-- Dimension keys are guaranteed by the load (unknown members are inferred,
-- never dropped) rather than by foreign keys, whose per-row checks would
-- dominate bulk loads; tests check that no fact is orphaned.
create table dw.fact_sales (
    order_id text not null,
    line_no integer not null,
    date_key integer not null,
    ordered_at timestamptz not null,
    customer_key bigint not null,
    customer_id text not null,
    product_key bigint not null,
    channel_key bigint not null,
    campaign_key bigint not null,
    quantity numeric(18, 4) not null,
    unit_price numeric(18, 4) not null,
    discount numeric(18, 4) not null default 0,
    amount numeric(18, 4) not null,
    currency char(3) not null,
    amount_base numeric(18, 4) not null,
    is_return boolean not null default false,
    source_system text,
    etl_run_id bigint not null,
    etl_file_id bigint not null,
    primary key (order_id, line_no)
);
-- Orders arrive in time order, so the date index grows at its end and costs
-- the nightly COPY little; it lets a refresh read only the changed months.
-- A per-customer index would be written at random and slow loads as much as
-- the primary key does: per-customer work scans and hashes instead.
create index fact_sales_date on dw.fact_sales (date_key);
comment on table dw.fact_sales is 'One row per order line; order_id + line_no is the natural key (degenerate dimension).';
comment on column dw.fact_sales.order_id is 'Order number from the source (degenerate dimension).';
comment on column dw.fact_sales.line_no is 'Line within the order.';
comment on column dw.fact_sales.date_key is 'Order date (reporting time zone) as yyyymmdd.';
comment on column dw.fact_sales.ordered_at is 'When the order was placed.';
comment on column dw.fact_sales.customer_key is 'The customer version in effect at ordered_at.';
comment on column dw.fact_sales.customer_id is 'Master customer id (stable across versions), for fast per-customer analysis.';
comment on column dw.fact_sales.product_key is 'Product; -1 when the line named no SKU.';
comment on column dw.fact_sales.channel_key is 'Sales channel; -1 when unknown.';
comment on column dw.fact_sales.campaign_key is 'Campaign credited with the order; -1 for none.';
comment on column dw.fact_sales.quantity is 'Units; negative on a return line.';
comment on column dw.fact_sales.unit_price is 'Price per unit in the order currency.';
comment on column dw.fact_sales.discount is 'Discount on the line in the order currency.';
comment on column dw.fact_sales.amount is 'Net line amount in the order currency (quantity × unit_price − discount unless the source gave it).';
comment on column dw.fact_sales.currency is 'ISO 4217 currency of the order.';
comment on column dw.fact_sales.amount_base is 'Net amount in the base currency at the order day''s rate; reports use this.';
comment on column dw.fact_sales.is_return is 'A returned line; its amounts are negative.';
comment on column dw.fact_sales.source_system is 'Source system of the order.';
comment on column dw.fact_sales.etl_run_id is 'Run that loaded the row.';
comment on column dw.fact_sales.etl_file_id is 'File that loaded the row.';

create table dw.fact_interaction (
    interaction_id text primary key,
    occurred_at timestamptz not null,
    date_key integer not null,
    customer_key bigint not null,
    customer_id text not null,
    channel_key bigint not null,
    campaign_key bigint not null,
    interaction_type text not null check (interaction_type in
        ('sent', 'opened', 'clicked', 'responded', 'call', 'visit', 'complaint', 'unsubscribe')),
    outcome text,
    source_system text,
    etl_run_id bigint not null,
    etl_file_id bigint not null
);
create index fact_interaction_customer on dw.fact_interaction (customer_id, occurred_at);
create index fact_interaction_campaign on dw.fact_interaction (campaign_key);
comment on table dw.fact_interaction is 'One row per contact or touch with a customer.';
comment on column dw.fact_interaction.interaction_id is 'Interaction id from the source, the natural key.';
comment on column dw.fact_interaction.occurred_at is 'When it happened.';
comment on column dw.fact_interaction.date_key is 'Day (reporting time zone) as yyyymmdd.';
comment on column dw.fact_interaction.customer_key is 'The customer version in effect at occurred_at.';
comment on column dw.fact_interaction.customer_id is 'Master customer id.';
comment on column dw.fact_interaction.channel_key is 'Channel of the touch.';
comment on column dw.fact_interaction.campaign_key is 'Campaign; -1 for none.';
comment on column dw.fact_interaction.interaction_type is 'sent, opened, clicked, responded, call, visit, complaint or unsubscribe.';
comment on column dw.fact_interaction.outcome is 'Free-text outcome from the source.';
comment on column dw.fact_interaction.source_system is 'Source system.';
comment on column dw.fact_interaction.etl_run_id is 'Run that loaded the row.';
comment on column dw.fact_interaction.etl_file_id is 'File that loaded the row.';
