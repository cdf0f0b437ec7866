package com.mangahub.sync.workflow;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each {@link StreamWalk} of the chapter stream has reached: the newest value of its time field seen. Saved
 * as {@code "publishAt=<instant> createdAt=<instant>"} in {@code sync_state.cursor}; a cursor saved before the
 * link walk existed (one bare instant) starts both walks from that instant.
 */
record StreamCursor(Map<StreamWalk, Instant> reached) {
    StreamCursor {
        reached = Map.copyOf(reached);
    }

    static StreamCursor decode(Optional<String> saved, Instant start) {
        String text = saved.map(String::strip).orElse("");
        Map<StreamWalk, Instant> reached = new EnumMap<>(StreamWalk.class);
        boolean legacy = !text.isEmpty() && !text.contains("=");
        for (StreamWalk walk : StreamWalk.values()) reached.put(walk, legacy ? Instant.parse(text) : start);
        if (legacy) return new StreamCursor(reached);
        for (String part : text.split(" ")) {
            int eq = part.indexOf('=');
            for (StreamWalk walk : StreamWalk.values()) {
                if (eq > 0 && walk.field().equals(part.substring(0, eq))) {
                    reached.put(walk, Instant.parse(part.substring(eq + 1)));
                }
            }
        }
        return new StreamCursor(reached);
    }

    Instant of(StreamWalk walk) {
        return reached.get(walk);
    }

    StreamCursor with(StreamWalk walk, Instant at) {
        Map<StreamWalk, Instant> next = new EnumMap<>(reached);
        next.put(walk, at);
        return new StreamCursor(next);
    }

    String encode() {
        StringBuilder text = new StringBuilder();
        for (StreamWalk walk : StreamWalk.values()) {
            if (!text.isEmpty()) text.append(' ');
            text.append(walk.field()).append('=').append(reached.get(walk));
        }
        return text.toString();
    }
}
