package com.mangahub.sync.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole configuration, parsed and validated once at start from environment variables. Immutable; its
 * toString is safe to log (secrets print as ***). docs/configuration.md documents every key (ConfigurationPageTest holds it to that).
 */
public record Config(Storage storage, Server server, MangaDex mangadex, Sync sync, Notify notifications,
                     Operations operations, String logLevel, Channels channels, Limits limits,
                     Sources sources, SignIn signIn) {

    /**
     * Library sources (a reader's MangaDex account, MangaDex lists): MangaDex's auth server ({@code authUrl}, the
     * Keycloak realm's host: auth.mangadex.org), how often each source is read again, and the key that seals their
     * secrets (empty: a key made once in the data directory).
     */
    public record Sources(URI authUrl, Duration interval, Optional<Secret> secretKey) {
        /** The token endpoint of MangaDex's Keycloak realm on {@code authUrl}. */
        public URI tokenUrl() {
            String base = authUrl.toString().replaceAll("/+$", "");
            return URI.create(base + "/realms/mangadex/protocol/openid-connect/token");
        }
    }

    /**
     * Where data lives: the embedded PostgreSQL under {@code dataDir}, or an external server; and optionally a
     * streaming replica of it that serves the reads which tolerate lag.
     */
    public record Storage(Path dataDir, Optional<DatabaseUrl> databaseUrl, int poolSize, Optional<Replica> replica) {
        /** Without a read replica. */
        public Storage(Path dataDir, Optional<DatabaseUrl> databaseUrl, int poolSize) {
            this(dataDir, databaseUrl, poolSize, Optional.empty());
        }
    }

    /**
     * A hot standby of the primary ({@code MANGAHUB_DATABASE_REPLICA_URL}): catalogue and log pages are read there
     * while it is at most {@code maxLag} behind; otherwise, or while it is down, they are read on the primary.
     */
    public record Replica(DatabaseUrl url, Duration maxLag) {}

    /**
     * Inbound edges: HTTP (REST, SSE, health, metrics) and CoAP over UDP; {@code tokenMaxAge} is how long a reader's
     * token is accepted after it was issued or rotated (empty: until it is rotated or the reader disabled).
     */
    public record Server(String bind, int httpPort, int coapPort, Optional<Secret> adminToken,
                         Optional<Duration> tokenMaxAge, List<String> trustedProxies, String pathPrefix) {}

    /** How we talk to MangaDex: one shared rate budget, explicit content ratings, bounded bodies. */
    public record MangaDex(URI baseUrl, Optional<Secret> apiKey, double rate, Duration connectTimeout,
                           Duration requestTimeout, List<String> contentRatings, long maxBodyBytes) {
        /**
         * MangaDex's image host, where covers live: {@code uploads.mangadex.org} beside {@code api.mangadex.org}
         * (and the {@code .dev} twins); any other API base (the simulator) serves its covers itself.
         */
        public URI uploadsUrl() {
            String host = baseUrl.getHost();
            if (host != null && host.startsWith("api.mangadex.")) {
                return URI.create("https://uploads." + host.substring("api.".length()));
            }
            return baseUrl;
        }
    }

    /** The sync workflows: import size, poll intervals, languages tracked. */
    public record Sync(int initialCount, boolean importOnStart, Duration newMangaInterval, Duration chapterInterval,
                       Duration reconcileInterval, Duration overlap, List<String> languages, int workers,
                       int chapterBatchSize) {}

    /** Notification delivery: retry budget of the outbox and the anti-spam window. */
    public record Notify(int maxAttempts, Duration spamWindow) {}

    /** Running for years: which roles this process serves, and how long finished rows are kept. */
    public record Operations(Set<Role> roles, Retention retention) {
        public Operations withRoles(Set<Role> chosen) {
            return new Operations(chosen, retention);
        }
    }

    /**
     * How long rows that have served their purpose are kept: notifications delivered and read, outbox events fanned
     * out, jobs completed or failed. Unread, undelivered, pending and running rows are kept whatever their age.
     */
    public record Retention(Duration notifications, Duration outbox, Duration jobs) {}

    /**
     * Readers' channels (webhook, Discord, ntfy, Gotify): {@code allowPrivateTargets} names the hosts or addresses
     * that may be targets although they are not public (a LAN Gotify, a test receiver); {@code publicUrl} is where
     * readers reach this service, for links and cover thumbnails in messages (none: no thumbnails).
     */
    public record Channels(List<String> allowPrivateTargets, Optional<URI> publicUrl, Duration connectTimeout,
                           Duration requestTimeout, Optional<Smtp> smtp, URI telegramApi, URI pushoverApi, WebPush webPush) {}

    /**
     * Web Push's VAPID key pair from the configuration (both, base64url), or none: made once in the data directory;
     * {@code subject} is the contact push services see (mailto: or https:).
     */
    public record WebPush(Optional<String> publicKey, Optional<Secret> privateKey, String subject) {}

    /**
     * The one SMTP server every email channel sends through (the operator's, never a reader's): none configured, no
     * email channels. {@code security}: STARTTLS required, TLS from the first byte, or none (a local relay, tests).
     */
    public record Smtp(String host, int port, SmtpSecurity security, Optional<String> username, Optional<Secret> password,
                       String from) {}

    public enum SmtpSecurity { STARTTLS, TLS, NONE }

    /**
     * What one reader, one address and all of them together may hold (docs/operations-limits.md says how to size them).
     * A per-reader cap of 0 means no cap; {@code heapReservePercent} 0 turns memory admission off.
     *
     * @param sseStreamsPerReader      open SSE streams of one reader; the newest beyond it is refused (429)
     * @param coapObservationsPerReader live CoAP observations of one reader's token; beyond it 4.29
     * @param requestsPerSecond        a reader's API requests refilled per second (token bucket, 429 when empty)
     * @param requestBurst             the bucket's size: requests a reader may make at once
     * @param mangaDexWorkPerReader    a reader's requests in flight that cause MangaDex work (follows, imports)
     * @param heapReservePercent       new streams and observations are refused (503) while less than this share of
     *                                 the maximum heap would stay free
     * @param pendingPerAddress        connections of one address that have not finished their request's headers
     * @param headerTimeout            how long a connection may take to send a request's headers (then it is closed)
     * @param idleTimeout              how long a connection may stay silent in the middle of a request
     */
    public record Limits(int sseStreamsPerReader, int coapObservationsPerReader, int requestsPerSecond,
                         int requestBurst, int mangaDexWorkPerReader, int heapReservePercent, int pendingPerAddress,
                         Duration headerTimeout, Duration idleTimeout) {
        /** The defaults of an unset environment. */
        public static Limits defaults() {
            return ConfigLoader.load(Map.of()).limits();
        }
    }

    /**
     * Signing in on the web: a browser session ends after {@code sessionIdle} without use or {@code sessionMaxAge}
     * after it began, whichever comes first; an invitation is valid for {@code invitationValidity} unless its maker
     * says otherwise; {@code oidc} is the OpenID provider readers may sign in with (none: tokens and invitations only).
     */
    public record SignIn(Duration sessionIdle, Duration sessionMaxAge, Duration invitationValidity, Optional<Oidc> oidc) {}

    /**
     * OpenID Connect single sign-on: the provider's issuer (its discovery document is read from it), this service's
     * client id and secret there, and who may become a reader on first sign-in: anyone the provider vouches for, or
     * only those whose verified email is in {@code allowedEmailDomains}, and only members of {@code requiredGroup}
     * (the {@code groups} claim) when set. {@code name} labels the button on the sign-in page.
     */
    public record Oidc(URI issuer, String clientId, Secret clientSecret, List<String> allowedEmailDomains,
                       Optional<String> requiredGroup, String name) {}

    /** The same configuration serving other roles ({@code serve --role}). */
    public Config withRoles(Set<Role> roles) {
        return new Config(storage, server, mangadex, sync, notifications, operations.withRoles(roles), logLevel,
                channels, limits, sources, signIn);
    }

    /** The real environment of this process. */
    public static Config fromEnvironment() {
        return ConfigLoader.load(System.getenv());
    }

    public static Config from(Map<String, String> env) {
        return ConfigLoader.load(env);
    }
}
