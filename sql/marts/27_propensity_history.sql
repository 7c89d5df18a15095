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
--
-- mart.propensity_sales_rows is the compact form crmwh reads (date_key,
-- channel_key, money in integer ten-thousandths of the base currency: exact,
-- and summed as integers, which is a quarter faster than numeric sums and
-- cheaper to send); mart.propensity_sales_days gives the same rows with
-- dates, channel names and numeric money. crmwh reads it in two parts at
-- once (part 0 and 1 of parts = 2), each the lines of half of the orders
-- (by a hash of order_id, so an order's lines stay together): a customer,
-- day and channel may then have a row in each part, whose sums add up.
create or replace function mart.propensity_sales_rows(as_of date, part integer, parts integer)
returns table (customer_id text, date_key integer, channel_key bigint, orders integer, revenue bigint, returned bigint)
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
            (s.amount_base * 10000)::bigint as amount,
            s.is_return,
            not s.is_return
                and row_number() over (partition by s.order_id, s.is_return order by s.ordered_at, s.line_no) = 1
                as opens_order
        from dw.fact_sales as s
        where s.date_key <= last_key and (parts = 1 or (hashtext(s.order_id) & 2147483647) % parts = part)
    )
    select
        f.customer_id,
        f.date_key,
        f.channel_key,
        count(*) filter (where f.opens_order)::integer,
        sum(f.amount)::bigint,
        coalesce(-sum(f.amount) filter (where f.is_return), 0)::bigint
    from flagged as f
    where f.customer_id <> 'unknown'
    group by f.customer_id, f.date_key, f.channel_key;
end
$$;
comment on function mart.propensity_sales_rows(date, integer, integer) is 'mart.propensity_sales_days in compact form, as crmwh reads it: date_key, channel_key, and net revenue and returned value in integer ten-thousandths of the base currency; of the orders whose order_id hashes to part of parts (0 of 1: all).';

create or replace function mart.propensity_sales_days(as_of date)
returns table (customer_id text, day date, channel text, orders integer, revenue numeric, returned numeric)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with days as materialized (
        select * from mart.propensity_sales_rows(as_of, 0, 1)
    )
    select
        d.customer_id,
        make_date(d.date_key / 10000, d.date_key / 100 % 100, d.date_key % 100),
        coalesce(c.channel, 'unknown'),
        d.orders,
        d.revenue::numeric * 0.0001,
        d.returned::numeric * 0.0001
    from days as d
    left join dw.dim_channel as c on c.channel_key = d.channel_key;
end
$$;
comment on function mart.propensity_sales_days(date) is 'Per customer, day (reporting time zone) and channel up to as_of: orders (each once, on the day and in the channel of its first purchase line), net revenue and returned value (base currency); the history the propensity features aggregate.';

-- Contacts and what came of them. Control-group rows are left out: they
-- record a contact that was not made. A contact is a campaign's sent
-- interaction, a response its responded interaction (as mart.campaign_touch
-- counts them), on the channel of the interaction.
-- mart.propensity_contact_rows is the compact form crmwh reads (date_key,
-- channel_key); mart.propensity_contact_days gives the same rows with dates
-- and channel names.
create or replace function mart.propensity_contact_rows(as_of date)
returns table (
    customer_id text,
    date_key integer,
    channel_key bigint,
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
    select
        i.customer_id,
        i.date_key,
        i.channel_key,
        count(*) filter (where i.interaction_type = 'sent' and i.campaign_key <> -1)::integer,
        count(*) filter (where i.interaction_type = 'responded' and i.campaign_key <> -1)::integer,
        count(*) filter (where i.interaction_type = 'opened')::integer,
        count(*) filter (where i.interaction_type = 'clicked')::integer,
        count(*) filter (where i.interaction_type = 'unsubscribe')::integer,
        count(*) filter (where i.interaction_type = 'complaint')::integer,
        count(*) filter (where i.interaction_type in ('call', 'visit'))::integer
    from dw.fact_interaction as i
    where i.date_key <= last_key and i.customer_id <> 'unknown' and not i.is_control
    group by i.customer_id, i.date_key, i.channel_key;
end
$$;
comment on function mart.propensity_contact_rows(date) is 'mart.propensity_contact_days in compact form, as crmwh reads it: date_key and channel_key.';

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
begin
    return query
    with days as materialized (
        select * from mart.propensity_contact_rows(as_of)
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
