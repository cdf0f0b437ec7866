package com.mangahub.sync.notify.channel;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of channel, each with what its target URL means and which secret it carries: webhook (any URL; a
 * signing secret we make), discord (a Discord webhook URL, its token in the URL), ntfy (a topic URL; an optional
 * access token), gotify (the server's URL; its application token, required), email (the reader's address, sent
 * through the operator's SMTP server; no secret), telegram (a chat id; the bot token), pushover (the user key and the
 * application token, both secret), apprise (an Apprise API server; the reader's Apprise URLs, or a stateful key),
 * webpush (a browser's push subscription: its endpoint; its p256dh and auth keys, secret).
 */
public enum ChannelKind {
    WEBHOOK, DISCORD, NTFY, GOTIFY, EMAIL, TELEGRAM, PUSHOVER, APPRISE, WEBPUSH;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ChannelKind> parse(String label) {
        return Arrays.stream(values()).filter(k -> k.label().equals(label)).findFirst();
    }
}
