package com.mangahub.sync.notify.coap;

import java.time.Duration;

/**
 * CoAP tuning. {@code ackTimeout} and {@code maxRetransmit} are RFC 7252's ACK_TIMEOUT and MAX_RETRANSMIT (a
 * notification unacknowledged after them ends the observation; the client catches up when it observes again);
 * {@code sourceRate} is how many datagrams per second one source IP may send unauthenticated before the rest are
 * dropped; an address and port that presented a valid token has a budget of that size of its own.
 */
public record CoapSettings(Duration ackTimeout, int maxRetransmit, int sourceRate, int maxObservers) {
    public CoapSettings {
        if (ackTimeout.isNegative() || ackTimeout.isZero()) throw new IllegalArgumentException("ackTimeout must be positive");
        if (maxRetransmit < 0 || sourceRate < 1 || maxObservers < 1) throw new IllegalArgumentException("bad CoAP settings");
    }

    /** RFC 7252's defaults, a rate a well-behaved client never reaches, and room for 100,000 observers. */
    public static CoapSettings defaults() {
        return new CoapSettings(Duration.ofSeconds(2), 4, 1000, 100_000);
    }

    public CoapSettings withSourceRate(int rate) {
        return new CoapSettings(ackTimeout, maxRetransmit, rate, maxObservers);
    }

    public CoapSettings withAckTimeout(Duration timeout) {
        return new CoapSettings(timeout, maxRetransmit, sourceRate, maxObservers);
    }
}
