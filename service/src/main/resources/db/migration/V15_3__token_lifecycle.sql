-- Token lifecycle (issue 15): a reader's token can be rotated (a new hash, a new issue time) and can expire (a
-- configurable age counted from token_issued_at); the operator can disable a reader (disabled_at) or delete it.
alter table users add column token_issued_at timestamptz;
update users set token_issued_at = created_at;
alter table users alter column token_issued_at set not null;
alter table users alter column token_issued_at set default now();
alter table users add column disabled_at timestamptz;

-- A rotated token, a disabled or deleted reader: every listening instance cuts that reader's open SSE streams and
-- CoAP observations at once (the payload is the reader's id). Instances also re-check every open session
-- periodically, so a signal lost with a connection costs time, never a revocation.
create function mangahub_reader_signal() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        perform pg_notify('mangahub_readers', old.id::text);
    elsif new.token_hash <> old.token_hash or new.disabled_at is distinct from old.disabled_at then
        perform pg_notify('mangahub_readers', new.id::text);
    end if;
    return null;
end
$$;

create trigger users_revocation_signal after update or delete on users
    for each row execute function mangahub_reader_signal();
