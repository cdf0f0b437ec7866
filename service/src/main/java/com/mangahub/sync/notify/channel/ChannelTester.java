package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.store.ChannelStore;
import com.mangahub.sync.store.ChannelStore.Channel;
import java.time.Clock;
import java.util.List;

/**
 * A test message, sent at once while the reader waits: it is not a notification (nothing to log, nothing owed if it
 * fails), so it bypasses the outbox and answers how the receiver took it.
 */
public final class ChannelTester {
    private final ChannelSender sender;
    private final ChannelStore channels;
    private final ObjectMapper json;
    private final Clock clock;

    public ChannelTester(ChannelSender sender, ChannelStore channels, ObjectMapper json, Clock clock) {
        this.sender = sender;
        this.channels = channels;
        this.json = json;
        this.clock = clock;
    }

    /** The SMTP server's host when email channels can be made here. */
    public java.util.Optional<String> emailHost() {
        return sender.emailHost();
    }

    /** The VAPID public key browsers subscribe with, when Web Push is set up. */
    public java.util.Optional<String> vapidPublicKey() {
        return sender.vapidPublicKey();
    }

    /** Where Telegram's and Pushover's APIs are for channels made now. */
    public ServiceApis apis() {
        return sender.apis();
    }

    public Outcome test(Channel channel) {
        ChannelKind kind = ChannelKind.parse(channel.kind()).orElseThrow();
        ChannelMessage message = new ChannelMessage(0, "TEST", null, "MangaHub Sync", null, null, null, List.of(), null,
                "https://mangadex.org/", null, clock.instant(), null, null);
        return sender.send(kind, ChannelSettings.parse(json, channel.configJson()), channels.secret(channel.id()).orElse(null),
                message, channel.id());
    }
}
