-- Apply the customer changes decided in staging.customer_change.
-- 'fill' rewrites the current row in place (a new customer, an inferred
-- member completed, or an older record filling empty attributes);
-- 'version' closes the current row and opens a new one (SCD type 2).
-- Settings of the load transaction: crmwh.run_id, crmwh.file_id.
analyze staging.customer_change, staging.source_key, staging.customer_profile;

insert into dw.customer_source_key (source_system, source_customer_id, customer_id, match_rule, etl_file_id)
select source_system, source_customer_id, customer_id, match_rule, current_setting('crmwh.file_id')::bigint
from staging.source_key
on conflict do nothing;

insert into dw.customer_profile as p (customer_id, attributes, attribute_updated_at, updated_at)
select customer_id, attributes, attribute_updated_at, updated_at from staging.customer_profile
on conflict (customer_id) do update set
    attributes = excluded.attributes,
    attribute_updated_at = excluded.attribute_updated_at,
    updated_at = excluded.updated_at;

-- Each change with the hash of its tracked attributes, written with the row
-- rather than in a second pass over every row the file touched.
create or replace temporary view customer_change_hashed as
select c.*, md5(row(
    first_name, last_name, email, phone, city, country, signup_date, acquisition_channel, opt_in
)::text) as row_hash
from staging.customer_change as c;

with fills as (
    select distinct on (customer_id) *
    from customer_change_hashed
    where action = 'fill'
    order by customer_id, seq desc
)
update dw.dim_customer as d set
    first_name = f.first_name,
    last_name = f.last_name,
    email = f.email,
    phone = f.phone,
    city = f.city,
    country = f.country,
    signup_date = f.signup_date,
    acquisition_channel = f.acquisition_channel,
    opt_in = f.opt_in,
    is_inferred = false,
    row_hash = f.row_hash,
    etl_run_id = current_setting('crmwh.run_id')::bigint,
    etl_file_id = current_setting('crmwh.file_id')::bigint
from fills as f
where d.customer_id = f.customer_id and d.is_current;

insert into dw.dim_customer (
    customer_id, first_name, last_name, email, phone, city, country, signup_date, acquisition_channel,
    opt_in, valid_from, row_hash, etl_run_id, etl_file_id
)
select distinct on (c.customer_id)
    c.customer_id, c.first_name, c.last_name, c.email, c.phone, c.city, c.country, c.signup_date,
    c.acquisition_channel, c.opt_in, '-infinity', c.row_hash, current_setting('crmwh.run_id')::bigint,
    current_setting('crmwh.file_id')::bigint
from customer_change_hashed as c
-- An anti-join: Citus plans no correlated subquery over a view.
left join dw.dim_customer as d on d.customer_id = c.customer_id
where c.action = 'fill' and d.customer_id is null
order by c.customer_id, c.seq desc;

-- Fresh statistics before the joins below: after a file of new customers
-- the planner would otherwise still see the row counts from before it (one
-- row in a new warehouse) and pick nested loops that take hours.
analyze dw.dim_customer;

-- New versions: each valid until the next one of the same customer.
create temporary table new_version on commit drop as
select
    c.*,
    coalesce(lead(valid_from) over (partition by customer_id order by valid_from), 'infinity') as valid_to,
    lead(valid_from) over (partition by customer_id order by valid_from) is null as is_current
from customer_change_hashed as c
where action = 'version';

analyze new_version;

update dw.dim_customer as d set valid_to = v.first_from, is_current = false
from (select customer_id, min(valid_from) as first_from from new_version group by customer_id) as v
where d.customer_id = v.customer_id and d.is_current;

insert into dw.dim_customer (
    customer_id, first_name, last_name, email, phone, city, country, signup_date, acquisition_channel,
    opt_in, valid_from, valid_to, is_current, row_hash, etl_run_id, etl_file_id
)
select
    customer_id, first_name, last_name, email, phone, city, country, signup_date, acquisition_channel,
    opt_in, valid_from, valid_to, is_current, row_hash, current_setting('crmwh.run_id')::bigint,
    current_setting('crmwh.file_id')::bigint
from new_version;

-- Facts already loaded for the changed customers follow the version in
-- effect at their time (a change may arrive after later orders).
update dw.fact_sales as f set customer_key = d.customer_key
from dw.dim_customer as d
where f.customer_id in (select customer_id from new_version)
    and d.customer_id = f.customer_id and f.ordered_at >= d.valid_from and f.ordered_at < d.valid_to
    and f.customer_key <> d.customer_key;

update dw.fact_interaction as f set customer_key = d.customer_key
from dw.dim_customer as d
where f.customer_id in (select customer_id from new_version)
    and d.customer_id = f.customer_id and f.occurred_at >= d.valid_from and f.occurred_at < d.valid_to
    and f.customer_key <> d.customer_key;
