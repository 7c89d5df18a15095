-- Output of the CLV models: fitted models and per-customer scores.
create table dw.clv_model (
    model_version text primary key,
    as_of date not null,
    time_unit text not null check (time_unit in ('day', 'week', 'month')),
    bgnbd_params jsonb not null,
    gamma_gamma_params jsonb,
    log_likelihood double precision not null,
    converged boolean not null,
    customers integer not null,
    fitted_at timestamptz not null default now(),
    etl_run_id bigint
);
comment on table dw.clv_model is 'Fitted BG/NBD and Gamma-Gamma models, one row per fit.';
comment on column dw.clv_model.model_version is 'Identifier of the fit, e.g. bgnbd-gg-2026-10-31-week.';
comment on column dw.clv_model.as_of is 'Calibration end date (inclusive).';
comment on column dw.clv_model.time_unit is 'Time unit of the parameters: day, week (7 days) or month (365.25/12 days).';
comment on column dw.clv_model.bgnbd_params is 'BG/NBD r, alpha, a, b in time_unit.';
comment on column dw.clv_model.gamma_gamma_params is 'Gamma-Gamma p, q, gamma.';
comment on column dw.clv_model.log_likelihood is 'BG/NBD log-likelihood at the optimum.';
comment on column dw.clv_model.converged is 'Whether the optimiser converged.';
comment on column dw.clv_model.customers is 'Customers in the calibration summary.';
comment on column dw.clv_model.fitted_at is 'When the fit ran.';
comment on column dw.clv_model.etl_run_id is 'Run that fitted the model.';

create table dw.customer_score (
    customer_id text not null,
    as_of date not null,
    model_version text not null references dw.clv_model,
    p_alive double precision not null,
    expected_purchases double precision not null,
    expected_avg_value numeric(18, 2),
    clv numeric(18, 2) not null,
    horizon_months integer not null,
    scored_at timestamptz not null default now(),
    etl_run_id bigint,
    primary key (customer_id, as_of, model_version)
);
create index customer_score_as_of on dw.customer_score (as_of);
comment on table dw.customer_score is 'Predicted value per customer and as-of date from a CLV model.';
comment on column dw.customer_score.customer_id is 'Master customer id.';
comment on column dw.customer_score.as_of is 'Date the prediction is made from.';
comment on column dw.customer_score.model_version is 'The fit used (dw.clv_model).';
comment on column dw.customer_score.p_alive is 'Probability the customer is still active (BG/NBD).';
comment on column dw.customer_score.expected_purchases is 'Expected purchases over the horizon.';
comment on column dw.customer_score.expected_avg_value is 'Expected average order value (Gamma-Gamma), base currency.';
comment on column dw.customer_score.clv is 'Discounted expected margin over the horizon, base currency.';
comment on column dw.customer_score.horizon_months is 'Horizon of expected_purchases and clv, in months.';
comment on column dw.customer_score.scored_at is 'When the score was written.';
comment on column dw.customer_score.etl_run_id is 'Run that wrote the score.';
