-- Schemas and the audit trail every run writes.
create schema if not exists staging;
create schema if not exists dw;
create schema if not exists mart;
create schema if not exists etl;

comment on schema staging is 'Unlogged load tables at the grain of the source files; emptied per file.';
comment on schema dw is 'The star schema: conformed dimensions and facts.';
comment on schema mart is 'Views and tables that answer the customer value questions.';
comment on schema etl is 'Audit: migrations, runs, loaded files and rejected records.';

comment on table etl.schema_migration is 'Migrations applied to this warehouse, with the checksum of each file.';
comment on column etl.schema_migration.name is 'File name without .sql, e.g. 0001_schemas_and_audit.';
comment on column etl.schema_migration.checksum is 'SHA-256 of the file as applied; a changed file is refused.';
comment on column etl.schema_migration.applied_at is 'When the migration was applied.';

create table etl.run (
    run_id bigint generated always as identity primary key,
    command text not null,
    status text not null default 'running'
        check (status in ('running', 'succeeded', 'succeeded_with_rejects', 'failed', 'interrupted')),
    started_at timestamptz not null default clock_timestamp(),
    finished_at timestamptz,
    host text,
    pid integer,
    crmwh_version text,
    steps jsonb not null default '[]',
    summary jsonb not null default '{}',
    message text
);
comment on table etl.run is 'One row per crmwh command that wrote the warehouse (load, run, refresh, score).';
comment on column etl.run.run_id is 'Surrogate key of the run.';
comment on column etl.run.command is 'The command, e.g. run or load transactions.';
comment on column etl.run.status is 'running, succeeded, succeeded_with_rejects, failed or interrupted.';
comment on column etl.run.started_at is 'When the run started.';
comment on column etl.run.finished_at is 'When the run ended; null while running or after a crash.';
comment on column etl.run.host is 'Host name of the machine that ran it.';
comment on column etl.run.pid is 'Operating system process id of the run.';
comment on column etl.run.crmwh_version is 'Version of crmwh that ran it.';
comment on column etl.run.steps is 'Array of {step, started_at, seconds, counts} objects, in order.';
comment on column etl.run.summary is 'Totals: files, records read, loaded, rejected, warnings.';
comment on column etl.run.message is 'Error message of a failed run.';

create table etl.file (
    file_id bigint generated always as identity primary key,
    run_id bigint not null references etl.run,
    feed text not null,
    feed_kind text not null,
    path text not null,
    sha256 text not null,
    bytes bigint not null,
    status text not null check (status in ('loading', 'loaded', 'refused', 'failed', 'skipped', 'superseded')),
    records_read bigint not null default 0,
    records_loaded bigint not null default 0,
    records_rejected bigint not null default 0,
    warnings bigint not null default 0,
    started_at timestamptz not null default clock_timestamp(),
    finished_at timestamptz,
    message text
);
-- A file's content loads once per feed; a refused or failed attempt may be retried.
create unique index file_loaded_once on etl.file (feed_kind, sha256) where status = 'loaded';
create index file_run on etl.file (run_id);
comment on table etl.file is 'One row per input file a run looked at.';
comment on column etl.file.file_id is 'Surrogate key of the file load.';
comment on column etl.file.run_id is 'The run that loaded (or refused) the file.';
comment on column etl.file.feed is 'Feed name from the configuration, or the feed kind.';
comment on column etl.file.feed_kind is 'contacts, transactions, products, campaigns, interactions or fx_rates.';
comment on column etl.file.path is 'Path of the file as given.';
comment on column etl.file.sha256 is 'SHA-256 of the file bytes; the same content is not loaded twice.';
comment on column etl.file.bytes is 'File size in bytes.';
comment on column etl.file.status is 'loaded, refused (reject ratio exceeded), failed, skipped (already loaded), superseded (loaded again with --force).';
comment on column etl.file.records_read is 'Records read from the file.';
comment on column etl.file.records_loaded is 'Records merged into the warehouse.';
comment on column etl.file.records_rejected is 'Records rejected (see etl.reject).';
comment on column etl.file.warnings is 'Records loaded with a data quality warning.';
comment on column etl.file.started_at is 'When the load of the file started.';
comment on column etl.file.finished_at is 'When the load of the file ended.';
comment on column etl.file.message is 'Why the file was refused or failed.';

create table etl.reject (
    reject_id bigint generated always as identity primary key,
    run_id bigint not null references etl.run,
    file_id bigint not null references etl.file,
    record_no bigint not null,
    line_no bigint not null,
    severity text not null check (severity in ('reject', 'warning')),
    field text,
    value text,
    rule text not null,
    reason text not null,
    raw_record text
);
create index reject_file on etl.reject (file_id);
comment on table etl.reject is 'Records not loaded (severity reject) and records loaded with a data quality warning.';
comment on column etl.reject.reject_id is 'Surrogate key.';
comment on column etl.reject.run_id is 'The run that read the record.';
comment on column etl.reject.file_id is 'The file the record came from.';
comment on column etl.reject.record_no is '1-based record number in the file (header excluded).';
comment on column etl.reject.line_no is 'Physical line where the record starts.';
comment on column etl.reject.severity is 'reject: the record was not loaded; warning: loaded without the named attribute.';
comment on column etl.reject.field is 'Canonical field at fault, if one.';
comment on column etl.reject.value is 'The value as read.';
comment on column etl.reject.rule is 'Stable rule code, e.g. money.invalid or required.missing.';
comment on column etl.reject.reason is 'What is wrong, in words.';
comment on column etl.reject.raw_record is 'The record as read from the file.';
