package com.mangahub.sync.simulator;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What stands between a client and the data, in MangaDex's order: a forced rate-limit window, the per-IP limit
 * and its ban, then the header rules (a User-Agent is required, a Via header is refused). Answers the refusals
 * itself; null means "let the request through".
 */
final class Gate {
    private static final String BAN_PAGE = "<!DOCTYPE html><html><head><title>403 Forbidden</title></head><body>"
            + "<h1>403 Forbidden</h1><p>Your IP has been temporarily banned for exceeding the rate limit.</p></body></html>";

    private final ClientLimits limits;
    private final TrafficLog traffic;
    final AtomicReference<Instant> forcedUntil = new AtomicReference<>();
    final AtomicBoolean down = new AtomicBoolean();

    Gate(ClientLimits limits, TrafficLog traffic) {
        this.limits = limits;
        this.traffic = traffic;
    }

    Reply refusal(Context ctx, Instant now) {
        Instant forced = forcedUntil.get();
        if (forced != null && now.isBefore(forced)) return tooMany(limits.rate(), forced, now);
        switch (limits.check(ctx.ip(), now)) {
            case ClientLimits.Decision.Banned b -> {
                traffic.banned();
                return Reply.html(403, BAN_PAGE);
            }
            case ClientLimits.Decision.Limited l -> {
                return tooMany(l.limit(), l.retryAt(), now);
            }
            case ClientLimits.Decision.Allowed a -> {
                ctx.header("X-RateLimit-Limit", Integer.toString(a.limit()));
                ctx.header("X-RateLimit-Remaining", Integer.toString(a.remaining()));
                ctx.header("X-RateLimit-Retry-After", Long.toString(epochSecondsCeil(a.windowEnd())));
            }
            case ClientLimits.Decision.Unlimited u -> { }
        }
        String agent = ctx.header("User-Agent");
        if (agent == null || agent.isBlank()) {
            return error(new MangaDexError(400, "bad_request_http_exception", "A User-Agent header is required"));
        }
        if (ctx.header("Via") != null) {
            return error(new MangaDexError(403, "forbidden_http_exception", "Requests through proxies (Via header) are not allowed"));
        }
        return null;
    }

    static Reply error(MangaDexError e) {
        return Reply.json(e.status(), e.body().toString());
    }

    private static Reply tooMany(int limit, Instant retryAt, Instant now) {
        long retrySeconds = Math.max(1, epochSecondsCeil(retryAt) - now.getEpochSecond());
        Reply reply = error(new MangaDexError(429, "rate_limit_exceeded", "You are being rate limited; retry after "
                + epochSecondsCeil(retryAt)));
        return reply.header("X-RateLimit-Limit", Integer.toString(limit)).header("X-RateLimit-Remaining", "0")
                .header("X-RateLimit-Retry-After", Long.toString(epochSecondsCeil(retryAt)))
                .header("Retry-After", Long.toString(retrySeconds));
    }

    /** Rounded up, so the announced moment is never before the window really ends. */
    static long epochSecondsCeil(Instant at) {
        return at.getNano() == 0 ? at.getEpochSecond() : at.getEpochSecond() + 1;
    }
}
