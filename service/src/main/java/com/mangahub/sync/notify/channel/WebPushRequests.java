package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.json.JsonText;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A push to a browser's subscription: the JSON our service worker shows ({@code title, body, url, icon, tag}),
 * encrypted for the subscription's keys ({@code aes128gcm}), with a VAPID token for the endpoint's origin valid 12 h
 * (RFC 8292 allows at most 24), a TTL of a day and normal urgency. Payloads stay far below the 4 KB push services take.
 */
final class WebPushRequests {
    static final Duration TTL = Duration.ofDays(1);
    private static final int MAX_TEXT = 1000;
    private final ObjectMapper json;
    private final VapidKeys vapid;

    WebPushRequests(ObjectMapper json, VapidKeys vapid) {
        this.json = json;
        this.vapid = vapid;
    }

    ChannelRequest build(ChannelSettings s, String secret, ChannelMessage m, Instant now) throws GeneralSecurityException {
        ObjectNode payload = json.createObjectNode();
        payload.put("title", cut(m.headline()));
        payload.put("body", cut(m.detail()));
        payload.put("url", m.link());
        if (m.thumbnail() != null) payload.put("icon", m.thumbnail());
        payload.put("tag", m.notificationId() > 0 ? "notification-" + m.notificationId() : "mangahub-" + now.toEpochMilli());
        int colon = secret.indexOf(':');
        byte[] body = WebPushCrypto.encrypt(JsonText.write(json, payload).getBytes(StandardCharsets.UTF_8),
                VapidKeys.D64.decode(secret.substring(0, colon)), VapidKeys.D64.decode(secret.substring(colon + 1)));
        String audience = s.url().getScheme() + "://" + s.url().getRawAuthority();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/octet-stream");
        headers.put("content-encoding", "aes128gcm");
        headers.put("ttl", Long.toString(TTL.toSeconds()));
        headers.put("urgency", "normal");
        headers.put("authorization", WebPushCrypto.vapidAuthorization(vapid, audience, now.plus(Duration.ofHours(12)).getEpochSecond()));
        return new ChannelRequest(s.url(), headers, body);
    }

    private static String cut(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
    }
}
