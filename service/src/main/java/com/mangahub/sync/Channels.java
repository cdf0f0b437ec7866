package com.mangahub.sync;

import com.mangahub.sync.notify.channel.ChannelHttp;
import com.mangahub.sync.notify.channel.ChannelSender;
import com.mangahub.sync.notify.channel.EmailSender;
import com.mangahub.sync.notify.channel.TargetGuard;
import com.mangahub.sync.store.ChannelStore;
import com.mangahub.sync.store.DeliveryStore;
import com.mangahub.sync.web.HealthCheck;
import java.util.LinkedHashMap;
import java.util.Map;

/** Readers' channels (webhooks, email, ...) as notify sends to them and api tests them: one HTTP client for both. */
final class Channels {
    private final Foundation foundation;
    private ChannelHttp channelHttp;

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
                channels.publicUrl(), email);
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
