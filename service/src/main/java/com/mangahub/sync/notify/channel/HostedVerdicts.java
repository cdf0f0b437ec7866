package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads the hosted services' answers, each by its documented errors:
 * <ul>
 *   <li>telegram: {@code {"ok": false, "error_code", "description", "parameters"}}; a 429 waits exactly
 *   {@code parameters.retry_after} seconds; 400 (chat not found, a group migrated), 401 (token revoked), 403 (bot
 *   blocked) and 404 (no such bot) will not heal, so the channel pauses with Telegram's description;</li>
 *   <li>pushover: a 4xx is never retried (repeated 4xx get the server's address blocked): the channel pauses with
 *   Pushover's errors, except 429 (the application's monthly quota), which holds the channel until
 *   {@code X-Limit-App-Reset}; a 5xx or no answer is retried, never sooner than 5 s;</li>
 *   <li>apprise: 200 sent; 204 (no configuration or no valid URLs), 400 and other 4xx pause; 424 (a notification
 *   failed) and 5xx are failures, retried with backoff;</li>
 *   <li>webpush: 201 sent; 404 and 410 remove the subscription's channel; 429 waits Retry-After.</li>
 * </ul>
 */
final class HostedVerdicts {
    static final Duration PUSHOVER_RETRY = Duration.ofSeconds(5);
    /** A quota reset further than this is not believed (Pushover's quota is monthly). */
    static final Duration MAX_QUOTA_WAIT = Duration.ofDays(32);
    private static final int MAX_REASON = 300;
    private final ObjectMapper json;
    private final Clock clock;

    HostedVerdicts(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    Outcome of(ChannelKind kind, int status, HttpHeaders headers, byte[] body) {
        return switch (kind) {
            case TELEGRAM -> telegram(status, body);
            case PUSHOVER -> pushover(status, headers, body);
            case APPRISE -> apprise(status);
            case WEBPUSH -> webPush(status, headers);
            default -> throw new IllegalStateException(kind + " is no hosted kind");
        };
    }

    /** No answer at all: Pushover's retry waits at least 5 s, the others use the backoff. */
    static Outcome noAnswer(ChannelKind kind, String error) {
        return new Outcome.Retry(0, error, Optional.empty(), kind == ChannelKind.PUSHOVER ? PUSHOVER_RETRY : Duration.ZERO);
    }

    private Outcome telegram(int status, byte[] body) {
        JsonNode answer = tree(body);
        if (status >= 200 && status < 300 && answer.path("ok").asBoolean(true)) return new Outcome.Delivered(status, Optional.empty());
        String description = reason("Telegram: " + answer.path("description").asText("HTTP " + status));
        JsonNode parameters = answer.path("parameters");
        if (status == 429) {
            Optional<Duration> wait = parameters.path("retry_after").canConvertToLong()
                    ? Optional.of(Duration.ofSeconds(Math.min(parameters.get("retry_after").asLong(), Verdicts.MAX_WAIT.toSeconds())))
                    : Optional.empty();
            return new Outcome.Retry(429, description, wait);
        }
        if (parameters.hasNonNull("migrate_to_chat_id")) {
            return new Outcome.Gone(status, reason(description + " (the group is now the supergroup "
                    + parameters.get("migrate_to_chat_id").asText() + ": make a channel with that chat id)"));
        }
        if (status == 400 || status == 401 || status == 403 || status == 404) return new Outcome.Gone(status, description);
        return new Outcome.Retry(status, description, Optional.empty());
    }

    private Outcome pushover(int status, HttpHeaders headers, byte[] body) {
        if (status >= 200 && status < 300) return new Outcome.Delivered(status, Optional.empty());
        JsonNode answer = tree(body);
        String errors = answer.path("errors").isArray() && !answer.get("errors").isEmpty()
                ? String.join("; ", java.util.stream.StreamSupport.stream(answer.get("errors").spliterator(), false)
                        .map(JsonNode::asText).toList())
                : "HTTP " + status;
        String description = reason("Pushover: " + errors);
        if (status == 429) {
            Optional<Duration> until = headers.firstValue("x-limit-app-reset").flatMap(HostedVerdicts::epochSeconds)
                    .map(reset -> Duration.between(clock.instant(), reset))
                    .map(d -> d.isNegative() ? Duration.ZERO : d.compareTo(MAX_QUOTA_WAIT) > 0 ? MAX_QUOTA_WAIT : d);
            return new Outcome.Retry(429, reason("Pushover: the application's message quota is used up ("
                    + errors + ")"), until.or(() -> Optional.of(Duration.ofHours(1))));
        }
        if (status >= 400 && status < 500) return new Outcome.Gone(status, description);
        return new Outcome.Retry(status, description, Optional.empty(), PUSHOVER_RETRY);
    }

    private static Outcome apprise(int status) {
        return switch (status) {
            case 200 -> new Outcome.Delivered(status, Optional.empty());
            case 204 -> new Outcome.Gone(status, "Apprise: no configuration or no valid Apprise URLs for this channel (HTTP 204)");
            case 424 -> new Outcome.Retry(status, "Apprise: at least one notification failed (HTTP 424)", Optional.empty());
            default -> status >= 400 && status < 500 && status != 429
                    ? new Outcome.Gone(status, "Apprise refused the request (HTTP " + status + ")")
                    : status >= 200 && status < 300 ? new Outcome.Delivered(status, Optional.empty())
                    : new Outcome.Retry(status, "Apprise: HTTP " + status, Optional.empty());
        };
    }

    /**
     * A push service: 201 accepted; 404 and 410 the subscription is gone (the worker removes the channel); 429 with
     * Retry-After waits; 400, 401, 403 (our VAPID token refused) and 413 will not heal; 5xx retries.
     */
    private Outcome webPush(int status, HttpHeaders headers) {
        if (status >= 200 && status < 300) return new Outcome.Delivered(status, Optional.empty());
        if (status == 404 || status == 410) return new Outcome.Gone(status, "the browser's push subscription is gone (HTTP " + status + ")");
        if (status == 429) {
            return new Outcome.Retry(status, "the push service asks us to slow down (HTTP 429)", headers.firstValue("retry-after")
                    .flatMap(HostedVerdicts::seconds).map(d -> d.compareTo(Verdicts.MAX_WAIT) > 0 ? Verdicts.MAX_WAIT : d));
        }
        if (status >= 400 && status < 500) return new Outcome.Gone(status, "the push service refused the push (HTTP " + status + ")");
        return new Outcome.Retry(status, "the push service failed (HTTP " + status + ")", Optional.empty());
    }

    /** A push service's 404/410: the subscription no longer exists, so its channel is removed, not paused. */
    static boolean unsubscribed(String kind, Outcome outcome) {
        return kind.equals("webpush") && outcome instanceof Outcome.Gone g && (g.status() == 404 || g.status() == 410);
    }

    private static Optional<Duration> seconds(String v) {
        try {
            long n = Long.parseLong(v.strip());
            return n < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(n));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> epochSeconds(String v) {
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(v.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private JsonNode tree(byte[] body) {
        if (body.length == 0 || body[0] != '{') return json.createObjectNode();
        try {
            return json.readTree(body);
        } catch (java.io.IOException notJson) {
            return json.createObjectNode();
        }
    }

    private static String reason(String s) {
        String clean = s.replaceAll("[\\p{Cntrl}]", " ");
        return clean.length() <= MAX_REASON ? clean : clean.substring(0, MAX_REASON - 1) + "…";
    }
}
