package com.mangahub.sync.reader;

import com.mangahub.sync.store.RecentWrites;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.util.Set;

/**
 * Tells {@link RecentWrites} which reader just wrote: after every request that may change something (any method
 * but GET, HEAD and OPTIONS) made with a reader's token, answered or refused, so that reader's next pages are read on
 * the primary and show the change (a follow, a mark-read, a rule) instead of a replica's older state.
 */
public record ReaderWrites(RecentWrites writes) implements Routes {
    private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    @Override
    public void register(Javalin app) {
        app.after(ctx -> {
            if (!READS.contains(ctx.method())) RequestAuth.signedInReader(ctx).ifPresent(writes::wrote);
        });
    }
}
