package com.mangahub.sync.notify;

import com.mangahub.sync.reader.LiveCredentials;
import java.util.Set;

/**
 * A push channel's open sessions, each opened with one of a reader's credentials (an API or app token, a browser
 * session): SSE streams, CoAP observations.
 */
public interface TokenSessions {
    /** The readers with at least one open session here. */
    Set<Long> readers();

    /**
     * Ends, at once, this reader's sessions opened with a credential not among {@code current} (none: the reader may
     * not sign in at all: disabled or deleted). Returns how many ended.
     */
    int endRevoked(long userId, LiveCredentials current);
}
