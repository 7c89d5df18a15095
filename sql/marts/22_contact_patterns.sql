-- Channel interaction patterns: when (hour of day, weekday in the reporting
-- time zone) and on which channel customers are contacted, respond and opt
-- out, by RFM segment; each customer's preferred channel and best hour;
-- contact pressure per channel against opt-outs and the frequency cap it
-- suggests. Definitions: docs/marts.md, "Channel interaction patterns".

-- The channel a campaign lends its interactions that name none: lower-case,
-- unknown when empty (also for an interaction without a campaign).
create or replace function mart.campaign_channel(channel text) returns text
language sql immutable parallel safe as $$
    select coalesce(nullif(lower(btrim(channel)), ''), 'unknown')
$$;
comment on function mart.campaign_channel(text) is 'Channel name a campaign gives the interactions without a channel of their own: lower-case, unknown when empty or null.';

-- The first instant after the as-of day in the reporting time zone
-- (infinity for null: everything known).
create or replace function mart.contact_known_before(as_of date) returns timestamptz
language sql stable as $$
    select case
        when as_of is null then 'infinity'::timestamptz
        else (as_of + 1)::timestamp at time zone mart.text_setting('reporting_time_zone')
    end
$$;
comment on function mart.contact_known_before(date) is 'The first instant after as_of in the reporting time zone (mart.text_settings reporting_time_zone); infinity for null.';

create or replace view mart.contact_event as
select
    i.interaction_id,
    i.customer_id,
    i.campaign_key,
    i.interaction_type,
    i.occurred_at,
    coalesce(ch.channel, mart.campaign_channel(cp.channel)) as channel,
    i.occurred_at at time zone z.value as local_at
from dw.fact_interaction as i
join mart.text_settings as z on z.name = 'reporting_time_zone'
left join dw.dim_channel as ch on ch.channel_key = i.channel_key and i.channel_key <> -1
left join dw.dim_campaign as cp on cp.campaign_key = i.campaign_key and i.campaign_key <> -1
-- Control-group rows record a contact that was not made.
where not i.is_control and i.customer_id <> 'unknown';
comment on view mart.contact_event is 'Interactions with a customer (control-group rows and the unknown customer left out) with their channel and local time in the reporting time zone: the rows every contact pattern counts.';
comment on column mart.contact_event.interaction_id is 'Interaction id from the source.';
comment on column mart.contact_event.customer_id is 'Master customer id.';
comment on column mart.contact_event.campaign_key is 'Campaign; -1 for none.';
comment on column mart.contact_event.interaction_type is 'sent, opened, clicked, responded, call, visit, complaint or unsubscribe.';
comment on column mart.contact_event.occurred_at is 'When it happened.';
comment on column mart.contact_event.channel is 'The interaction''s own channel; else its campaign''s channel; else unknown.';
comment on column mart.contact_event.local_at is 'occurred_at on the clock of the reporting time zone (mart.text_settings reporting_time_zone).';

-- Per customer, month and channel, with the data known at as_of (null:
-- everything), of the given customers (null: all).
create or replace function mart.customer_contact_month_of(as_of date, customers text[])
returns setof mart.customer_contact_month
language plpgsql stable as $$
declare
    known_before timestamptz := mart.contact_known_before(as_of);
begin
    return query
    select
        e.customer_id,
        date_trunc('month', e.local_at)::date,
        e.channel,
        count(*)::integer,
        (count(*) filter (where e.interaction_type = 'sent'))::integer,
        (count(*) filter (where e.interaction_type = 'responded'))::integer,
        (count(*) filter (where e.interaction_type = 'unsubscribe'))::integer
    from mart.contact_event as e
    where e.occurred_at < known_before and (customers is null or e.customer_id = any(customers))
    group by e.customer_id, date_trunc('month', e.local_at)::date, e.channel;
end
$$;
comment on function mart.customer_contact_month_of(date, text[]) is 'mart.customer_contact_month with the interactions known at as_of (null: everything) of the given customers (null: all).';

-- Per customer, month, campaign, channel, type, weekday and hour, with the
-- outcome of each contact. A response or an unsubscribe answers the latest
-- contact (sent) of the same customer and campaign at or before it; one
-- without a campaign, the latest contact without a campaign on its
-- channel. Contacts at that same instant are all answered: no id decides.
-- from_month leaves out earlier interactions (a reaction whose contact is
-- earlier then answers none, which changes no contact from from_month on).
create or replace function mart.customer_contact_hour_of(as_of date, from_month date, customers text[])
returns setof mart.customer_contact_hour
language plpgsql stable as $$
declare
    known_before timestamptz := mart.contact_known_before(as_of);
    known_from timestamptz := case
        when from_month is null then '-infinity'::timestamptz
        else from_month::timestamp at time zone mart.text_setting('reporting_time_zone')
    end;
begin
    return query
    with links as (
        select
            c.customer_id,
            c.interaction_id as contact_id,
            r.interaction_type,
            rank() over (partition by r.customer_id, r.interaction_id order by c.occurred_at desc) as recency
        from mart.contact_event as r
        join mart.contact_event as c
            on c.customer_id = r.customer_id and c.campaign_key = r.campaign_key
            and c.occurred_at <= r.occurred_at
            and (r.campaign_key <> -1 or c.channel = r.channel)
        where r.interaction_type in ('responded', 'unsubscribe') and c.interaction_type = 'sent'
            and r.occurred_at < known_before and r.occurred_at >= known_from
            and c.occurred_at >= known_from
            and (customers is null or r.customer_id = any(customers))
            and (customers is null or c.customer_id = any(customers))
    ),
    outcomes as (
        select
            l.customer_id,
            l.contact_id,
            bool_or(l.interaction_type = 'responded') as answered,
            bool_or(l.interaction_type = 'unsubscribe') as opted_out
        from links as l
        where l.recency = 1
        group by l.customer_id, l.contact_id
    )
    select
        e.customer_id,
        date_trunc('month', e.local_at)::date,
        e.campaign_key,
        e.channel,
        e.interaction_type,
        extract(isodow from e.local_at)::smallint,
        extract(hour from e.local_at)::smallint,
        count(*)::integer,
        (count(*) filter (where o.answered))::integer,
        (count(*) filter (where o.opted_out))::integer
    from mart.contact_event as e
    left join outcomes as o on o.customer_id = e.customer_id and o.contact_id = e.interaction_id
    where e.occurred_at < known_before and e.occurred_at >= known_from
        and (customers is null or e.customer_id = any(customers))
    group by e.customer_id, date_trunc('month', e.local_at)::date, e.campaign_key, e.channel, e.interaction_type,
        extract(isodow from e.local_at)::smallint, extract(hour from e.local_at)::smallint;
end
$$;
comment on function mart.customer_contact_hour_of(date, date, text[]) is 'mart.customer_contact_hour with the interactions known at as_of (null: everything) from from_month on (null: all) of the given customers (null: all).';

-- Each customer's preferred channel and best hour from their responses.
-- Equal counts go to the latest response among them (a value, not an id);
-- responses of two channels at the same latest instant leave no preference.
-- Two hours cannot tie so: one instant has one hour.
create or replace function mart.customer_contact_preference_of(as_of date, customers text[])
returns setof mart.customer_contact_preference
language plpgsql stable as $$
declare
    known_before timestamptz := mart.contact_known_before(as_of);
begin
    return query
    with totals as (
        select
            e.customer_id,
            count(*)::integer as interactions,
            (count(*) filter (where e.interaction_type = 'sent'))::integer as contacts,
            (count(*) filter (where e.interaction_type = 'responded'))::integer as responses,
            (count(*) filter (where e.interaction_type = 'unsubscribe'))::integer as opt_outs,
            max(e.occurred_at) filter (where e.interaction_type = 'responded') as last_response_at
        from mart.contact_event as e
        where e.occurred_at < known_before and (customers is null or e.customer_id = any(customers))
        group by e.customer_id
    ),
    -- The responses counted once per customer, channel and hour: the
    -- channel ranks sum them, the hour ranks read the preferred channel's.
    responded as materialized (
        select
            e.customer_id,
            e.channel,
            extract(hour from e.local_at)::smallint as hour,
            count(*)::integer as responses,
            max(e.occurred_at) as last_at
        from mart.contact_event as e
        where e.interaction_type = 'responded' and e.occurred_at < known_before
            and (customers is null or e.customer_id = any(customers))
        group by e.customer_id, e.channel, extract(hour from e.local_at)::smallint
    ),
    channel_ranks as (
        select
            r.customer_id,
            r.channel,
            sum(r.responses)::integer as responses,
            rank() over (partition by r.customer_id order by sum(r.responses) desc, max(r.last_at) desc) as position
        from responded as r
        group by r.customer_id, r.channel
    ),
    preferred as materialized (
        select r.customer_id, min(r.channel) as channel, min(r.responses) as responses, count(*) as tied
        from channel_ranks as r
        where r.position = 1
        group by r.customer_id
    ),
    hour_ranks as (
        select
            r.customer_id,
            r.hour,
            r.responses,
            rank() over (partition by r.customer_id order by r.responses desc, r.last_at desc) as position
        from responded as r
        join preferred as p on p.customer_id = r.customer_id and p.channel = r.channel and p.tied = 1
    ),
    best as (
        select h.customer_id, min(h.hour) as hour, min(h.responses) as responses, count(*) as tied
        from hour_ranks as h
        where h.position = 1
        group by h.customer_id
    )
    select
        t.customer_id,
        t.interactions,
        t.contacts,
        t.responses,
        t.opt_outs,
        t.last_response_at,
        case when p.tied = 1 then p.channel end,
        case when p.tied = 1 then p.responses end,
        case when b.tied = 1 then b.hour end,
        case when b.tied = 1 then b.responses end,
        case when t.responses = 0 then 'no responses' when p.tied > 1 then 'tied channels' end
    from totals as t
    left join preferred as p on p.customer_id = t.customer_id
    left join best as b on b.customer_id = t.customer_id;
end
$$;
comment on function mart.customer_contact_preference_of(date, text[]) is 'mart.customer_contact_preference with the interactions known at as_of (null: everything) of the given customers (null: all).';

-- The channel each campaign gives interactions without one, as the stored
-- tables are about to use it.
create or replace function mart.contact_campaign_channels()
returns setof mart.contact_campaign_channel
language plpgsql stable as $$
begin
    return query
    select c.campaign_key, mart.campaign_channel(c.channel)
    from dw.dim_campaign as c
    where c.campaign_key <> -1;
end
$$;
comment on function mart.contact_campaign_channels() is 'Every campaign with the channel (mart.campaign_channel) it gives its interactions that name none.';

-- The stored per-customer tables: everyone, or the customers with
-- interactions from files above since_interaction and those with
-- interactions without a channel of a campaign whose channel changed.
create or replace function mart.refresh_contact_patterns(everyone boolean, since_interaction bigint)
returns void
language plpgsql as $$
declare
    dirty text[];
    month_indexes text[];
    hour_indexes text[];
    preference_indexes text[];
begin
    if everyone then
        truncate mart.customer_contact_month, mart.customer_contact_hour, mart.customer_contact_preference,
            mart.contact_campaign_channel;
        -- In key order, so a customer's rows lie together; the emptied
        -- tables are filled at once and indexed afterwards (when the
        -- session owns them).
        month_indexes := mart.suspend_indexes('mart.customer_contact_month');
        hour_indexes := mart.suspend_indexes('mart.customer_contact_hour');
        preference_indexes := mart.suspend_indexes('mart.customer_contact_preference');
        insert into mart.customer_contact_month
        select * from mart.customer_contact_month_of(null, null) as m
        order by m.customer_id, m.month, m.channel;
        insert into mart.customer_contact_hour
        select * from mart.customer_contact_hour_of(null, null, null) as h
        order by h.customer_id, h.month, h.campaign_key, h.channel, h.interaction_type, h.weekday, h.hour;
        insert into mart.customer_contact_preference
        select * from mart.customer_contact_preference_of(null, null) as p
        order by p.customer_id;
        insert into mart.contact_campaign_channel select * from mart.contact_campaign_channels();
        if month_indexes is not null then
            perform mart.restore_indexes(month_indexes);
        end if;
        if hour_indexes is not null then
            perform mart.restore_indexes(hour_indexes);
        end if;
        if preference_indexes is not null then
            perform mart.restore_indexes(preference_indexes);
        end if;
        -- One table a statement, and not the campaigns' few channels: on
        -- Citus that is a reference table, and analyzing it after a local
        -- read in the transaction is refused.
        analyze mart.customer_contact_month;
        analyze mart.customer_contact_hour;
        analyze mart.customer_contact_preference;
        return;
    end if;

    create temporary table refresh_contact_customers (customer_id text primary key) on commit drop;
    if since_interaction is not null then
        insert into refresh_contact_customers
        select distinct i.customer_id
        from dw.fact_interaction as i
        where i.etl_file_id > since_interaction and i.customer_id <> 'unknown'
        on conflict do nothing;
    end if;
    create temporary table refresh_contact_campaigns on commit drop as
    select coalesce(n.campaign_key, o.campaign_key) as campaign_key
    from mart.contact_campaign_channels() as n
    full join mart.contact_campaign_channel as o on o.campaign_key = n.campaign_key
    where n.channel is distinct from o.channel;
    insert into refresh_contact_customers
    select distinct i.customer_id
    from dw.fact_interaction as i
    where i.channel_key = -1 and i.customer_id <> 'unknown'
        and i.campaign_key in (select c.campaign_key from refresh_contact_campaigns as c)
    on conflict do nothing;

    dirty := array(select customer_id from refresh_contact_customers);
    if cardinality(dirty) > 0 then
        delete from mart.customer_contact_month as t using refresh_contact_customers as r
        where t.customer_id = r.customer_id;
        delete from mart.customer_contact_hour as t using refresh_contact_customers as r
        where t.customer_id = r.customer_id;
        delete from mart.customer_contact_preference as t using refresh_contact_customers as r
        where t.customer_id = r.customer_id;
        insert into mart.customer_contact_month select * from mart.customer_contact_month_of(null, dirty);
        insert into mart.customer_contact_hour select * from mart.customer_contact_hour_of(null, null, dirty);
        insert into mart.customer_contact_preference select * from mart.customer_contact_preference_of(null, dirty);
    end if;
    if exists (select 1 from refresh_contact_campaigns) then
        delete from mart.contact_campaign_channel
        where campaign_key in (select c.campaign_key from refresh_contact_campaigns as c);
        insert into mart.contact_campaign_channel
        select n.* from mart.contact_campaign_channels() as n
        where n.campaign_key in (select c.campaign_key from refresh_contact_campaigns as c);
    end if;
end
$$;
comment on function mart.refresh_contact_patterns(boolean, bigint) is 'Rebuilds the per-customer contact tables (everyone), or recomputes the customers with interactions from files above since_interaction and those whose interactions take a changed campaign channel.';

-- Interactions by channel, type, RFM segment, weekday and hour in the
-- months months ending with as_of's month: from the stored per-customer
-- rows (stored) or computed with the data known at as_of. A campaign's
-- interaction takes the segment of the day before the campaign started
-- (mart.campaign_touch), one without a campaign the segment at the as-of
-- date; by_segment false puts every row in segment all.
create or replace function mart.contact_pattern_cells(stored boolean, as_of date, months integer, by_segment boolean)
returns table (
    channel text,
    interaction_type text,
    segment text,
    segment_basis text,
    weekday smallint,
    hour smallint,
    interactions bigint,
    answered_contacts bigint,
    opted_out_contacts bigint
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    profile_day date := coalesce(as_of, mart.default_as_of());
    last_month date := date_trunc('month', profile_day)::date;
    first_month date := (last_month - make_interval(months => months - 1))::date;
begin
    return query
    with detail as (
        select * from mart.customer_contact_hour as h
        where stored and h.month between first_month and last_month
        union all
        select * from mart.customer_contact_hour_of(as_of, first_month, null) as h
        where not stored and h.month <= last_month
    ),
    -- The stored segments are joined as the table they are (hashed by
    -- customer; a CTE would hide their statistics and sort both sides).
    computed_profiles as materialized (
        select r.customer_id, r.segment from mart.customer_rfm_compute(profile_day) as r
        where by_segment and not stored
    ),
    labelled as (
        select
            r.channel,
            r.interaction_type,
            case
                when not by_segment then 'all'
                when r.campaign_key <> -1 and t.start_date - 1 <= profile_day then coalesce(t.segment, 'no purchase')
                else coalesce(p.segment, c.segment, 'no purchase')
            end as segment,
            case
                when not by_segment then 'all'
                when r.campaign_key <> -1 and t.start_date - 1 <= profile_day then 'day before campaign start'
                else 'as-of date'
            end as segment_basis,
            r.weekday,
            r.hour,
            r.interactions,
            r.answered_contacts,
            r.opted_out_contacts
        from detail as r
        left join mart.campaign_touch as t
            on by_segment and t.campaign_key = r.campaign_key and t.customer_id = r.customer_id
        left join mart.customer_rfm_current as p on by_segment and stored and p.customer_id = r.customer_id
        left join computed_profiles as c on c.customer_id = r.customer_id
    )
    select
        l.channel, l.interaction_type, l.segment, l.segment_basis, l.weekday, l.hour,
        sum(l.interactions)::bigint, sum(l.answered_contacts)::bigint, sum(l.opted_out_contacts)::bigint
    from labelled as l
    group by l.channel, l.interaction_type, l.segment, l.segment_basis, l.weekday, l.hour;
end
$$;
comment on function mart.contact_pattern_cells(boolean, date, integer, boolean) is 'Interactions, answered and opted-out contacts per channel, type, RFM segment (by_segment; else all), weekday and hour in the months months ending with as_of''s month (default the latest data): from mart.customer_contact_hour (stored) or computed with the data known at as_of.';

drop materialized view if exists mart.contact_pattern_current cascade;
create materialized view mart.contact_pattern_current as
select * from mart.contact_pattern_cells(true, null, 12, true)
with no data;
comment on materialized view mart.contact_pattern_current is 'mart.contact_pattern_cells(true, null, 12, true): the 12 months ending with the latest data''s month, refreshed by crmwh refresh from mart.customer_contact_hour.';
comment on column mart.contact_pattern_current.channel is 'Interaction channel (its own, else its campaign''s, else unknown).';
comment on column mart.contact_pattern_current.interaction_type is 'sent, opened, clicked, responded, call, visit, complaint or unsubscribe.';
comment on column mart.contact_pattern_current.segment is 'RFM segment: for a campaign''s interaction the day before the campaign started, else at the as-of date (no purchase: had not ordered by then).';
comment on column mart.contact_pattern_current.segment_basis is 'day before campaign start, or as-of date (the latest data for the stored report).';
comment on column mart.contact_pattern_current.weekday is 'ISO day of the week in the reporting time zone: 1 Monday … 7 Sunday.';
comment on column mart.contact_pattern_current.hour is 'Hour of day in the reporting time zone, 0 … 23.';
comment on column mart.contact_pattern_current.interactions is 'Interactions (for sent: contacts made).';
comment on column mart.contact_pattern_current.answered_contacts is 'Contacts (sent) a response answered; 0 for other types.';
comment on column mart.contact_pattern_current.opted_out_contacts is 'Contacts (sent) an unsubscribe answered; 0 for other types.';

drop function if exists mart.contact_patterns(date, integer, boolean) cascade;
create function mart.contact_patterns(as_of date default null, months integer default 12, by_segment boolean default true)
returns table (
    channel text,
    interaction_type text,
    segment text,
    segment_basis text,
    weekday smallint,
    hour smallint,
    interactions bigint,
    answered_contacts bigint,
    response_rate numeric,
    opted_out_contacts bigint,
    opt_out_rate numeric
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with cells as (
        select * from mart.contact_pattern_current where as_of is null and months = 12
        union all
        select * from mart.contact_pattern_cells(as_of is null, as_of, months, by_segment)
        where as_of is not null or months <> 12
    ),
    grouped as (
        select
            c.channel,
            c.interaction_type,
            case when by_segment then c.segment else 'all' end as segment,
            case when by_segment then c.segment_basis else 'all' end as segment_basis,
            c.weekday,
            c.hour,
            sum(c.interactions)::bigint as interactions,
            sum(c.answered_contacts)::bigint as answered,
            sum(c.opted_out_contacts)::bigint as opted_out
        from cells as c
        group by 1, 2, 3, 4, 5, 6
    )
    select
        g.channel, g.interaction_type, g.segment, g.segment_basis, g.weekday, g.hour,
        g.interactions,
        g.answered,
        case when g.interaction_type = 'sent' then round(g.answered::numeric / g.interactions, 4) end,
        g.opted_out,
        case when g.interaction_type = 'sent' then round(g.opted_out::numeric / g.interactions, 4) end
    from grouped as g
    order by g.channel, g.interaction_type, g.segment, g.segment_basis, g.weekday, g.hour;
end
$$;
comment on function mart.contact_patterns(date, integer, boolean) is 'Interactions per channel, type, RFM segment, weekday and hour (reporting time zone) in the months months ending with as_of''s month, and for contacts (sent) the share a response and an unsubscribe answered; by_segment false sums the segments. The stored result at the latest data for 12 months.';

create or replace view mart.contact_patterns as
select * from mart.contact_patterns(null, 12, true);
comment on view mart.contact_patterns is 'mart.contact_patterns over the 12 months ending with the latest data; definitions in docs/marts.md.';
comment on column mart.contact_patterns.channel is 'Interaction channel.';
comment on column mart.contact_patterns.interaction_type is 'Interaction type.';
comment on column mart.contact_patterns.segment is 'RFM segment the day before the campaign started (interactions of a campaign) or at the latest data.';
comment on column mart.contact_patterns.segment_basis is 'day before campaign start, or as-of date.';
comment on column mart.contact_patterns.weekday is 'ISO day of the week (1 Monday … 7 Sunday), reporting time zone.';
comment on column mart.contact_patterns.hour is 'Hour of day 0 … 23, reporting time zone.';
comment on column mart.contact_patterns.interactions is 'Interactions.';
comment on column mart.contact_patterns.answered_contacts is 'Contacts a response answered.';
comment on column mart.contact_patterns.response_rate is 'answered_contacts / interactions, for sent only.';
comment on column mart.contact_patterns.opted_out_contacts is 'Contacts an unsubscribe answered.';
comment on column mart.contact_patterns.opt_out_rate is 'opted_out_contacts / interactions, for sent only.';

-- Contact pressure: customer-months by contacts on a channel (1 … 9, 10+)
-- and the share with a response and with an unsubscribe on it.
create or replace function mart.contact_pressure_cells(stored boolean, as_of date, months integer)
returns table (
    channel text,
    contacts_per_month text,
    pressure smallint,
    customer_months bigint,
    responded_customer_months bigint,
    response_rate numeric,
    opted_out_customer_months bigint,
    opt_out_rate numeric
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    last_month date := date_trunc('month', coalesce(as_of, mart.default_as_of()))::date;
    first_month date := (last_month - make_interval(months => months - 1))::date;
begin
    return query
    with detail as (
        select * from mart.customer_contact_month as m
        where stored and m.month between first_month and last_month
        union all
        select * from mart.customer_contact_month_of(as_of, null) as m
        where not stored and m.month between first_month and last_month
    )
    select
        r.channel,
        case when least(r.contacts, 10) = 10 then '10+' else least(r.contacts, 10)::text end,
        least(r.contacts, 10)::smallint,
        count(*),
        count(*) filter (where r.responses > 0),
        round((count(*) filter (where r.responses > 0))::numeric / count(*), 4),
        count(*) filter (where r.opt_outs > 0),
        round((count(*) filter (where r.opt_outs > 0))::numeric / count(*), 4)
    from detail as r
    where r.contacts > 0
    group by r.channel, least(r.contacts, 10)
    order by r.channel, least(r.contacts, 10);
end
$$;
comment on function mart.contact_pressure_cells(boolean, date, integer) is 'Customer-months per channel and contacts made on it (1 … 9, 10+) in the months months ending with as_of''s month, with the share that responded and that unsubscribed on the channel: from mart.customer_contact_month (stored) or with the data known at as_of.';

drop materialized view if exists mart.contact_pressure_current cascade;
create materialized view mart.contact_pressure_current as
select * from mart.contact_pressure_cells(true, null, 12)
with no data;
comment on materialized view mart.contact_pressure_current is 'mart.contact_pressure_cells(true, null, 12): the 12 months ending with the latest data''s month, refreshed by crmwh refresh from mart.customer_contact_month.';
comment on column mart.contact_pressure_current.channel is 'Interaction channel.';
comment on column mart.contact_pressure_current.contacts_per_month is 'Contacts (sent) on the channel in the customer-month: 1 … 9 or 10+.';
comment on column mart.contact_pressure_current.pressure is 'The same as a number (10 for 10+), for ordering and caps.';
comment on column mart.contact_pressure_current.customer_months is 'Customer-months with that many contacts on the channel.';
comment on column mart.contact_pressure_current.responded_customer_months is 'Of them, those with a responded interaction on the channel in the month.';
comment on column mart.contact_pressure_current.response_rate is 'responded_customer_months / customer_months.';
comment on column mart.contact_pressure_current.opted_out_customer_months is 'Of them, those with an unsubscribe on the channel in the month.';
comment on column mart.contact_pressure_current.opt_out_rate is 'opted_out_customer_months / customer_months.';

create or replace function mart.contact_pressure(as_of date default null, months integer default 12)
returns setof mart.contact_pressure_current
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with pressure as (
        select * from mart.contact_pressure_current where as_of is null and months = 12
        union all
        select * from mart.contact_pressure_cells(as_of is null, as_of, months) where as_of is not null or months <> 12
    )
    select * from pressure order by channel, pressure;
end
$$;
comment on function mart.contact_pressure(date, integer) is 'Contact pressure per channel against response and opt-out in the months months ending with as_of''s month (default: the stored latest 12 months).';

-- The cap per channel: the highest pressure up to which every judged
-- pressure (at least contact_cap_min_customer_months customer-months)
-- has an opt-out rate below contact_cap_opt_out_rate.
create or replace function mart.contact_caps(as_of date default null, months integer default 12)
returns table (
    channel text,
    suggested_cap text,
    cap_opt_out_rate numeric,
    first_pressure_over text,
    first_over_opt_out_rate numeric,
    customer_months bigint,
    judged_customer_months bigint,
    opt_out_threshold_rate numeric,
    cap_basis text
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    threshold numeric := mart.setting('contact_cap_opt_out_rate');
    min_months numeric := mart.setting('contact_cap_min_customer_months');
begin
    return query
    with pressure as materialized (
        select p.*, p.customer_months >= min_months as judged
        from mart.contact_pressure(as_of, months) as p
    ),
    breach as (
        select p.channel, min(p.pressure) as pressure
        from pressure as p
        where p.judged and p.opt_out_rate >= threshold
        group by p.channel
    ),
    cap as (
        select p.channel, max(p.pressure) as pressure
        from pressure as p
        left join breach as b on b.channel = p.channel
        where p.judged and p.pressure < coalesce(b.pressure, 32767)
        group by p.channel
    ),
    channels as (
        select
            p.channel,
            sum(p.customer_months)::bigint as customer_months,
            coalesce(sum(p.customer_months) filter (where p.judged), 0)::bigint as judged_months
        from pressure as p
        group by p.channel
    )
    select
        c.channel,
        capped_row.contacts_per_month,
        capped_row.opt_out_rate,
        over_row.contacts_per_month,
        over_row.opt_out_rate,
        c.customer_months,
        c.judged_months,
        threshold,
        case
            when c.judged_months = 0 then 'too few customer-months'
            when k.pressure is null then 'over the threshold from the first judged level'
            when b.pressure is null then 'no judged level reaches the threshold'
            else 'below the threshold up to the cap'
        end
    from channels as c
    left join cap as k on k.channel = c.channel
    left join breach as b on b.channel = c.channel
    left join pressure as capped_row on capped_row.channel = c.channel and capped_row.pressure = k.pressure
    left join pressure as over_row on over_row.channel = c.channel and over_row.pressure = b.pressure
    order by c.channel;
end
$$;
comment on function mart.contact_caps(date, integer) is 'Suggested frequency cap per channel: the highest contacts per customer-month up to which every level with at least contact_cap_min_customer_months customer-months has an opt-out rate below contact_cap_opt_out_rate (mart.contact_pressure over the window).';

-- Every current customer with their preference; no interactions for those
-- the stored table does not hold (every customer of the facts has a
-- current version, an inferred one at least).
create or replace view mart.contact_preference as
select
    c.customer_id,
    coalesce(p.interactions, 0) as interactions,
    coalesce(p.contacts, 0) as contacts,
    coalesce(p.responses, 0) as responses,
    coalesce(p.opt_outs, 0) as opt_outs,
    p.last_response_at,
    p.preferred_channel,
    p.preferred_channel_responses,
    p.best_hour,
    p.best_hour_responses,
    case when p.customer_id is null then 'no interactions' else p.no_preference_reason end as no_preference_reason
from dw.dim_customer as c
left join mart.customer_contact_preference as p on p.customer_id = c.customer_id
where c.is_current and c.customer_id <> 'unknown';
comment on view mart.contact_preference is 'Every customer''s preferred channel and best hour (reporting time zone) from mart.customer_contact_preference; customers without interactions with reason no interactions. Rules in docs/marts.md.';
comment on column mart.contact_preference.customer_id is 'Master customer id.';
comment on column mart.contact_preference.interactions is 'Interactions (control-group rows left out).';
comment on column mart.contact_preference.contacts is 'Contacts made (sent).';
comment on column mart.contact_preference.responses is 'responded interactions.';
comment on column mart.contact_preference.opt_outs is 'unsubscribe interactions.';
comment on column mart.contact_preference.last_response_at is 'Latest response.';
comment on column mart.contact_preference.preferred_channel is 'Channel with the most responses (ties: the latest response''s; null without responses or tied at one instant).';
comment on column mart.contact_preference.preferred_channel_responses is 'Responses on the preferred channel.';
comment on column mart.contact_preference.best_hour is 'Hour of day (0 … 23) with the most responses on the preferred channel (ties: the latest response''s).';
comment on column mart.contact_preference.best_hour_responses is 'Responses on the preferred channel in that hour.';
comment on column mart.contact_preference.no_preference_reason is 'no interactions, no responses or tied channels; null when there is a preference.';

-- Customers per preferred channel and best hour, and per reason for none.
create or replace function mart.contact_preference_summary(as_of date default null)
returns table (
    preferred_channel text,
    best_hour smallint,
    no_preference_reason text,
    customers bigint,
    customer_share numeric
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with preferences as (
        select p.customer_id, p.preferred_channel, p.best_hour, p.no_preference_reason
        from mart.contact_preference as p
        where as_of is null
        union all
        select
            c.customer_id, p.preferred_channel, p.best_hour,
            case when p.customer_id is null then 'no interactions' else p.no_preference_reason end
        from dw.dim_customer as c
        left join mart.customer_contact_preference_of(as_of, null) as p on p.customer_id = c.customer_id
        where as_of is not null and c.is_current and c.customer_id <> 'unknown'
    )
    select
        p.preferred_channel,
        p.best_hour,
        p.no_preference_reason,
        count(*),
        round(count(*)::numeric / sum(count(*)) over (), 4)
    from preferences as p
    group by p.preferred_channel, p.best_hour, p.no_preference_reason
    order by p.preferred_channel nulls last, p.best_hour, p.no_preference_reason;
end
$$;
comment on function mart.contact_preference_summary(date) is 'Customers per preferred channel and best hour, and per reason for no preference, from mart.contact_preference (as_of null) or computed with the interactions known at as_of.';
