-- Recency, frequency and monetary value per customer as of a date, their
-- quintile scores and the named segment (rule table in docs/marts.md).
create or replace function mart.rfm_segment(r smallint, f smallint, m smallint) returns text
language sql immutable as $$
    select case
        when r >= 4 and f >= 4 and m >= 4 then 'champions'
        when r >= 3 and f >= 4 then 'loyal'
        when r = 5 and f = 1 then 'new'
        when r = 4 and f = 1 then 'promising'
        when r >= 4 then 'potential loyalists'
        when r = 3 and f = 3 then 'need attention'
        when r = 3 then 'about to sleep'
        when f = 5 then 'can''t lose'
        when f >= 3 then 'at risk'
        when r = 2 then 'hibernating'
        else 'lost'
    end
$$;
comment on function mart.rfm_segment(smallint, smallint, smallint) is 'Named RFM segment of R, F and M quintile scores; first matching rule of the table in docs/marts.md.';

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
language sql stable as $$
    with settings as materialized (
        select coalesce(as_of, mart.default_as_of()) as as_of
    ),
    history as (
        select
            d.customer_id,
            max(d.ordered_on) filter (where d.orders > 0) as last_order_on,
            sum(d.orders)::integer as frequency,
            sum(d.revenue) as monetary
        from mart.customer_day as d, settings as s
        where d.ordered_on <= s.as_of and d.customer_id <> 'unknown'
        group by d.customer_id
        having sum(d.orders) > 0
    ),
    scored as (
        select
            h.*,
            (s.as_of - h.last_order_on) as recency_days,
            ntile(5) over (order by s.as_of - h.last_order_on desc, h.customer_id)::smallint as r_score,
            ntile(5) over (order by h.frequency, h.customer_id)::smallint as f_score,
            ntile(5) over (order by h.monetary, h.customer_id)::smallint as m_score
        from history as h, settings as s
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
        mart.rfm_segment(c.r_score, c.f_score, c.m_score)
    from scored as c
$$;
comment on function mart.customer_rfm_compute(date) is 'RFM per customer with at least one order on or before as_of (default: latest data): recency in days, frequency in orders, monetary as net revenue, quintile scores (ties broken by customer_id), segment. crmwh refresh stores it at the latest data (mart.customer_rfm_current).';


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
comment on column mart.customer_rfm_current.r_score is 'Recency quintile, 5 = most recent.';
comment on column mart.customer_rfm_current.f_score is 'Frequency quintile.';
comment on column mart.customer_rfm_current.m_score is 'Monetary quintile.';
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
language sql stable as $$
    -- Without an as-of date the refreshed table answers; the other branch
    -- is not run (a one-time filter), and the reverse with a date.
    with rfm as (
        select * from mart.customer_rfm_current where as_of is null
        union all
        select * from mart.customer_rfm_compute(as_of) where as_of is not null
    )
    select r.*, l.predicted_clv, l.p_alive
    from rfm as r
    left join mart.customer_score_latest as l using (customer_id)
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
comment on column mart.customer_rfm.r_score is 'Recency quintile, 5 = most recent.';
comment on column mart.customer_rfm.f_score is 'Frequency quintile, 5 = most orders.';
comment on column mart.customer_rfm.m_score is 'Monetary quintile, 5 = highest revenue.';
comment on column mart.customer_rfm.segment is 'Named segment from the rule table in docs/marts.md.';
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
language sql stable as $$
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
    order by sum(monetary) desc
$$;
comment on function mart.rfm_segments(date) is 'Customers, revenue and averages per RFM segment as of a date.';
