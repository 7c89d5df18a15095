-- Channel interaction patterns (docs/marts.md, "Channel interaction
-- patterns"): when and on which channel customers are contacted, respond
-- and opt out, each customer's preferred channel and best hour, and
-- contact pressure against opt-outs per channel.

-- Settings that are not numbers. The reporting time zone is the
-- configuration's warehouse.reporting_time_zone, written by crmwh refresh:
-- hours of day, weekdays and months of interactions are taken there.
create table mart.text_settings (
    name text primary key,
    value text not null,
    description text not null
);
comment on table mart.text_settings is 'Parameters of the marts that are text (the reporting time zone), written by crmwh refresh from the configuration; a changed value makes that refresh rebuild every mart.';
comment on column mart.text_settings.name is 'Parameter name, e.g. reporting_time_zone.';
comment on column mart.text_settings.value is 'Parameter value.';
comment on column mart.text_settings.description is 'What the parameter means.';
insert into mart.text_settings (name, value, description) values
    ('reporting_time_zone', 'UTC',
     'IANA time zone (warehouse.reporting_time_zone) whose clock gives the hour of day, weekday and month of an interaction.');

-- The frequency cap report contact_patterns suggests (crmwh refresh writes
-- the configuration's values over these defaults; reports read them).
insert into mart.settings (name, value, description) values
    ('contact_cap_opt_out_rate', 0.01,
     'Opt-out rate (customer-months with an unsubscribe on a channel / customer-months contacted on it) below which a contact pressure lies within the suggested cap.'),
    ('contact_cap_min_customer_months', 30,
     'Customer-months a contact pressure needs before the suggested cap judges its opt-out rate.')
on conflict (name) do nothing;

create function mart.text_setting(setting_name text) returns text
language sql stable as $$
    select value from mart.text_settings where name = setting_name
$$;
comment on function mart.text_setting(text) is 'The value of one text parameter of the marts from mart.text_settings.';

-- Per customer, month (reporting time zone) and interaction channel: the
-- contact pressure and the fatigue curves read these counts.
create table mart.customer_contact_month (
    customer_id text not null,
    month date not null,
    channel text not null,
    interactions integer not null,
    contacts integer not null,
    responses integer not null,
    opt_outs integer not null,
    primary key (customer_id, month, channel)
);
comment on table mart.customer_contact_month is 'Interactions (control-group rows left out) per customer, month and channel: the input of contact pressure (mart.contact_pressure) and of the fatigue curve (mart.contact_frequency). Kept by crmwh refresh for the customers with new interactions.';
comment on column mart.customer_contact_month.customer_id is 'Master customer id.';
comment on column mart.customer_contact_month.month is 'First day of the month of the interactions in the reporting time zone (mart.text_settings).';
comment on column mart.customer_contact_month.channel is 'Interaction channel: the row''s own channel, else its campaign''s, else unknown.';
comment on column mart.customer_contact_month.interactions is 'Interactions of any type.';
comment on column mart.customer_contact_month.contacts is 'Contacts made: sent interactions.';
comment on column mart.customer_contact_month.responses is 'responded interactions.';
comment on column mart.customer_contact_month.opt_outs is 'unsubscribe interactions.';

-- Per customer: interactions by when they happened (reporting time zone),
-- channel, type and campaign, with the outcome of each contact.
create table mart.customer_contact_hour (
    customer_id text not null,
    month date not null,
    campaign_key bigint not null,
    channel text not null,
    interaction_type text not null,
    weekday smallint not null,
    hour smallint not null,
    interactions integer not null,
    answered_contacts integer not null,
    opted_out_contacts integer not null,
    primary key (customer_id, month, campaign_key, channel, interaction_type, weekday, hour)
);
comment on table mart.customer_contact_hour is 'Interactions (control-group rows left out) per customer, month, campaign, channel, type, weekday and hour of day in the reporting time zone, with how many of the contacts (sent) a response and an opt-out answered: the input of mart.contact_pattern_current. Kept by crmwh refresh for the customers with new interactions.';
comment on column mart.customer_contact_hour.customer_id is 'Master customer id.';
comment on column mart.customer_contact_hour.month is 'First day of the month of the interactions (reporting time zone).';
comment on column mart.customer_contact_hour.campaign_key is 'Campaign of the interactions; -1 for none.';
comment on column mart.customer_contact_hour.channel is 'Interaction channel: the row''s own channel, else its campaign''s, else unknown.';
comment on column mart.customer_contact_hour.interaction_type is 'sent, opened, clicked, responded, call, visit, complaint or unsubscribe.';
comment on column mart.customer_contact_hour.weekday is 'ISO day of the week in the reporting time zone: 1 Monday … 7 Sunday.';
comment on column mart.customer_contact_hour.hour is 'Hour of day in the reporting time zone, 0 … 23.';
comment on column mart.customer_contact_hour.interactions is 'Interactions.';
comment on column mart.customer_contact_hour.answered_contacts is 'Of the sent interactions, those a responded interaction answers (docs/marts.md: the latest contact of the same campaign, or without a campaign of none on the same channel, at or before the response); 0 for other types.';
comment on column mart.customer_contact_hour.opted_out_contacts is 'Of the sent interactions, those an unsubscribe answers (the same rule); 0 for other types.';

-- Per customer: the channel and hour of day they respond on most.
create table mart.customer_contact_preference (
    customer_id text primary key,
    interactions integer not null,
    contacts integer not null,
    responses integer not null,
    opt_outs integer not null,
    last_response_at timestamptz,
    preferred_channel text,
    preferred_channel_responses integer,
    best_hour smallint,
    best_hour_responses integer,
    no_preference_reason text
);
comment on table mart.customer_contact_preference is 'Each customer with an interaction (control-group rows left out): the channel they responded on most and, on it, the hour of day (reporting time zone) they responded at most; ties and customers without responses as docs/marts.md says. Kept by crmwh refresh for the customers with new interactions; read mart.contact_preference for every customer.';
comment on column mart.customer_contact_preference.customer_id is 'Master customer id.';
comment on column mart.customer_contact_preference.interactions is 'Interactions of any type.';
comment on column mart.customer_contact_preference.contacts is 'Contacts made (sent).';
comment on column mart.customer_contact_preference.responses is 'responded interactions.';
comment on column mart.customer_contact_preference.opt_outs is 'unsubscribe interactions.';
comment on column mart.customer_contact_preference.last_response_at is 'Time of the latest response; null without one.';
comment on column mart.customer_contact_preference.preferred_channel is 'Channel with the most responses; equal counts: the channel of the latest response among them; null without responses or when the latest responses of the tied channels fall at the same instant.';
comment on column mart.customer_contact_preference.preferred_channel_responses is 'Responses on the preferred channel.';
comment on column mart.customer_contact_preference.best_hour is 'Hour of day (reporting time zone, 0 … 23) with the most responses on the preferred channel; equal counts: the hour of the latest of them; null without a preferred channel.';
comment on column mart.customer_contact_preference.best_hour_responses is 'Responses on the preferred channel in the best hour.';
comment on column mart.customer_contact_preference.no_preference_reason is 'Why preferred_channel is null: no responses, or tied channels; null when there is a preference.';

-- The channel each campaign lends its interactions that name none, as the
-- stored tables used it: a campaign whose channel changes recomputes its
-- customers.
create table mart.contact_campaign_channel (
    campaign_key bigint primary key,
    channel text not null
);
comment on table mart.contact_campaign_channel is 'Channel of each campaign (dim_campaign.channel, lower-case, unknown when empty) as the stored contact tables used it for interactions without a channel of their own; a refresh recomputes the customers of campaigns whose channel changed since.';
comment on column mart.contact_campaign_channel.campaign_key is 'Campaign.';
comment on column mart.contact_campaign_channel.channel is 'The campaign''s channel when the contact tables were last written.';
