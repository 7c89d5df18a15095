-- A set-returning function read in parts side by side: one call per part
-- 0 … parts − 1, joined by union all. As a temporary table's statement,
-- the calls run in parallel workers (an insert's statement gets none).
-- The function takes the part and the number of parts as its last two
-- arguments; call_start is the call up to them, e.g.
-- 'mart.customer_summary_of($1, null, '.
create or replace function mart.parallel_parts_query(call_start text, parts integer) returns text
language sql immutable as $$
    select string_agg(format('select * from %s%s, %s)', call_start, part, parts), ' union all ' order by part)
    from generate_series(0, parts - 1) as part
$$;
comment on function mart.parallel_parts_query(text, integer) is 'The query reading a set-returning function in parts 0 … parts − 1 (its last two arguments) joined by union all: call_start is the call up to them. Run as a temporary table''s statement, the parts go to parallel workers.';
