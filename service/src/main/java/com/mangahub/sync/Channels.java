package com.mangahub.sync;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.notify.channel.ChannelHttp;
import com.mangahub.sync.notify.channel.ChannelSender;
import com.mangahub.sync.notify.channel.EmailSender;
import com.mangahub.sync.notify.channel.ServiceApis;
import com.mangahub.sync.notify.channel.TargetGuard;
import com.mangahub.sync.notify.channel.VapidKeys;
import com.mangahub.sync.store.ChannelStore;
import com.mangahub.sync.store.DeliveryStore;
import com.mangahub.sync.web.HealthCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Readers' channels (webhooks, email, ...) as notify sends to them and api tests them: one HTTP client for both. */
final class Channels {
    private final Foundation foundation;
    private ChannelHttp channelHttp;
    private VapidKeys vapid;

    Channels(Foundation foundation) {
        this.foundation = foundation;
    }

    /** The guard every channel URL passes, at creation and before every send. */
    TargetGuard targetGuard() {
        return new TargetGuard(foundation.config().channels().allowPrivateTargets());
    }

    /** A sender over the one HTTP client of this process, made (and tracked) by the first call. */
    ChannelSender sender() {
        var channels = foundation.config().channels();
        if (channelHttp == null) {
            channelHttp = foundation.track(new ChannelHttp(channels.connectTimeout(), channels.requestTimeout()));
        }
        // email only with an operator's SMTP server configured; without it the kind is refused at creation
        var email = channels.smtp().map(smtp -> new EmailSender(smtp, channels.connectTimeout(),
                channels.requestTimeout()));
        return new ChannelSender(targetGuard(), channelHttp, foundation.json(), foundation.clock(),
                channels.publicUrl(), email, new ServiceApis(channels.telegramApi(), channels.pushoverApi()),
                Optional.of(vapidKeys()));
    }

    /** The installation's VAPID pair: the configured one, or the one kept in the data directory (made once). */
    private VapidKeys vapidKeys() {
        if (vapid == null) vapid = readVapidKeys();
        return vapid;
    }

    private VapidKeys readVapidKeys() {
        Config.WebPush w = foundation.config().channels().webPush();
        if (w.publicKey().isPresent()) {
            return VapidKeys.of(w.publicKey().get(), w.privateKey().orElseThrow().value(), w.subject());
        }
        Path dataDir = foundation.config().storage().dataDir();
        try {
            return VapidKeys.inDataDir(dataDir, w.subject());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the VAPID key pair in " + dataDir, e);
        }
    }

    /**
     * Paused channels and dead deliveries on /health: UP with the counts and the latest reasons, not WARN, because
     * a reader's broken Discord webhook is for that reader to fix, not a fault of the service.
     */
    HealthCheck health() {
        ChannelStore channels = new ChannelStore(foundation.database());
        DeliveryStore deliveries = new DeliveryStore(foundation.database());
        return new HealthCheck("channels", () -> {
            ChannelStore.PausedSummary paused = channels.paused(5);
            DeliveryStore.Totals totals = deliveries.totals();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("paused_channels", paused.paused());
            details.put("recent_pauses", paused.recentReasons());
            details.put("pending_deliveries", totals.pending());
            details.put("dead_deliveries", totals.dead());
            return HealthCheck.Result.up(details);
        });
    }
}
