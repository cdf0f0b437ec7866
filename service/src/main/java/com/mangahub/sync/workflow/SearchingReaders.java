package com.mangahub.sync.workflow;

import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who may spend MangaDex's budget on a catalogue search, and within which caps. The reader side answers (App wires
 * it to the request's token and the reader's limits), so the catalogue knows readers without depending on them.
 */
public interface SearchingReaders {
    /** The reader whose valid token the request carries (it spends one of their requests), or empty. */
    Optional<Long> reader(Context ctx);

    /** Runs one reader's MangaDex-bound work within their cap of such work in flight (a JSON 429 past it). */
    <T> T mangaDexWork(long readerId, Supplier<T> work);

    /** Nobody may: the catalogue answers from the mirror only. */
    SearchingReaders NONE = new SearchingReaders() {
        @Override
        public Optional<Long> reader(Context ctx) {
            return Optional.empty();
        }

        @Override
        public <T> T mangaDexWork(long readerId, Supplier<T> work) {
            return work.get();
        }
    };
}
