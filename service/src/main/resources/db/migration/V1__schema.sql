-- MangaHub Sync schema. Timestamps are timestamptz; MangaDex ids are uuid with unique constraints;
-- chapter numbers are text (as MangaDex sends them: "6.5", null) plus a numeric sort key.

create table manga (
    id                      bigserial primary key,
    mangadex_id             uuid        not null unique,
    slug                    text        not null unique
        check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title                   text        not null,
    alt_titles              jsonb       not null default '[]',
    authors                 text[]      not null default '{}',
    artists                 text[]      not null default '{}',
    status                  text,
    demographic             text,
    year                    integer,
    content_rating          text,
    original_language       text,
    description             text,
    cover_file              text,
    cover_url               text,
    -- the newest chapter we know of (by number, in the tracked languages); never MangaDex's lastChapter
    latest_chapter          text,
    latest_chapter_key      numeric,
    -- MangaDex's change signal: id of the latest uploaded chapter, compared by the reconciliation sweep
    latest_uploaded_chapter uuid,
    -- MangaDex's lastChapter: the FINAL chapter of an ended series, filled in by editors
    final_chapter           text,
    mangadex_created_at     timestamptz,
    mangadex_updated_at     timestamptz,
    mangadex_version        integer,
    -- when we started tracking its chapters (baseline taken); null = catalogue only
    tracked_since           timestamptz,
    last_synced_at          timestamptz,
    last_chapter_check      timestamptz,
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now()
);
create index manga_last_synced_at_idx on manga (last_synced_at);
create index manga_last_chapter_check_idx on manga (last_chapter_check);
create index manga_mangadex_created_at_idx on manga (mangadex_created_at);
create index manga_tracked_idx on manga (tracked_since) where tracked_since is not null;
create index manga_title_lower_idx on manga (lower(title) text_pattern_ops);

-- all tag groups are kept (genre, theme, format, content); genres are the 'genre' group
create table tags (
    id        uuid primary key,
    name      text not null,
    tag_group text not null
);
create table manga_tags (
    manga_id bigint not null references manga (id) on delete cascade,
    tag_id   uuid   not null references tags (id) on delete cascade,
    primary key (manga_id, tag_id)
);
create index manga_tags_tag_idx on manga_tags (tag_id);
create view genres as
    select id, name from tags where tag_group = 'genre';
create view manga_genres as
    select mt.manga_id, mt.tag_id as genre_id
    from manga_tags mt join tags t on t.id = mt.tag_id
    where t.tag_group = 'genre';

create table chapters (
    id                  bigserial primary key,
    mangadex_chapter_id uuid        not null unique,
    manga_id            bigint      not null references manga (id) on delete cascade,
    language            text        not null,
    chapter             text,
    chapter_key         numeric,
    volume              text,
    title               text,
    pages               integer     not null default 0,
    external_url        text,
    -- scanlation groups credited: [{"id": uuid, "name": text}], up to 5
    groups              jsonb       not null default '[]',
    published_at        timestamptz,
    readable_at         timestamptz,
    mangadex_created_at timestamptz,
    mangadex_updated_at timestamptz,
    mangadex_version    integer,
    deleted_at          timestamptz,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);
create index chapters_published_at_idx on chapters (published_at);
create index chapters_manga_lang_key_idx on chapters (manga_id, language, chapter_key);

create table sync_state (
    workflow        text primary key,
    status          text        not null default 'idle'
        check (status in ('idle', 'running', 'completed', 'error')),
    last_run_at     timestamptz,
    last_success_at timestamptz,
    cursor          text,
    error_message   text,
    metadata        jsonb       not null default '{}',
    updated_at      timestamptz not null default now()
);
insert into sync_state (workflow) values
    ('initial_sync'), ('new_manga_poll'), ('chapter_check'), ('reconcile');

create table users (
    id         bigserial primary key,
    name       text        not null unique,
    -- SHA-256 of the API token; the token itself is shown once and never stored
    token_hash bytea       not null unique,
    languages  text[]      not null default '{en}',
    created_at timestamptz not null default now()
);

create table user_library (
    user_id  bigint      not null references users (id) on delete cascade,
    manga_id bigint      not null references manga (id) on delete cascade,
    added_at timestamptz not null default now(),
    primary key (user_id, manga_id)
);
create index user_library_manga_idx on user_library (manga_id);

-- events written in the same transaction as the change that caused them; the dispatcher fans them out
create table outbox (
    id           bigserial primary key,
    type         text        not null check (type in ('NEW_MANGA', 'NEW_CHAPTER', 'MANGA_UPDATE')),
    manga_id     bigint      references manga (id) on delete cascade,
    payload      jsonb       not null,
    -- the same event written twice (a retried poll, a repeated trigger) is one row
    dedup_key    text        unique,
    status       text        not null default 'pending' check (status in ('pending', 'done', 'dead')),
    attempts     integer     not null default 0,
    available_at timestamptz not null default now(),
    lease_until  timestamptz,
    leased_by    text,
    last_error   text,
    created_at   timestamptz not null default now(),
    processed_at timestamptz
);
create index outbox_pending_idx on outbox (available_at) where status = 'pending';

create table notifications (
    id           bigserial primary key,
    user_id      bigint      not null references users (id) on delete cascade,
    outbox_id    bigint      references outbox (id) on delete set null,
    type         text        not null check (type in ('NEW_MANGA', 'NEW_CHAPTER', 'MANGA_UPDATE')),
    manga_id     bigint      references manga (id) on delete cascade,
    payload      jsonb       not null,
    -- exactly one notification per user per event, whatever is retried
    dedup_key    text        not null,
    created_at   timestamptz not null default now(),
    delivered_at timestamptz,
    read_at      timestamptz,
    unique (user_id, dedup_key)
);
create index notifications_user_id_idx on notifications (user_id, id);
create index notifications_undelivered_idx on notifications (user_id, id) where delivered_at is null;

create table jobs (
    id           uuid primary key,
    kind         text        not null,
    params       jsonb       not null default '{}',
    status       text        not null default 'pending'
        check (status in ('pending', 'running', 'completed', 'failed')),
    progress     jsonb,
    result       jsonb,
    error        text,
    claimed_by   text,
    lease_until  timestamptz,
    submitted_at timestamptz not null default now(),
    started_at   timestamptz,
    finished_at  timestamptz
);
create index jobs_pending_idx on jobs (submitted_at) where status = 'pending';
