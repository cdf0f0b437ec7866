-- Signing in (issue 27). Three more ways to be a reader beside the one API token of users.token_hash, each stored as
-- the SHA-256 of a secret shown once (a leaked table leaks no credential):
--   reader_sessions: a browser's session cookie, with the CSRF token its page must send on every mutating request,
--                    ending after idle_timeout without use or at its absolute expiry, whichever comes first;
--   app_tokens:      named tokens a reader makes for the CLI, a feed reader or a script, listed with their last use;
--   invitations:     single-use, expiring links the operator makes; the invited person picks a name and is signed in.
-- And OpenID Connect single sign-on: a reader linked to a provider's (issuer, subject), and the sign-ins under way
-- (their state's hash, nonce and PKCE verifier, used once, for at most ten minutes).
create table reader_sessions (
    id           bigserial primary key,
    user_id      bigint      not null references users (id) on delete cascade,
    secret_hash  bytea       not null unique,
    csrf_token   text        not null,
    created_at   timestamptz not null,
    last_seen_at timestamptz not null,
    expires_at   timestamptz not null
);
create index reader_sessions_user_idx on reader_sessions (user_id);

create table app_tokens (
    id           bigserial primary key,
    user_id      bigint      not null references users (id) on delete cascade,
    name         text        not null check (length(name) between 1 and 64),
    token_hash   bytea       not null unique,
    created_at   timestamptz not null,
    last_used_at timestamptz
);
create index app_tokens_user_idx on app_tokens (user_id);

create table invitations (
    id         bigserial primary key,
    code_hash  bytea       not null unique,
    languages  text[]      not null default '{en}',
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz,
    used_by    bigint      references users (id) on delete set null
);

create table reader_identities (
    issuer     text        not null,
    subject    text        not null,
    user_id    bigint      not null references users (id) on delete cascade,
    linked_at  timestamptz not null,
    primary key (issuer, subject)
);
create index reader_identities_user_idx on reader_identities (user_id);

create table oidc_logins (
    state_hash    bytea       primary key,
    nonce         text        not null,
    code_verifier text        not null,
    redirect_uri  text        not null,
    created_at    timestamptz not null
);

-- A session ended (sign-out, sign out everywhere, a disabled reader) or an app token revoked: every listening
-- instance checks that reader's open SSE streams and CoAP observations at once, as for a rotated token (V15_3).
create function mangahub_credential_signal() returns trigger language plpgsql as $$
begin
    perform pg_notify('mangahub_readers', old.user_id::text);
    return null;
end
$$;

create trigger reader_sessions_revocation_signal after delete on reader_sessions
    for each row execute function mangahub_credential_signal();
create trigger app_tokens_revocation_signal after delete on app_tokens
    for each row execute function mangahub_credential_signal();
