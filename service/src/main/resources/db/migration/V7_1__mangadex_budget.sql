-- One MangaDex budget for every instance behind the same IP: MangaDex counts requests per IP, not per process.
-- A slot is one request that may be in flight or cooling down; at most `rate` slots may be claimed at once, and a
-- slot comes free one second after its request's answer (the same rule as the in-process SecondWindow), measured
-- on the database's clock so that hosts with skewed clocks still agree.
create table mangadex_budget_slots (
    slot        smallint primary key check (slot between 0 and 4),
    holder      text,
    granted_at  timestamptz,
    released_at timestamptz,
    -- a holder that died mid-request frees its slot when the lease runs out
    lease_until timestamptz
);
insert into mangadex_budget_slots (slot) select generate_series(0, 4);

-- A 429 or a ban seen by one instance pauses them all: MangaDex renews a ban with every request sent while it lasts.
create table mangadex_budget_gate (
    id           boolean primary key default true check (id),
    closed_until timestamptz not null default '-infinity',
    reason       text
);
insert into mangadex_budget_gate default values;
