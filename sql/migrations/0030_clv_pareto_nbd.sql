-- A CLV fit may also use the Pareto/NBD purchase model (Schmittlein, Morrison &
-- Colombo 1987), whose parameters r, alpha, s, beta go in a column of their own.
alter table dw.clv_model
    drop constraint clv_model_params_of_its_model,
    drop constraint clv_model_purchase_model_check,
    add column paretonbd_params jsonb,
    add constraint clv_model_purchase_model_check
        check (purchase_model in ('bgnbd', 'mbgnbd', 'paretonbd')),
    add constraint clv_model_params_of_its_model check (
        (bgnbd_params is not null) = (purchase_model = 'bgnbd')
        and (mbgnbd_params is not null) = (purchase_model = 'mbgnbd')
        and (paretonbd_params is not null) = (purchase_model = 'paretonbd')
    );

comment on table dw.clv_model is
    'Fitted CLV models, one row per fit: a purchase model (BG/NBD, MBG/NBD or Pareto/NBD) and Gamma-Gamma.';
comment on column dw.clv_model.model_version is
    'Identifier of the fit, e.g. bgnbd-gg-2026-10-31-week, mbgnbd-gg-2026-10-31-week or paretonbd-gg-2026-10-31-week.';
comment on column dw.clv_model.purchase_model is
    'Purchase model of the fit: bgnbd (BG/NBD), mbgnbd (MBG/NBD, one-time buyers may have dropped out) or paretonbd (Pareto/NBD, dropout at any time).';
comment on column dw.clv_model.bgnbd_params is 'BG/NBD r, alpha, a, b in time_unit, and the fit''s diagnostics; null for another model.';
comment on column dw.clv_model.mbgnbd_params is 'MBG/NBD r, alpha, a, b in time_unit, and the fit''s diagnostics; null for another model.';
comment on column dw.clv_model.paretonbd_params is 'Pareto/NBD r, alpha, s, beta (alpha and beta in time_unit), and the fit''s diagnostics; null for another model.';
