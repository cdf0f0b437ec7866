-- "The same chapter for a reader" is (manga, language, number). A row here means that number is known: from the
-- baseline taken when tracking started (never announced) or from a chapter that became readable afterwards
-- (announced exactly once, in the transaction that inserted this row). Other groups' uploads, re-uploads and
-- edits find their number here and stay silent.
create table reader_chapters (
    manga_id    bigint      not null references manga (id) on delete cascade,
    language    text        not null,
    -- '' for an unnumbered chapter (oneshot): a null would defeat the primary key
    number      text        not null,
    number_key  numeric,
    announced   boolean     not null,
    known_since timestamptz not null default now(),
    primary key (manga_id, language, number)
);

-- A chapter seen before its publishAt is stored with release_pending; every chapter poll releases the ones whose
-- publishAt has passed, so a delayed release notifies when it becomes readable, not before and not never.
alter table chapters add column release_pending boolean not null default false;
create index chapters_release_pending_idx on chapters (published_at) where release_pending;
