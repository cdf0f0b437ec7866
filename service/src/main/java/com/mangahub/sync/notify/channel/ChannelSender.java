package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.store.DeliveryStore.Due;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
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

    public ChannelSender(TargetGuard guard, ChannelHttp http, ObjectMapper json, Clock clock, Optional<URI> publicBaseUrl) {
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

    public Outcome send(ChannelKind kind, ChannelSettings settings, String secret, ChannelMessage message, long channelId) {
        TargetGuard.Checked target;
        try {
            target = guard.check(settings.url().toString());
        } catch (TargetGuard.Refused refused) {
            return new Outcome.Gone(0, "the target is refused now: " + refused.getMessage());
        }
        ChannelRequest request = requests.build(kind, settings, secret, message, channelId, clock.instant());
        try {
            ChannelHttp.Answer answer = http.post(request, target);
            return verdicts.of(answer.status(), answer.headers(), answer.body());
        } catch (IOException e) {
            return new Outcome.Retry(0, "no answer: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Retry(0, "interrupted while sending (shutting down)", Optional.empty());
        }
    }
}
