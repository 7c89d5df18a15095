-- Load tables at the grain of the source files. Unlogged: they are
-- emptied at the start of every file and rebuilt from it.
create unlogged table staging.sales (
    record_no bigint not null,
    order_id text not null,
    line_no integer not null,
    source_system text not null,
    source_customer_id text not null,
    sku text,
    category text,
    quantity numeric not null,
    unit_price numeric not null,
    discount numeric not null,
    amount numeric not null,
    currency char(3) not null,
    amount_base numeric not null,
    ordered_at timestamptz not null,
    date_key integer not null,
    channel text,
    campaign_code text,
    is_return boolean not null
);
comment on table staging.sales is 'Validated order lines of the file being loaded, customer not yet resolved.';

create unlogged table staging.interaction (
    record_no bigint not null,
    interaction_id text not null,
    source_system text not null,
    source_customer_id text not null,
    occurred_at timestamptz not null,
    date_key integer not null,
    interaction_type text not null,
    channel text,
    campaign_code text,
    outcome text
);
comment on table staging.interaction is 'Validated interactions of the file being loaded.';

create unlogged table staging.product (
    record_no bigint not null,
    sku text not null,
    name text,
    category text,
    subcategory text,
    unit_cost numeric
);
comment on table staging.product is 'Validated products of the file being loaded.';

create unlogged table staging.campaign (
    record_no bigint not null,
    campaign_code text not null,
    name text,
    channel text,
    start_date date,
    end_date date,
    cost numeric
);
comment on table staging.campaign is 'Validated campaigns of the file being loaded.';

create unlogged table staging.fx_rate (
    record_no bigint not null,
    rate_date date not null,
    currency char(3) not null,
    rate_to_base numeric not null
);
comment on table staging.fx_rate is 'Validated exchange rates of the file being loaded.';

create unlogged table staging.customer_change (
    seq integer not null,
    customer_id text not null,
    action text not null check (action in ('fill', 'version')),
    valid_from timestamptz not null,
    first_name text,
    last_name text,
    email text,
    phone text,
    city text,
    country text,
    signup_date date,
    acquisition_channel text,
    opt_in boolean
);
comment on table staging.customer_change is 'Customer dimension changes decided by identity resolution and survivorship: fill the current row in place, or open a new version.';

create unlogged table staging.source_key (
    source_system text not null,
    source_customer_id text not null,
    customer_id text not null,
    match_rule text not null
);
comment on table staging.source_key is 'New source id → master customer mappings found in the file being loaded.';

create unlogged table staging.customer_profile (
    customer_id text not null,
    attributes jsonb not null,
    attribute_updated_at jsonb not null,
    updated_at timestamptz
);
comment on table staging.customer_profile is 'Survivorship state of the customers the file being loaded touched.';
