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

-- The KPIs' average predicted CLV: per month, each customer's score as of
-- that month (the latest as-of date within it, then the latest scoring),
-- so a month keeps the predictions made then after later scorings.
create or replace function mart.monthly_predicted_clv()
returns table (month date, average_predicted_clv numeric)
language plpgsql stable as $$
begin
    return query
    select r.month, avg(r.clv)
    from (
        select date_trunc('month', s.as_of)::date as month, s.clv,
            row_number() over (
                partition by s.customer_id, date_trunc('month', s.as_of)
                order by s.as_of desc, s.scored_at desc, s.model_version desc) as position
        from dw.customer_score as s
    ) as r
    where r.position = 1
    group by r.month
    order by r.month;
end
$$;
comment on function mart.monthly_predicted_clv() is 'Per month with scores: the mean predicted CLV of the customers scored as of that month, each at its latest as-of date in the month (then latest scored_at, then greatest model_version).';
