-- Writes a recomputed result into a stored table as a difference: rows
-- missing from the new result are deleted, changed rows updated, new rows
-- inserted. A nightly refresh recomputes a mart over every customer but
-- changes few rows, and rewriting all of them (with their indexes) costs
-- more than comparing.
create or replace function mart.sync_rows(target regclass, source regclass, keys text[], scope text default 'true')
returns bigint
language plpgsql as $$
declare
    columns text[];
    values_ text[];
    key_match text;
    changed bigint := 0;
    n bigint;
begin
    select array_agg(attname::text order by attnum) into columns
    from pg_attribute
    where attrelid = target and attnum > 0 and not attisdropped;
    values_ := array(select c from unnest(columns) as c where c <> all (keys));
    key_match := (select string_agg(format('s.%1$I = t.%1$I', k), ' and ') from unnest(keys) as k);

    -- Temporary sources have no statistics yet: the joins below need them.
    execute format('analyze %s', source);
    -- scope limits the stored rows the new result replaces (e.g. its months),
    -- so the joins read only those through an index.
    execute format(
        'delete from %s as t where (%s) and not exists (select 1 from %s as s where %s)',
        target, scope, source, key_match);
    get diagnostics n = row_count;
    changed := changed + n;
    if cardinality(values_) > 0 then
        execute format(
            'update %s as t set %s from %s as s where (%s) and %s and (%s) is distinct from (%s)',
            target,
            (select string_agg(format('%1$I = s.%1$I', c), ', ') from unnest(values_) as c),
            source,
            scope,
            key_match,
            (select string_agg(format('t.%I', c), ', ') from unnest(values_) as c),
            (select string_agg(format('s.%I', c), ', ') from unnest(values_) as c));
        get diagnostics n = row_count;
        changed := changed + n;
    end if;
    execute format(
        'insert into %s (%s) select %s from %s as s where not exists (select 1 from %s as t where (%s) and %s)',
        target,
        (select string_agg(format('%I', c), ', ') from unnest(columns) as c),
        (select string_agg(format('s.%I', c), ', ') from unnest(columns) as c),
        source, target, scope, key_match);
    get diagnostics n = row_count;
    return changed + n;
end
$$;
comment on function mart.sync_rows(regclass, regclass, text[], text) is 'Makes the rows of target that match scope (SQL over alias t; source rows must match it too) equal to source (same column names), matching rows on keys: deletes, updates changed rows, inserts; returns the rows written.';
