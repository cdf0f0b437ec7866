package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.store.DeliveryStore.Due;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One send of one message to one channel: the target is checked again now (its name may resolve elsewhere since the
 * channel was made), the kind's request is built and posted, and the answer read into an {@link Outcome}. Transport
 * failures (refused, reset, timed out) are retries; a target that now resolves to a refused address pauses the channel.
 */
public final class ChannelSender {
    private final TargetGuard guard;
    private final ChannelHttp http;
    private final ChannelRequests requests;
    private final Verdicts verdicts;
    private final ObjectMapper json;
    private final Clock clock;
    private final Optional<URI> publicBaseUrl;
    private final Optional<EmailSender> email;
    private final ServiceApis apis;
    private final Optional<VapidKeys> vapid;
    private final Optional<WebPushRequests> webPush;
    private final HostedRequests hosted;
    private final HostedVerdicts hostedVerdicts;

    public ChannelSender(TargetGuard guard, ChannelHttp http, ObjectMapper json, Clock clock, Optional<URI> publicBaseUrl) {
        this(guard, http, json, clock, publicBaseUrl, Optional.empty());
    }

    public ChannelSender(TargetGuard guard, ChannelHttp http, ObjectMapper json, Clock clock, Optional<URI> publicBaseUrl,
                         Optional<EmailSender> email) {
        this(guard, http, json, clock, publicBaseUrl, email, ServiceApis.defaults());
    }

    public ChannelSender(TargetGuard guard, ChannelHttp http, ObjectMapper json, Clock clock, Optional<URI> publicBaseUrl,
                         Optional<EmailSender> email, ServiceApis apis) {
        this(guard, http, json, clock, publicBaseUrl, email, apis, Optional.empty());
    }

    public ChannelSender(TargetGuard guard, ChannelHttp http, ObjectMapper json, Clock clock, Optional<URI> publicBaseUrl,
                         Optional<EmailSender> email, ServiceApis apis, Optional<VapidKeys> vapid) {
        this.vapid = vapid;
        this.webPush = vapid.map(k -> new WebPushRequests(json, k));
        this.email = email;
        this.apis = apis;
        this.hosted = new HostedRequests(json);
        this.hostedVerdicts = new HostedVerdicts(json, clock);
        this.guard = guard;
        this.http = http;
        this.requests = new ChannelRequests(json);
        this.verdicts = new Verdicts(json, clock);
        this.json = json;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl;
    }

    public Outcome send(Due d) {
        ChannelKind kind = ChannelKind.parse(d.kind()).orElseThrow(() -> new IllegalStateException("unknown kind " + d.kind()));
        return send(kind, ChannelSettings.parse(json, d.configJson()), d.secret(), ChannelMessage.of(d, json, publicBaseUrl),
                d.channelId());
    }

    /** A claimed delivery's channel settings. */
    public ChannelSettings settings(Due d) {
        return ChannelSettings.parse(json, d.configJson());
    }

    /** The VAPID public key browsers subscribe with, when Web Push is set up here. */
    public Optional<String> vapidPublicKey() {
        return vapid.map(VapidKeys::publicKeyText);
    }

    /** Where Telegram's and Pushover's APIs are for channels made now. */
    public ServiceApis apis() {
        return apis;
    }

    /** The SMTP server's host when email is configured (email channels' host), else empty: no email channels. */
    public Optional<String> emailHost() {
        return email.map(EmailSender::host);
    }

    /**
     * One digest mail for a channel's notifications of one ended period. Its Message-ID names the channel, the period
     * and a hash of the notification ids, so a re-send of the same digest after a crash carries the same id, while a
     * later mail for the same period (one dead delivery retried alone) is not mistaken for a repeat.
     */
    public Outcome sendDigest(List<Due> period, Digest digest, Instant periodStart) {
        Due first = period.getFirst();
        ChannelSettings settings = ChannelSettings.parse(json, first.configJson());
        List<ChannelMessage> messages = period.stream().sorted(Comparator.comparingLong(Due::notificationId))
                .map(d -> ChannelMessage.of(d, json, publicBaseUrl)).toList();
        long hash = messages.stream().mapToLong(ChannelMessage::notificationId).reduce(17, (h, id) -> h * 31 + id);
        EmailSender sender = email.orElse(null);
        if (sender == null) return new Outcome.Gone(0, "email is no longer configured on this server");
        return sender.send(settings.address(), EmailContent.digest(messages, digest, periodStart),
                sender.messageId("digest-" + first.channelId() + "-" + periodStart.getEpochSecond() + "-"
                        + Long.toHexString(hash)), clock.instant());
    }

    /** One message for a batching channel's window: every notification of it, named once, in one request. */
    public Outcome sendBatch(List<Due> window) {
        Due first = window.getFirst();
        ChannelKind kind = ChannelKind.parse(first.kind()).orElseThrow(() -> new IllegalStateException("unknown kind " + first.kind()));
        List<ChannelMessage> messages = window.stream().sorted(Comparator.comparingLong(Due::notificationId))
                .map(d -> ChannelMessage.of(d, json, publicBaseUrl)).toList();
        ChannelMessage message = messages.size() == 1 ? messages.getFirst() : ChannelMessage.batch(messages);
        return send(kind, ChannelSettings.parse(json, first.configJson()), first.secret(), message, first.channelId());
    }

    public Outcome send(ChannelKind kind, ChannelSettings settings, String secret, ChannelMessage message, long channelId) {
        if (kind == ChannelKind.EMAIL) return sendEmail(settings, message, channelId);
        TargetGuard.Checked target;
        try {
            target = guard.check(settings.url().toString());
        } catch (TargetGuard.Refused refused) {
            return new Outcome.Gone(0, "the target is refused now: " + refused.getMessage());
        }
        boolean isHosted = hosted(kind) || kind == ChannelKind.WEBPUSH;
        ChannelRequest request;
        try {
            request = kind == ChannelKind.WEBPUSH ? webPush(settings, secret, message)
                    : isHosted ? hosted.build(kind, settings, secret, message)
                    : requests.build(kind, settings, secret, message, channelId, clock.instant());
        } catch (java.security.GeneralSecurityException e) {
            return new Outcome.Gone(0, "cannot encrypt for this push subscription: " + e.getMessage());
        }
        if (request == null) return new Outcome.Gone(0, "web push is not set up on this server");
        try {
            ChannelHttp.Answer answer = http.post(request, target);
            return isHosted ? hostedVerdicts.of(kind, answer.status(), answer.headers(), answer.body())
                    : verdicts.of(answer.status(), answer.headers(), answer.body());
        } catch (IOException e) {
            // the message only, never the URI: Telegram's bot token is in its path
            String error = "no answer: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null || (secret != null && e.getMessage().contains(secret)) ? "" : " " + e.getMessage());
            return HostedVerdicts.noAnswer(kind, error);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Retry(0, "interrupted while sending (shutting down)", Optional.empty());
        }
    }

    private ChannelRequest webPush(ChannelSettings settings, String secret, ChannelMessage message)
            throws java.security.GeneralSecurityException {
        if (webPush.isEmpty()) return null;
        return webPush.get().build(settings, secret, message, clock.instant());
    }

    private static boolean hosted(ChannelKind kind) {
        return kind == ChannelKind.TELEGRAM || kind == ChannelKind.PUSHOVER || kind == ChannelKind.APPRISE;
    }

    /** The SMTP server is the operator's (configuration, not a reader's input): no target guard, its own transport. */
    private Outcome sendEmail(ChannelSettings settings, ChannelMessage message, long channelId) {
        EmailSender sender = email.orElse(null);
        if (sender == null) return new Outcome.Gone(0, "email is no longer configured on this server");
        // a test is no notification: a fresh id each time, so a client does not drop the second test as a repeat
        String id = message.notificationId() > 0 ? "notification-" + message.notificationId() + ".channel-" + channelId
                : "test-" + channelId + "-" + clock.millis();
        return sender.send(settings.address(), EmailContent.single(message), sender.messageId(id), clock.instant());
    }
}
