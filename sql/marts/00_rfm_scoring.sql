-- RFM scores from values, never from ids: customers with equal recency,
-- frequency or monetary value share a score. R and M are quintiles of the
-- customer's position among all customers, equal values taking the
-- position of the first of them; F comes from business bands of order
-- counts (mart.settings rfm_f2_orders … rfm_f5_orders), so every one-order
-- customer has F 1. Segments follow the R × F grid in docs/marts.md.

-- Quintile 1..5 of a customer with `worse` customers strictly below them
-- among `customers`: rank() - 1, so ties share one quintile.
create or replace function mart.rfm_quintile(worse bigint, customers bigint) returns smallint
language sql immutable parallel safe as $$
    select least(5, 1 + (5 * worse) / nullif(customers, 0))::smallint
$$;
comment on function mart.rfm_quintile(bigint, bigint) is 'RFM quintile (1..5) of a customer with worse customers strictly below them among customers (rank() - 1): equal values share a quintile.';

-- mart.rfm_quintile(worse, customers) >= k exactly when worse is at least
-- this: ceil((k - 1) × customers / 5). Ranks can then come from the value
-- at that position of the sorted values instead of a rank per customer.
create or replace function mart.rfm_quintile_start(k integer, customers bigint) returns bigint
language sql immutable parallel safe as $$
    select ((k - 1) * customers + 4) / 5
$$;
comment on function mart.rfm_quintile_start(integer, bigint) is 'The least number of worse customers (rank() - 1) at which mart.rfm_quintile gives quintile k or more among customers.';

-- The cuts once came as arrays; scores now take them one by one
-- (mart.recency_score, mart.revenue_score).
drop function if exists mart.quintile_cuts(anyarray, bigint);

create or replace view mart.rfm_bands as
select
    array[
        mart.setting('rfm_f2_orders'), mart.setting('rfm_f3_orders'),
        mart.setting('rfm_f4_orders'), mart.setting('rfm_f5_orders')
    ]::integer[] as frequency_bands,
    mart.setting('rfm_new_customer_days')::integer as new_customer_days;
comment on view mart.rfm_bands is 'The RFM parameters from mart.settings: lowest order counts of F scores 2..5, and the days within which a one-order customer is new.';
comment on column mart.rfm_bands.frequency_bands is 'Lowest order counts of F scores 2, 3, 4 and 5.';
comment on column mart.rfm_bands.new_customer_days is 'A one-order customer whose order is at most this many days old is new.';

create or replace function mart.rfm_frequency_score(orders integer, bands integer[]) returns smallint
language sql immutable parallel safe as $$
    select (1 + (orders >= bands[1])::integer + (orders >= bands[2])::integer
        + (orders >= bands[3])::integer + (orders >= bands[4])::integer)::smallint
$$;
comment on function mart.rfm_frequency_score(integer, integer[]) is 'F score (1..5) of an order count against the lowest counts of scores 2..5 (mart.rfm_bands).';

-- The segment once took three scores; the ranked summary view that used
-- that form goes with it (sql/marts/11_customer_value.sql recreates it).
drop view if exists mart.customer_summary_ranked;
drop function if exists mart.rfm_segment(smallint, smallint, smallint);
create or replace function mart.rfm_segment(
    r smallint, f smallint, orders integer, recency_days integer, new_customer_days integer
) returns text
language sql immutable parallel safe as $$
    select case
        -- A first-time buyer whose order is recent is new, whatever the
        -- quintile of that recency.
        when orders = 1 and recency_days <= new_customer_days then 'new'
        when r = 5 and f >= 4 then 'champions'
        when r >= 3 and f >= 4 then 'loyal'
        when r >= 4 and f in (2, 3) then 'potential loyalists'
        when r >= 4 and f = 1 then 'promising'
        when r = 3 and f = 3 then 'need attention'
        when r = 3 then 'about to sleep'
        when f = 5 then 'can''t lose'
        when f >= 3 then 'at risk'
        else 'hibernating'
    end
$$;
comment on function mart.rfm_segment(smallint, smallint, integer, integer, integer) is 'Named RFM segment from R and F scores (the R × F grid in docs/marts.md), new for a one-order customer within new_customer_days.';
