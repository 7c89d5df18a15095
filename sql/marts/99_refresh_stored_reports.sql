-- Refreshing a materialized view takes its owner. The nightly job may run as
-- a loader role that owns nothing (docs/operations.md), so it refreshes the
-- stored reports through this function, which runs as the marts' owner and
-- does only that. The search path is fixed so callers cannot redirect it.
create or replace function mart.refresh_stored_reports() returns integer
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    view record;
    refreshed integer := 0;
begin
    for view in select schemaname, matviewname from pg_matviews where schemaname = 'mart' order by matviewname loop
        execute format('refresh materialized view %I.%I', view.schemaname, view.matviewname);
        refreshed := refreshed + 1;
    end loop;
    return refreshed;
end;
$$;
comment on function mart.refresh_stored_reports() is
    'Refreshes every materialized view in schema mart as their owner; returns how many. Called by crmwh refresh.';
-- It refreshes as the owner under exclusive locks: not for everyone. A new
-- function is executable by PUBLIC; only the loader may run this one
-- (crmwh grants gives it EXECUTE; the owner always can).
revoke execute on function mart.refresh_stored_reports() from public;
