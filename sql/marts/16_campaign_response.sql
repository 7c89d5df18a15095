-- Do contacts work: per campaign, the customers it selected as they were the
-- day before it started (RFM segment, value tier, predicted CLV), their
-- responses, the revenue one attribution rule credits to those responses,
-- and, where the campaign held out a control group, the uplift of contact
-- over no contact with a 95 % interval; and the fatigue curve of contact
-- frequency. Definitions: docs/marts.md, "Campaign response".

-- The start of each campaign: dim_campaign.start_date, else (a campaign
-- the campaigns feed has not named) the day of its first interaction known
-- at as_of.
create or replace function mart.campaign_starts(as_of date default null)
returns table (campaign_key bigint, start_date date)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    select c.campaign_key, c.start_date
    from dw.dim_campaign as c
    where c.campaign_key <> -1 and c.start_date is not null
    union all
    select i.campaign_key, to_date(min(i.date_key)::text, 'YYYYMMDD')
    from dw.fact_interaction as i
    where i.campaign_key in (select c.campaign_key from dw.dim_campaign as c where c.start_date is null and c.campaign_key <> -1)
        and (as_of is null or i.occurred_at < (as_of + 1)::timestamptz)
    group by i.campaign_key;
end
$$;
comment on function mart.campaign_starts(date) is 'Start date of every campaign: dim_campaign.start_date, else the day of its first interaction before the end of as_of.';

-- Segment and tier of every customer who had ordered by profile_date, by the
-- same definitions as mart.customer_rfm and mart.customer_value.
create or replace function mart.campaign_profile(profile_date date)
returns table (customer_id text, segment text, value_tier text)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    select coalesce(r.customer_id, v.customer_id), r.segment, v.value_tier
    from mart.customer_rfm_compute(profile_date) as r
    full join mart.customer_value_compute(profile_date) as v on v.customer_id = r.customer_id;
end
$$;
comment on function mart.campaign_profile(date) is 'RFM segment (mart.customer_rfm_compute) and value tier (mart.customer_value_compute) of every customer with an order on or before profile_date.';

-- The same for several days at once, as the stored pairs need one profile
-- per campaign start: one pass over the customer days up to the last of
-- them (segment and tier need only recency, order count and trailing
-- revenue). Each customer day carries the running figures up to it, which
-- hold from that day to the day before the customer's next one; a day's
-- trailing figures are those less the ones on the day before its 12
-- months. Scores and tiers come from each day's cuts (the values at the
-- rank positions where they change, as in the snapshot), not from ranks.
-- One part of the customers (those whose id hashes to part modulo parts)
-- of mart.campaign_profiles' per-day figures: parallel safe and costed as
-- the heavy reader it is, so the parts of one statement go to parallel
-- workers.
create or replace function mart.campaign_profile_history(
    days date[], window_ends date[], part integer, parts integer
) returns table (
    day date,
    customer_id text,
    last_order_on date,
    frequency integer,
    trailing_revenue_units bigint,
    trailing_orders numeric
)
language plpgsql stable parallel safe cost 1000000000 rows 1000000
-- The running rows come in customer order: grouping them per customer
-- and day sorts a few rows at a time instead of hashing them all.
set enable_hashagg = off as $$
#variable_conflict use_column
begin
    return query
    with running as (
        select
            d.customer_id,
            d.ordered_on,
            coalesce(lead(d.ordered_on) over w, 'infinity') as next_on,
            max(d.ordered_on) filter (where d.orders > 0) over w as last_order_on,
            sum(d.orders) over w as orders_to_date,
            sum(d.revenue) over w as revenue_to_date
        from mart.customer_day as d
        where d.customer_id <> 'unknown' and d.ordered_on <= days[cardinality(days)]
            and (parts = 1 or (hashtext(d.customer_id) & 2147483647) % parts = part)
        window w as (partition by d.customer_id order by d.ordered_on rows unbounded preceding)
    )
    -- Day k's figures: the running row holding on day k, less the one
    -- holding on the day before its 12 months (width_bucket: how many of
    -- the sorted days lie on or before a date).
    select
        days[m.k],
        r.customer_id,
        max(r.last_order_on) filter (where m.on_day),
        (sum(r.orders_to_date) filter (where m.on_day))::integer,
        mart.revenue_units(sum(case when m.on_day then r.revenue_to_date else -r.revenue_to_date end)),
        sum(case when m.on_day then r.orders_to_date else -r.orders_to_date end)::numeric
    from running as r
    cross join lateral (
        select k, true from generate_series(
            width_bucket(r.ordered_on - 1, days) + 1, width_bucket(r.next_on - 1, days)) as k
        union all
        select k, false from generate_series(
            width_bucket(r.ordered_on - 1, window_ends) + 1, width_bucket(r.next_on - 1, window_ends)) as k
    ) as m(k, on_day)
    group by r.customer_id, m.k
    having sum(r.orders_to_date) filter (where m.on_day) > 0;
end
$$;
comment on function mart.campaign_profile_history(date[], date[], integer, integer) is 'Per day of days and customer of part part of parts (by hash of the id; parts 1: everyone): last order, order count to date, and trailing 12-month revenue (in units, mart.revenue_units) and orders (window_ends: the day before each day''s 12 months), for mart.campaign_profiles.';

create or replace function mart.campaign_profiles(profile_dates date[])
returns table (profile_date date, customer_id text, segment text, value_tier text)
language plpgsql stable
-- The days' cuts group few days, each sorted anyway; the clause also
-- confines the setting changed below to this function.
set enable_hashagg = off as $$
#variable_conflict use_column
declare
    -- Read here, on the coordinator: the query below runs on the shards.
    bands record;
    cutoffs record;
    days date[] := array(
        select distinct u.day from unnest(profile_dates) as u(day) where u.day is not null order by 1);
    -- The day before each day's trailing 12 months (in the same order).
    window_ends date[] := array(select (u.day + 1 - interval '12 months')::date - 1 from unnest(days) as u(day));
    -- Two halves of the customers side by side on a single server (a
    -- distributed engine spreads the one statement itself).
    parts integer := case
        when mart.is_distributed('mart.customer_day') then 1
        else least(2, greatest(1, current_setting('max_parallel_workers_per_gather')::integer))
    end;
begin
    select * into bands from mart.rfm_bands;
    select * into cutoffs from mart.tier_cutoffs;
    if parts = 1 then
        perform set_config('max_parallel_workers_per_gather', '0', true);
    end if;
    return query
    with history as materialized (
        select * from mart.campaign_profile_history(days, window_ends, 0, parts)
        union all
        select * from mart.campaign_profile_history(days, window_ends, 1, parts) where parts > 1
    ),
    -- Each day's recencies (worst first) and its active customers'
    -- trailing revenues (ascending) sorted once.
    sorted as (
        select
            h.day,
            count(*) as customers,
            array_agg(h.day - h.last_order_on order by h.day - h.last_order_on desc) as recencies,
            count(*) filter (where h.trailing_orders > 0) as active,
            array_agg(h.trailing_revenue_units order by h.trailing_revenue_units)
                filter (where h.trailing_orders > 0) as revenues
        from history as h
        group by h.day
    ),
    -- The values where scores and tiers change: R score k starts at the
    -- recency at position mart.rfm_quintile_start(k) (a recency strictly
    -- below it reaches k; ties fall short together, as with rank()); a
    -- tier ends at the revenue of its last rank() (a revenue reaching it
    -- is in the tier or a better one). Computed once per day, not per row.
    cuts as materialized (
        select
            s.day,
            array[
                s.recencies[mart.rfm_quintile_start(2, s.customers)],
                s.recencies[mart.rfm_quintile_start(3, s.customers)],
                s.recencies[mart.rfm_quintile_start(4, s.customers)],
                s.recencies[mart.rfm_quintile_start(5, s.customers)]] as r_cuts,
            array[
                case when s.top_rank >= 1 then s.revenues[greatest(1, s.active - s.top_rank + 1)] end,
                case when s.high_rank >= 1 then s.revenues[greatest(1, s.active - s.high_rank + 1)] end,
                case when s.medium_rank >= 1 then s.revenues[greatest(1, s.active - s.medium_rank + 1)] end]
                as tier_cuts
        from (
            select
                s.*,
                mart.value_tier_last_rank(1::smallint, s.active, cutoffs.top_share, cutoffs.high_share,
                    cutoffs.medium_share) as top_rank,
                mart.value_tier_last_rank(2::smallint, s.active, cutoffs.top_share, cutoffs.high_share,
                    cutoffs.medium_share) as high_rank,
                mart.value_tier_last_rank(3::smallint, s.active, cutoffs.top_share, cutoffs.high_share,
                    cutoffs.medium_share) as medium_rank
            from sorted as s
        ) as s
    ),
    -- Scores as columns: a function of them is then inlined, not called per row.
    scored as materialized (
        select
            h.day,
            h.customer_id,
            h.frequency,
            h.day - h.last_order_on as recency_days,
            (1 + coalesce((h.day - h.last_order_on < c.r_cuts[1])::integer, 0)
                + coalesce((h.day - h.last_order_on < c.r_cuts[2])::integer, 0)
                + coalesce((h.day - h.last_order_on < c.r_cuts[3])::integer, 0)
                + coalesce((h.day - h.last_order_on < c.r_cuts[4])::integer, 0))::smallint as r_score,
            mart.rfm_frequency_score(h.frequency, bands.frequency_bands) as f_score,
            case
                when h.trailing_orders <= 0 then 5
                when h.trailing_revenue_units >= c.tier_cuts[1] then 1
                when h.trailing_revenue_units >= c.tier_cuts[2] then 2
                when h.trailing_revenue_units >= c.tier_cuts[3] then 3
                else 4
            end::smallint as tier_rank
        from history as h
        join cuts as c using (day)
    )
    select
        s.day,
        s.customer_id,
        mart.rfm_segment(s.r_score, s.f_score, s.frequency, s.recency_days, bands.new_customer_days),
        mart.value_tier_name(s.tier_rank)
    from scored as s;
end
$$;
comment on function mart.campaign_profiles(date[]) is 'mart.campaign_profile of each of the given days (profile_date): RFM segment and value tier of every customer with an order on or before it, by the definitions of mart.customer_rfm_compute and mart.customer_value_compute.';

-- Campaign × customer pairs without their profile: group, first response,
-- the revenue window after the start, and attribution. customers limits
-- the pairs to those customers (null: everyone); attribution needs all of
-- a customer's responses, so a customer is always computed whole.
create or replace function mart.campaign_touch_of(as_of date, window_days integer, customers text[])
returns table (
    campaign_key bigint,
    customer_id text,
    responded_at timestamptz,
    is_control boolean,
    start_date date,
    window_revenue numeric,
    window_orders integer,
    attributed_revenue numeric
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    as_of_key integer := case when as_of is null then 99991231 else mart.date_key(as_of) end;
    last_day date := coalesce(as_of, 'infinity');
    known_before timestamptz := case when as_of is null then 'infinity' else (as_of + 1)::timestamptz end;
    w integer := coalesce(window_days, mart.setting('response_window_days')::integer);
begin
    return query
    -- The campaigns' starts first, once: a distributed engine then joins
    -- their rows to the shards instead of calling the function on each.
    with starts as materialized (
        select * from mart.campaign_starts(as_of)
    ),
    -- The customers asked for, hashed once: an array of thousands of them
    -- would be planned as a constant and probed through the index of
    -- every month partition.
    chosen as materialized (
        select u.customer_id from unnest(customers) as u(customer_id)
    ),
    pairs as (
        select
            i.campaign_key,
            i.customer_id,
            min(i.occurred_at) filter (where i.interaction_type = 'responded') as responded_at,
            bool_or(i.is_control) as is_control
        from dw.fact_interaction as i
        where i.campaign_key <> -1 and i.customer_id <> 'unknown' and i.occurred_at < known_before
            and (customers is null or i.customer_id in (select c.customer_id from chosen as c))
        group by i.campaign_key, i.customer_id
    ),
    windows as (
        select p.campaign_key, p.customer_id, st.start_date, st.start_date + w - 1 as end_date
        from pairs as p
        join starts as st on st.campaign_key = p.campaign_key
    ),
    -- Revenue and orders from the customer days (an order counts once, on
    -- the day of its first purchase line).
    window_sales as (
        select x.campaign_key, x.customer_id, sum(d.revenue) as revenue, sum(d.orders)::integer as orders
        from windows as x
        join mart.customer_day as d on d.customer_id = x.customer_id
            and d.ordered_on between x.start_date and x.end_date and d.ordered_on <= last_day
        group by x.campaign_key, x.customer_id
    ),
    -- The control pairs, read once: each month partition's scan below
    -- hashes them again, from these rows rather than from the facts.
    controls as materialized (
        select distinct h.customer_id, h.campaign_key from dw.fact_interaction as h
        where h.is_control and h.occurred_at < known_before
            and (customers is null or h.customer_id in (select c.customer_id from chosen as c))
    ),
    -- Every response of a contacted (treatment) customer, read from the
    -- facts (not joined to the pairs, whose estimate would be far off).
    responses as materialized (
        select i.campaign_key, i.customer_id, i.occurred_at, c.campaign_code
        from dw.fact_interaction as i
        join dw.dim_campaign as c on c.campaign_key = i.campaign_key
        where i.interaction_type = 'responded' and i.campaign_key <> -1 and i.customer_id <> 'unknown'
            and i.occurred_at < known_before
            and (customers is null or i.customer_id in (select c.customer_id from chosen as c))
            -- Not in a control group: a hashed set of the control pairs (a
            -- correlated not exists over the monthly partitions is estimated
            -- to leave one row, and the sales join then loops per responder).
            and (i.customer_id, i.campaign_key) not in (select k.customer_id, k.campaign_key from controls as k)
    ),
    -- The responders' days with lines a response's window may reach (a
    -- day either side of the UTC days: the reporting time zone's days lie
    -- within them): only those days' lines are read, by their day.
    response_days as materialized (
        select distinct r.customer_id, mart.date_key(d.ordered_on) as date_key
        from responses as r
        join mart.customer_day as d on d.customer_id = r.customer_id
            and d.ordered_on between (r.occurred_at at time zone 'UTC')::date - 1
                and (r.occurred_at at time zone 'UTC')::date + w + 2
    ),
    -- A semi-join: the responders' days are hashed, not the facts.
    lines as (
        select s.customer_id, s.order_id, s.line_no, s.ordered_at, s.amount_base
        from dw.fact_sales as s
        where s.date_key <= as_of_key
            and (s.customer_id, s.date_key) in (select rd.customer_id, rd.date_key from response_days as rd)
            -- For some customers, their few days through the date index: the
            -- planner cannot know how few, and would hash them and read
            -- every line.
            and (customers is null or s.date_key = any (array(select distinct rd.date_key from response_days as rd)))
    ),
    -- Each line to the most recent response at or before it within the
    -- window; responses at the same instant: the greater campaign code.
    credited as (
        select distinct on (l.customer_id, l.order_id, l.line_no)
            r.campaign_key, l.customer_id, l.amount_base
        from lines as l
        join responses as r on r.customer_id = l.customer_id
            and r.occurred_at <= l.ordered_at and l.ordered_at < r.occurred_at + make_interval(days => w)
        order by l.customer_id, l.order_id, l.line_no, r.occurred_at desc, r.campaign_code desc
    ),
    attributed as (
        select c.campaign_key, c.customer_id, sum(c.amount_base) as revenue
        from credited as c
        group by c.campaign_key, c.customer_id
    )
    select
        p.campaign_key,
        p.customer_id,
        p.responded_at,
        p.is_control,
        x.start_date,
        coalesce(ws.revenue, 0),
        coalesce(ws.orders, 0),
        coalesce(a.revenue, 0)
    from pairs as p
    left join windows as x on x.campaign_key = p.campaign_key and x.customer_id = p.customer_id
    left join window_sales as ws on ws.campaign_key = p.campaign_key and ws.customer_id = p.customer_id
    left join attributed as a on a.campaign_key = p.campaign_key and a.customer_id = p.customer_id;
end
$$;
comment on function mart.campaign_touch_of(date, integer, text[]) is 'Campaign × customer pairs known at as_of (null: everything) of the given customers (null: all): first response, control group, campaign start, net revenue and orders on the window_days order days from the start, revenue credited to the pair''s responses (each line to the customer''s most recent treatment response at or before it within window_days).';

-- The pairs with their profile as of the day before the start (a campaign
-- starting after as_of: as of as_of), computed from scratch.
create or replace function mart.campaign_touch_compute(as_of date default null, window_days integer default null)
returns setof mart.campaign_touch
language plpgsql stable as $$
begin
    return query
    with touches as (
        select * from mart.campaign_touch_of(as_of, window_days, null)
    ),
    dates as (
        select distinct least(t.start_date - 1, as_of) as profile_date from touches as t
    ),
    profiles as (
        select d.profile_date, p.*
        from dates as d
        cross join lateral mart.campaign_profile(d.profile_date) as p
    )
    select
        t.campaign_key,
        t.customer_id,
        t.responded_at,
        t.is_control,
        t.start_date,
        coalesce(p.segment, 'no purchase'),
        coalesce(p.value_tier, 'no purchase'),
        t.window_revenue,
        t.window_orders,
        t.attributed_revenue
    from touches as t
    left join profiles as p
        on p.profile_date = least(t.start_date - 1, as_of) and p.customer_id = t.customer_id;
end
$$;
comment on function mart.campaign_touch_compute(date, integer) is 'mart.campaign_touch computed from scratch with the data known at as_of (null: everything): the pairs of mart.campaign_touch_of with segment and value tier as of the day before the campaign start.';

-- The stored pairs. A nightly refresh recomputes the pairs of the customers
-- it touches (new interactions, sales whose windows reach into the changed
-- months, campaigns whose start moved) and the profiles of the campaigns
-- that started after the first changed month (their ranks moved).
drop function if exists mart.refresh_campaign_touch(boolean, date[]);
create or replace function mart.refresh_campaign_touch(everyone boolean, months date[], since_interaction bigint)
returns void
language plpgsql as $$
declare
    w integer := mart.setting('response_window_days')::integer;
    first_month date := (select min(m) from unnest(months) as u(m));
    last_month date := (select max(m) from unnest(months) as u(m));
    dirty text[];
    -- The days before the starts whose profiles are (re)computed.
    profile_days date[];
begin
    if everyone then
        truncate mart.campaign_touch;
        create temporary table refresh_touch_new on commit drop as
        select * from mart.campaign_touch_of(null, w, null);
        analyze refresh_touch_new;
        profile_days := array(select distinct n.start_date - 1 from refresh_touch_new as n);
        create temporary table refresh_touch_profile on commit drop as
        select p.profile_date + 1 as start_date, p.customer_id, p.segment, p.value_tier
        from mart.campaign_profiles(profile_days) as p;
        analyze refresh_touch_profile;
        insert into mart.campaign_touch (
            campaign_key, customer_id, responded_at, is_control, start_date, segment, value_tier,
            window_revenue, window_orders, attributed_revenue
        )
        select n.campaign_key, n.customer_id, n.responded_at, n.is_control, n.start_date,
            coalesce(p.segment, 'no purchase'), coalesce(p.value_tier, 'no purchase'),
            n.window_revenue, n.window_orders, n.attributed_revenue
        from refresh_touch_new as n
        left join refresh_touch_profile as p on p.start_date = n.start_date and p.customer_id = n.customer_id
        order by n.customer_id, n.campaign_key;
        analyze mart.campaign_touch;
        return;
    end if;

    create temporary table refresh_touch_customers (customer_id text primary key) on commit drop;
    -- Customers with interactions from new files.
    if since_interaction is not null then
        insert into refresh_touch_customers
        select distinct i.customer_id
        from dw.fact_interaction as i
        where i.etl_file_id > since_interaction and i.campaign_key <> -1 and i.customer_id <> 'unknown'
        on conflict do nothing;
    end if;
    -- Changed customers with a window (after the start or after any of
    -- their responses, not only the first: each one credits the lines of
    -- its own window) that reaches into the changed months, a day either
    -- side for the reporting time zone.
    if first_month is not null then
        insert into refresh_touch_customers
        with changed as materialized (
            select c.customer_id from refresh_customers as c
        )
        select t.customer_id
        from mart.campaign_touch as t
        join changed as c using (customer_id)
        where t.start_date < last_month + interval '1 month 1 day'
            and t.start_date + w > first_month - 1
        union
        select i.customer_id
        from dw.fact_interaction as i
        join changed as c using (customer_id)
        where i.interaction_type = 'responded' and i.campaign_key <> -1
            and i.occurred_at < last_month + interval '1 month 1 day'
            and i.occurred_at > first_month - interval '1 day' - make_interval(days => w + 1)
        on conflict do nothing;
    end if;
    -- Every customer of a campaign whose start moved.
    insert into refresh_touch_customers
    with starts as materialized (
        select * from mart.campaign_starts(null)
    )
    select distinct t.customer_id
    from mart.campaign_touch as t
    left join starts as s using (campaign_key)
    where t.start_date is distinct from s.start_date
    on conflict do nothing;
    analyze refresh_touch_customers;

    dirty := array(select customer_id from refresh_touch_customers);
    if cardinality(dirty) > 0 then
        -- Their recomputed pairs keep the stored profile while the start
        -- is the same; a new pair or a moved start gets one below.
        perform mart.sync_rows(
            'mart.campaign_touch',
            format(
                $q$
                select n.campaign_key, n.customer_id, n.responded_at, n.is_control, n.start_date,
                    case when o.start_date = n.start_date then o.segment end as segment,
                    case when o.start_date = n.start_date then o.value_tier end as value_tier,
                    n.window_revenue, n.window_orders, n.attributed_revenue
                from mart.campaign_touch_of(null, %s, %L::text[]) as n
                left join mart.campaign_touch as o
                    on o.campaign_key = n.campaign_key and o.customer_id = n.customer_id
                $q$, w, dirty),
            '{campaign_key,customer_id}',
            't.customer_id in (select customer_id from refresh_touch_customers)');
    end if;

    -- Sales on or before the day before a start move that campaign's
    -- ranks: its profiles are recomputed.
    if first_month is not null then
        update mart.campaign_touch
        set segment = null, value_tier = null
        where start_date - 1 >= first_month;
    end if;

    -- Profiles as of the day before each start: one ranking of every
    -- customer per start date.
    profile_days := array(select distinct t.start_date - 1 from mart.campaign_touch as t where t.segment is null);
    create temporary table refresh_touch_profile on commit drop as
    select p.profile_date + 1 as start_date, p.customer_id, p.segment, p.value_tier
    from mart.campaign_profiles(profile_days) as p;
    analyze refresh_touch_profile;
    update mart.campaign_touch as t
    set segment = coalesce(p.segment, 'no purchase'), value_tier = coalesce(p.value_tier, 'no purchase')
    from refresh_touch_profile as p
    where t.segment is null and p.start_date = t.start_date and p.customer_id = t.customer_id;
    -- Customers who had not ordered by the day before the start.
    update mart.campaign_touch
    set segment = 'no purchase', value_tier = 'no purchase'
    where segment is null;
end
$$;
comment on function mart.refresh_campaign_touch(boolean, date[], bigint) is 'Rebuilds mart.campaign_touch (everyone), or recomputes the pairs of the customers with interactions from files above since_interaction, of the customers of refresh_customers whose windows reach into the changed months and of campaigns whose start moved, and the profiles of campaigns starting after the first changed month.';

-- Response, revenue and uplift per campaign, and per campaign and segment
-- or value tier, from the stored pairs (stored) or computed from scratch.
create or replace function mart.campaign_response_cells(stored boolean, as_of date, window_days integer)
returns table (
    campaign_code text,
    start_date date,
    breakdown text,
    cell text,
    treatment_customers bigint,
    control_customers bigint,
    responded bigint,
    treatment_response_rate numeric,
    control_response_rate numeric,
    response_uplift_rate numeric,
    response_uplift_low_rate numeric,
    response_uplift_high_rate numeric,
    treatment_buyer_rate numeric,
    control_buyer_rate numeric,
    buyer_uplift_rate numeric,
    buyer_uplift_low_rate numeric,
    buyer_uplift_high_rate numeric,
    treatment_revenue_per_customer numeric,
    control_revenue_per_customer numeric,
    revenue_uplift numeric,
    revenue_uplift_low numeric,
    revenue_uplift_high numeric,
    attributed_revenue numeric,
    allocated_cost numeric,
    cost_per_response numeric,
    average_predicted_clv numeric,
    average_p_alive numeric,
    uplift_basis text,
    window_complete boolean
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    -- The 97.5 % point of the standard normal: a two-sided 95 % interval.
    z constant numeric := 1.959964;
    w integer := coalesce(window_days, mart.setting('response_window_days')::integer);
    last_day date := coalesce(as_of, mart.default_as_of());
begin
    return query
    with touches as (
        select * from mart.campaign_touch where stored
        union all
        select * from mart.campaign_touch_compute(as_of, w) where not stored
    ),
    -- The latest CLV prediction made as of the day before the start.
    -- (A join kept to the first row per pair, not a lateral subquery: a
    -- distributed engine cannot run the latter beside the union above.)
    scored as (
        select distinct on (t.campaign_key, t.customer_id) t.*, cs.clv, cs.p_alive
        from touches as t
        left join dw.customer_score as cs
            on cs.customer_id = t.customer_id and cs.as_of <= least(t.start_date - 1, last_day)
        order by t.campaign_key, t.customer_id, cs.as_of desc, cs.scored_at desc, cs.model_version
    ),
    cells as (
        select t.campaign_key, t.start_date, g.breakdown, g.position, g.cell, t.is_control,
            count(*) as customers,
            count(t.responded_at) as responded,
            count(*) filter (where t.window_orders > 0) as buyers,
            sum(t.window_revenue) as revenue,
            var_samp(t.window_revenue) as revenue_variance,
            sum(t.attributed_revenue) as attributed,
            sum(t.clv) as clv_sum,
            count(t.clv) as clv_n,
            sum(t.p_alive::numeric) as p_alive_sum,
            count(t.p_alive) as p_alive_n
        from scored as t
        cross join lateral (
            values ('campaign', 1, 'all'), ('segment', 2, t.segment), ('value_tier', 3, t.value_tier)
        ) as g(breakdown, position, cell)
        group by t.campaign_key, t.start_date, g.breakdown, g.position, g.cell, t.is_control
    ),
    groups as (
        select
            c.campaign_key, c.start_date, c.breakdown, c.position, c.cell,
            coalesce(sum(c.customers) filter (where not c.is_control), 0)::bigint as nt,
            coalesce(sum(c.customers) filter (where c.is_control), 0)::bigint as nc,
            coalesce(sum(c.responded) filter (where not c.is_control), 0)::bigint as rt,
            coalesce(sum(c.responded) filter (where c.is_control), 0)::bigint as rc,
            coalesce(sum(c.buyers) filter (where not c.is_control), 0)::bigint as bt,
            coalesce(sum(c.buyers) filter (where c.is_control), 0)::bigint as bc,
            sum(c.revenue) filter (where not c.is_control) as revt,
            sum(c.revenue) filter (where c.is_control) as revc,
            sum(c.revenue_variance) filter (where not c.is_control) as vart,
            sum(c.revenue_variance) filter (where c.is_control) as varc,
            coalesce(sum(c.attributed) filter (where not c.is_control), 0) as attributed,
            sum(c.clv_sum) / nullif(sum(c.clv_n), 0) as clv,
            sum(c.p_alive_sum) / nullif(sum(c.p_alive_n), 0) as p_alive
        from cells as c
        group by c.campaign_key, c.start_date, c.breakdown, c.position, c.cell
    ),
    campaigns as (
        select g.campaign_key, g.nc > 0 as has_control, g.nt as treatment
        from groups as g
        where g.breakdown = 'campaign'
    ),
    rates as (
        select
            g.*,
            k.has_control,
            k.has_control and g.nt >= 2 and g.nc >= 2 as comparable,
            g.rt::numeric / nullif(g.nt, 0) as prt,
            g.rc::numeric / nullif(g.nc, 0) as prc,
            g.bt::numeric / nullif(g.nt, 0) as pbt,
            g.bc::numeric / nullif(g.nc, 0) as pbc,
            g.revt / nullif(g.nt, 0) as mt,
            g.revc / nullif(g.nc, 0) as mc,
            c.campaign_code,
            c.cost * g.nt / nullif(k.treatment, 0) as cost
        from groups as g
        join campaigns as k using (campaign_key)
        join dw.dim_campaign as c using (campaign_key)
    ),
    intervals as (
        select
            r.*,
            case when r.comparable then sqrt(r.prt * (1 - r.prt) / r.nt + r.prc * (1 - r.prc) / r.nc) end as se_response,
            case when r.comparable then sqrt(r.pbt * (1 - r.pbt) / r.nt + r.pbc * (1 - r.pbc) / r.nc) end as se_buyer,
            case when r.comparable then sqrt(r.vart / r.nt + r.varc / r.nc) end as se_revenue
        from rates as r
    )
    select
        i.campaign_code,
        i.start_date,
        i.breakdown,
        i.cell,
        i.nt,
        i.nc,
        i.rt,
        round(i.prt, 4),
        case when i.has_control then round(i.prc, 4) end,
        case when i.comparable then round(i.prt - i.prc, 4) end,
        case when i.comparable then round(i.prt - i.prc - z * i.se_response, 4) end,
        case when i.comparable then round(i.prt - i.prc + z * i.se_response, 4) end,
        round(i.pbt, 4),
        case when i.has_control then round(i.pbc, 4) end,
        case when i.comparable then round(i.pbt - i.pbc, 4) end,
        case when i.comparable then round(i.pbt - i.pbc - z * i.se_buyer, 4) end,
        case when i.comparable then round(i.pbt - i.pbc + z * i.se_buyer, 4) end,
        round(i.mt, 4),
        case when i.has_control then round(i.mc, 4) end,
        case when i.comparable then round(i.mt - i.mc, 4) end,
        case when i.comparable then round(i.mt - i.mc - z * i.se_revenue, 4) end,
        case when i.comparable then round(i.mt - i.mc + z * i.se_revenue, 4) end,
        i.attributed,
        round(i.cost, 2),
        round(i.cost / nullif(i.rt, 0), 2),
        round(i.clv, 2),
        round(i.p_alive, 4),
        case
            when not i.has_control then 'no control group'
            when not i.comparable then 'too few customers'
            else 'treatment vs control'
        end,
        i.start_date + w - 1 <= last_day
    from intervals as i
    order by i.campaign_code, i.position, i.cell;
end
$$;
comment on function mart.campaign_response_cells(boolean, date, integer) is 'Per campaign (breakdown campaign, cell all) and per campaign and segment or value tier as of the day before its start: treatment and control customers, response, buyer and revenue-per-customer figures of both groups and the uplift of treatment over control with a 95 % normal-approximation interval; from mart.campaign_touch (stored) or computed with the data known at as_of.';

drop materialized view if exists mart.campaign_response_current cascade;
drop function if exists mart.campaign_response_stored();
drop function if exists mart.campaign_response_compute(date, integer);
drop function if exists mart.campaign_response(date, integer);

create function mart.campaign_response_compute(as_of date default null, window_days integer default null)
returns table (
    campaign_code text,
    start_date date,
    breakdown text,
    cell text,
    treatment_customers bigint,
    control_customers bigint,
    responded bigint,
    treatment_response_rate numeric,
    control_response_rate numeric,
    response_uplift_rate numeric,
    response_uplift_low_rate numeric,
    response_uplift_high_rate numeric,
    treatment_buyer_rate numeric,
    control_buyer_rate numeric,
    buyer_uplift_rate numeric,
    buyer_uplift_low_rate numeric,
    buyer_uplift_high_rate numeric,
    treatment_revenue_per_customer numeric,
    control_revenue_per_customer numeric,
    revenue_uplift numeric,
    revenue_uplift_low numeric,
    revenue_uplift_high numeric,
    attributed_revenue numeric,
    allocated_cost numeric,
    cost_per_response numeric,
    average_predicted_clv numeric,
    average_p_alive numeric,
    uplift_basis text,
    window_complete boolean
)
language plpgsql stable as $$
begin
    return query select * from mart.campaign_response_cells(false, as_of, window_days);
end
$$;
comment on function mart.campaign_response_compute(date, integer) is 'mart.campaign_response computed from scratch with the data known at as_of (interactions before its end, orders up to it) and a response window of window_days (default response_window_days).';

create materialized view mart.campaign_response_current as
select * from mart.campaign_response_cells(true, null, null)
with no data;
comment on materialized view mart.campaign_response_current is 'mart.campaign_response_compute(null, null), refreshed by crmwh refresh from mart.campaign_touch.';
comment on column mart.campaign_response_current.campaign_code is 'Campaign code.';
comment on column mart.campaign_response_current.start_date is 'Campaign start (dim_campaign.start_date, else the day of its first interaction).';
comment on column mart.campaign_response_current.breakdown is 'campaign (one row for the whole campaign), segment or value_tier (one row per segment or tier the day before the start).';
comment on column mart.campaign_response_current.cell is 'all, or the segment or tier (no purchase: had not ordered by the day before the start).';
comment on column mart.campaign_response_current.treatment_customers is 'Customers contacted (selected and not held out).';
comment on column mart.campaign_response_current.control_customers is 'Customers selected and held out (control group).';
comment on column mart.campaign_response_current.responded is 'Treatment customers with a responded interaction.';
comment on column mart.campaign_response_current.treatment_response_rate is 'responded / treatment_customers.';
comment on column mart.campaign_response_current.control_response_rate is 'Control customers with a (matched-back) responded interaction / control_customers; null without a control group.';
comment on column mart.campaign_response_current.response_uplift_rate is 'treatment_response_rate − control_response_rate; null unless uplift_basis is treatment vs control.';
comment on column mart.campaign_response_current.response_uplift_low_rate is 'Lower end of the 95 % interval of response_uplift_rate (normal approximation).';
comment on column mart.campaign_response_current.response_uplift_high_rate is 'Upper end of the 95 % interval of response_uplift_rate.';
comment on column mart.campaign_response_current.treatment_buyer_rate is 'Treatment customers with an order in the window (response_window_days order days from the start) / treatment_customers.';
comment on column mart.campaign_response_current.control_buyer_rate is 'The same for the control group; null without one.';
comment on column mart.campaign_response_current.buyer_uplift_rate is 'treatment_buyer_rate − control_buyer_rate.';
comment on column mart.campaign_response_current.buyer_uplift_low_rate is 'Lower end of its 95 % interval.';
comment on column mart.campaign_response_current.buyer_uplift_high_rate is 'Upper end of its 95 % interval.';
comment on column mart.campaign_response_current.treatment_revenue_per_customer is 'Net revenue in the window from the start per treatment customer (customers without purchases count 0), base currency.';
comment on column mart.campaign_response_current.control_revenue_per_customer is 'The same per control customer.';
comment on column mart.campaign_response_current.revenue_uplift is 'treatment_revenue_per_customer − control_revenue_per_customer: incremental revenue per contacted customer.';
comment on column mart.campaign_response_current.revenue_uplift_low is 'Lower end of its 95 % interval (Welch standard error, normal quantile).';
comment on column mart.campaign_response_current.revenue_uplift_high is 'Upper end of its 95 % interval.';
comment on column mart.campaign_response_current.attributed_revenue is 'Net revenue credited to the responses of this cell''s treatment customers: each order line to the customer''s most recent response within response_window_days before it, so no line counts twice across campaigns.';
comment on column mart.campaign_response_current.allocated_cost is 'Campaign cost × this cell''s share of the treatment customers.';
comment on column mart.campaign_response_current.cost_per_response is 'allocated_cost / responded; null without responses.';
comment on column mart.campaign_response_current.average_predicted_clv is 'Mean of the latest CLV prediction made as of the day before the start, over the cell''s scored customers (both groups); null when none was scored.';
comment on column mart.campaign_response_current.average_p_alive is 'Mean P(alive) of the same predictions.';
comment on column mart.campaign_response_current.uplift_basis is 'treatment vs control; no control group (the campaign held none out: no uplift is shown); too few customers (fewer than 2 in a group of the cell).';
comment on column mart.campaign_response_current.window_complete is 'The window after the start has ended by the as-of date.';

create function mart.campaign_response(as_of date default null, window_days integer default null)
returns setof mart.campaign_response_current
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with response as (
        select * from mart.campaign_response_current where as_of is null and window_days is null
        union all
        select * from mart.campaign_response_compute(as_of, window_days)
        where as_of is not null or window_days is not null
    )
    select * from response
    order by campaign_code,
        case breakdown when 'campaign' then 1 when 'segment' then 2 else 3 end,
        cell;
end
$$;
comment on function mart.campaign_response(date, integer) is 'mart.campaign_response_compute(as_of, window_days); the stored result at the latest data and the configured window when both are null.';

create or replace view mart.campaign_response as
select * from mart.campaign_response(null, null);
comment on view mart.campaign_response is 'mart.campaign_response at the latest data and the configured window; definitions in docs/marts.md.';
comment on column mart.campaign_response.campaign_code is 'Campaign code.';
comment on column mart.campaign_response.start_date is 'Campaign start.';
comment on column mart.campaign_response.breakdown is 'campaign, segment or value_tier.';
comment on column mart.campaign_response.cell is 'all, or the segment or tier the day before the start.';
comment on column mart.campaign_response.treatment_customers is 'Customers contacted.';
comment on column mart.campaign_response.control_customers is 'Customers held out (control group).';
comment on column mart.campaign_response.responded is 'Treatment customers who responded.';
comment on column mart.campaign_response.treatment_response_rate is 'responded / treatment_customers.';
comment on column mart.campaign_response.control_response_rate is 'Control customers with a matched-back response / control_customers.';
comment on column mart.campaign_response.response_uplift_rate is 'Treatment minus control response rate.';
comment on column mart.campaign_response.response_uplift_low_rate is 'Lower end of its 95 % interval.';
comment on column mart.campaign_response.response_uplift_high_rate is 'Upper end of its 95 % interval.';
comment on column mart.campaign_response.treatment_buyer_rate is 'Share of treatment customers with an order in the window from the start.';
comment on column mart.campaign_response.control_buyer_rate is 'Share of control customers with an order in the window from the start.';
comment on column mart.campaign_response.buyer_uplift_rate is 'Treatment minus control buyer rate.';
comment on column mart.campaign_response.buyer_uplift_low_rate is 'Lower end of its 95 % interval.';
comment on column mart.campaign_response.buyer_uplift_high_rate is 'Upper end of its 95 % interval.';
comment on column mart.campaign_response.treatment_revenue_per_customer is 'Net revenue in the window from the start per treatment customer.';
comment on column mart.campaign_response.control_revenue_per_customer is 'Net revenue in the window from the start per control customer.';
comment on column mart.campaign_response.revenue_uplift is 'Incremental revenue per contacted customer (treatment minus control).';
comment on column mart.campaign_response.revenue_uplift_low is 'Lower end of its 95 % interval.';
comment on column mart.campaign_response.revenue_uplift_high is 'Upper end of its 95 % interval.';
comment on column mart.campaign_response.attributed_revenue is 'Net revenue credited to the treatment customers'' responses (most recent response wins; no double counting).';
comment on column mart.campaign_response.allocated_cost is 'Campaign cost × the cell''s share of treatment customers.';
comment on column mart.campaign_response.cost_per_response is 'allocated_cost / responded.';
comment on column mart.campaign_response.average_predicted_clv is 'Mean predicted CLV as of the day before the start (scored customers).';
comment on column mart.campaign_response.average_p_alive is 'Mean P(alive) as of the day before the start.';
comment on column mart.campaign_response.uplift_basis is 'treatment vs control, no control group, or too few customers.';
comment on column mart.campaign_response.window_complete is 'The window after the start has ended by the as-of date.';

create or replace function mart.contact_frequency(as_of date default null, months integer default 12)
returns table (
    contacts_per_month text,
    customer_months bigint,
    response_rate numeric,
    unsubscribe_rate numeric
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with bounds as materialized (
        select
            (date_trunc('month', coalesce(as_of, mart.default_as_of())) - make_interval(months => months - 1))::date as first_month,
            (date_trunc('month', coalesce(as_of, mart.default_as_of())) + interval '1 month')::date as end_month
    ),
    -- The per-channel months of sql/marts/22_contact_patterns.sql summed
    -- over channels (control-group rows left out, months in the reporting
    -- time zone).
    customer_months as (
        select
            m.customer_id,
            m.month,
            sum(m.contacts) as contacts,
            bool_or(m.responses > 0) as responded,
            bool_or(m.opt_outs > 0) as unsubscribed
        from mart.customer_contact_month as m, bounds as b
        where m.month >= b.first_month and m.month < b.end_month
        group by m.customer_id, m.month
    )
    select
        case when least(contacts, 10) = 10 then '10+' else least(contacts, 10)::text end,
        count(*),
        round(count(*) filter (where responded)::numeric / count(*), 4),
        round(count(*) filter (where unsubscribed)::numeric / count(*), 4)
    from customer_months
    group by least(contacts, 10)
    order by least(contacts, 10);
end
$$;
comment on function mart.contact_frequency(date, integer) is 'Fatigue curve: customer-months (reporting time zone) with an interaction (control-group rows left out: no contact was made) by number of sent contacts in the month on all channels, with the share that responded and that unsubscribed; from mart.customer_contact_month.';
