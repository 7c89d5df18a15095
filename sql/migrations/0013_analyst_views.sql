-- What analysts read instead of the tables holding personal data
-- (docs/reliability.md, "Security model"). dw.dim_customer holds names,
-- email and phone; dw.customer_profile the same values as JSON;
-- dw.customer_source_key the customer ids of the source systems, which
-- may be emails. crmwh grants gives analysts none of these, and this view
-- instead: the customer dimension without direct identifiers. It runs with
-- its owner's rights, so analysts need no privilege on dw.dim_customer.
create view dw.dim_customer_analyst as
select
    customer_key,
    customer_id,
    city,
    country,
    signup_date,
    acquisition_channel,
    opt_in,
    valid_from,
    valid_to,
    is_current,
    is_inferred
from dw.dim_customer;

comment on view dw.dim_customer_analyst is
    'dw.dim_customer without personal data (no name, email, phone or row hash of them): what the analyst role reads. SCD type 2 like its table.';
comment on column dw.dim_customer_analyst.customer_key is 'Surrogate key of one version of a customer; -1 is the unknown member.';
comment on column dw.dim_customer_analyst.customer_id is 'Master business key after identity resolution, as in the facts and the marts.';
comment on column dw.dim_customer_analyst.city is 'City.';
comment on column dw.dim_customer_analyst.country is 'ISO 3166-1 alpha-2 country code.';
comment on column dw.dim_customer_analyst.signup_date is 'Earliest sign-up date known from any source.';
comment on column dw.dim_customer_analyst.acquisition_channel is 'Channel through which the customer signed up.';
comment on column dw.dim_customer_analyst.opt_in is 'Marketing consent.';
comment on column dw.dim_customer_analyst.valid_from is 'Start of validity of this version (inclusive); -infinity for the first version.';
comment on column dw.dim_customer_analyst.valid_to is 'End of validity (exclusive); infinity for the current version.';
comment on column dw.dim_customer_analyst.is_current is 'Whether this is the current version.';
comment on column dw.dim_customer_analyst.is_inferred is 'Created from a transaction or interaction before the contact arrived.';
