package com.mangahub.sync.notify;

import com.mangahub.sync.periodic.PeriodicWork;
import com.mangahub.sync.reader.LiveCredentials;
import com.mangahub.sync.reader.UserAccounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the open push sessions of a credential that no longer works. A reader's token rotated, an app token revoked, a
 * browser session signed out, the reader disabled or deleted, in any process: the database signals the reader's id ({@link #signalled}) and this process checks that
 * reader's sessions at once. {@link #runOnce} checks every open session, which catches tokens that expired and any
 * signal lost with the listening connection. A session is checked against the token it was opened with, so a
 * stream opened with the new token survives the rotation that cut the old ones.
 */
public final class Revocations implements PeriodicWork {
    private static final Logger log = LoggerFactory.getLogger(Revocations.class);

    private final UserAccounts accounts;
    private final List<TokenSessions> channels;
    private final Counter ended;

    public Revocations(UserAccounts accounts, List<TokenSessions> channels, MeterRegistry metrics) {
        this.accounts = accounts;
        this.channels = List.copyOf(channels);
        this.ended = Counter.builder("mangahub.sessions.revoked")
                .description("SSE streams and CoAP observations ended because their token stopped working")
                .register(metrics);
    }

    /** A database signal naming one reader (its payload); anything else checks everyone. */
    public void signalled(String payload) {
        // off the listening thread: the check reads the database
        Thread.ofVirtual().name("revocation-check").start(() -> {
            try {
                check(readers(payload));
            } catch (RuntimeException e) {
                // the periodic sweep checks again; a session lives at most one interval longer
                log.warn("could not check revoked sessions now: {}", e.getMessage());
            }
        });
    }

    private Set<Long> readers(String payload) {
        try {
            return Set.of(Long.parseLong(payload.strip()));
        } catch (NumberFormatException e) {
            return allReaders();
        }
    }

    @Override
    public int runOnce() {
        return check(allReaders());
    }

    private Set<Long> allReaders() {
        Set<Long> all = new HashSet<>();
        channels.forEach(c -> all.addAll(c.readers()));
        return all;
    }

    private int check(Set<Long> readers) {
        if (readers.isEmpty()) return 0;
        Map<Long, LiveCredentials> current = accounts.currentFingerprints(readers);
        int count = 0;
        for (long reader : readers) {
            LiveCredentials live = current.getOrDefault(reader, LiveCredentials.NONE);
            for (TokenSessions channel : channels) count += channel.endRevoked(reader, live);
        }
        if (count > 0) {
            ended.increment(count);
            log.info("ended {} push session(s) whose token no longer works", count);
        }
        return count;
    }
}
