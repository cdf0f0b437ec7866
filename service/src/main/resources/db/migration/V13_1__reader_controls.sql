-- The reader's controls. Every filter lives on users / user_library so the fan-out applies them all in its one
-- set-based insert per event (store.NotificationStore.fanOut); nothing is filtered per reader in Java, so the cost of
-- an event follows its recipients, not the number of rules they hold. An empty array means "no filter".

-- who uploaded a chapter (MangaDex's "user" relationship), for "uploaders never"
alter table chapters add column uploader uuid;
-- a reader names groups by id: this index answers "do we know this group, and what is its name" without a scan
create index chapters_groups_idx on chapters using gin (groups jsonb_path_ops);

-- reader-wide preferences (users.languages already holds the default languages)
alter table users
    add column groups_never            text[]  not null default '{}',
    add column new_manga               boolean not null default true,
    add column new_manga_ratings       text[]  not null default '{}',
    add column new_manga_languages     text[]  not null default '{}',
    add column new_manga_demographics  text[]  not null default '{}',
    add column new_manga_tags_included text[]  not null default '{}',
    add column new_manga_tags_excluded text[]  not null default '{}',
    add column manga_update            boolean not null default true,
    add column content_ratings         text[]  not null default '{}',
    add column skip_read_chapters      boolean not null default true,
    add column read_advances_progress  boolean not null default true;

-- per-series settings and reading progress; languages null = the reader's default languages
alter table user_library
    add column languages           text[],
    add column groups_only         text[]  not null default '{}',
    add column groups_never        text[]  not null default '{}',
    add column uploaders_never     text[]  not null default '{}',
    add column muted               boolean not null default false,
    add column progress            text,
    add column progress_key        numeric,
    add column progress_updated_at timestamptz;
