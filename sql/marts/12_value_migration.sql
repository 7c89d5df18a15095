-- Tier-to-tier movement between two snapshot months. Customers who had
-- ordered by from_month but are not in a month's snapshot are lapsed, so
-- the matrix is closed and its powers forecast the tier mix (Reports).
create or replace function mart.value_migration_of(start_month date, end_month date)
returns table (
    from_month date,
    to_month date,
    from_tier text,
    to_tier text,
    from_rank smallint,
    to_rank smallint,
    customers bigint,
    probability numeric
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with months as materialized (
        select
            coalesce(date_trunc('month', end_month)::date, (select max(month) from dw.fact_customer_month)) as to_month
    ),
    bounds as materialized (
        select
            coalesce(date_trunc('month', start_month)::date, (m.to_month - interval '1 month')::date) as from_month,
            m.to_month
        from months as m
    ),
    base as (
        select v.customer_id
        from mart.customer_value_current as v, bounds as b
        where v.first_order_on < b.from_month + interval '1 month'
    ),
    -- Scalar subqueries, so each month is an index range of the snapshot.
    from_states as (
        select customer_id, tier_rank
        from dw.fact_customer_month
        where month = (select from_month from bounds)
    ),
    to_states as (
        select customer_id, tier_rank
        from dw.fact_customer_month
        where month = (select to_month from bounds)
    ),
    states as (
        select
            c.customer_id,
            coalesce(f.tier_rank, 5::smallint) as from_rank,
            coalesce(t.tier_rank, 5::smallint) as to_rank
        from base as c
        left join from_states as f using (customer_id)
        left join to_states as t using (customer_id)
    )
    select
        b.from_month,
        b.to_month,
        mart.value_tier_name(s.from_rank),
        mart.value_tier_name(s.to_rank),
        s.from_rank,
        s.to_rank,
        count(*),
        round(count(*)::numeric / sum(count(*)) over (partition by s.from_rank), 6)
    from states as s
    cross join bounds as b
    group by b.from_month, b.to_month, s.from_rank, s.to_rank
    order by s.from_rank, s.to_rank;
end
$$;
comment on function mart.value_migration_of(date, date) is 'mart.value_migration between start_month and end_month (nulls: its defaults).';

-- PL/pgSQL cannot give a parameter and a result column one name, as this
-- signature does; the SQL function reads no table itself, so it keeps the
-- signature and is inlined where it is called.
create or replace function mart.value_migration(from_month date default null, to_month date default null)
returns table (
    from_month date,
    to_month date,
    from_tier text,
    to_tier text,
    from_rank smallint,
    to_rank smallint,
    customers bigint,
    probability numeric
)
language sql stable as $$
    select * from mart.value_migration_of(from_month, to_month)
$$;
comment on function mart.value_migration(date, date) is 'Customers moving from each tier in from_month (default: the month before to_month) to each tier in to_month (default: the latest snapshot month), with row probabilities; lapsed = ordered before but not in the month''s 12-month base.';

create or replace view mart.value_migration as
select * from mart.value_migration(null, null);
comment on view mart.value_migration is 'mart.value_migration between the two latest snapshot months.';
comment on column mart.value_migration.from_month is 'Month the customers start in.';
comment on column mart.value_migration.to_month is 'Month they arrive in.';
comment on column mart.value_migration.from_tier is 'Tier in from_month.';
comment on column mart.value_migration.to_tier is 'Tier in to_month.';
comment on column mart.value_migration.from_rank is 'Rank of from_tier, 1 top … 5 lapsed.';
comment on column mart.value_migration.to_rank is 'Rank of to_tier.';
comment on column mart.value_migration.customers is 'Customers making this move.';
comment on column mart.value_migration.probability is 'customers / customers in from_tier: the transition probability.';
