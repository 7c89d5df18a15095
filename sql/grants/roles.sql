-- crmwh grants: what the loader and the analysts may do, applied by the
-- owner of the warehouse (the role crmwh migrate runs as) in one
-- transaction. Running it again sets the same grants, and takes back what
-- earlier versions granted beyond them.

-- The database: only these roles (and the owner) connect.
do $$
begin
    execute format('revoke all on database %I from public', current_database());
    execute format('grant connect, temporary on database %I to crmwh_loader', current_database());
    execute format('grant connect on database %I to crmwh_analyst', current_database());
end
$$;

-- loader: fill and empty staging, write the star, the audit trail and the
-- marts, refresh the stored reports, have the facts' monthly partitions made
-- (the functions run as the owner). It creates and owns nothing.
grant usage on schema staging, dw, etl, mart to crmwh_loader;
revoke create on schema staging, dw, etl, mart from crmwh_loader;
grant select, insert, update, delete, truncate on all tables in schema staging, dw, mart to crmwh_loader;
grant select, insert, update on all tables in schema etl to crmwh_loader;
grant usage, select, update on all sequences in schema dw, etl to crmwh_loader;
grant execute on function mart.refresh_stored_reports() to crmwh_loader;
grant execute on function dw.ensure_month_partitions(regclass, integer, integer), dw.settle_default_partition(regclass)
    to crmwh_loader;
alter default privileges in schema staging, dw, mart grant select, insert, update, delete, truncate on tables to crmwh_loader;
alter default privileges in schema etl grant select, insert, update on tables to crmwh_loader;
alter default privileges in schema dw, etl grant usage, select, update on sequences to crmwh_loader;

-- analysts: read the marts and the star, but no personal data. Customers
-- through dw.dim_customer_analyst (no name, email or phone); nothing of the
-- tables holding those, of staging, or of the audit trail (raw records).
grant usage on schema dw, mart to crmwh_analyst;
revoke all on schema staging, etl from crmwh_analyst;
grant select on all tables in schema dw, mart to crmwh_analyst;
revoke all on dw.dim_customer, dw.customer_profile, dw.customer_source_key from public, crmwh_analyst;
revoke execute on function mart.refresh_stored_reports() from public, crmwh_analyst;
alter default privileges in schema mart grant select on tables to crmwh_analyst;
-- A table a later migration adds to dw reaches analysts when crmwh grants runs again, not before.
alter default privileges in schema dw revoke select on tables from crmwh_analyst;
