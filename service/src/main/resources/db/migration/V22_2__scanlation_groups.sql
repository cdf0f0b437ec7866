-- The scanlation groups credited on stored chapters, by id, with their latest name: what the web app's group picker
-- searches by name. Derived from chapters.groups and kept by a trigger on every chapter write (the stream, the sweep,
-- a restore alike), so a picker reads a table of groups, not every stored chapter.
create table scanlation_groups (
    id   text primary key,
    name text not null
);

insert into scanlation_groups (id, name)
select distinct on (e ->> 'id') e ->> 'id', e ->> 'name'
from chapters c cross join jsonb_array_elements(c.groups) e
where e ->> 'id' is not null and coalesce(e ->> 'name', '') <> ''
order by e ->> 'id', c.id desc;

create function remember_scanlation_groups() returns trigger language plpgsql as $$
begin
    insert into scanlation_groups (id, name)
    select distinct on (e ->> 'id') e ->> 'id', e ->> 'name'
    from jsonb_array_elements(new.groups) e
    where e ->> 'id' is not null and coalesce(e ->> 'name', '') <> ''
    order by e ->> 'id'
    on conflict (id) do update set name = excluded.name where scanlation_groups.name <> excluded.name;
    return null;
end $$;

create trigger chapters_scanlation_groups after insert or update of groups on chapters
    for each row execute function remember_scanlation_groups();
