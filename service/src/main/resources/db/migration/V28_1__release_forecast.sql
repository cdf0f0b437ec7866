-- What comes next (issue 28). The release history a forecast reads is reader_chapters: one row per (series, language,
-- number) a reader can have, now with the instant that number first became readable. The baseline fills it for the
-- back catalogue from the feed it reads anyway, and every announced chapter from its own readableAt, so a forecast
-- costs MangaDex nothing more. Rows known before this version take what the stored chapters say (null when the
-- number was back catalogue, which was never stored: such a series' history starts at its next baseline or chapter).
alter table reader_chapters add column readable_at timestamptz;
update reader_chapters r
set readable_at = c.first_readable
from (select manga_id, language, coalesce(chapter, '') as number, min(readable_at) as first_readable
      from chapters where not release_pending and deleted_at is null
      group by manga_id, language, coalesce(chapter, '')) c
where c.manga_id = r.manga_id and c.language = r.language and c.number = r.number;

-- Status changes (completed, hiatus, cancelled) and the first chapter in a language are notifications of their own,
-- each with a preference to turn it off.
alter table users
    add column status_change boolean not null default true,
    add column first_chapter boolean not null default true;

alter table outbox drop constraint outbox_type_check;
alter table outbox add constraint outbox_type_check
    check (type in ('NEW_MANGA', 'NEW_CHAPTER', 'MANGA_UPDATE', 'STATUS_CHANGE', 'FIRST_CHAPTER'));
alter table notifications drop constraint notifications_type_check;
alter table notifications add constraint notifications_type_check
    check (type in ('NEW_MANGA', 'NEW_CHAPTER', 'MANGA_UPDATE', 'STATUS_CHANGE', 'FIRST_CHAPTER'));

-- a forecast reads the newest dated numbers of each followed series: an index range read, however long the series
create index reader_chapters_release_idx on reader_chapters (manga_id, readable_at desc) where readable_at is not null;

-- the sweep dates a few followed series still waiting for their baseline each run, oldest first
create index manga_baseline_pending_idx on manga (tracked_since) where baseline_pending;
