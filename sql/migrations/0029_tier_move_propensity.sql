-- Tier moves (docs/marts.md "Propensity" and "Migration drivers"): the
-- propensity run also predicts, per customer, a better and a worse value
-- tier 30 days after the as-of date (targets tier_up and tier_down of
-- dw.propensity_model).
alter table dw.customer_propensity
    add column p_tier_up double precision,
    add column p_tier_down double precision;
comment on column dw.customer_propensity.p_tier_up is 'Probability of a better value tier 30 days after as_of than at it (lapsed → low, low → medium …; each date''s tiers ranked as the marts rank them); null when the run skipped the target or predates it.';
comment on column dw.customer_propensity.p_tier_down is 'Probability of a worse value tier 30 days after as_of than at it (top → high, low → lapsed …); null when skipped or predating the target.';
comment on column dw.propensity_model.target is 'What is predicted: buy_30d, buy_90d (an order within 30 or 90 days after as_of), respond_<channel> (a response on that channel within horizon_days, among customers contacted on it then), tier_up or tier_down (a better or worse value tier horizon_days after as_of than at it).';
comment on table dw.customer_propensity is 'Propensity per customer (every customer with an order on or before as_of) and as-of date: probabilities to buy, to respond per channel and to move up or down a value tier, from the models of dw.propensity_model with the same model_version.';
