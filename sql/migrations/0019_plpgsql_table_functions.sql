-- Functions with parameters that read or write tables, from earlier
-- migrations, in PL/pgSQL: Citus refuses a SQL-language function whose
-- query has parameters and touches a distributed table ("parameterized
-- queries for SQL functions referencing distributed tables are not
-- supported"); a PL/pgSQL function's statements are planned like any
-- other query. Same signatures and results.

create or replace function dw.populate_dim_date(from_date date, to_date date) returns integer
language plpgsql as $$
declare
    added integer;
begin
    -- The rows returned, not the command's row count: Citus counts every
    -- row offered to a reference table, inserted or not.
    with inserted as (
        insert into dw.dim_date
        select
            to_char(d, 'YYYYMMDD')::integer,
            d,
            extract(year from d),
            extract(quarter from d),
            extract(month from d),
            trim(to_char(d, 'Month')),
            to_char(d, 'YYYY-MM'),
            extract(day from d),
            extract(isoyear from d),
            extract(week from d),
            extract(isodow from d),
            trim(to_char(d, 'Day')),
            extract(isodow from d) in (6, 7),
            date_trunc('month', d)::date
        from generate_series(from_date, to_date, interval '1 day') as g(t)
        cross join lateral (select t::date as d) as day
        on conflict (date_key) do nothing
        returning 1
    )
    select count(*)::integer into added from inserted;
    return added;
end
$$;
comment on function dw.populate_dim_date(date, date) is 'Adds the days of a range to dw.dim_date; existing days are kept.';

create or replace function mart.setting(setting_name text) returns numeric
language plpgsql stable as $$
begin
    return (select s.value from mart.settings as s where s.name = setting_name);
end
$$;
comment on function mart.setting(text) is 'The value of one mart parameter from mart.settings.';
