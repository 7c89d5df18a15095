-- What the propensity models (crmwh score propensity, docs/marts.md
-- "Propensity") learn from: each customer's history known by the end of an
-- as-of day (dates are days in the reporting time zone, date_key), one row
-- per customer, day and channel. Features at any earlier date D are
-- aggregates of the rows dated on or before D, labels of those after it, so
-- rows read as of a later day give the same features at D: nothing after D
-- reaches them.

-- Orders and revenue. An order counts once: on the day, under the customer
-- and in the channel of its first purchase line (earliest ordered_at, then
-- line number), as the marts count orders. Revenue is net (return lines are
-- negative), each line on its own day and channel; returned is the value of
-- the return lines, positive. The unknown customer is left out.
create or replace function mart.propensity_sales_days(as_of date)
returns table (customer_id text, day date, channel text, orders integer, revenue numeric, returned numeric)
language plpgsql stable as $$
#variable_conflict use_column
declare
    last_key integer := to_char(as_of, 'YYYYMMDD')::integer;
begin
    return query
    -- One sort of the lines by order marks each order's first purchase
    -- line; one aggregation then gives orders, revenue and returns.
    with flagged as (
        select
            s.customer_id,
            s.date_key,
            s.channel_key,
            s.amount_base,
            s.is_return,
            not s.is_return
                and row_number() over (partition by s.order_id, s.is_return order by s.ordered_at, s.line_no) = 1
                as opens_order
        from dw.fact_sales as s
        where s.date_key <= last_key
    ),
    days as (
        select
            f.customer_id,
            f.date_key,
            f.channel_key,
            count(*) filter (where f.opens_order)::integer as orders,
            sum(f.amount_base) as revenue,
            coalesce(-sum(f.amount_base) filter (where f.is_return), 0) as returned
        from flagged as f
        where f.customer_id <> 'unknown'
        group by f.customer_id, f.date_key, f.channel_key
    )
    select
        d.customer_id,
        make_date(d.date_key / 10000, d.date_key / 100 % 100, d.date_key % 100),
        coalesce(c.channel, 'unknown'),
        d.orders,
        d.revenue,
        d.returned
    from days as d
    left join dw.dim_channel as c on c.channel_key = d.channel_key;
end
$$;
comment on function mart.propensity_sales_days(date) is 'Per customer, day (reporting time zone) and channel up to as_of: orders (each once, on the day and in the channel of its first purchase line), net revenue and returned value (base currency); the history the propensity features aggregate.';

-- Contacts and what came of them. Control-group rows are left out: they
-- record a contact that was not made. A contact is a campaign's sent
-- interaction, a response its responded interaction (as mart.campaign_touch
-- counts them), on the channel of the interaction.
create or replace function mart.propensity_contact_days(as_of date)
returns table (
    customer_id text,
    day date,
    channel text,
    contacts integer,
    responses integer,
    opens integer,
    clicks integer,
    unsubscribes integer,
    complaints integer,
    service_contacts integer
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    last_key integer := to_char(as_of, 'YYYYMMDD')::integer;
begin
    return query
    with days as (
        select
            i.customer_id,
            i.date_key,
            i.channel_key,
            count(*) filter (where i.interaction_type = 'sent' and i.campaign_key <> -1)::integer as contacts,
            count(*) filter (where i.interaction_type = 'responded' and i.campaign_key <> -1)::integer as responses,
            count(*) filter (where i.interaction_type = 'opened')::integer as opens,
            count(*) filter (where i.interaction_type = 'clicked')::integer as clicks,
            count(*) filter (where i.interaction_type = 'unsubscribe')::integer as unsubscribes,
            count(*) filter (where i.interaction_type = 'complaint')::integer as complaints,
            count(*) filter (where i.interaction_type in ('call', 'visit'))::integer as service_contacts
        from dw.fact_interaction as i
        where i.date_key <= last_key and i.customer_id <> 'unknown' and not i.is_control
        group by i.customer_id, i.date_key, i.channel_key
    )
    select
        d.customer_id,
        make_date(d.date_key / 10000, d.date_key / 100 % 100, d.date_key % 100),
        coalesce(c.channel, 'unknown'),
        d.contacts,
        d.responses,
        d.opens,
        d.clicks,
        d.unsubscribes,
        d.complaints,
        d.service_contacts
    from days as d
    left join dw.dim_channel as c on c.channel_key = d.channel_key;
end
$$;
comment on function mart.propensity_contact_days(date) is 'Per customer, day (reporting time zone) and channel up to as_of, control-group rows left out: campaign contacts (sent) and responses (responded), opens, clicks, unsubscribes, complaints and service contacts (calls, visits); the contact history the propensity features and response labels aggregate.';
