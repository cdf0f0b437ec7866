-- Tracking starts when a follow is accepted; the baseline (which chapter numbers were readable before that instant)
-- is taken later, when the series first shows activity (the chapter stream sees one of its chapters, or the sweep a
-- new latestUploadedChapter). Until then baseline_pending is true: tracked_since is already the line between back
-- catalogue and new chapters.
alter table manga add column baseline_pending boolean not null default false;

-- Series followed before this version but still waiting for their baseline: tracking started when their first
-- follow was accepted, so what was published since is announced when their baseline is taken.
update manga m
set tracked_since      = f.first_follow,
    last_chapter_check = f.first_follow,
    baseline_pending   = true
from (select manga_id, min(added_at) as first_follow from user_library group by manga_id) f
where f.manga_id = m.id
  and m.tracked_since is null;
