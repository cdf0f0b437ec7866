package com.mangahub.sync.workflow;

import com.mangahub.sync.mangadex.MangaDexException;
import com.mangahub.sync.store.TrackingStore;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the baselines of followed series nobody tracks yet: a library import follows hundreds at once and answers at
 * once; their baselines (one feed request each) follow here, a few per chapter poll, through the one rate budget.
 * Until its baseline a series is not tracked, so none of its chapters can notify as new by mistake.
 */
final class FollowBaselines {
    private static final Logger log = LoggerFactory.getLogger(FollowBaselines.class);
    /** Per run: at 4 requests per second, a run adds at most a few seconds to the chapter poll it rides with. */
    static final int PER_RUN = 10;

    private final WorkflowContext w;
    private final Tracking tracking;
    private final TrackingStore store = new TrackingStore();

    FollowBaselines(WorkflowContext w, Tracking tracking) {
        this.w = w;
        this.tracking = tracking;
    }

    /** Returns how many baselines it took. */
    int runOnce() {
        List<UUID> pending = w.db().inTransaction(h -> store.followedUntracked(h, PER_RUN));
        int taken = 0;
        for (UUID id : pending) {
            try {
                if (tracking.startTracking(id).started()) taken++;
            } catch (MangaDexException e) {
                // the next run tries again; one series MangaDex cannot answer for now must not hold up the others
                log.warn("baseline of followed series {} not taken now: {}", id, e.getMessage());
            }
        }
        return taken;
    }
}
