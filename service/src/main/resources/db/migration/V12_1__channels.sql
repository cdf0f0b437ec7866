-- Channels: where else a reader is told (webhook, Discord, ntfy, Gotify). One row per configured target; its
-- secret (the webhook signing key, the ntfy or Gotify token) is stored for sending and never answered again after
-- creation. host is the target's host name, kept apart so the delivery worker can skip a saturated host in SQL.
create table channels (
    id                   bigserial primary key,
    user_id              bigint      not null references users (id) on delete cascade,
    kind                 text        not null check (kind in ('webhook', 'discord', 'ntfy', 'gotify', 'email')),
    config               jsonb       not null,
    secret               text,
    host                 text        not null,
    created_at           timestamptz not null,
    -- a channel that keeps failing stops being tried until its reader tests it successfully
    paused_reason        text,
    paused_at            timestamptz,
    -- a receiver's rate limit (429 Retry-After, Discord's X-RateLimit-*): nothing is sent to it before this
    hold_until           timestamptz,
    consecutive_failures integer     not null default 0,
    total_failures       bigint      not null default 0,
    last_error           text,
    last_success_at      timestamptz
);
create index channels_user_idx on channels (user_id, id);

-- One delivery per (notification, channel), written in the transaction that writes the notification, so a
-- notification committed is a delivery owed whatever crashes afterwards. Claimed with SKIP LOCKED and a lease like
-- the outbox; the unique pair is also the idempotency key receivers see (webhook-id).
create table channel_deliveries (
    id              bigserial primary key,
    notification_id bigint      not null references notifications (id) on delete cascade,
    channel_id      bigint      not null references channels (id) on delete cascade,
    status          text        not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
    attempts        integer     not null default 0,
    available_at    timestamptz not null,
    lease_until     timestamptz,
    leased_by       text,
    last_error      text,
    last_status     integer,
    created_at      timestamptz not null,
    delivered_at    timestamptz,
    unique (notification_id, channel_id)
);
create index channel_deliveries_due_idx on channel_deliveries (available_at, id) where status = 'pending';
create index channel_deliveries_dead_idx on channel_deliveries (channel_id, id) where status = 'dead';
create index channel_deliveries_channel_idx on channel_deliveries (channel_id);
