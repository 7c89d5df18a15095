-- The CLV report (docs/clv.md, "The CLV report"): the predicted CLV of every
-- customer scored on one day, beside their RFM segment, value tier, country and
-- acquisition channel, and the breakdowns the report shows. The scores are
-- those of the latest scoring day on or before as_of (all days when as_of is
-- null) and, on that day, of the model version scored last, as
-- mart.customer_score_latest orders them.

create or replace function mart.clv_customers(as_of date default null)
returns table (
    customer_id text,
    score_as_of date,
    model_version text,
    clv numeric,
    p_alive double precision,
    expected_purchases double precision,
    expected_avg_value numeric,
    segment text,
    value_tier text,
    tier_rank smallint,
    country text,
    acquisition_channel text
)
language plpgsql stable as $$
#variable_conflict use_column
declare
    score_day date;
    version text;
begin
    select s.as_of, s.model_version
    into score_day, version
    from dw.customer_score as s
    where s.as_of <= coalesce($1, 'infinity'::date)
    order by s.as_of desc, s.scored_at desc, s.model_version desc
    limit 1;

    return query
    with scores as (
        select cs.customer_id, cs.clv, cs.p_alive, cs.expected_purchases, cs.expected_avg_value
        from dw.customer_score as cs
        where cs.as_of = score_day and cs.model_version = version
    ),
    -- Segments and tiers as of the day asked for (the stored marts without one).
    rfm as materialized (
        select r.customer_id, r.segment from mart.customer_rfm_current as r where $1 is null
        union all
        select r.customer_id, r.segment from mart.customer_rfm_compute($1) as r where $1 is not null
    ),
    tiers as materialized (
        select v.customer_id, v.value_tier, v.tier_rank from mart.customer_value_current as v where $1 is null
        union all
        select v.customer_id, v.value_tier, v.tier_rank from mart.customer_value_compute($1) as v where $1 is not null
    )
    select
        s.customer_id,
        score_day,
        version,
        s.clv,
        s.p_alive,
        s.expected_purchases,
        s.expected_avg_value,
        coalesce(r.segment, 'none'),
        coalesce(t.value_tier, 'none'),
        t.tier_rank,
        coalesce(m.country, 'unknown'),
        coalesce(m.acquisition_channel, 'unknown')
    from scores as s
    left join rfm as r on r.customer_id = s.customer_id
    left join tiers as t on t.customer_id = s.customer_id
    left join mart.customer_market_attributes as m on m.customer_id = s.customer_id;
end
$$;
comment on function mart.clv_customers(date) is 'Per customer scored on the latest scoring day on or before as_of (the model version scored last that day): predicted CLV, P(alive), expected purchases and value, with the RFM segment and value tier as of as_of, country and acquisition channel (none/unknown when missing).';

-- One row per category of each breakdown: CLV deciles (customers ranked by CLV,
-- equal CLVs in the same decile: the decile is ceil(10 × the share of customers
-- with a CLV at least as high)), RFM segment, value tier, country, acquisition
-- channel, P(alive) band and expected-purchases band, and the total.
create or replace function mart.clv_breakdown(as_of date default null)
returns table (
    dimension text,
    category text,
    category_order bigint,
    customers bigint,
    customer_share numeric,
    total_clv numeric,
    clv_share numeric,
    mean_clv numeric,
    min_clv numeric,
    max_clv numeric,
    mean_p_alive numeric,
    mean_expected_purchases numeric,
    total_expected_purchases numeric
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with base as materialized (
        select
            c.*,
            ceil(10 * cume_dist() over (order by c.clv desc))::integer as decile,
            least(floor(c.p_alive * 10), 9)::integer as p_alive_band,
            case
                when c.expected_purchases < 0.5 then 0
                when c.expected_purchases < 1 then 1
                when c.expected_purchases < 2 then 2
                when c.expected_purchases < 5 then 3
                when c.expected_purchases < 10 then 4
                else 5
            end as purchases_band
        from mart.clv_customers($1) as c
    ),
    totals as materialized (
        select count(*) as customers, sum(clv) as clv from base
    ),
    cells as (
        select
            case
                when grouping(decile) = 0 then 'decile'
                when grouping(segment) = 0 then 'segment'
                when grouping(value_tier) = 0 then 'value_tier'
                when grouping(country) = 0 then 'country'
                when grouping(acquisition_channel) = 0 then 'acquisition_channel'
                when grouping(p_alive_band) = 0 then 'p_alive'
                when grouping(purchases_band) = 0 then 'expected_purchases'
                else 'total'
            end as dimension,
            case
                when grouping(decile) = 0 then decile::text
                when grouping(segment) = 0 then segment
                when grouping(value_tier) = 0 then value_tier
                when grouping(country) = 0 then country
                when grouping(acquisition_channel) = 0 then acquisition_channel
                when grouping(p_alive_band) = 0
                    then to_char(p_alive_band / 10.0, 'FM0.0') || '–' || to_char((p_alive_band + 1) / 10.0, 'FM0.0')
                when grouping(purchases_band) = 0
                    then (array['0–0.5', '0.5–1', '1–2', '2–5', '5–10', '10+'])[purchases_band + 1]
                else 'all'
            end as category,
            -- categories with an order of their own keep it; the others go by total CLV
            coalesce(decile, case when grouping(value_tier) = 0 then min(tier_rank) end, p_alive_band, purchases_band)
                as natural_order,
            count(*) as customers,
            sum(clv) as total_clv,
            min(clv) as min_clv,
            max(clv) as max_clv,
            avg(p_alive) as mean_p_alive,
            avg(expected_purchases) as mean_expected_purchases,
            sum(expected_purchases) as total_expected_purchases
        from base
        group by grouping sets (
            (decile), (segment), (value_tier), (country), (acquisition_channel), (p_alive_band), (purchases_band), ()
        )
    )
    select
        cells.dimension,
        cells.category,
        row_number() over (
            partition by cells.dimension
            order by cells.natural_order nulls last, cells.total_clv desc, cells.category
        ),
        cells.customers,
        round(cells.customers / nullif(totals.customers, 0)::numeric, 4),
        cells.total_clv,
        round(cells.total_clv / nullif(totals.clv, 0), 4),
        round(cells.total_clv / cells.customers, 2),
        cells.min_clv,
        cells.max_clv,
        round(cells.mean_p_alive::numeric, 4),
        round(cells.mean_expected_purchases::numeric, 3),
        round(cells.total_expected_purchases::numeric, 1)
    from cells
    cross join totals
    order by cells.dimension, 3;
end
$$;
comment on function mart.clv_breakdown(date) is 'Predicted CLV of mart.clv_customers(as_of) by decile (equal CLVs share a decile), RFM segment, value tier, country, acquisition channel, P(alive) band and expected-purchases band, and in total: customers, CLV total, share, mean, range, mean P(alive) and expected purchases.';

-- The customers with the highest predicted CLV: every customer ranked `top` or
-- better (rank(): equal CLVs share a rank, so ties at the edge are all shown).
create or replace function mart.clv_top_customers(as_of date default null, top integer default 20)
returns table (
    top_rank bigint,
    customer_id text,
    clv numeric,
    p_alive numeric,
    expected_purchases numeric,
    expected_avg_value numeric,
    segment text,
    value_tier text,
    country text,
    acquisition_channel text
)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with ranked as (
        select c.*, rank() over (order by c.clv desc) as top_rank
        from mart.clv_customers($1) as c
    )
    select
        r.top_rank, r.customer_id, r.clv, round(r.p_alive::numeric, 4), round(r.expected_purchases::numeric, 3),
        r.expected_avg_value,
        r.segment, r.value_tier, r.country, r.acquisition_channel
    from ranked as r
    where r.top_rank <= coalesce($2, 20)
    order by r.top_rank, r.customer_id;
end
$$;
comment on function mart.clv_top_customers(date, integer) is 'The customers of mart.clv_customers(as_of) ranked top or better by predicted CLV (equal CLVs share a rank), with their P(alive), expected purchases and value, segment, tier, country and acquisition channel.';
