-- Multi-promotion response patterns: every campaign contact of a customer
-- numbered in the order the campaigns started, and per customer the
-- campaigns that reached them, those they responded to and the channels
-- and campaign types that led up to their first response. Both are kept
-- by crmwh refresh from mart.campaign_touch (sql/marts/23_promotion_patterns.sql);
-- definitions in docs/marts.md, "Multi-promotion response patterns".
create table mart.promotion_contact (
    customer_id text not null,
    campaign_key bigint not null,
    start_date date not null,
    channel text not null,
    campaign_type text not null,
    contact_number integer not null,
    contact_step integer not null,
    responded_at timestamptz,
    primary key (customer_id, campaign_key)
);
comment on table mart.promotion_contact is 'Each campaign contact: a treatment pair of mart.campaign_touch (control-group members were not contacted), numbered per customer in the order the campaigns started; kept by crmwh refresh.';
comment on column mart.promotion_contact.customer_id is 'Master customer id.';
comment on column mart.promotion_contact.campaign_key is 'Campaign (dw.dim_campaign).';
comment on column mart.promotion_contact.start_date is 'Campaign start (mart.campaign_touch.start_date).';
comment on column mart.promotion_contact.channel is 'The campaign''s channel (dw.dim_campaign.channel; unknown when the campaigns feed named none).';
comment on column mart.promotion_contact.campaign_type is 'The campaign''s type (dw.dim_campaign.campaign_type; unspecified when the campaigns feed named none).';
comment on column mart.promotion_contact.contact_number is '1 + the customer''s contacts by campaigns that started earlier (contacts by campaigns starting the same day share a number).';
comment on column mart.promotion_contact.contact_step is 'Position of the start date among the customer''s distinct contact start dates (1, 2, …): the steps of the channel sequences.';
comment on column mart.promotion_contact.responded_at is 'First responded interaction of the campaign by the customer; null when none.';

create table mart.customer_promotion (
    customer_id text primary key,
    campaigns_reached integer not null,
    campaigns_responded integer not null,
    first_response_at timestamptz,
    first_response_start date,
    first_response_contact integer,
    channel_path text,
    type_path text,
    path_steps integer
);
comment on table mart.customer_promotion is 'Per customer contacted by a campaign: campaigns that reached them, campaigns they responded to, and the channel and campaign type sequences up to their first response; kept by crmwh refresh from mart.promotion_contact.';
comment on column mart.customer_promotion.customer_id is 'Master customer id.';
comment on column mart.customer_promotion.campaigns_reached is 'Campaigns that contacted the customer (treatment pairs).';
comment on column mart.customer_promotion.campaigns_responded is 'Of them, campaigns the customer responded to.';
comment on column mart.customer_promotion.first_response_at is 'Earliest response to any campaign contact; null without a response.';
comment on column mart.customer_promotion.first_response_start is 'Start date of the campaign responded to first (campaigns responded to at the same instant: the earliest start).';
comment on column mart.customer_promotion.first_response_contact is 'contact_number of that campaign''s contact.';
comment on column mart.customer_promotion.channel_path is 'Channels of the last up to three contact steps ending with the first response''s step, earliest first, joined by '' > '' (a step with several campaigns: their distinct channels joined by ''+'' in name order); null without a response.';
comment on column mart.customer_promotion.type_path is 'The same steps'' campaign types (promotion_contact.campaign_type); null without a response.';
comment on column mart.customer_promotion.path_steps is 'Steps in channel_path and type_path (1 … 3).';
