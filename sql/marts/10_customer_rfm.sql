-- Recency, frequency and monetary value per customer as of a date, their
-- scores and the named segment (sql/marts/00_rfm_scoring.sql).
create or replace function mart.customer_rfm_compute(as_of date default null)
returns table (
    customer_id text,
    last_order_on date,
    recency_days integer,
    frequency integer,
    monetary numeric,
    r_score smallint,
    f_score smallint,
    m_score smallint,
    segment text
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    day date := coalesce(as_of, mart.default_as_of());
    bands record;
begin
    select * into bands from mart.rfm_bands;
    return query
    with history as (
        select
            d.customer_id,
            max(d.ordered_on) filter (where d.orders > 0) as last_order_on,
            sum(d.orders)::integer as frequency,
            sum(d.revenue) as monetary
        from mart.customer_day as d
        where d.ordered_on <= day and d.customer_id <> 'unknown'
        group by d.customer_id
        having sum(d.orders) > 0
    ),
    scored as (
        select
            h.*,
            (day - h.last_order_on) as recency_days,
            mart.rfm_quintile(rank() over (order by h.last_order_on) - 1, count(*) over ()) as r_score,
            mart.rfm_frequency_score(h.frequency, bands.frequency_bands) as f_score,
            mart.rfm_quintile(rank() over (order by h.monetary) - 1, count(*) over ()) as m_score
        from history as h
    )
    select
        c.customer_id,
        c.last_order_on,
        c.recency_days,
        c.frequency,
        c.monetary,
        c.r_score,
        c.f_score,
        c.m_score,
        mart.rfm_segment(c.r_score, c.f_score, c.frequency, c.recency_days, bands.new_customer_days)
    from scored as c;
end
$$;
comment on function mart.customer_rfm_compute(date) is 'RFM per customer with at least one order on or before as_of (default: latest data): recency in days, frequency in orders, monetary as net revenue, R and M quintiles (equal values share one), F from the order-count bands, segment. crmwh refresh stores it at the latest data (mart.customer_rfm_current).';


-- The stored RFM at the latest data: the summary's scores, with recency in
-- days, which moves for everyone when the as-of date does and so is not
-- stored.
create or replace view mart.customer_rfm_current as
select
    customer_id,
    last_order_on,
    -- A scalar subquery: evaluated once, not per row.
    (select mart.default_as_of()) - last_order_on as recency_days,
    orders as frequency,
    revenue as monetary,
    r_score,
    f_score,
    m_score,
    segment
from mart.customer_summary
where orders > 0;
comment on view mart.customer_rfm_current is 'mart.customer_rfm_compute(null) as stored by crmwh refresh (mart.customer_summary); read mart.customer_rfm.';
comment on column mart.customer_rfm_current.customer_id is 'Master customer id.';
comment on column mart.customer_rfm_current.last_order_on is 'Date of the last order.';
comment on column mart.customer_rfm_current.recency_days is 'Days from the last order to the latest data.';
comment on column mart.customer_rfm_current.frequency is 'Orders.';
comment on column mart.customer_rfm_current.monetary is 'Net revenue.';
comment on column mart.customer_rfm_current.r_score is 'Recency quintile, 5 = most recent; equal last order dates share one.';
comment on column mart.customer_rfm_current.f_score is 'Frequency score from the order-count bands (mart.rfm_bands).';
comment on column mart.customer_rfm_current.m_score is 'Monetary quintile; equal revenue shares one.';
comment on column mart.customer_rfm_current.segment is 'Named segment.';

create or replace function mart.customer_rfm(as_of date default null)
returns table (
    customer_id text,
    last_order_on date,
    recency_days integer,
    frequency integer,
    monetary numeric,
    r_score smallint,
    f_score smallint,
    m_score smallint,
    segment text,
    predicted_clv numeric,
    p_alive double precision
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    -- Without an as-of date the refreshed table answers; the other branch
    -- is not run (a one-time filter), and the reverse with a date.
    with rfm as (
        select * from mart.customer_rfm_current where as_of is null
        union all
        select * from mart.customer_rfm_compute(as_of) where as_of is not null
    )
    select r.*, l.predicted_clv, l.p_alive
    from rfm as r
    left join mart.customer_score_latest as l using (customer_id);
end
$$;
comment on function mart.customer_rfm(date) is 'mart.customer_rfm_compute(as_of) (the stored mart.customer_rfm_current when as_of is null) with the latest predicted CLV and P(alive) beside it.';

create or replace view mart.customer_rfm as
select * from mart.customer_rfm(null);
comment on view mart.customer_rfm is 'mart.customer_rfm(as_of) at the latest data.';
comment on column mart.customer_rfm.customer_id is 'Master customer id.';
comment on column mart.customer_rfm.last_order_on is 'Date of the last order.';
comment on column mart.customer_rfm.recency_days is 'Days from the last order to the as-of date.';
comment on column mart.customer_rfm.frequency is 'Orders (distinct order ids with a purchase line).';
comment on column mart.customer_rfm.monetary is 'Net revenue (purchases less returns), base currency.';
comment on column mart.customer_rfm.r_score is 'Recency quintile, 5 = most recent; equal last order dates share one.';
comment on column mart.customer_rfm.f_score is 'Frequency score from the order-count bands (mart.rfm_bands), 5 = most orders.';
comment on column mart.customer_rfm.m_score is 'Monetary quintile, 5 = highest revenue; equal revenue shares one.';
comment on column mart.customer_rfm.segment is 'Named segment from the R × F grid in docs/marts.md.';
comment on column mart.customer_rfm.predicted_clv is 'Latest predicted CLV; null when not scored.';
comment on column mart.customer_rfm.p_alive is 'Latest probability of being alive; null when not scored.';

create or replace function mart.rfm_segments(as_of date default null)
returns table (
    segment text,
    customers bigint,
    customer_share numeric,
    revenue numeric,
    revenue_share numeric,
    average_recency_days numeric,
    average_frequency numeric,
    average_monetary numeric,
    average_predicted_clv numeric
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with rfm as (
        select * from mart.customer_rfm(as_of)
    )
    select
        segment,
        count(*),
        round(count(*) / sum(count(*)) over (), 4),
        sum(monetary),
        round(sum(monetary) / nullif(sum(sum(monetary)) over (), 0), 4),
        round(avg(recency_days), 1),
        round(avg(frequency), 2),
        round(avg(monetary), 2),
        round(avg(predicted_clv), 2)
    from rfm
    group by segment
    order by sum(monetary) desc, segment;
end
$$;
comment on function mart.rfm_segments(date) is 'Customers, revenue and averages per RFM segment as of a date.';
