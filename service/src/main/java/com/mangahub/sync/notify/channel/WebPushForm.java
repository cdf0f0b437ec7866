package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.JsonBody;
import java.net.URI;
import java.util.Optional;

/**
 * A browser's push subscription as {@code PushSubscription.toJSON()} gives it: {@code {"kind": "webpush", "endpoint",
 * "keys": {"p256dh", "auth"}}}. The endpoint is the push service's URL (a capability: masked when listed), checked by
 * the same guard as any channel URL; the keys are the secret ({@code p256dh:auth}).
 */
final class WebPushForm {
    static final int MAX_ENDPOINT = 1000;

    private WebPushForm() {}

    static HostedForm.Read read(JsonBody body, TargetGuard guard) {
        for (String other : new String[] {"url", "token", "priority", "chat_id", "user", "urls", "key", "address", "digest"}) {
            JsonNode n = body.node(other);
            if (n != null && !n.isNull()) throw ApiError.badRequest(other, other + " does not apply to webpush channels");
        }
        URI endpoint;
        try {
            endpoint = guard.check(body.text("endpoint", MAX_ENDPOINT)).uri();
        } catch (TargetGuard.Refused refused) {
            throw ApiError.badRequest("endpoint", refused.getMessage());
        }
        JsonNode keys = body.object("keys");
        String p256dh = key(keys, "p256dh", 65);
        String auth = key(keys, "auth", 16);
        try {
            VapidKeys.publicFromRaw(VapidKeys.D64.decode(p256dh));
        } catch (java.security.GeneralSecurityException e) {
            throw ApiError.badRequest("keys", "keys.p256dh is not a P-256 public key");
        }
        return new HostedForm.Read(new ChannelSettings(endpoint, Optional.empty()), p256dh + ":" + auth);
    }

    private static String key(JsonNode keys, String name, int bytes) {
        JsonNode v = keys.get(name);
        if (v == null || !v.isTextual() || v.asText().length() > 200) {
            throw ApiError.badRequest("keys", "keys." + name + " is required (base64url, from the browser's subscription)");
        }
        String text = v.asText().strip().replace('+', '-').replace('/', '_').replace("=", "");
        try {
            if (VapidKeys.D64.decode(text).length != bytes) throw new IllegalArgumentException();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("keys", "keys." + name + " must be " + bytes + " bytes in base64url");
        }
        return text;
    }

    /** The endpoint's origin; its path identifies the subscription and stays unlisted. */
    static String displayed(URI endpoint) {
        return endpoint.getScheme() + "://" + endpoint.getRawAuthority() + "/***";
    }
}
