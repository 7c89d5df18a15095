-- The customers a propensity plan of campaign simulation can draw from:
-- those whose probability to respond on the channel (dw.customer_propensity,
-- crmwh score propensity) is at least the threshold, counted per RFM
-- segment and probability. Installed with the marts.

create or replace function mart.simulation_propensity_targets(
    channel text, threshold double precision, propensity_as_of date, propensity_model text, as_of date default null
)
returns table (cell text, probability double precision, customers bigint)
language plpgsql stable as $$
#variable_conflict use_column
begin
    return query
    with profiles as materialized (
        select s.customer_id, s.segment
        from mart.customer_summary as s
        where simulation_propensity_targets.as_of is null and s.orders > 0
        union all
        select p.customer_id, p.segment
        from mart.campaign_profile(simulation_propensity_targets.as_of) as p
        where simulation_propensity_targets.as_of is not null
    ),
    scored as (
        select c.customer_id, (c.p_respond ->> simulation_propensity_targets.channel)::double precision as probability
        from dw.customer_propensity as c
        where c.as_of = propensity_as_of and c.model_version = propensity_model and c.p_respond ? simulation_propensity_targets.channel
    )
    select coalesce(p.segment, 'no purchase'), s.probability, count(*)
    from scored as s
    left join profiles as p on p.customer_id = s.customer_id
    where s.probability >= threshold
    group by coalesce(p.segment, 'no purchase'), s.probability
    order by s.probability desc, 1;
end
$$;
comment on function mart.simulation_propensity_targets(text, double precision, date, text, date) is 'Customers whose response propensity on channel (dw.customer_propensity.p_respond of the given as-of date and model version) is at least threshold, counted per RFM segment as of as_of (null: the latest refreshed data) and probability.';
