-- Readability is judged by MangaDex's readableAt, not publishAt: a link-only chapter has a publishAt years ahead but
-- is readable from its creation. Rows stored without readableAt take what MangaDex documents it to be (the
-- publishAt, the creation time where there was none); pending chapters are released by readableAt from now on, so a
-- link-only chapter held as pending by the old rule is released (and judged) at the next chapter poll.
update chapters set readable_at = coalesce(published_at, mangadex_created_at, created_at) where readable_at is null;
alter table chapters alter column readable_at set not null;
drop index chapters_release_pending_idx;
create index chapters_release_pending_idx on chapters (readable_at) where release_pending;
