package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.JsonBody;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A new channel as a reader asks for it ({@code {"kind", "url", "token", "priority"}}, or for email
 * {@code {"kind", "address", "digest"}}), checked field by field: the
 * URL's form per kind, its host against {@link TargetGuard}, the token where the kind needs one. The webhook's
 * signing secret is made here, never chosen by the reader.
 */
record ChannelForm(ChannelKind kind, ChannelSettings settings, String secret) {
    static final int MAX_URL = 500;
    /** RFC 5321's limit on a forward path. */
    static final int MAX_ADDRESS = 254;
    private static final Pattern DISCORD_PATH = Pattern.compile("/api/webhooks/[0-9]{1,30}/[A-Za-z0-9_-]{1,200}");
    private static final Pattern NTFY_TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,200}");

    static ChannelForm read(JsonBody body, TargetGuard guard, boolean emailConfigured, ServiceApis apis) {
        ChannelForm form = kindForm(body, guard, emailConfigured, apis);
        return new ChannelForm(form.kind(), Routing.withChoices(form.kind(), form.settings(), body), form.secret());
    }

    private static ChannelForm kindForm(JsonBody body, TargetGuard guard, boolean emailConfigured, ServiceApis apis) {
        String label = body.text("kind", 20).toLowerCase(java.util.Locale.ROOT);
        ChannelKind kind = ChannelKind.parse(label).orElseThrow(() -> ApiError.badRequest("kind",
                "kind must be one of webhook, discord, ntfy, gotify, email, telegram, pushover, apprise, webpush"));
        if (kind == ChannelKind.EMAIL) return email(body, emailConfigured);
        if (kind == ChannelKind.TELEGRAM || kind == ChannelKind.PUSHOVER || kind == ChannelKind.APPRISE) {
            if (present(body, "address")) throw ApiError.badRequest("address", "address applies to email channels only");
            if (present(body, "digest")) throw ApiError.badRequest("digest", "digest applies to email channels only");
            HostedForm.Read read = HostedForm.read(kind, body, guard, apis);
            return new ChannelForm(kind, read.settings(), read.secret());
        }
        if (kind == ChannelKind.WEBPUSH) {
            HostedForm.Read read = WebPushForm.read(body, guard);
            return new ChannelForm(kind, read.settings(), read.secret());
        }
        for (String other : new String[] {"chat_id", "user", "urls", "key", "endpoint", "keys"}) {
            if (present(body, other)) throw ApiError.badRequest(other, other + " does not apply to " + label + " channels");
        }
        if (present(body, "address")) throw ApiError.badRequest("address", "address applies to email channels only");
        if (present(body, "digest")) throw ApiError.badRequest("digest", "digest applies to email channels only");
        String url = body.text("url", MAX_URL);
        URI uri;
        try {
            uri = guard.check(url).uri();
        } catch (TargetGuard.Refused refused) {
            throw ApiError.badRequest("url", refused.getMessage());
        }
        String token = body.optionalText("token", 200);
        if (token != null && !TOKEN.matcher(token).matches()) throw ApiError.badRequest("token", "token must be printable ASCII");
        Optional<Integer> priority = priority(body.node("priority"), kind);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String secret = switch (kind) {
            case WEBHOOK -> WebhookSignature.newSecret();
            case DISCORD -> {
                if (!DISCORD_PATH.matcher(path).matches()) {
                    throw ApiError.badRequest("url", "a Discord webhook URL ends in /api/webhooks/{id}/{token}");
                }
                yield null;
            }
            case NTFY -> {
                if (!NTFY_TOPIC.matcher(path.substring(path.lastIndexOf('/') + 1)).matches() || uri.getRawQuery() != null) {
                    throw ApiError.badRequest("url", "an ntfy URL is the topic's URL, e.g. https://ntfy.sh/my-topic");
                }
                yield token;
            }
            case GOTIFY -> {
                if (token == null) throw ApiError.badRequest("token", "a Gotify channel needs the application's token");
                yield token;
            }
            case EMAIL, TELEGRAM, PUSHOVER, APPRISE, WEBPUSH -> throw new IllegalStateException(kind + " is read elsewhere");
        };
        return new ChannelForm(kind, new ChannelSettings(uri, priority), secret);
    }

    /**
     * {@code {"kind": "email", "address", "digest"}}: one bare address, parsed strictly (RFC 822 syntax, no display
     * name, no group, no CR or LF, which would let a reader add headers to our mail), and how to batch.
     */
    private static ChannelForm email(JsonBody body, boolean emailConfigured) {
        if (!emailConfigured) {
            throw ApiError.badRequest("kind", "email is not configured on this server (its operator sets MANGAHUB_SMTP_HOST)");
        }
        for (String other : new String[] {"url", "token", "priority", "chat_id", "user", "urls", "key", "endpoint", "keys"}) {
            if (present(body, other)) throw ApiError.badRequest(other, other + " does not apply to email channels");
        }
        String address = EmailAddresses.strict(body.text("address", MAX_ADDRESS));
        String label = body.optionalText("digest", 20);
        Digest digest = label == null ? Digest.NONE : Digest.parse(label.toLowerCase(java.util.Locale.ROOT)).orElseThrow(() ->
                ApiError.badRequest("digest", "digest must be one of none, hourly, daily"));
        try {
            return new ChannelForm(ChannelKind.EMAIL, new ChannelSettings(new URI("mailto", address, null), Optional.empty(),
                    digest), null);
        } catch (java.net.URISyntaxException e) {
            throw ApiError.badRequest("address", "address is not a valid email address");
        }
    }

    private static boolean present(JsonBody body, String field) {
        JsonNode node = body.node(field);
        return node != null && !node.isNull();
    }

    private static Optional<Integer> priority(JsonNode node, ChannelKind kind) {
        if (node == null || node.isNull()) return Optional.empty();
        int max = kind == ChannelKind.GOTIFY ? 10 : 5;
        int min = kind == ChannelKind.GOTIFY ? 0 : 1;
        if (kind != ChannelKind.NTFY && kind != ChannelKind.GOTIFY) {
            throw ApiError.badRequest("priority", "priority applies to ntfy and gotify channels only");
        }
        if (!node.isIntegralNumber() || node.asInt() < min || node.asInt() > max) {
            throw ApiError.badRequest("priority", "priority must be an integer from " + min + " to " + max);
        }
        return Optional.of(node.asInt());
    }

    /** The URL as a reader may see it again: a Discord webhook's token (a credential) is masked. */
    static String displayed(ChannelKind kind, ChannelSettings settings) {
        URI url = settings.url();
        if (kind == ChannelKind.EMAIL) return url.getSchemeSpecificPart();
        if (kind == ChannelKind.WEBPUSH) return WebPushForm.displayed(url);
        if (kind == ChannelKind.TELEGRAM || kind == ChannelKind.PUSHOVER || kind == ChannelKind.APPRISE) {
            return HostedForm.displayed(kind, settings);
        }
        if (kind != ChannelKind.DISCORD) return url.toString();
        String s = url.toString();
        return s.substring(0, s.lastIndexOf('/') + 1) + "***";
    }
}
