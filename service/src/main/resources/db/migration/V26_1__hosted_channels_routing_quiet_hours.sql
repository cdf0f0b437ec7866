-- issue 26: Telegram, Pushover and Apprise channels, which channels hear of which series, quiet hours per reader.
alter table channels drop constraint channels_kind_check;
alter table channels add constraint channels_kind_check
    check (kind in ('webhook', 'discord', 'ntfy', 'gotify', 'email', 'telegram', 'pushover', 'apprise', 'webpush'));

-- A reader's route for one series: exactly these of their channels hear of it (an empty list: none). Without a row
-- the series goes to the reader's channels whose config says by_default (true unless the reader said false).
create table series_channels (
    user_id     bigint   not null references users (id) on delete cascade,
    manga_id    bigint   not null references manga (id) on delete cascade,
    channel_ids bigint[] not null,
    primary key (user_id, manga_id)
);

-- Quiet hours in the reader's own time zone: channel deliveries written inside [quiet_start, quiet_end) wait for
-- its end (a start after the end wraps midnight); the log, SSE and CoAP are never held.
alter table users add column quiet_start time, add column quiet_end time, add column time_zone text;

-- When a delivery written at :now may go: now, or the end of the reader's quiet hours when now is inside them.
-- Local wall-clock arithmetic in the reader's zone, so a daylight-saving change moves the instant, not the hour.
create function quiet_until(now timestamptz, q_start time, q_end time, zone text) returns timestamptz
    language sql stable as $$
    select case
        when q_start is null or q_end is null or zone is null or q_start = q_end then now
        when (q_start < q_end and ((now at time zone zone)::time >= q_start and (now at time zone zone)::time < q_end))
          or (q_start > q_end and ((now at time zone zone)::time >= q_start or (now at time zone zone)::time < q_end))
        then case
            when ((now at time zone zone)::date + q_end) > (now at time zone zone)
            then ((now at time zone zone)::date + q_end) at time zone zone
            else (((now at time zone zone)::date + 1) + q_end) at time zone zone
        end
        else now
    end
$$;
