-- Retention: a periodic job deletes what has served its purpose, in small batches, oldest first. Each partial index
-- holds only the rows that may ever be deleted, so a batch reads its rows straight from the index, never the table.
create index notifications_retention_idx on notifications (created_at)
    where delivered_at is not null and read_at is not null;
create index outbox_retention_idx on outbox (processed_at) where status = 'done';
create index jobs_retention_idx on jobs (finished_at) where status in ('completed', 'failed');

-- A notification keeps its outbox id as provenance only. With a foreign key (on delete set null) deleting one done
-- event a week old would rewrite every notification it fanned out to (100,000 rows for a popular chapter), through
-- an index the fan-out insert would have to maintain; without it, deleting the event touches the outbox alone.
alter table notifications drop constraint notifications_outbox_id_fkey;

-- Roles across processes: each process says every few seconds which roles it serves; /health of any process reads
-- this to warn about a role that no live process serves. A row is "live" while its heartbeat is recent; rows of
-- processes gone for long are deleted by the processes that remain.
create table process_heartbeats (
    process_id   text primary key,
    roles        text[]      not null,
    host         text        not null,
    started_at   timestamptz not null,
    heartbeat_at timestamptz not null
);
