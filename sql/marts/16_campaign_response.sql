-- Do contacts work: responses and revenue after a response per campaign
-- and current RFM segment, and the fatigue curve of contact frequency.
create or replace function mart.campaign_response_compute(as_of date default null, window_days integer default null)
returns table (
    campaign_code text,
    segment text,
    contacted bigint,
    responded bigint,
    response_rate numeric,
    responder_revenue numeric,
    allocated_cost numeric,
    cost_per_response numeric
)
language sql stable as $$
    with settings as materialized (
        select
            coalesce(window_days, mart.setting('response_window_days')::integer) as window_days
    ),
    -- What was known on as_of: interactions before its end (session time
    -- zone) and orders up to it.
    touches as (
        select
            i.campaign_key,
            i.customer_id,
            min(i.occurred_at) filter (where i.interaction_type = 'responded') as responded_at
        from dw.fact_interaction as i
        where i.campaign_key <> -1 and i.customer_id <> 'unknown'
            and (as_of is null or i.occurred_at < (as_of + 1)::timestamptz)
        group by i.campaign_key, i.customer_id
    ),
    segments as (
        select customer_id, segment from mart.customer_rfm_current where as_of is null
        union all
        select customer_id, segment from mart.customer_rfm_compute(as_of) where as_of is not null
    ),
    revenue as (
        select t.campaign_key, t.customer_id, sum(s.amount_base) as revenue
        from touches as t
        cross join settings as w
        join dw.fact_sales as s
            on s.customer_id = t.customer_id
            and s.ordered_at >= t.responded_at
            and s.ordered_at < t.responded_at + make_interval(days => w.window_days)
        where t.responded_at is not null
            and (as_of is null or s.date_key <= mart.date_key(as_of))
        group by t.campaign_key, t.customer_id
    ),
    cells as (
        select
            t.campaign_key,
            coalesce(g.segment, 'no purchase') as segment,
            count(*) as contacted,
            count(t.responded_at) as responded,
            coalesce(sum(r.revenue), 0) as responder_revenue
        from touches as t
        left join segments as g using (customer_id)
        left join revenue as r using (campaign_key, customer_id)
        group by t.campaign_key, coalesce(g.segment, 'no purchase')
    )
    select
        c.campaign_code,
        x.segment,
        x.contacted,
        x.responded,
        round(x.responded::numeric / x.contacted, 4),
        x.responder_revenue,
        round(c.cost * x.contacted / sum(x.contacted) over (partition by x.campaign_key), 2),
        round(c.cost * x.contacted / sum(x.contacted) over (partition by x.campaign_key) / nullif(x.responded, 0), 2)
    from cells as x
    join dw.dim_campaign as c using (campaign_key)
    order by c.campaign_code, x.segment
$$;
comment on function mart.campaign_response_compute(date, integer) is 'Per campaign and RFM segment (as of as_of: interactions before its end, orders up to it): customers contacted, responded, response rate, net revenue of responders within window_days after their first response, campaign cost allocated by contacts, cost per response.';

-- The stored default: campaign touches with responder revenue are kept in
-- mart.campaign_touch, which a nightly refresh updates for the campaign and
-- customer pairs of new interactions and for the responders whose window
-- holds changed sales.
drop function if exists mart.refresh_campaign_touch(boolean, date[]);
create or replace function mart.refresh_campaign_touch(everyone boolean, months date[], since_interaction bigint)
returns void
language plpgsql as $$
declare
    w integer := mart.setting('response_window_days')::integer;
begin
    if everyone then
        truncate mart.campaign_touch;
        insert into mart.campaign_touch (campaign_key, customer_id, responded_at, responder_revenue)
        with touches as (
            select
                i.campaign_key,
                i.customer_id,
                min(i.occurred_at) filter (where i.interaction_type = 'responded') as responded_at
            from dw.fact_interaction as i
            where i.campaign_key <> -1 and i.customer_id <> 'unknown'
            group by i.campaign_key, i.customer_id
        ),
        revenue as (
            select t.campaign_key, t.customer_id, sum(s.amount_base) as revenue
            from touches as t
            join dw.fact_sales as s
                on s.customer_id = t.customer_id
                and s.ordered_at >= t.responded_at
                and s.ordered_at < t.responded_at + make_interval(days => w)
            where t.responded_at is not null
            group by t.campaign_key, t.customer_id
        )
        select t.campaign_key, t.customer_id, t.responded_at, r.revenue
        from touches as t
        left join revenue as r using (campaign_key, customer_id);
        analyze mart.campaign_touch;
        return;
    end if;

    if since_interaction is not null then
        -- The pairs of interactions from new files, recomputed from all
        -- their interactions (by the customer index); their responder
        -- revenue follows below, with the changed customers'.
        create temporary table refresh_touch_pairs on commit drop as
        select distinct i.campaign_key, i.customer_id
        from dw.fact_interaction as i
        where i.etl_file_id > since_interaction and i.campaign_key <> -1 and i.customer_id <> 'unknown';
        analyze refresh_touch_pairs;
        delete from mart.campaign_touch as t
        using refresh_touch_pairs as p
        where t.campaign_key = p.campaign_key and t.customer_id = p.customer_id;
        insert into mart.campaign_touch (campaign_key, customer_id, responded_at, responder_revenue)
        select p.campaign_key, p.customer_id,
            min(i.occurred_at) filter (where i.interaction_type = 'responded'), null
        from refresh_touch_pairs as p
        join dw.fact_interaction as i on i.customer_id = p.customer_id and i.campaign_key = p.campaign_key
        group by p.campaign_key, p.customer_id;
    end if;

    -- Responders among the changed customers whose window reaches into the
    -- changed months (a day either side for the reporting time zone), and
    -- those of the recomputed pairs.
    create temporary table refresh_touch on commit drop as
    select t.campaign_key, t.customer_id, t.responded_at
    from mart.campaign_touch as t
    join refresh_customers as c using (customer_id)
    where t.responded_at is not null
        and t.responded_at < (select max(m) from unnest(months) as u(m)) + interval '1 month 1 day'
        and t.responded_at + make_interval(days => w) > (select min(m) from unnest(months) as u(m)) - interval '1 day';
    if since_interaction is not null then
        insert into refresh_touch
        select t.campaign_key, t.customer_id, t.responded_at
        from mart.campaign_touch as t
        join refresh_touch_pairs as p using (campaign_key, customer_id)
        where t.responded_at is not null
            and not exists (
                select 1 from refresh_touch as r
                where r.campaign_key = t.campaign_key and r.customer_id = t.customer_id);
    end if;

    -- Their sales through the date index: the windows are recent, so the
    -- span is short.
    update mart.campaign_touch as t
    set responder_revenue = r.revenue
    from (
        with lines as (
            select s.customer_id, s.ordered_at, s.amount_base
            from dw.fact_sales as s
            where s.date_key >= mart.date_key((select min(responded_at)::date - 1 from refresh_touch))
                and s.date_key <= mart.date_key((select (max(responded_at) + make_interval(days => w))::date + 1 from refresh_touch))
                and s.customer_id in (select customer_id from refresh_touch)
        )
        select x.campaign_key, x.customer_id, sum(l.amount_base) as revenue
        from refresh_touch as x
        left join lines as l
            on l.customer_id = x.customer_id
            and l.ordered_at >= x.responded_at
            and l.ordered_at < x.responded_at + make_interval(days => w)
        group by x.campaign_key, x.customer_id
    ) as r
    where t.campaign_key = r.campaign_key and t.customer_id = r.customer_id
        and t.responder_revenue is distinct from r.revenue;
end
$$;
comment on function mart.refresh_campaign_touch(boolean, date[], bigint) is 'Rebuilds mart.campaign_touch (everyone), or recomputes the pairs of interactions from files above since_interaction (when not null) and the responder revenue of the customers of refresh_customers whose response window reaches into the changed months.';

create or replace function mart.campaign_response_stored()
returns table (
    campaign_code text,
    segment text,
    contacted bigint,
    responded bigint,
    response_rate numeric,
    responder_revenue numeric,
    allocated_cost numeric,
    cost_per_response numeric
)
language sql stable as $$
    with cells as (
        select
            t.campaign_key,
            coalesce(g.segment, 'no purchase') as segment,
            count(*) as contacted,
            count(t.responded_at) as responded,
            coalesce(sum(t.responder_revenue), 0) as responder_revenue
        from mart.campaign_touch as t
        left join mart.customer_rfm_current as g using (customer_id)
        group by t.campaign_key, coalesce(g.segment, 'no purchase')
    )
    select
        c.campaign_code,
        x.segment,
        x.contacted,
        x.responded,
        round(x.responded::numeric / x.contacted, 4),
        x.responder_revenue,
        round(c.cost * x.contacted / sum(x.contacted) over (partition by x.campaign_key), 2),
        round(c.cost * x.contacted / sum(x.contacted) over (partition by x.campaign_key) / nullif(x.responded, 0), 2)
    from cells as x
    join dw.dim_campaign as c using (campaign_key)
    order by c.campaign_code, x.segment
$$;
comment on function mart.campaign_response_stored() is 'mart.campaign_response_compute(null, null) from the stored touches (mart.campaign_touch) and RFM segments.';

drop materialized view if exists mart.campaign_response_current cascade;
create materialized view mart.campaign_response_current as
select * from mart.campaign_response_stored()
with no data;
comment on materialized view mart.campaign_response_current is 'mart.campaign_response_compute(null, null), refreshed by crmwh refresh from mart.campaign_touch.';
comment on column mart.campaign_response_current.campaign_code is 'Campaign code.';
comment on column mart.campaign_response_current.segment is 'Customer''s RFM segment at the latest data (no purchase: never ordered).';
comment on column mart.campaign_response_current.contacted is 'Customers with any interaction of the campaign.';
comment on column mart.campaign_response_current.responded is 'Contacted customers with a responded interaction.';
comment on column mart.campaign_response_current.response_rate is 'responded / contacted.';
comment on column mart.campaign_response_current.responder_revenue is 'Net revenue of responders from their first response to response_window_days later, base currency.';
comment on column mart.campaign_response_current.allocated_cost is 'Campaign cost × this segment''s share of the contacted customers, base currency.';
comment on column mart.campaign_response_current.cost_per_response is 'allocated_cost / responded; null without responses.';

create or replace function mart.campaign_response(as_of date default null, window_days integer default null)
returns setof mart.campaign_response_current
language sql stable as $$
    with response as (
        select * from mart.campaign_response_current where as_of is null and window_days is null
        union all
        select * from mart.campaign_response_compute(as_of, window_days)
        where as_of is not null or window_days is not null
    )
    select * from response order by campaign_code, segment
$$;
comment on function mart.campaign_response(date, integer) is 'mart.campaign_response_compute(as_of, window_days); the stored result at the latest data and the configured window when both are null.';

create or replace view mart.campaign_response as
select * from mart.campaign_response(null, null);
comment on view mart.campaign_response is 'mart.campaign_response at the latest data and the configured window.';
comment on column mart.campaign_response.campaign_code is 'Campaign code.';
comment on column mart.campaign_response.segment is 'Customer''s RFM segment at the as-of date (no purchase: never ordered).';
comment on column mart.campaign_response.contacted is 'Customers with any interaction of the campaign.';
comment on column mart.campaign_response.responded is 'Contacted customers with a responded interaction.';
comment on column mart.campaign_response.response_rate is 'responded / contacted.';
comment on column mart.campaign_response.responder_revenue is 'Net revenue of responders from their first response to window_days later.';
comment on column mart.campaign_response.allocated_cost is 'Campaign cost × this segment''s share of the contacted customers.';
comment on column mart.campaign_response.cost_per_response is 'allocated_cost / responded.';

create or replace function mart.contact_frequency(as_of date default null, months integer default 12)
returns table (
    contacts_per_month text,
    customer_months bigint,
    response_rate numeric,
    unsubscribe_rate numeric
)
language sql stable as $$
    with bounds as materialized (
        select
            (date_trunc('month', coalesce(as_of, mart.default_as_of())) - make_interval(months => months - 1))::date as first_month,
            (date_trunc('month', coalesce(as_of, mart.default_as_of())) + interval '1 month')::date as end_month
    ),
    customer_months as (
        select
            i.customer_id,
            date_trunc('month', i.occurred_at) as month,
            count(*) filter (where i.interaction_type = 'sent') as contacts,
            bool_or(i.interaction_type = 'responded') as responded,
            bool_or(i.interaction_type = 'unsubscribe') as unsubscribed
        from dw.fact_interaction as i, bounds as b
        where i.occurred_at >= b.first_month and i.occurred_at < b.end_month and i.customer_id <> 'unknown'
        group by i.customer_id, date_trunc('month', i.occurred_at)
    )
    select
        case when least(contacts, 10) = 10 then '10+' else least(contacts, 10)::text end,
        count(*),
        round(count(*) filter (where responded)::numeric / count(*), 4),
        round(count(*) filter (where unsubscribed)::numeric / count(*), 4)
    from customer_months
    group by least(contacts, 10)
    order by least(contacts, 10)
$$;
comment on function mart.contact_frequency(date, integer) is 'Fatigue curve: customer-months with an interaction by number of sent contacts in the month, with the share that responded and that unsubscribed.';
