-- A CLV fit names its purchase model: BG/NBD, or MBG/NBD (the modified BG/NBD of
-- Batislam, Denizel & Filiztekin 2007, in which a one-time buyer may have left).
-- Each model's parameters go in the column named after it; earlier fits are BG/NBD.
alter table dw.clv_model
    add column purchase_model text not null default 'bgnbd'
        check (purchase_model in ('bgnbd', 'mbgnbd')),
    add column mbgnbd_params jsonb,
    alter column bgnbd_params drop not null,
    add constraint clv_model_params_of_its_model check (
        (bgnbd_params is not null) = (purchase_model = 'bgnbd')
        and (mbgnbd_params is not null) = (purchase_model = 'mbgnbd')
    );

comment on table dw.clv_model is
    'Fitted CLV models, one row per fit: a purchase model (BG/NBD or MBG/NBD) and Gamma-Gamma.';
comment on column dw.clv_model.model_version is
    'Identifier of the fit, e.g. bgnbd-gg-2026-10-31-week or mbgnbd-gg-2026-10-31-week.';
comment on column dw.clv_model.purchase_model is
    'Purchase model of the fit: bgnbd (BG/NBD) or mbgnbd (MBG/NBD, one-time buyers may have dropped out).';
comment on column dw.clv_model.bgnbd_params is 'BG/NBD r, alpha, a, b in time_unit, and the fit''s diagnostics; null for an MBG/NBD fit.';
comment on column dw.clv_model.mbgnbd_params is 'MBG/NBD r, alpha, a, b in time_unit, and the fit''s diagnostics; null for a BG/NBD fit.';
comment on column dw.clv_model.log_likelihood is 'Log-likelihood of the purchase model at the optimum.';
comment on column dw.customer_score.p_alive is 'Probability the customer is still active (the purchase model of model_version).';
