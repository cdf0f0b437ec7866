package com.mangahub.sync.workflow;

import com.mangahub.sync.mangadex.AuthServer;
import com.mangahub.sync.store.SourceStore;
import com.mangahub.sync.store.SourceStore.Credentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A reader's MangaDex login for one sync: the saved access token while it has a minute left, else a refresh grant
 * (the newest refresh token Keycloak returns replaces the saved one at once, before it is used), else — only when a
 * source was just linked — the password grant, after which the password is forgotten: what stays sealed at rest is
 * the client and the refresh token. A refused grant is {@link Refused}: the source pauses with MangaDex's reason.
 */
final class AccountLogin {
    private static final Duration MARGIN = Duration.ofMinutes(1);
    private final AuthServer auth;
    private final SourceStore sources;
    private final Clock clock;

    AccountLogin(AuthServer auth, SourceStore sources, Clock clock) {
        this.auth = auth;
        this.sources = sources;
        this.clock = clock;
    }

    /** Keycloak refused a grant; {@code reason} is for the reader. */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason);
        }
    }

    /** A usable access token, refreshed or logged in as needed ({@code renew}: the saved one was refused). */
    String accessToken(long sourceId, Credentials c, boolean renew) {
        Instant now = clock.instant();
        if (!renew && c.accessToken() != null && c.accessExpiresAt() != null && c.accessExpiresAt().isAfter(now.plus(MARGIN))) {
            return c.accessToken();
        }
        AuthServer.Grant grant;
        if (c.refreshToken() != null) {
            grant = auth.refresh(c.clientId(), c.clientSecret(), c.refreshToken());
        } else if (c.password() != null) {
            grant = auth.password(c.clientId(), c.clientSecret(), c.username(), c.password());
        } else {
            throw new Refused("the saved login is gone (not restored with a backup, or never completed): link the "
                    + "account again");
        }
        return switch (grant) {
            case AuthServer.Grant.Tokens t -> {
                String refresh = t.refreshToken() != null ? t.refreshToken() : c.refreshToken();
                Credentials kept = new Credentials(c.clientId(), c.clientSecret(), c.username(), null, refresh,
                        t.accessToken(), now.plus(t.expiresIn()));
                sources.saveCredentials(sourceId, kept, now);
                yield t.accessToken();
            }
            case AuthServer.Grant.Refused r -> throw new Refused(reason(r, c.refreshToken() != null));
        };
    }

    private static String reason(AuthServer.Grant.Refused r, boolean refreshing) {
        String said = r.description().isBlank() ? r.error() : r.error() + ": " + r.description();
        return switch (r.error()) {
            case "invalid_grant" -> refreshing
                    ? "MangaDex no longer accepts the saved login (" + said + "; the session expired or was revoked): "
                            + "link the account again"
                    : "MangaDex refused the username or password (" + said + ")";
            case "unauthorized_client", "invalid_client" -> "MangaDex refused the API client (" + said + "): check the "
                    + "client id and secret, and that the client is approved in MangaDex's settings";
            default -> "MangaDex's auth server refused the login (" + said + ")";
        };
    }
}
