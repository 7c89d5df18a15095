-- Propensity (crmwh score propensity, docs/marts.md "Propensity"): per target
-- (buy within 30 or 90 days, respond to a contact on a channel) an L2-penalised
-- logistic regression fitted on point-in-time features and measured on a later
-- holdout; and each customer's probabilities at an as-of date.
create table dw.propensity_model (
    model_version text not null,
    target text not null,
    as_of date not null,
    horizon_days integer not null,
    channel text,
    label text not null,
    basis text not null check (basis in ('features', 'base rate')),
    features jsonb not null,
    coefficients jsonb not null,
    penalty double precision not null,
    training_windows date[] not null,
    training_rows integer not null,
    training_positives integer not null,
    iterations integer not null,
    converged boolean not null,
    holdout_as_of date not null,
    holdout_training_windows date[] not null,
    holdout_rows integer not null,
    holdout_positives integer not null,
    holdout_auc double precision not null,
    holdout_log_loss double precision not null,
    holdout_base_rate_log_loss double precision not null,
    holdout_brier_score double precision not null,
    features_holdout_log_loss double precision not null,
    calibration jsonb not null,
    fitted_at timestamptz not null default now(),
    etl_run_id bigint,
    primary key (model_version, target)
);
comment on table dw.propensity_model is 'Fitted propensity models, one row per run (model_version) and target: features with their standardisation, coefficients, and the accuracy measured out of time.';
comment on column dw.propensity_model.model_version is 'The scoring run, e.g. logit-2026-11-30-l2_1-w3 (as-of date, penalty, training windows); its probabilities are in dw.customer_propensity under the same version.';
comment on column dw.propensity_model.target is 'What is predicted: buy_30d, buy_90d (an order within 30 or 90 days after as_of) or respond_<channel> (a response on that channel within horizon_days, among customers contacted on it then).';
comment on column dw.propensity_model.as_of is 'Date the probabilities are made from; the model saw no data after it.';
comment on column dw.propensity_model.horizon_days is 'Days after a window''s start within which the label''s event must happen.';
comment on column dw.propensity_model.channel is 'Contact channel of a respond_<channel> target; null for the buy targets.';
comment on column dw.propensity_model.label is 'The label and its population in words.';
comment on column dw.propensity_model.basis is 'features: the logistic regression on the features; base rate: the model with features did not beat the training rows'' positive share on the holdout (features_holdout_log_loss ≥ its log loss), so every customer gets that share.';
comment on column dw.propensity_model.features is 'The features the model uses, in order: [{"name", "mean", "sd"}] of the training rows (z = (x − mean) / sd); features constant in training are left out.';
comment on column dw.propensity_model.coefficients is 'Intercept and one coefficient per feature on the standardised scale: {"intercept": b0, "<feature>": b, …}; P = 1 / (1 + exp(−(b0 + Σ b·z))).';
comment on column dw.propensity_model.penalty is 'λ of the fit: it minimises −Σ log-likelihood + λ/2 · Σ b² over the standardised features, the intercept unpenalised (scikit-learn C = 1/λ).';
comment on column dw.propensity_model.training_windows is 'Start dates of the stacked training windows (features as of each, label in the horizon after it), all ending on or before as_of.';
comment on column dw.propensity_model.training_rows is 'Training rows (customer × window).';
comment on column dw.propensity_model.training_positives is 'Training rows whose label is true.';
comment on column dw.propensity_model.iterations is 'Newton iterations of the fit.';
comment on column dw.propensity_model.converged is 'Whether the fit met its tolerance (no coefficient moving by more than 1e-10 relative).';
comment on column dw.propensity_model.holdout_as_of is 'The out-of-time check''s cut-off: as_of − horizon_days. A model fitted on windows ending by it is measured on features at it and labels after it (up to as_of).';
comment on column dw.propensity_model.holdout_training_windows is 'Start dates of the windows the checked model was fitted on (the training windows one horizon earlier).';
comment on column dw.propensity_model.holdout_rows is 'Rows of the holdout.';
comment on column dw.propensity_model.holdout_positives is 'Holdout rows whose label is true.';
comment on column dw.propensity_model.holdout_auc is 'Area under the ROC curve on the holdout (a random positive ranked above a random negative; ties count one half): 0.5 for a base-rate model.';
comment on column dw.propensity_model.holdout_log_loss is 'Mean negative log-likelihood per holdout row (natural log, probabilities clipped to [1e-15, 1 − 1e-15]).';
comment on column dw.propensity_model.holdout_base_rate_log_loss is 'Log loss of predicting the holdout''s own positive share for every row: what holdout_log_loss should beat.';
comment on column dw.propensity_model.holdout_brier_score is 'Mean squared difference between probability and outcome on the holdout.';
comment on column dw.propensity_model.features_holdout_log_loss is 'Holdout log loss of the model with features, stored or not: equal to holdout_log_loss when basis is features, at least the base rate''s when basis is base rate.';
comment on column dw.propensity_model.calibration is 'Predicted against observed by decile of the holdout predictions: [{"group", "rows", "positives", "mean_predicted", "observed_rate", "min_predicted", "max_predicted"}]; equal predictions share a decile.';
comment on column dw.propensity_model.fitted_at is 'When the fit ran.';
comment on column dw.propensity_model.etl_run_id is 'Run that fitted the model.';

-- One row per customer: a long table (a row per target) took five times as
-- long to write for 200,000 customers.
create table dw.customer_propensity (
    customer_id text not null,
    as_of date not null,
    model_version text not null,
    p_buy_30d double precision,
    p_buy_90d double precision,
    p_respond jsonb,
    scored_at timestamptz not null default now(),
    etl_run_id bigint,
    primary key (customer_id, as_of, model_version)
);
create index customer_propensity_as_of on dw.customer_propensity (as_of, model_version);
comment on table dw.customer_propensity is 'Propensity per customer (every customer with an order on or before as_of) and as-of date: probabilities to buy and to respond per channel, from the models of dw.propensity_model with the same model_version.';
comment on column dw.customer_propensity.customer_id is 'Master customer id.';
comment on column dw.customer_propensity.as_of is 'Date the probabilities are made from (features use only data up to its end, reporting time zone).';
comment on column dw.customer_propensity.model_version is 'The scoring run (dw.propensity_model.model_version).';
comment on column dw.customer_propensity.p_buy_30d is 'Probability of an order within the 30 days after as_of; null when the run skipped that target (too few positives).';
comment on column dw.customer_propensity.p_buy_90d is 'Probability of an order within the 90 days after as_of; null when skipped.';
comment on column dw.customer_propensity.p_respond is 'Probability of responding when contacted, per channel: {"email": p, …}, one key per respond_<channel> model of the run; null when the run has none.';
comment on column dw.customer_propensity.scored_at is 'When the probabilities were written.';
comment on column dw.customer_propensity.etl_run_id is 'Run that wrote them.';
