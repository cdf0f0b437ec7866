package com.mangahub.sync.notify;

import java.util.Set;

/** A push channel's open sessions, each opened with a reader's token (SSE streams, CoAP observations). */
public interface TokenSessions {
    /** The readers with at least one open session here. */
    Set<Long> readers();

    /**
     * Ends, at once, this reader's sessions opened with a token whose fingerprint is not {@code current} (null: the
     * reader may not sign in at all: disabled, deleted, or the token expired). Returns how many ended.
     */
    int endRevoked(long userId, byte[] current);
}
