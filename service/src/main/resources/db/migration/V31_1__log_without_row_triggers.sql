-- One chapter to 100,000 followers (docs/scaling.md). Each notification row checked its reader and its series through
-- a foreign key: a trigger per row that looked the reader up and locked their row, 0.8 s of a 3.4 s fan-out at a
-- million readers. Neither check can fail: the fan-out writes rows only for the readers and the series it has just
-- read in the same statement, and a series is never deleted. Deleting a reader deletes their log in the same
-- transaction, under the fan-out's lock (store.NotificationStore.deleteLog), which the cascade did before.
do $$
declare
    fk record;
begin
    for fk in select conname from pg_constraint
              where conrelid = 'notifications'::regclass and contype = 'f'
                and confrelid in ('users'::regclass, 'manga'::regclass) loop
        execute format('alter table notifications drop constraint %I', fk.conname);
    end loop;
end
$$;
