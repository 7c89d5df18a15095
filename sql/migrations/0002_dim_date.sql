-- The calendar dimension, filled for a configurable range by dw.populate_dim_date.
create table dw.dim_date (
    date_key integer primary key,
    full_date date unique,
    year smallint,
    quarter smallint,
    month smallint,
    month_name text,
    year_month text,
    day_of_month smallint,
    iso_year smallint,
    iso_week smallint,
    day_of_week smallint,
    day_name text,
    is_weekend boolean,
    month_start date
);
comment on table dw.dim_date is 'One row per calendar day, plus date_key -1 for an unknown date.';
comment on column dw.dim_date.date_key is 'yyyymmdd as an integer; -1 for unknown.';
comment on column dw.dim_date.full_date is 'The date; null for the unknown row.';
comment on column dw.dim_date.year is 'Calendar year.';
comment on column dw.dim_date.quarter is 'Calendar quarter, 1-4.';
comment on column dw.dim_date.month is 'Month number, 1-12.';
comment on column dw.dim_date.month_name is 'English month name, e.g. January.';
comment on column dw.dim_date.year_month is 'yyyy-mm, for grouping and labels.';
comment on column dw.dim_date.day_of_month is 'Day of the month, 1-31.';
comment on column dw.dim_date.iso_year is 'ISO 8601 week-numbering year.';
comment on column dw.dim_date.iso_week is 'ISO 8601 week number, 1-53.';
comment on column dw.dim_date.day_of_week is 'ISO day of week: 1 Monday … 7 Sunday.';
comment on column dw.dim_date.day_name is 'English day name, e.g. Monday.';
comment on column dw.dim_date.is_weekend is 'Saturday or Sunday.';
comment on column dw.dim_date.month_start is 'First day of the month.';

insert into dw.dim_date (date_key, month_name, year_month, day_name)
values (-1, 'Unknown', 'unknown', 'Unknown');

create function dw.populate_dim_date(from_date date, to_date date) returns integer
language sql as $$
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
    select count(*)::integer from inserted
$$;
comment on function dw.populate_dim_date(date, date) is 'Adds the days of a range to dw.dim_date; existing days are kept.';
