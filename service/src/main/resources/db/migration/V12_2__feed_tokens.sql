-- Feeds: a reader's Atom, RSS and JSON Feed live at /feeds/{feedToken}.*, a secret of its own, apart from the API
-- token (a feed URL ends up in feed readers and aggregators, so leaking one must not give away the account). At most
-- one per reader: rotating replaces the row (the old URLs stop working at once), revoking deletes it. Only the
-- SHA-256 is stored, as for API tokens, so a leaked table leaks no feed.
create table feed_tokens (
    user_id    bigint primary key references users (id) on delete cascade,
    token_hash bytea       not null unique,
    created_at timestamptz not null
);
