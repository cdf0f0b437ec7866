-- Chapters from MangaDex that could not be stored even after their texts were made storable: kept aside (ids and
-- why, not the data that failed) so the chapter stream's cursor moves on instead of retrying the page forever.
create table quarantined_chapters (
    mangadex_chapter_id uuid        primary key,
    mangadex_manga_id   uuid        not null,
    workflow            text        not null,
    reason              text        not null,
    attempts            integer     not null default 1,
    first_seen_at       timestamptz not null,
    last_seen_at        timestamptz not null
);

create index quarantined_chapters_last_seen_idx on quarantined_chapters (last_seen_at desc);
