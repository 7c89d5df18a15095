-- Control groups and point-in-time campaign analysis.
--
-- The interactions feed may say that a row belongs to a customer selected
-- for a campaign but held out (the control group): group = control. Files
-- without the field load as before (every row treatment).
alter table staging.interaction add column is_control boolean not null default false;
comment on column staging.interaction.is_control is 'The feed''s group is control: the customer was selected for the campaign and held out (not contacted).';

alter table dw.fact_interaction add column is_control boolean not null default false;
comment on column dw.fact_interaction.is_control is 'Row of a control-group member: selected for the campaign but held out, not contacted (the feed''s group = control); false for treatment rows and rows without a group.';

-- Each campaign × customer pair as of the day before the campaign started
-- (segment, tier), with the revenue windows the uplift compares and the
-- revenue the attribution rule credits to the pair's responses.
alter table mart.campaign_touch
    drop column responder_revenue,
    add column is_control boolean not null default false,
    add column start_date date,
    add column segment text,
    add column value_tier text,
    add column window_revenue numeric not null default 0,
    add column window_orders integer not null default 0,
    add column attributed_revenue numeric not null default 0;
comment on table mart.campaign_touch is 'Each customer a campaign selected (contacted, or held out as control): group, first response, segment and value tier the day before the campaign started, net revenue and orders in the response window after the start, revenue credited by the attribution rule; the input of mart.campaign_response_current.';
comment on column mart.campaign_touch.responded_at is 'First responded interaction of the pair; null when the customer did not respond.';
comment on column mart.campaign_touch.is_control is 'Control-group member: any of the pair''s interactions has is_control.';
comment on column mart.campaign_touch.start_date is 'Campaign start used for the profile and the window: dim_campaign.start_date, else the day of the campaign''s first interaction.';
comment on column mart.campaign_touch.segment is 'RFM segment as of the day before start_date (mart.customer_rfm_compute); no purchase when the customer had not ordered by then.';
comment on column mart.campaign_touch.value_tier is 'Value tier as of the day before start_date (mart.customer_value_compute); no purchase when the customer had not ordered by then.';
comment on column mart.campaign_touch.window_revenue is 'Net revenue (returns included) on the order days start_date … start_date + response_window_days − 1, base currency.';
comment on column mart.campaign_touch.window_orders is 'Orders with a purchase line on those days.';
comment on column mart.campaign_touch.attributed_revenue is 'Net revenue of the order lines credited to this pair''s responses: each line goes to the customer''s most recent treatment response at or before it, within response_window_days (ties: the greater campaign code); base currency.';
