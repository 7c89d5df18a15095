-- Campaign simulation: the type of each campaign (the campaigns feed's
-- campaign_type: the offer or purpose a campaign carries, such as discount,
-- seasonal or loyalty) and the stored predictions of the plans the
-- configuration names (simulations:), written by the nightly run.
-- Definitions in docs/marts.md, "Campaign simulation".
alter table staging.campaign add column campaign_type text;
comment on column staging.campaign.campaign_type is 'The feed''s campaign_type, lower-case: the offer or purpose of the campaign (e.g. discount, seasonal, loyalty).';

alter table dw.dim_campaign add column campaign_type text;
comment on column dw.dim_campaign.campaign_type is 'Type of the campaign as the campaigns feed names it (campaign_type, lower-case: the offer or purpose, e.g. discount, seasonal, loyalty); null when the feed gives none (campaign simulation reads it as unspecified).';

create table mart.campaign_simulation (
    plan_name text not null,
    simulated_at timestamptz not null default now(),
    etl_run_id bigint,
    as_of date not null,
    targeting text not null check (targeting in ('segments', 'value_tiers', 'propensity')),
    targets text[] not null,
    propensity_threshold numeric,
    channel text not null,
    campaign_type text not null,
    window_days integer not null,
    customers integer not null,
    cost_per_contact numeric not null,
    cost numeric not null,
    responders numeric not null,
    responders_low numeric not null,
    responders_high numeric not null,
    response_rate numeric not null,
    incremental_orders numeric,
    incremental_orders_low numeric,
    incremental_orders_high numeric,
    incremental_revenue numeric,
    incremental_revenue_low numeric,
    incremental_revenue_high numeric,
    return_on_cost numeric,
    return_on_cost_low numeric,
    return_on_cost_high numeric,
    past_campaigns integer not null,
    past_control_campaigns integer not null,
    primary key (plan_name, simulated_at)
);
comment on table mart.campaign_simulation is 'Predictions of the campaign plans named in the configuration (simulations:), one row per plan and nightly run: responders, incremental orders, incremental revenue and return on cost with 95 % intervals, learnt from the past campaigns (docs/marts.md, "Campaign simulation").';
comment on column mart.campaign_simulation.plan_name is 'The plan''s name in the configuration (simulations[].name).';
comment on column mart.campaign_simulation.simulated_at is 'When the prediction was made.';
comment on column mart.campaign_simulation.etl_run_id is 'Nightly run (etl.run) that made it; null outside a run.';
comment on column mart.campaign_simulation.as_of is 'Data the prediction used: campaigns whose response window had ended by this day, targets as of this day.';
comment on column mart.campaign_simulation.targeting is 'How the plan picks its customers: segments (RFM segments), value_tiers, or propensity (response propensity on the channel at or above a threshold).';
comment on column mart.campaign_simulation.targets is 'The RFM segments or value tiers targeted (no purchase: customers without an order); empty for a propensity plan.';
comment on column mart.campaign_simulation.propensity_threshold is 'Lowest response propensity on the channel a customer of a propensity plan has; null for the other plans.';
comment on column mart.campaign_simulation.channel is 'Channel the plan contacts on (dw.dim_campaign.channel of the campaigns it learns from).';
comment on column mart.campaign_simulation.campaign_type is 'Campaign type of the plan (dw.dim_campaign.campaign_type; unspecified: campaigns without one).';
comment on column mart.campaign_simulation.window_days is 'Response window: the order days from the start whose orders and revenue the uplift compares.';
comment on column mart.campaign_simulation.customers is 'Customers the plan contacts.';
comment on column mart.campaign_simulation.cost_per_contact is 'Cost of one contact, base currency.';
comment on column mart.campaign_simulation.cost is 'customers × cost_per_contact, base currency.';
comment on column mart.campaign_simulation.responders is 'Predicted contacted customers who respond (a responded interaction), as mart.campaign_response counts them.';
comment on column mart.campaign_simulation.responders_low is 'Lower end of the 95 % prediction interval of responders (binomial variation, the cells'' posterior uncertainty and the campaign-to-campaign variation).';
comment on column mart.campaign_simulation.responders_high is 'Upper end of that interval.';
comment on column mart.campaign_simulation.response_rate is 'responders / customers.';
comment on column mart.campaign_simulation.incremental_orders is 'Predicted orders in the window caused by contact: customers × the treatment − control difference of orders per customer, shrunk by cell; null when no past campaign had a control group.';
comment on column mart.campaign_simulation.incremental_orders_low is 'Lower end of its 95 % interval (posterior uncertainty of the cells and campaign-to-campaign variation).';
comment on column mart.campaign_simulation.incremental_orders_high is 'Upper end of that interval.';
comment on column mart.campaign_simulation.incremental_revenue is 'Predicted net revenue in the window caused by contact, base currency: customers × the treatment − control difference of revenue per customer, shrunk by cell.';
comment on column mart.campaign_simulation.incremental_revenue_low is 'Lower end of its 95 % interval.';
comment on column mart.campaign_simulation.incremental_revenue_high is 'Upper end of that interval.';
comment on column mart.campaign_simulation.return_on_cost is '(incremental_revenue − cost) / cost; null when the cost is zero.';
comment on column mart.campaign_simulation.return_on_cost_low is 'The same at incremental_revenue_low.';
comment on column mart.campaign_simulation.return_on_cost_high is 'The same at incremental_revenue_high.';
comment on column mart.campaign_simulation.past_campaigns is 'Past campaigns the response rates were learnt from (window ended by as_of).';
comment on column mart.campaign_simulation.past_control_campaigns is 'Of them, campaigns with a control group: the uplift was learnt from these.';
