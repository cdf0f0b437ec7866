package com.mangahub.sync.notify.channel;

import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.JsonBody;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosted services' forms: telegram {@code {"token", "chat_id"}}, pushover {@code {"token", "user", "priority"}},
 * apprise {@code {"url", "urls"}} (stateless) or {@code {"url", "key"}} (stateful). Credentials become the channel's
 * secret (Pushover's two as {@code token:user}); Telegram and Pushover are reached at the operator's API bases, checked
 * by the same guard as any reader's URL.
 */
final class HostedForm {
    private static final Pattern BOT_TOKEN = Pattern.compile("[0-9]{1,20}:[A-Za-z0-9_-]{20,100}");
    private static final Pattern CHAT_ID = Pattern.compile("-?[0-9]{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31}");
    private static final Pattern PUSHOVER_KEY = Pattern.compile("[A-Za-z0-9]{30}");
    private static final Pattern APPRISE_KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    static final int MAX_APPRISE_URLS = 2000;

    private HostedForm() {}

    /** The settings (without window and routing) and the secret of a hosted kind. */
    record Read(ChannelSettings settings, String secret) {}

    static Read read(ChannelKind kind, JsonBody body, TargetGuard guard, ServiceApis apis) {
        return switch (kind) {
            case TELEGRAM -> telegram(body, guard, apis);
            case PUSHOVER -> pushover(body, guard, apis);
            case APPRISE -> apprise(body, guard);
            default -> throw new IllegalStateException(kind + " is no hosted kind");
        };
    }

    private static Read telegram(JsonBody body, TargetGuard guard, ServiceApis apis) {
        refuse(body, "url", "user", "urls", "key", "priority");
        String token = body.text("token", 130);
        if (!BOT_TOKEN.matcher(token).matches()) {
            throw ApiError.badRequest("token", "a Telegram bot token looks like 123456789:AAH... (from @BotFather)");
        }
        var chatNode = body.node("chat_id");
        String chat = chatNode != null && chatNode.isIntegralNumber() ? chatNode.asText() : body.text("chat_id", 40);
        if (!CHAT_ID.matcher(chat).matches()) {
            throw ApiError.badRequest("chat_id", "chat_id is a number (e.g. -1001234567890) or a @channelusername");
        }
        return new Read(new ChannelSettings(api(apis.telegram(), guard), Optional.empty(), Digest.NONE, chat,
                java.time.Duration.ZERO, true), token);
    }

    private static Read pushover(JsonBody body, TargetGuard guard, ServiceApis apis) {
        refuse(body, "url", "chat_id", "urls", "key");
        String token = body.text("token", 30);
        if (!PUSHOVER_KEY.matcher(token).matches()) {
            throw ApiError.badRequest("token", "token is the application's API token: 30 letters and digits");
        }
        String user = body.text("user", 30);
        if (!PUSHOVER_KEY.matcher(user).matches()) {
            throw ApiError.badRequest("user", "user is the user or group key: 30 letters and digits");
        }
        Optional<Integer> priority = Optional.empty();
        var p = body.node("priority");
        if (p != null && !p.isNull()) {
            if (!p.isIntegralNumber() || p.asInt() < -2 || p.asInt() > 2) {
                throw ApiError.badRequest("priority", "priority must be an integer from -2 to 2");
            }
            priority = Optional.of(p.asInt());
        }
        return new Read(new ChannelSettings(api(apis.pushover(), guard), priority), token + ":" + user);
    }

    private static Read apprise(JsonBody body, TargetGuard guard) {
        refuse(body, "token", "user", "chat_id", "priority");
        URI server;
        try {
            server = guard.check(body.text("url", ChannelForm.MAX_URL)).uri();
        } catch (TargetGuard.Refused refused) {
            throw ApiError.badRequest("url", refused.getMessage());
        }
        if (server.getRawQuery() != null) throw ApiError.badRequest("url", "url is the Apprise API server, e.g. https://apprise.example.org");
        String urls = body.optionalText("urls", MAX_APPRISE_URLS);
        String key = body.optionalText("key", 128);
        if ((urls == null) == (key == null)) {
            throw ApiError.badRequest(urls == null ? "urls" : "key",
                    "give either urls (your Apprise URLs, stateless) or key (a configuration stored on the server)");
        }
        if (key != null && !APPRISE_KEY.matcher(key).matches()) {
            throw ApiError.badRequest("key", "key is 1-128 letters, digits, _ or -");
        }
        if (urls != null && (urls.isBlank() || urls.chars().anyMatch(c -> c < 0x20 && c != '\n'))) {
            throw ApiError.badRequest("urls", "urls are Apprise URLs separated by spaces, commas or newlines");
        }
        return new Read(new ChannelSettings(server, Optional.empty(), Digest.NONE, key, java.time.Duration.ZERO, true), urls);
    }

    private static URI api(URI base, TargetGuard guard) {
        try {
            return guard.check(base.toString()).uri();
        } catch (TargetGuard.Refused refused) {
            // the operator's configuration, not the reader's input: the reader can do nothing about it
            throw new ApiError(503, "unavailable", "this server cannot reach " + base.getHost() + ": " + refused.getMessage(), null);
        }
    }

    private static void refuse(JsonBody body, String... fields) {
        for (String f : fields) {
            var node = body.node(f);
            if (node != null && !node.isNull()) throw ApiError.badRequest(f, f + " does not apply to this kind of channel");
        }
    }

    /** What a reader sees of a hosted channel's target: never a credential. */
    static String displayed(ChannelKind kind, ChannelSettings s) {
        return switch (kind) {
            case TELEGRAM -> "telegram chat " + s.chat();
            case PUSHOVER -> "pushover user ***";
            case APPRISE -> ServiceApis.base(s.url()) + (s.chat() == null ? "/notify" : "/notify/***");
            default -> throw new IllegalStateException(kind + " is no hosted kind");
        };
    }
}
