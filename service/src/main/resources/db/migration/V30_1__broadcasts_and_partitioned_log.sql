-- A million readers (docs/scaling.md). Two changes to the notification log, every existing row and id kept:
--
-- 1. A broadcast (an event for every reader: NEW_MANGA) is one row in `broadcasts`, not one row per reader. Each
--    reader's log is their own notifications merged with the broadcasts they see, by id: both take their ids from
--    one sequence under the same insert lock, so "after id N" stays one exact cursor over both. Whether a reader
--    sees a broadcast is decided when their log is read, from their settings then and the event's facts stored on
--    the row; what a reader did with one (delivered, read, retired by retention) is a `broadcast_receipts` row,
--    written only when that happens.
-- 2. `notifications` is partitioned by hash of user_id (16 partitions): a reader's catch-up reads one partition's
--    small index, and retention and vacuum work one partition at a time.

create table notifications_partitioned (
    id           bigint      not null default nextval('notifications_id_seq'),
    user_id      bigint      not null references users (id) on delete cascade,
    outbox_id    bigint,
    type         text        not null check (type in ('NEW_MANGA', 'NEW_CHAPTER', 'MANGA_UPDATE', 'STATUS_CHANGE',
                                                      'FIRST_CHAPTER')),
    manga_id     bigint      references manga (id) on delete cascade,
    payload      jsonb       not null,
    dedup_key    text        not null,
    created_at   timestamptz not null default now(),
    delivered_at timestamptz,
    read_at      timestamptz,
    primary key (user_id, id),
    unique (user_id, dedup_key)
) partition by hash (user_id);

do $$
begin
    for i in 0..15 loop
        execute format('create table notifications_p%s partition of notifications_partitioned '
                       'for values with (modulus 16, remainder %s)', i, i);
    end loop;
end
$$;

insert into notifications_partitioned (id, user_id, outbox_id, type, manga_id, payload, dedup_key, created_at,
                                       delivered_at, read_at)
select id, user_id, outbox_id, type, manga_id, payload, dedup_key, created_at, delivered_at, read_at
from notifications;

-- a channel delivery names its reader, so it can refer to a partitioned notification ((user_id, id) is its key)
-- or to a broadcast, which has no reader of its own
alter table channel_deliveries
    add column user_id      bigint,
    add column broadcast_id bigint;
update channel_deliveries d set user_id = c.user_id from channels c where c.id = d.channel_id;
alter table channel_deliveries
    alter column user_id set not null,
    alter column notification_id drop not null,
    drop constraint channel_deliveries_notification_id_fkey;

alter sequence notifications_id_seq owned by none;
drop trigger notifications_signal on notifications;
drop table notifications;
alter table notifications_partitioned rename to notifications;
alter sequence notifications_id_seq owned by notifications.id;

-- the push feed reads everybody's new rows past an id: a merge of the partitions' id indexes
create index notifications_id_idx on notifications (id);
create index notifications_undelivered_idx on notifications (user_id, id) where delivered_at is null;
-- the anti-spam window looks up a reader's recent MANGA_UPDATEs of one series; nothing else needs this index, so
-- the NEW_CHAPTERs (nearly every row) no longer pay for it on insert
create index notifications_spam_window_idx on notifications (user_id, manga_id, created_at)
    where type = 'MANGA_UPDATE';
create index notifications_retention_idx on notifications (created_at)
    where delivered_at is not null and read_at is not null;
create trigger notifications_signal after insert on notifications
    for each statement execute function mangahub_signal('mangahub_notifications');

create table broadcasts (
    id                bigint      primary key default nextval('notifications_id_seq'),
    outbox_id         bigint,
    type              text        not null check (type in ('NEW_MANGA', 'NEW_CHAPTER', 'MANGA_UPDATE',
                                                           'STATUS_CHANGE', 'FIRST_CHAPTER')),
    manga_id          bigint      references manga (id) on delete cascade,
    payload           jsonb       not null,
    -- at most one broadcast per event, whatever is retried
    dedup_key         text        not null unique,
    created_at        timestamptz not null,
    -- the event's facts the readers' rules compare with, as they were when it was broadcast; null language: any
    language          text,
    content_rating    text,
    original_language text        not null,
    demographic       text        not null,
    tags              text[]      not null
);
create trigger broadcasts_signal after insert on broadcasts
    for each statement execute function mangahub_signal('mangahub_notifications');

-- One reader's marks on one broadcast, written when they happen (most readers never have one for most broadcasts).
-- retired: retention's delete of a delivered and read row older than the cutoff, for this reader only.
create table broadcast_receipts (
    user_id      bigint      not null references users (id) on delete cascade,
    broadcast_id bigint      not null references broadcasts (id) on delete cascade,
    delivered_at timestamptz,
    read_at      timestamptz,
    retired      boolean     not null default false,
    primary key (user_id, broadcast_id)
);
create index broadcast_receipts_retention_idx on broadcast_receipts (broadcast_id)
    where delivered_at is not null and read_at is not null and not retired;

-- A reader sees the broadcasts made after they joined (as a per-reader fan-out reached the readers that existed):
-- the log's position when the reader was created. Existing readers see every broadcast (there are none yet).
create function mangahub_log_position() returns bigint language sql volatile as $$
    select case when is_called then last_value else 0 end from notifications_id_seq
$$;
alter table users add column broadcasts_after bigint not null default 0;
alter table users alter column broadcasts_after set default mangahub_log_position();

alter table channel_deliveries
    add constraint channel_deliveries_notification_fkey foreign key (user_id, notification_id)
        references notifications (user_id, id) on delete cascade,
    add constraint channel_deliveries_broadcast_fkey foreign key (broadcast_id)
        references broadcasts (id) on delete cascade,
    add constraint channel_deliveries_user_fkey foreign key (user_id) references users (id) on delete cascade,
    add constraint channel_deliveries_one_entry check (num_nonnulls(notification_id, broadcast_id) = 1),
    add constraint channel_deliveries_broadcast_channel_key unique (broadcast_id, channel_id);
