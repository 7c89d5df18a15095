-- Writes a recomputed result into a stored table as a difference. A
-- nightly refresh recomputes a mart over every customer but changes few
-- rows; one full join of the new result with the stored rows finds them,
-- and only those are deleted, updated or inserted (with their indexes),
-- instead of rewriting the table.
drop function if exists mart.sync_rows(regclass, regclass, text[], text);
create or replace function mart.sync_rows(target regclass, query text, keys text[], scope text default 'true')
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
    key_match := (select string_agg(format('c.%1$I = t.%1$I', k), ' and ') from unnest(keys) as k);

    -- scope limits the stored rows the result replaces (e.g. its months),
    -- so the join reads only those, through an index.
    drop table if exists sync_changes;
    execute format(
        $sql$
        create temporary table sync_changes on commit drop as
        select %s, s.%I is null as sync_delete, t.%I is null as sync_insert
        from (select * from %s as t where %s) as t
        full join (%s) as s on %s
        where s.%I is null or t.%I is null or (%s) is distinct from (%s)
        $sql$,
        (
            select string_agg(
                case when c = any (keys) then format('coalesce(s.%1$I, t.%1$I) as %1$I', c) else format('s.%I', c) end,
                ', ' order by o)
            from unnest(columns) with ordinality as u(c, o)
        ),
        keys[1], keys[1],
        target, scope,
        query,
        (select string_agg(format('s.%1$I = t.%1$I', k), ' and ') from unnest(keys) as k),
        keys[1], keys[1],
        coalesce((select string_agg(format('t.%I', c), ', ') from unnest(values_) as c), 'null'),
        coalesce((select string_agg(format('s.%I', c), ', ') from unnest(values_) as c), 'null'));
    analyze sync_changes;

    execute format(
        'delete from %s as t using sync_changes as c where c.sync_delete and %s', target, key_match);
    get diagnostics n = row_count;
    changed := changed + n;
    if cardinality(values_) > 0 then
        execute format(
            'update %s as t set %s from sync_changes as c where not c.sync_delete and not c.sync_insert and %s',
            target,
            (select string_agg(format('%1$I = c.%1$I', c), ', ') from unnest(values_) as c),
            key_match);
        get diagnostics n = row_count;
        changed := changed + n;
    end if;
    execute format(
        'insert into %s (%s) select %s from sync_changes as c where c.sync_insert',
        target,
        (select string_agg(format('%I', c), ', ') from unnest(columns) as c),
        (select string_agg(format('c.%I', c), ', ') from unnest(columns) as c));
    get diagnostics n = row_count;
    return changed + n;
end
$$;
comment on function mart.sync_rows(regclass, text, text[], text) is 'Makes the rows of target that match scope (SQL over alias t; the query''s rows must match it too) equal to the rows of query (same column names), matching rows on keys: deletes, updates changed rows, inserts; returns the rows written.';
