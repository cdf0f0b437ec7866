package com.mangahub.sync.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@link Config} from environment variables; the design documents' names are accepted as aliases. */
final class ConfigLoader {
    static final double MANGADEX_MAX_RATE = 5.0;
    private static final Set<String> CONTENT_RATINGS = Set.of("safe", "suggestive", "erotica", "pornographic");
    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    private ConfigLoader() {}

    static Config load(Map<String, String> vars) {
        Env env = new Env(vars);
        return new Config(storage(env), server(env), mangadex(env), sync(env), notify(env), operations(env),
                logLevel(env), channels(env), limits(env), sources(env), signIn(env));
    }

    /**
     * MangaDex's auth server is another host than its API; against any other API base (the simulator) the default is
     * that base, which then serves the token endpoint too.
     */
    private static Config.Sources sources(Env env) {
        URI api = env.httpUri("https://api.mangadex.org", "MANGAHUB_MANGADEX_URL", "MANGADEX_API_URL");
        String host = api.getHost();
        String derived = host.startsWith("api.mangadex.") ? "https://auth." + host.substring("api.".length())
                : api.toString();
        URI auth = env.httpUri(derived, "MANGAHUB_MANGADEX_AUTH_URL");
        Duration interval = env.duration(Duration.ofMinutes(15), Duration.ofSeconds(1), "MANGAHUB_SOURCE_INTERVAL");
        Optional<Secret> key = env.lookup("MANGAHUB_SECRET_KEY").map(e -> {
            byte[] bytes;
            try {
                bytes = java.util.Base64.getDecoder().decode(e.getValue().strip());
            } catch (IllegalArgumentException bad) {
                throw new ConfigException(e.getKey(), "must be base64 (make one with: head -c 32 /dev/urandom | base64)");
            }
            if (bytes.length != 32) throw new ConfigException(e.getKey(), "must be base64 of 32 bytes, got " + bytes.length);
            return new Secret(e.getValue().strip());
        });
        return new Config.Sources(auth, interval, key);
    }

    /**
     * A session lasts two weeks of not being used and 30 days at most: a reader on one device signs in about once a
     * month, and a stolen cookie stops working within that. Invitations last a week, time enough to read a mail.
     */
    private static Config.SignIn signIn(Env env) {
        Duration idle = env.duration(Duration.ofDays(14), Duration.ofMinutes(5), "MANGAHUB_SESSION_IDLE_TIMEOUT");
        Duration max = env.duration(Duration.ofDays(30), Duration.ofMinutes(5), "MANGAHUB_SESSION_MAX_AGE");
        Duration invitation = env.duration(Duration.ofDays(7), Duration.ofMinutes(1), "MANGAHUB_INVITATION_VALIDITY");
        return new Config.SignIn(idle, max, invitation, oidc(env));
    }

    /** All three of issuer, client id and secret, or none: half a provider is a mistake worth stopping for. */
    private static Optional<Config.Oidc> oidc(Env env) {
        var issuer = env.lookup("MANGAHUB_OIDC_ISSUER");
        var clientId = env.optionalString("MANGAHUB_OIDC_CLIENT_ID");
        var secret = env.optionalString("MANGAHUB_OIDC_CLIENT_SECRET");
        if (issuer.isEmpty() && clientId.isEmpty() && secret.isEmpty()) return Optional.empty();
        if (issuer.isEmpty() || clientId.isEmpty() || secret.isEmpty()) {
            String missing = issuer.isEmpty() ? "MANGAHUB_OIDC_ISSUER" : clientId.isEmpty() ? "MANGAHUB_OIDC_CLIENT_ID"
                    : "MANGAHUB_OIDC_CLIENT_SECRET";
            throw new ConfigException(missing, "OpenID sign-in needs MANGAHUB_OIDC_ISSUER, MANGAHUB_OIDC_CLIENT_ID and "
                    + "MANGAHUB_OIDC_CLIENT_SECRET together");
        }
        URI uri = env.httpUri("", "MANGAHUB_OIDC_ISSUER");
        List<String> domains = env.list(List.of(), "MANGAHUB_OIDC_ALLOWED_EMAIL_DOMAINS").stream()
                .map(d -> d.strip().toLowerCase(java.util.Locale.ROOT)).toList();
        Optional<String> group = env.optionalString("MANGAHUB_OIDC_REQUIRED_GROUP").map(String::strip);
        String name = env.string("single sign-on", "MANGAHUB_OIDC_NAME");
        return Optional.of(new Config.Oidc(uri, clientId.get(), new Secret(secret.get()), domains, group, name));
    }

    /**
     * Per-reader caps sized for a person with a few devices (a browser tab or app per device holds one stream and one
     * observation), request rates far above what the page and the CLI make, and memory admission that keeps a fifth
     * of the heap free (what a burst of ordinary work needs while streams are refused).
     */
    private static Config.Limits limits(Env env) {
        int sse = env.integer(10, 0, 1_000_000, "MANGAHUB_MAX_SSE_STREAMS_PER_READER");
        int coap = env.integer(10, 0, 1_000_000, "MANGAHUB_MAX_COAP_OBSERVATIONS_PER_READER");
        int rate = env.integer(20, 0, 1_000_000, "MANGAHUB_READER_REQUESTS_PER_SECOND");
        int burst = env.integer(60, 1, 1_000_000, "MANGAHUB_READER_REQUEST_BURST");
        int work = env.integer(2, 0, 1_000, "MANGAHUB_MAX_MANGADEX_WORK_PER_READER");
        int reserve = env.integer(20, 0, 90, "MANGAHUB_HEAP_RESERVE_PERCENT");
        int pending = env.integer(100, 1, 1_000_000, "MANGAHUB_MAX_PENDING_CONNECTIONS_PER_ADDRESS");
        Duration header = env.duration(Duration.ofSeconds(10), Duration.ofMillis(100), "MANGAHUB_HTTP_HEADER_TIMEOUT");
        // above the SSE heartbeat (15 s): a shorter one would end every quiet event stream between two heartbeats
        Duration idle = env.duration(Duration.ofSeconds(30), Duration.ofSeconds(20), "MANGAHUB_HTTP_IDLE_TIMEOUT");
        return new Config.Limits(sse, coap, rate, burst, work, reserve, pending, header, idle);
    }

    private static Config.Storage storage(Env env) {
        Path home = Path.of(System.getProperty("user.home"));
        Path dataDir = env.path(home.resolve(".mangahub"), "MANGAHUB_DATA_DIR");
        var url = env.lookup("MANGAHUB_DATABASE_URL", "DATABASE_URL")
                .map(e -> DatabaseUrl.parse(e.getKey(), e.getValue()));
        int pool = env.integer(10, 2, 200, "MANGAHUB_DB_POOL_SIZE");
        var replicaUrl = env.lookup("MANGAHUB_DATABASE_REPLICA_URL")
                .map(e -> DatabaseUrl.parse(e.getKey(), e.getValue()));
        // a second's lag is normal on a busy standby; ten keeps reads there through bursts yet bounds how stale a page is
        Duration maxLag = env.duration(Duration.ofSeconds(10), Duration.ofMillis(100),
                "MANGAHUB_DATABASE_REPLICA_MAX_LAG");
        return new Config.Storage(dataDir.toAbsolutePath().normalize(), url, pool,
                replicaUrl.map(u -> new Config.Replica(u, maxLag)));
    }

    private static Config.Server server(Env env) {
        String bind = env.string("127.0.0.1", "MANGAHUB_BIND");
        int http = env.integer(8080, 0, 65535, "MANGAHUB_HTTP_PORT");
        int coap = env.integer(5683, 0, 65535, "MANGAHUB_COAP_PORT");
        var admin = env.lookup("MANGAHUB_ADMIN_TOKEN").map(e -> {
            if (e.getValue().length() < 16) {
                throw new ConfigException(e.getKey(), "must be at least 16 characters long");
            }
            return new Secret(e.getValue());
        });
        // no expiry by default: rotation and disabling revoke at once, and `listen` or a script keeps one token for years
        Optional<Duration> tokenMaxAge = env.lookup("MANGAHUB_TOKEN_MAX_AGE").isEmpty() ? Optional.empty()
                : Optional.of(env.duration(Duration.ZERO, Duration.ofMinutes(1), "MANGAHUB_TOKEN_MAX_AGE"));
        List<String> proxies = env.list(List.of(), "MANGAHUB_TRUSTED_PROXIES");
        for (String proxy : proxies) {
            if (!proxy.matches("[0-9a-fA-F:.]+")) {
                throw new ConfigException("MANGAHUB_TRUSTED_PROXIES", "not an IP address: '" + proxy + "' (list the "
                        + "proxies' addresses, e.g. 127.0.0.1,::1)");
            }
        }
        String prefix = env.string("", "MANGAHUB_PATH_PREFIX").strip().replaceAll("/+$", "");
        if (!prefix.isEmpty() && !prefix.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw new ConfigException("MANGAHUB_PATH_PREFIX", "expected a path such as /manga, got '" + prefix + "'");
        }
        return new Config.Server(bind, http, coap, admin, tokenMaxAge, proxies, prefix);
    }

    private static Config.MangaDex mangadex(Env env) {
        var base = env.httpUri("https://api.mangadex.org", "MANGAHUB_MANGADEX_URL", "MANGADEX_API_URL");
        var apiKey = env.optionalString("MANGADEX_API_KEY").flatMap(Secret::ofNullable);
        // MangaDex allows about 5 req/s per IP for the whole API; above that it bans, so 5 is a hard ceiling.
        double rate = env.decimal(4.0, 0.0, MANGADEX_MAX_RATE, "MANGADEX_RATE", "MANGAHUB_MANGADEX_RATE");
        Duration connect = env.duration(Duration.ofSeconds(10), Duration.ofMillis(100), "MANGADEX_CONNECT_TIMEOUT");
        Duration request = env.duration(Duration.ofSeconds(30), Duration.ofMillis(100), "MANGADEX_REQUEST_TIMEOUT");
        List<String> ratings = env.list(List.of("safe", "suggestive", "erotica", "pornographic"),
                "MANGAHUB_CONTENT_RATINGS");
        for (String r : ratings) {
            if (!CONTENT_RATINGS.contains(r)) {
                throw new ConfigException("MANGAHUB_CONTENT_RATINGS", "unknown content rating '" + r
                        + "' (known: safe, suggestive, erotica, pornographic)");
            }
        }
        int maxBodyMb = env.integer(16, 1, 1024, "MANGADEX_MAX_BODY_MB");
        return new Config.MangaDex(base, apiKey, rate, connect, request, ratings, maxBodyMb * 1024L * 1024L);
    }

    private static Config.Sync sync(Env env) {
        int initial = env.integer(200, 0, 10_000_000, "MANGA_SYNC_INITIAL_COUNT", "INITIAL_SYNC_LIMIT");
        boolean importOnStart = env.bool(true, "MANGAHUB_IMPORT_ON_START");
        Duration newManga = env.duration(Duration.ofMinutes(5), Duration.ofSeconds(1),
                "MANGAHUB_NEW_MANGA_INTERVAL", "NEW_MANGA_POLL_INTERVAL");
        Duration chapters = env.duration(Duration.ofMinutes(1), Duration.ofSeconds(1),
                "MANGAHUB_CHAPTER_INTERVAL", "CHAPTER_CHECK_INTERVAL");
        Duration reconcile = env.duration(Duration.ofHours(1), Duration.ofSeconds(1), "MANGAHUB_RECONCILE_INTERVAL");
        Duration overlap = env.duration(Duration.ofMinutes(5), Duration.ZERO, "MANGAHUB_POLL_OVERLAP");
        List<String> languages = env.list(List.of("en"), "MANGAHUB_LANGUAGES", "MANGADEX_LANGUAGES");
        for (String lang : languages) {
            if (!lang.matches("[a-z]{2}(-[a-z]{2})?")) {
                throw new ConfigException("MANGAHUB_LANGUAGES", "not a MangaDex language code: '" + lang + "'");
            }
        }
        int workers = env.integer(10, 1, 256, "MANGAHUB_WORKERS", "SYNC_WORKERS");
        int batch = env.integer(100, 1, 100, "MANGAHUB_CHAPTER_BATCH_SIZE", "CHAPTER_BATCH_SIZE");
        return new Config.Sync(initial, importOnStart, newManga, chapters, reconcile, overlap, languages, workers, batch);
    }

    private static Config.Notify notify(Env env) {
        int attempts = env.integer(10, 1, 1000, "MANGAHUB_NOTIFY_MAX_ATTEMPTS");
        Duration window = env.duration(Duration.ofHours(1), Duration.ZERO, "MANGAHUB_NOTIFY_SPAM_WINDOW");
        return new Config.Notify(attempts, window);
    }

    private static Config.Channels channels(Env env) {
        List<String> allowed = env.list(List.of(), "MANGAHUB_ALLOW_PRIVATE_TARGETS");
        Optional<URI> publicUrl = env.lookup("MANGAHUB_PUBLIC_URL").map(e -> env.httpUri(e.getValue(), e.getKey()));
        Duration connect = env.duration(Duration.ofSeconds(5), Duration.ofMillis(100), "MANGAHUB_CHANNEL_CONNECT_TIMEOUT");
        Duration request = env.duration(Duration.ofSeconds(10), Duration.ofMillis(100), "MANGAHUB_CHANNEL_REQUEST_TIMEOUT");
        URI telegram = env.lookup("MANGAHUB_TELEGRAM_API_URL").map(e -> env.httpUri(e.getValue(), e.getKey()))
                .orElse(URI.create("https://api.telegram.org"));
        URI pushover = env.lookup("MANGAHUB_PUSHOVER_API_URL").map(e -> env.httpUri(e.getValue(), e.getKey()))
                .orElse(URI.create("https://api.pushover.net"));
        return new Config.Channels(allowed, publicUrl, connect, request, smtp(env), telegram, pushover, webPush(env, publicUrl));
    }

    private static Config.WebPush webPush(Env env, Optional<URI> publicUrl) {
        Optional<String> pub = env.optionalString("MANGAHUB_VAPID_PUBLIC_KEY").map(String::strip).filter(k -> !k.isEmpty());
        Optional<Secret> priv = env.optionalString("MANGAHUB_VAPID_PRIVATE_KEY").flatMap(Secret::ofNullable);
        if (pub.isPresent() != priv.isPresent()) {
            throw new ConfigException(pub.isPresent() ? "MANGAHUB_VAPID_PRIVATE_KEY" : "MANGAHUB_VAPID_PUBLIC_KEY",
                    "set both VAPID keys (base64url, as `npx web-push generate-vapid-keys` prints them) or neither");
        }
        String subject = env.optionalString("MANGAHUB_VAPID_SUBJECT").map(String::strip).filter(v -> !v.isEmpty())
                .orElse(publicUrl.map(URI::toString).orElse("mailto:admin@localhost"));
        if (!subject.startsWith("mailto:") && !subject.startsWith("https:")) {
            throw new ConfigException("MANGAHUB_VAPID_SUBJECT", "expected a mailto: or https: contact, got '" + subject + "'");
        }
        return new Config.WebPush(pub, priv, subject);
    }

    private static Optional<Config.Smtp> smtp(Env env) {
        Optional<String> host = env.optionalString("MANGAHUB_SMTP_HOST").map(String::strip).filter(h -> !h.isEmpty());
        if (host.isEmpty()) return Optional.empty();
        String raw = env.string("starttls", "MANGAHUB_SMTP_SECURITY").strip().toUpperCase(java.util.Locale.ROOT);
        Config.SmtpSecurity security;
        try {
            security = Config.SmtpSecurity.valueOf(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("MANGAHUB_SMTP_SECURITY", "expected one of starttls, tls, none, got '" + raw + "'");
        }
        int defaultPort = switch (security) {
            case STARTTLS -> 587;
            case TLS -> 465;
            case NONE -> 25;
        };
        int port = env.integer(defaultPort, 1, 65535, "MANGAHUB_SMTP_PORT");
        Optional<String> username = env.optionalString("MANGAHUB_SMTP_USERNAME").map(String::strip).filter(u -> !u.isEmpty());
        Optional<Secret> password = env.optionalString("MANGAHUB_SMTP_PASSWORD").flatMap(Secret::ofNullable);
        if (password.isPresent() && username.isEmpty()) {
            throw new ConfigException("MANGAHUB_SMTP_PASSWORD", "needs MANGAHUB_SMTP_USERNAME too");
        }
        String from = env.string("mangahub-sync@" + host.get(), "MANGAHUB_SMTP_FROM").strip();
        // the full RFC 5322 parse happens where mail is made (notify.channel.EmailSender, at start); here the shape
        if (!from.matches("[^\\r\\n]*@[^\\r\\n]+")) {
            throw new ConfigException("MANGAHUB_SMTP_FROM", "must be an email address, e.g. MangaHub <mangahub@example.org>");
        }
        return Optional.of(new Config.Smtp(host.get(), port, security, username, password, from));
    }

    private static Config.Operations operations(Env env) {
        var roles = env.lookup("MANGAHUB_ROLES").map(e -> Role.parse(e.getKey(), e.getValue()))
                .orElse(Role.parse("MANGAHUB_ROLES", "all"));
        Duration notifications = env.duration(Duration.ofDays(180), Duration.ofDays(1),
                "MANGAHUB_RETENTION_NOTIFICATIONS");
        Duration outbox = env.duration(Duration.ofDays(7), Duration.ofHours(1), "MANGAHUB_RETENTION_OUTBOX");
        Duration jobs = env.duration(Duration.ofDays(30), Duration.ofHours(1), "MANGAHUB_RETENTION_JOBS");
        return new Config.Operations(roles, new Config.Retention(notifications, outbox, jobs));
    }

    private static String logLevel(Env env) {
        String level = env.string("INFO", "MANGAHUB_LOG_LEVEL").toUpperCase();
        if (!LOG_LEVELS.contains(level)) {
            throw new ConfigException("MANGAHUB_LOG_LEVEL", "expected one of " + LOG_LEVELS + ", got '" + level + "'");
        }
        return level;
    }
}
