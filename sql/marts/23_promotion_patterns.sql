-- Multi-promotion response patterns: how many of the campaigns that
-- reached a customer they responded to, how the response rate falls with
-- every earlier contact, and which sequences of channels and campaign
-- types led up to customers' first responses. Contacts, responses and
-- campaign starts are those of mart.campaign_touch (16_campaign_response.sql).
-- Definitions: docs/marts.md, "Multi-promotion response patterns".

-- Contacts numbered per customer: the treatment pairs of the stored
-- mart.campaign_touch (stored), or of mart.campaign_touch_of with what was
-- known at as_of; customers limits them (null: everyone).
create or replace function mart.promotion_contact_of(stored boolean, as_of date, customers text[])
returns setof mart.promotion_contact
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with touches as (
        select t.customer_id, t.campaign_key, t.start_date, t.responded_at
        from mart.campaign_touch as t
        where stored and not t.is_control and (customers is null or t.customer_id = any(customers))
        union all
        select t.customer_id, t.campaign_key, t.start_date, t.responded_at
        from mart.campaign_touch_of(as_of, null, customers) as t
        where not stored and not t.is_control
    )
    select
        t.customer_id,
        t.campaign_key,
        t.start_date,
        coalesce(c.channel, 'unknown'),
        coalesce(c.campaign_type, 'unspecified'),
        (rank() over starts)::integer,
        (dense_rank() over starts)::integer,
        t.responded_at
    from touches as t
    join dw.dim_campaign as c on c.campaign_key = t.campaign_key
    window starts as (partition by t.customer_id order by t.start_date);
end
$$;
comment on function mart.promotion_contact_of(boolean, date, text[]) is 'Campaign contacts (treatment pairs of mart.campaign_touch when stored, else of mart.campaign_touch_of(as_of)) of the given customers (null: all), with the campaign channel and type, contact number (1 + contacts by campaigns that started earlier) and step (rank of the start date among the customer''s distinct ones).';

create or replace function mart.promotion_contact_compute(as_of date default null)
returns setof mart.promotion_contact
language plpgsql stable as $$
begin
    return query select * from mart.promotion_contact_of(false, as_of, null);
end
$$;
comment on function mart.promotion_contact_compute(date) is 'mart.promotion_contact computed from the facts with what was known at as_of (null: everything).';

-- A report asks for several sections at one as-of date: mart.promotion_cache
-- computes the contacts known then (and their customers) once, into
-- temporary tables that mart.promotion_contacts_known and
-- mart.customer_promotion_known read for that date until the transaction
-- ends (crmwh report promotion_patterns --as-of); without it every call
-- computes them again.
create or replace function mart.promotion_cache(as_of date)
returns bigint
language plpgsql volatile as $$
declare
    cached bigint;
begin
    drop table if exists pg_temp.promotion_cache_date, pg_temp.promotion_contact_cache,
        pg_temp.promotion_customer_cache;
    create temporary table promotion_contact_cache on commit drop as
    select * from mart.promotion_contact_of(false, as_of, null);
    get diagnostics cached = row_count;
    create temporary table promotion_cache_date on commit drop as
    select as_of as cached_as_of;
    -- The customers from the contacts just kept.
    create temporary table promotion_customer_cache on commit drop as
    select * from mart.customer_promotion_of(false, as_of, null);
    return cached;
end
$$;
comment on function mart.promotion_cache(date) is 'Computes the campaign contacts known at as_of and their customers once, for the rest of the transaction: mart.promotion_contacts_known, mart.customer_promotion_known and the report functions read them for that date instead of computing them again. Returns the contacts.';

create or replace function mart.promotion_contacts_known(as_of date, customers text[])
returns setof mart.promotion_contact
language plpgsql stable as $$
#variable_conflict use_column
declare
    cached date;
begin
    if customers is null and to_regclass('pg_temp.promotion_cache_date') is not null then
        cached := (select d.cached_as_of from pg_temp.promotion_cache_date as d);
        if cached = as_of then
            return query select * from pg_temp.promotion_contact_cache;
            return;
        end if;
    end if;
    return query select * from mart.promotion_contact_of(false, as_of, customers);
end
$$;
comment on function mart.promotion_contacts_known(date, text[]) is 'Campaign contacts known at as_of of the given customers (null: all): mart.promotion_contact_of(false, as_of, customers), or what mart.promotion_cache(as_of) kept in this transaction.';

-- Per customer: campaigns reached and responded to, the first response
-- and the channels and types of the up to three steps ending with its
-- step. From the stored mart.promotion_contact (stored) or computed at as_of.
create or replace function mart.customer_promotion_of(stored boolean, as_of date, customers text[])
returns setof mart.customer_promotion
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with contacts as materialized (
        select c.*
        from mart.promotion_contact as c
        where stored and (customers is null or c.customer_id = any(customers))
        union all
        select c.*
        from mart.promotion_contacts_known(as_of, customers) as c
        where not stored
    ),
    totals as (
        select
            c.customer_id,
            count(*)::integer as reached,
            count(c.responded_at)::integer as responded,
            min(c.responded_at) as first_response_at
        from contacts as c
        group by c.customer_id
    ),
    -- Step, number and start rise together with the start date: their
    -- minima belong to the earliest campaign responded to first.
    first_response as (
        select
            c.customer_id,
            min(c.contact_step) as step,
            min(c.contact_number) as contact_number,
            min(c.start_date) as start_date
        from contacts as c
        join totals as t on t.customer_id = c.customer_id and c.responded_at = t.first_response_at
        group by c.customer_id
    ),
    steps as (
        select
            c.customer_id,
            c.contact_step,
            string_agg(distinct c.channel, '+' order by c.channel) as channels,
            string_agg(distinct c.campaign_type, '+' order by c.campaign_type) as types
        from contacts as c
        join first_response as f on f.customer_id = c.customer_id
            and c.contact_step between f.step - 2 and f.step
        group by c.customer_id, c.contact_step
    ),
    paths as (
        select
            s.customer_id,
            string_agg(s.channels, ' > ' order by s.contact_step) as channel_path,
            string_agg(s.types, ' > ' order by s.contact_step) as type_path,
            count(*)::integer as steps
        from steps as s
        group by s.customer_id
    )
    select
        t.customer_id, t.reached, t.responded, t.first_response_at, f.start_date, f.contact_number,
        p.channel_path, p.type_path, p.steps
    from totals as t
    left join first_response as f on f.customer_id = t.customer_id
    left join paths as p on p.customer_id = t.customer_id;
end
$$;
comment on function mart.customer_promotion_of(boolean, date, text[]) is 'Per contacted customer (of the given customers; null: all): campaigns reached and responded to, first response, its campaign''s start and contact number, and the channel and campaign type sequences of the up to three contact steps ending with it; from mart.promotion_contact when stored, else computed at as_of.';

create or replace function mart.customer_promotion_compute(as_of date default null)
returns setof mart.customer_promotion
language plpgsql stable as $$
begin
    return query select * from mart.customer_promotion_of(false, as_of, null);
end
$$;
comment on function mart.customer_promotion_compute(date) is 'mart.customer_promotion computed from the facts with what was known at as_of (null: everything).';

create or replace function mart.customer_promotion_known(as_of date)
returns setof mart.customer_promotion
language plpgsql stable as $$
#variable_conflict use_column
declare
    cached date;
begin
    if to_regclass('pg_temp.promotion_customer_cache') is not null then
        cached := (select d.cached_as_of from pg_temp.promotion_cache_date as d);
        if cached = as_of then
            return query select * from pg_temp.promotion_customer_cache;
            return;
        end if;
    end if;
    return query select * from mart.customer_promotion_of(false, as_of, null);
end
$$;
comment on function mart.customer_promotion_known(date) is 'Contacted customers known at as_of: mart.customer_promotion_of(false, as_of, null), or what mart.promotion_cache(as_of) kept in this transaction.';

-- The stored tables follow mart.campaign_touch: a nightly refresh
-- recomputes the customers whose pairs the campaign step recomputed (its
-- temporary table refresh_touch_customers, so this step runs after it in
-- the same transaction) and the customers of campaigns whose channel or
-- type changed.
create or replace function mart.refresh_promotion_patterns(everyone boolean)
returns void
language plpgsql as $$
declare
    dirty text[];
begin
    -- Each result goes through a temporary table before the insert, as
    -- mart.refresh_campaign_touch does: the functions read distributed
    -- tables the same transaction writes.
    if everyone then
        truncate mart.promotion_contact, mart.customer_promotion;
        create temporary table refresh_promotion_new on commit drop as
        select * from mart.promotion_contact_of(true, null, null);
        insert into mart.promotion_contact
        select * from refresh_promotion_new as c
        order by c.customer_id, c.campaign_key;
        analyze mart.promotion_contact;
        drop table refresh_promotion_new;
        create temporary table refresh_promotion_new on commit drop as
        select * from mart.customer_promotion_of(true, null, null);
        insert into mart.customer_promotion
        select * from refresh_promotion_new as c
        order by c.customer_id;
        analyze mart.customer_promotion;
        return;
    end if;
    if to_regclass('pg_temp.refresh_touch_customers') is null then
        raise exception 'mart.refresh_promotion_patterns(false) runs after mart.refresh_campaign_touch(false, …) in the same transaction';
    end if;

    create temporary table refresh_promotion_customers (customer_id text primary key) on commit drop;
    insert into refresh_promotion_customers
    select r.customer_id from refresh_touch_customers as r;
    insert into refresh_promotion_customers
    select distinct p.customer_id
    from mart.promotion_contact as p
    join dw.dim_campaign as c on c.campaign_key = p.campaign_key
    where p.channel <> coalesce(c.channel, 'unknown') or p.campaign_type <> coalesce(c.campaign_type, 'unspecified')
    on conflict do nothing;
    analyze refresh_promotion_customers;

    dirty := array(select customer_id from refresh_promotion_customers);
    if cardinality(dirty) = 0 then
        return;
    end if;
    perform mart.sync_rows(
        'mart.promotion_contact',
        format('select * from mart.promotion_contact_of(true, null, %L::text[])', dirty),
        '{customer_id,campaign_key}',
        't.customer_id in (select customer_id from refresh_promotion_customers)');
    perform mart.sync_rows(
        'mart.customer_promotion',
        format('select * from mart.customer_promotion_of(true, null, %L::text[])', dirty),
        '{customer_id}',
        't.customer_id in (select customer_id from refresh_promotion_customers)');
end
$$;
comment on function mart.refresh_promotion_patterns(boolean) is 'Rebuilds mart.promotion_contact and mart.customer_promotion from mart.campaign_touch (everyone), or recomputes the customers of refresh_touch_customers (left by mart.refresh_campaign_touch in the same transaction) and of campaigns whose channel or type changed.';

-- The contacts a report counts: stored (as_of null) or known at as_of,
-- of the campaigns that started in the months calendar months ending with
-- the as-of month (months null: all of them).
create or replace function mart.promotion_contacts_in(as_of date, months integer)
returns setof mart.promotion_contact
language plpgsql stable as $$
#variable_conflict use_column
declare
    first_month date := case when months is not null then
        (date_trunc('month', coalesce(as_of, mart.default_as_of())) - make_interval(months => months - 1))::date end;
begin
    return query
    select c.*
    from mart.promotion_contact as c
    where as_of is null and (first_month is null or c.start_date >= first_month)
    union all
    select c.*
    from mart.promotion_contacts_known(as_of, null) as c
    where as_of is not null and (first_month is null or c.start_date >= first_month);
end
$$;
comment on function mart.promotion_contacts_in(date, integer) is 'Campaign contacts stored (as_of null) or known at as_of, of campaigns started in the months calendar months ending with the as-of month (null: all).';

-- Customers by the number of campaigns they responded to.
create or replace function mart.promotion_response_counts(as_of date default null, months integer default null)
returns table (
    campaigns_responded integer,
    customers bigint,
    customer_share numeric,
    campaigns_reached bigint,
    average_campaigns_reached numeric,
    response_share numeric
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with per_customer as (
        select c.campaigns_reached as reached, c.campaigns_responded as responded
        from mart.customer_promotion as c
        where as_of is null and months is null
        union all
        select count(*)::integer, count(c.responded_at)::integer
        from mart.promotion_contacts_in(as_of, months) as c
        where as_of is not null or months is not null
        group by c.customer_id
    )
    select
        p.responded,
        count(*),
        round(count(*)::numeric / sum(count(*)) over (), 4),
        sum(p.reached)::bigint,
        round(avg(p.reached), 2),
        round(p.responded * count(*)::numeric / sum(p.reached), 4)
    from per_customer as p
    group by p.responded
    order by p.responded;
end
$$;
comment on function mart.promotion_response_counts(date, integer) is 'Contacted customers by the number of campaigns they responded to (0, 1, 2, …): customers, their share, the campaigns that reached them in total and on average, and the share of those they responded to.';

-- Customers by campaigns reached (1 … 9, 10+) and responded to.
create or replace function mart.promotion_reach_responses(as_of date default null, months integer default null)
returns table (
    campaigns_reached text,
    campaigns_responded integer,
    customers bigint,
    reached_customer_share numeric
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with per_customer as (
        select c.campaigns_reached as reached, c.campaigns_responded as responded
        from mart.customer_promotion as c
        where as_of is null and months is null
        union all
        select count(*)::integer, count(c.responded_at)::integer
        from mart.promotion_contacts_in(as_of, months) as c
        where as_of is not null or months is not null
        group by c.customer_id
    ),
    cells as (
        select least(p.reached, 10) as reached, p.responded, count(*) as customers
        from per_customer as p
        group by least(p.reached, 10), p.responded
    )
    select
        case when c.reached = 10 then '10+' else c.reached::text end,
        c.responded,
        c.customers,
        round(c.customers::numeric / sum(c.customers) over (partition by c.reached), 4)
    from cells as c
    order by c.reached, c.responded;
end
$$;
comment on function mart.promotion_reach_responses(date, integer) is 'Contacted customers by campaigns that reached them (1 … 9, 10+) and campaigns they responded to, with their share among the customers reached as often.';

-- Response rate of the k-th contact, with a 95 % Wilson score interval.
drop function if exists mart.promotion_response_decay(date, integer);
create function mart.promotion_response_decay(as_of date default null, months integer default null)
returns table (
    contact_number integer,
    contacts bigint,
    responded bigint,
    response_rate numeric,
    response_low_rate numeric,
    response_high_rate numeric,
    relative_response_rate numeric
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    -- The 97.5 % point of the standard normal: a two-sided 95 % interval.
    z constant numeric := 1.959964;
begin
    return query
    with counts as (
        select c.contact_number as k, count(*) as n, count(c.responded_at) as x
        from mart.promotion_contacts_in(as_of, months) as c
        group by c.contact_number
    ),
    rates as (
        select c.*, c.x::numeric / c.n as p
        from counts as c
    )
    select
        r.k,
        r.n,
        r.x,
        round(r.p, 4),
        round((r.p + z * z / (2 * r.n) - z * sqrt(r.p * (1 - r.p) / r.n + z * z / (4 * r.n * r.n))) / (1 + z * z / r.n), 4),
        round((r.p + z * z / (2 * r.n) + z * sqrt(r.p * (1 - r.p) / r.n + z * z / (4 * r.n * r.n))) / (1 + z * z / r.n), 4),
        round(r.p / nullif(max(r.p) filter (where r.k = 1) over (), 0), 4)
    from rates as r
    order by r.k;
end
$$;
comment on function mart.promotion_response_decay(date, integer) is 'Response rate of customers'' k-th campaign contact (k = 1 + contacts by campaigns that started earlier): contacts, responses, rate with its 95 % Wilson score interval, and the rate relative to the first contact''s (null when no contact numbered 1 is counted or none of them responded).';

-- The most common sequences of channels (sequence_of channel) or campaign
-- types (campaign_type) up to customers' first responses.
drop function if exists mart.promotion_response_paths(date, integer, integer);
create or replace function mart.promotion_response_paths(
    as_of date default null, months integer default null, sequence_of text default 'channel', top integer default 20)
returns table (
    path_rank bigint,
    response_path text,
    path_steps integer,
    customers bigint,
    responder_share numeric
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    first_month date := case when months is not null then
        (date_trunc('month', coalesce(as_of, mart.default_as_of())) - make_interval(months => months - 1))::date end;
    by_type boolean := sequence_of = 'campaign_type';
begin
    if sequence_of not in ('channel', 'campaign_type') then
        raise exception 'sequence_of is channel or campaign_type, not %', sequence_of;
    end if;
    return query
    with responders as (
        select case when by_type then c.type_path else c.channel_path end as path, c.path_steps
        from mart.customer_promotion as c
        where as_of is null and c.first_response_at is not null
            and (first_month is null or c.first_response_start >= first_month)
        union all
        select case when by_type then c.type_path else c.channel_path end, c.path_steps
        from mart.customer_promotion_known(as_of) as c
        where as_of is not null and c.first_response_at is not null
            and (first_month is null or c.first_response_start >= first_month)
    ),
    paths as (
        select r.path, r.path_steps, count(*) as customers
        from responders as r
        group by r.path, r.path_steps
    ),
    ranked as (
        select p.*, rank() over (order by p.customers desc) as path_rank
        from paths as p
    ),
    shown as (
        select r.path_rank, r.path, r.path_steps, r.customers
        from ranked as r
        where r.path_rank <= top
        union all
        select null, 'other sequences', null, sum(r.customers)::bigint
        from ranked as r
        where r.path_rank > top
        having count(*) > 0
    )
    select s.path_rank, s.path, s.path_steps, s.customers,
        round(s.customers::numeric / sum(s.customers) over (), 4)
    from shown as s
    order by s.path_rank nulls last, s.path;
end
$$;
comment on function mart.promotion_response_paths(date, integer, text, integer) is 'Sequences of the channels (sequence_of channel) or campaign types (campaign_type) of the up to three contact steps ending with customers'' first responses (first responses to campaigns started in the window), the top ranked by customers (equal counts, equal rank; all tied at the cut shown) and the rest as other sequences: customers and share of the responders.';
