package com.mangahub.sync.workflow;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A position in a MangaDex list ordered ascending by a timestamp: a {@code *Since} anchor plus an offset. Offsets
 * cannot pass MangaDex's 10,000-result window, so near it the walk re-anchors on the last timestamp seen and
 * starts again at offset 0 (keyset paging). The anchor goes back one second because MangaDex timestamps have
 * second precision and whether {@code *Since} is inclusive is unconfirmed; the items seen again are dropped by id.
 */
record WindowCursor(Optional<Instant> since, int offset) {
    static final int RESULT_WINDOW = 10_000;

    static WindowCursor from(Optional<Instant> since) {
        return new WindowCursor(since.map(t -> t.truncatedTo(ChronoUnit.SECONDS)), 0);
    }

    <T> WindowCursor after(List<T> page, Function<T, Instant> time, int limit) {
        int next = offset + page.size();
        if (page.isEmpty() || next + limit <= RESULT_WINDOW) return new WindowCursor(since, next);
        Instant anchor = time.apply(page.getLast()).truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        if (since.isPresent() && !anchor.isAfter(since.get())) {
            throw new IllegalStateException("more than " + RESULT_WINDOW + " results share the second "
                    + since.get() + "; MangaDex cannot page past them");
        }
        return new WindowCursor(Optional.of(anchor), 0);
    }

    /** Text for {@code sync_state.cursor}: "anchor|offset", the anchor empty when the walk started at the beginning. */
    String encode() {
        return since.map(Instant::toString).orElse("") + "|" + offset;
    }

    static Optional<WindowCursor> decode(Optional<String> text) {
        return text.filter(t -> t.contains("|")).map(t -> {
            String[] parts = t.split("\\|", -1);
            Optional<Instant> since = parts[0].isEmpty() ? Optional.empty() : Optional.of(Instant.parse(parts[0]));
            return new WindowCursor(since, Integer.parseInt(parts[1]));
        });
    }
}
