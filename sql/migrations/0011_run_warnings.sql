-- A nightly run that loaded everything but found inbox files no feed
-- takes ends "succeeded_with_warnings" (exit 3), not "succeeded".
alter table etl.run drop constraint run_status_check;
alter table etl.run add constraint run_status_check
    check (status in ('running', 'succeeded', 'succeeded_with_rejects', 'succeeded_with_warnings', 'failed', 'interrupted'));
comment on column etl.run.status is 'running, succeeded, succeeded_with_rejects, succeeded_with_warnings (e.g. inbox files no feed takes), failed or interrupted.';
