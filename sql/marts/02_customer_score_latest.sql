-- The latest CLV prediction per customer, shown beside historic value.
create or replace view mart.customer_score_latest as
with ranked as (
    select
        customer_id,
        as_of,
        model_version,
        clv,
        p_alive,
        expected_purchases,
        row_number() over (partition by customer_id order by as_of desc, scored_at desc, model_version desc) as position
    from dw.customer_score
)
select
    customer_id,
    as_of,
    model_version,
    clv as predicted_clv,
    p_alive,
    expected_purchases
from ranked
where position = 1;
comment on view mart.customer_score_latest is 'Each scored customer''s latest prediction (greatest as_of, then latest scored_at, then greatest model_version).';
comment on column mart.customer_score_latest.customer_id is 'Master customer id.';
comment on column mart.customer_score_latest.as_of is 'As-of date of the prediction.';
comment on column mart.customer_score_latest.model_version is 'CLV model that made it.';
comment on column mart.customer_score_latest.predicted_clv is 'Predicted customer lifetime value, base currency.';
comment on column mart.customer_score_latest.p_alive is 'Probability the customer is still active.';
comment on column mart.customer_score_latest.expected_purchases is 'Expected purchases over the model horizon.';

create or replace function mart.default_as_of() returns date
language sql stable as $$
    select coalesce(max(ordered_on), current_date) from mart.customer_day
$$;
comment on function mart.default_as_of() is 'The as-of date of the mart views: the latest order date refreshed, else today.';
