-- Library sources (issue 25): a reader's MangaDex account or a MangaDex list, read again periodically, and the
-- SyncYomi-compatible endpoint of their reading app.

-- Provenance: whether the reader themselves holds a follow (a follow, an import); the sources that hold it are the
-- rows of library_source_items. A follow brought only by a source has by_reader = false.
alter table user_library add column by_reader boolean not null default true;

create table library_sources (
    id              bigserial primary key,
    user_id         bigint      not null references users (id) on delete cascade,
    kind            text        not null check (kind in ('mangadex_account', 'mdlist')),
    -- what the reader sees: the account's username or the list's id; never a secret
    label           text        not null,
    list_id         uuid,
    mode            text        not null default 'follow_only' check (mode in ('follow_only', 'mirror')),
    write_back      boolean     not null default false,
    created_at      timestamptz not null,
    next_sync_at    timestamptz not null,
    last_sync_at    timestamptz,
    last_success_at timestamptz,
    last_added      integer     not null default 0,
    last_removed    integer     not null default 0,
    last_progress   integer     not null default 0,
    last_error      text,
    paused_reason   text,
    paused_at       timestamptz
);
create index library_sources_user on library_sources (user_id);
create index library_sources_due on library_sources (next_sync_at) where paused_reason is null;

-- The credentials of a source (client id and secret, password, refresh and access tokens), AES-256-GCM sealed with a
-- key kept outside the database; deleted with the source, left out of `db backup`.
create table library_source_secrets (
    source_id  bigint      primary key references library_sources (id) on delete cascade,
    sealed     bytea       not null,
    updated_at timestamptz not null
);

-- What each source listed at its last sync: the diff with the next one is what it added and removed. read_digest
-- says whether the series' read markers changed (only then are their chapters looked up).
create table library_source_items (
    source_id   bigint not null references library_sources (id) on delete cascade,
    mangadex_id uuid   not null,
    read_digest text,
    -- write-back: the progress (chapter sort key) last set as a read marker on the account, or read from it
    written_key numeric,
    primary key (source_id, mangadex_id)
);

-- SyncYomi: one key per reader (only its SHA-256 is kept: shown once), and the reader's last uploaded backup.
create table sync_keys (
    user_id    bigint      primary key references users (id) on delete cascade,
    key_hash   bytea       not null unique,
    created_at timestamptz not null
);

create table sync_contents (
    user_id     bigint      primary key references users (id) on delete cascade,
    etag        text        not null,
    content     bytea       not null,
    device_id   text,
    device_name text,
    updated_at  timestamptz not null
);

-- The scheduled run that syncs the sources that are due, one row like every recurring workflow.
insert into sync_state (workflow) values ('library_sources') on conflict do nothing;
