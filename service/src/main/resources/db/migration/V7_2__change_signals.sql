-- Wake-ups across instances: a committed outbox event or notification row signals every listening instance at once
-- (NOTIFY is delivered on commit only, and identical signals of one transaction are delivered once). Listeners still
-- poll on their own interval; a signal only makes them faster, so a missed one costs latency, never data.
create function mangahub_signal() returns trigger language plpgsql as $$
begin
    perform pg_notify(tg_argv[0], '');
    return null;
end
$$;

create trigger outbox_signal after insert on outbox
    for each statement execute function mangahub_signal('mangahub_outbox');

create trigger notifications_signal after insert on notifications
    for each statement execute function mangahub_signal('mangahub_notifications');
