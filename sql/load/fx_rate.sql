-- Merge staging.fx_rate into dw.fx_rate; a re-sent rate replaces the old one.
insert into dw.fx_rate as r (rate_date, currency, rate_to_base, etl_file_id)
select distinct on (currency, rate_date) rate_date, currency, rate_to_base, current_setting('crmwh.file_id')::bigint
from staging.fx_rate
order by currency, rate_date, record_no desc
on conflict (currency, rate_date) do update set
    rate_to_base = excluded.rate_to_base,
    etl_file_id = excluded.etl_file_id;
