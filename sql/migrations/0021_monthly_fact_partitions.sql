-- dw.fact_sales and dw.fact_interaction range-partitioned by date_key, one
-- partition per month (dw.fact_sales_y2024m03 holds 20240301 up to but not
-- including 20240401), plus a default partition (dw.fact_sales_default) so
-- that a COPY never fails for a month without its partition. A month can be
-- detached (alter table dw.fact_sales detach partition
-- dw.fact_sales_y2019m01) to archive or drop it without touching the others;
-- a nightly load writes only the newest partitions' indexes.
--
-- The loader creates the partitions it can predict before a load and, after
-- each file, moves any rows the default partition caught into partitions of
-- their own months (dw.settle_default_partition), inside the file's
-- transaction: the default partition stays empty between loads.
--
-- The partitions are made by security-definer functions, run as the
-- warehouse's owner: the loader role creates and owns nothing
-- (sql/grants/roles.sql), and may only call these for the two facts.
-- Creating or moving a partition locks the whole table until the file
-- commits; while another session uses the table (a report reading it) the
-- functions leave it alone rather than queue behind it and hold up every
-- reader after them: rows then wait in the default partition, where queries
-- see them all the same, until a later load moves them.

-- Comments for a new partition of `parent`: what it holds, and the
-- parent's column comments, so every table and column in dw explains itself.
create function dw.comment_partition(partition regclass, parent regclass, description text) returns void
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
    col record;
begin
    execute format('comment on table %s is %L', partition, description);
    for col in
        select a.attname, col_description(parent, a.attnum) as comment
        from pg_attribute as a
        where a.attrelid = parent and a.attnum > 0 and not a.attisdropped
        order by a.attnum
    loop
        execute format('comment on column %s.%I is %L', partition, col.attname, col.comment);
    end loop;
end
$$;
comment on function dw.comment_partition(regclass, regclass, text) is 'Comments a new partition and copies its parent''s column comments onto it.';

-- The partition of one month (`month`: its first day), created empty. The
-- default partition must hold no row of that month (PostgreSQL checks it).
create function dw.create_month_partition(fact regclass, month date) returns regclass
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
    parent_name text := (select relname from pg_class where oid = fact);
    partition_name text := format('%s_y%sm%s', parent_name, to_char(month, 'YYYY'), to_char(month, 'MM'));
    created regclass;
begin
    execute format(
        'create table dw.%I partition of %s for values from (%s) to (%s)', partition_name, fact,
        to_char(month, 'YYYYMMDD'), to_char(month + interval '1 month', 'YYYYMMDD'));
    created := format('dw.%I', partition_name)::regclass;
    perform dw.comment_partition(
        created, fact, format('Rows of %s for %s (date_key %s to %s): a monthly partition.', fact, to_char(month, 'YYYY-MM'),
            to_char(month, 'YYYYMMDD'), to_char((month + interval '1 month' - interval '1 day')::date, 'YYYYMMDD')));
    return created;
end
$$;
comment on function dw.create_month_partition(regclass, date) is 'Creates the empty monthly partition dw.<fact>_yYYYYmMM of a fact table for the month starting on the given day.';

-- Whether a session other than this one holds a lock on `fact` or one of
-- its partitions (a query reading it; sessions waiting for a lock this one
-- holds are queued behind it and do not count). On a distributed table (Citus) the
-- coordinator's own connections for this transaction would count as others:
-- there the partitions are made waiting for the lock.
create function dw.fact_in_use(fact regclass) returns boolean
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
    distributed boolean := false;
begin
    if to_regclass('pg_catalog.pg_dist_partition') is not null then
        execute 'select exists (select 1 from pg_catalog.pg_dist_partition where logicalrelid = $1)' into distributed using fact;
    end if;
    if distributed then
        return false;
    end if;
    return exists (
        select 1
        from pg_locks as l
        join pg_partition_tree(fact) as t on t.relid = l.relation
        where l.locktype = 'relation'
            and l.database = (select oid from pg_database where datname = current_database())
            and l.pid <> pg_backend_pid()
            and l.granted
    );
end
$$;
comment on function dw.fact_in_use(regclass) is 'Whether another session holds a lock on a partitioned fact table or its partitions (false on a distributed table).';

-- Moves the rows the default partition of `fact` caught into partitions of
-- their own months, creating those, in one pass: the default is detached,
-- the months' partitions are created (no default to check them against),
-- its rows are inserted through the parent and it is emptied and attached
-- again. Returns the number of rows moved; an empty default costs one look.
-- Nothing is moved while another session uses the table (see above).
create function dw.settle_default_partition(fact regclass) returns bigint
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    fallback regclass;
    has_rows boolean;
    month date;
    moved bigint;
begin
    if fact not in ('dw.fact_sales'::regclass, 'dw.fact_interaction'::regclass) then
        raise exception 'dw.settle_default_partition: % is not a monthly partitioned fact table', fact;
    end if;
    fallback := format('dw.%I', (select relname from pg_class where oid = fact) || '_default')::regclass;
    execute format('select exists (select 1 from %s)', fallback) into strict has_rows;
    if not has_rows or dw.fact_in_use(fact) then
        return 0;
    end if;
    execute format('lock table %s in access exclusive mode', fact);
    execute format('alter table %s detach partition %s', fact, fallback);
    for month in execute format(
        'select distinct to_date((date_key / 100)::text || ''01'', ''YYYYMMDD'') from %s order by 1', fallback)
    loop
        if to_regclass(format('dw.%I', (select relname from pg_class where oid = fact)
                || to_char(month, '"_y"YYYY"m"MM'))) is null then
            perform dw.create_month_partition(fact, month);
        end if;
    end loop;
    execute format('insert into %s select * from %s', fact, fallback);
    get diagnostics moved = row_count;
    execute format('truncate %s', fallback);
    execute format('alter table %s attach partition %s default', fact, fallback);
    return moved;
end
$$;
comment on function dw.settle_default_partition(regclass) is 'Moves the rows in a fact table''s default partition into monthly partitions, creating them; returns the rows moved. Run by the loader after each file.';

-- The monthly partitions of `fact` from the month of from_key to the month
-- of to_key (date keys, yyyymmdd) that are missing; a month whose rows the
-- default partition holds is settled from it. Returns how many it created:
-- none while another session uses the table (see above).
create function dw.ensure_month_partitions(fact regclass, from_key integer, to_key integer) returns integer
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    parent_name text := (select relname from pg_class where oid = fact);
    month date := date_trunc('month', to_date(from_key::text, 'YYYYMMDD'))::date;
    last_month date := date_trunc('month', to_date(to_key::text, 'YYYYMMDD'))::date;
    in_default boolean;
    created integer := 0;
begin
    if fact not in ('dw.fact_sales'::regclass, 'dw.fact_interaction'::regclass) then
        raise exception 'dw.ensure_month_partitions: % is not a monthly partitioned fact table', fact;
    end if;
    while month <= last_month loop
        if to_regclass(format('dw.%I', parent_name || to_char(month, '"_y"YYYY"m"MM'))) is null then
            if created = 0 then
                if dw.fact_in_use(fact) then
                    return 0;
                end if;
                execute format('lock table %s in access exclusive mode', fact);
            end if;
            execute format('select exists (select 1 from dw.%I where date_key >= $1 and date_key < $2)', parent_name || '_default')
                into in_default
                using to_char(month, 'YYYYMMDD')::integer, to_char(month + interval '1 month', 'YYYYMMDD')::integer;
            if in_default then
                perform dw.settle_default_partition(fact);
            else
                perform dw.create_month_partition(fact, month);
            end if;
            created := created + 1;
        end if;
        month := month + interval '1 month';
    end loop;
    return created;
end
$$;
comment on function dw.ensure_month_partitions(regclass, integer, integer) is 'Creates the missing monthly partitions of dw.fact_sales or dw.fact_interaction between two date keys (yyyymmdd), months whose rows the default partition holds included; returns how many months it added.';

-- Only the warehouse's owner creates partitions; the loader calls these two
-- (crmwh grants gives it execute).
revoke all on function dw.comment_partition(regclass, regclass, text) from public;
revoke all on function dw.fact_in_use(regclass) from public;
revoke all on function dw.create_month_partition(regclass, date) from public;
revoke all on function dw.settle_default_partition(regclass) from public;
revoke all on function dw.ensure_month_partitions(regclass, integer, integer) from public;

-- Converting the two tables. What depends on them by name (views and
-- materialized views, on top of each other) is dropped first and made again
-- from its own definition, with its owner, comments, grants and indexes.
create temporary table migration_dependent_view (
    view_oid oid primary key,
    depth integer not null,
    name text not null,
    kind "char" not null,
    definition text not null,
    options text[],
    owner name not null,
    comment text,
    column_comments jsonb not null,
    grants text[] not null,
    indexes text[] not null
) on commit drop;

with recursive dependent (view_oid, depth) as (
    select r.ev_class, 1
    from pg_depend as d
    join pg_rewrite as r on r.oid = d.objid
    where d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass
        and d.refobjid in ('dw.fact_sales'::regclass, 'dw.fact_interaction'::regclass)
        and r.ev_class <> d.refobjid
    union all
    select r.ev_class, dependent.depth + 1
    from dependent
    join pg_depend as d on d.refobjid = dependent.view_oid
        and d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass
    join pg_rewrite as r on r.oid = d.objid
    where r.ev_class <> dependent.view_oid
),
deepest as (
    select view_oid, max(depth) as depth from dependent group by view_oid
)
insert into migration_dependent_view
select
    c.oid,
    v.depth,
    format('%I.%I', n.nspname, c.relname),
    c.relkind,
    pg_get_viewdef(c.oid),
    c.reloptions,
    pg_get_userbyid(c.relowner),
    obj_description(c.oid, 'pg_class'),
    coalesce((
        select jsonb_object_agg(a.attname, col_description(c.oid, a.attnum))
        from pg_attribute as a
        where a.attrelid = c.oid and a.attnum > 0 and col_description(c.oid, a.attnum) is not null
    ), '{}'),
    coalesce(array(
        select format('grant %s on %I.%I to %s%s', g.privilege_type, n.nspname, c.relname,
            case g.grantee when 0 then 'public' else quote_ident(pg_get_userbyid(g.grantee)) end,
            case when g.is_grantable then ' with grant option' else '' end)
        from aclexplode(c.relacl) as g
        where g.grantee <> c.relowner
        order by 1
    ), '{}'),
    array(select pg_get_indexdef(i.indexrelid) from pg_index as i where i.indrelid = c.oid order by 1)
from deepest as v
join pg_class as c on c.oid = v.view_oid
join pg_namespace as n on n.oid = c.relnamespace;

do $$
declare
    view record;
begin
    for view in select * from migration_dependent_view order by depth desc, name loop
        execute format('drop %s %s', case view.kind when 'm' then 'materialized view' else 'view' end, view.name);
    end loop;
end
$$;

do $$
declare
    fact text;
    parent regclass;
    old_name text;
    key_definitions text[];
    index_definitions text[];
    grants text[];
    table_comment text;
    table_owner name;
    statement text;
    month date;
begin
    foreach fact in array array['fact_sales', 'fact_interaction'] loop
        parent := format('dw.%I', fact)::regclass;
        old_name := fact || '_unpartitioned';
        -- What comes back on the new table: keys, indexes, grants, owner, comment.
        key_definitions := array(
            select format('alter table dw.%I add constraint %I %s', fact, conname, pg_get_constraintdef(oid))
            from pg_constraint where conrelid = parent and contype in ('p', 'u') order by conname);
        index_definitions := array(
            select pg_get_indexdef(i.indexrelid)
            from pg_index as i
            where i.indrelid = parent and not exists (select 1 from pg_constraint as k where k.conindid = i.indexrelid)
            order by 1);
        grants := array(
            select format('grant %s on dw.%I to %s%s', g.privilege_type, fact,
                case g.grantee when 0 then 'public' else quote_ident(pg_get_userbyid(g.grantee)) end,
                case when g.is_grantable then ' with grant option' else '' end)
            from pg_class as c, aclexplode(c.relacl) as g
            where c.oid = parent and g.grantee <> c.relowner
            order by 1);
        table_comment := obj_description(parent, 'pg_class');
        table_owner := (select pg_get_userbyid(relowner) from pg_class where oid = parent);

        execute format('alter table dw.%I rename to %I', fact, old_name);
        -- Columns, defaults, not-null and check constraints, column comments.
        execute format(
            'create table dw.%I (like dw.%I including defaults including constraints including comments including storage) '
                || 'partition by range (date_key)', fact, old_name);
        parent := format('dw.%I', fact)::regclass;
        execute format('create table dw.%I partition of dw.%I default', fact || '_default', fact);
        perform dw.comment_partition(
            format('dw.%I', fact || '_default')::regclass, parent,
            format('Rows of dw.%s whose month has no partition yet: empty between loads (the loader moves them out).', fact));
        for month in execute format(
            'select distinct to_date((date_key / 100)::text || ''01'', ''YYYYMMDD'') from dw.%I order by 1', old_name)
        loop
            perform dw.create_month_partition(parent, month);
        end loop;
        execute format('insert into dw.%I select * from dw.%I', fact, old_name);
        execute format('drop table dw.%I', old_name);
        -- Built once, over the filled partitions.
        foreach statement in array key_definitions || index_definitions loop
            execute statement;
        end loop;
        execute format('comment on table dw.%I is %L', fact, table_comment);
        if table_owner <> current_user then
            execute format('alter table dw.%I owner to %I', fact, table_owner);
        end if;
        foreach statement in array grants loop
            execute statement;
        end loop;
        execute format('analyze dw.%I', fact);
    end loop;
end
$$;

do $$
declare
    view record;
    col record;
    statement text;
begin
    for view in select * from migration_dependent_view order by depth, name loop
        execute format('create %s %s%s as %s',
            case view.kind when 'm' then 'materialized view' else 'view' end, view.name,
            case when view.options is null then '' else format(' with (%s)', array_to_string(view.options, ', ')) end,
            view.definition);
        execute format('alter %s %s owner to %I',
            case view.kind when 'm' then 'materialized view' else 'view' end, view.name, view.owner);
        if view.comment is not null then
            execute format('comment on %s %s is %L',
                case view.kind when 'm' then 'materialized view' else 'view' end, view.name, view.comment);
        end if;
        for col in select key, value from jsonb_each_text(view.column_comments) order by key loop
            execute format('comment on column %s.%I is %L', view.name, col.key, col.value);
        end loop;
        foreach statement in array view.grants || view.indexes loop
            execute statement;
        end loop;
    end loop;
end
$$;
