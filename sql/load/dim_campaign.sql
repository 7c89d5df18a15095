-- Merge staging.campaign into dw.dim_campaign (type 1).
insert into dw.dim_channel (channel)
select distinct channel from staging.campaign where channel is not null
on conflict (channel) do nothing;

insert into dw.dim_campaign as c (campaign_code, name, channel, start_date, end_date, cost, campaign_type, is_inferred, etl_file_id)
select distinct on (campaign_code)
    campaign_code, name, channel, start_date, end_date, cost, campaign_type, false, current_setting('crmwh.file_id')::bigint
from staging.campaign
order by campaign_code, record_no desc
on conflict (campaign_code) do update set
    name = excluded.name,
    channel = excluded.channel,
    start_date = excluded.start_date,
    end_date = excluded.end_date,
    cost = excluded.cost,
    campaign_type = excluded.campaign_type,
    is_inferred = false,
    etl_file_id = excluded.etl_file_id;
