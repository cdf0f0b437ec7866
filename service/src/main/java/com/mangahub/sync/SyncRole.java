package com.mangahub.sync;

import com.mangahub.sync.mangadex.AuthServer;
import com.mangahub.sync.mangadex.CustomList;
import com.mangahub.sync.mangadex.MangaDexClient;
import com.mangahub.sync.mangadex.MangaDexException;
import com.mangahub.sync.reader.SeriesSource;
import com.mangahub.sync.store.SecretBox;
import com.mangahub.sync.store.SourceStore;
import com.mangahub.sync.time.Sleeper;
import com.mangahub.sync.web.HealthCheck;
import com.mangahub.sync.web.Routes;
import com.mangahub.sync.workflow.SearchingReaders;
import com.mangahub.sync.workflow.SourceSync;
import com.mangahub.sync.workflow.SyncService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The sync side: the one MangaDex client of the process (the rate budget is per IP) and the workflows (import,
 * new-manga poll, chapter stream, reconcile, manual sync, jobs). Built by sync, and by api, which takes a follow's
 * baseline and runs manual syncs itself through the one cluster-wide MangaDex budget; only sync runs the recurring
 * work.
 */
final class SyncRole {
    private final Foundation foundation;
    private final MangaDexClient mangaDex;
    private final SyncService sync;
    private final SourceStore sourceStore;
    private final SourceSync sourceSync;

    SyncRole(Foundation foundation) {
        this.foundation = foundation;
        this.mangaDex = foundation.track(App.mangaDexClient(foundation.config(), foundation.database(),
                foundation.metrics(), foundation.json(), foundation.clock(), foundation.mangaDexHttp()));
        this.sync = new SyncService(foundation.database(), mangaDex, foundation.config(), foundation.clock(),
                foundation.metrics(), foundation.json(), Sleeper.SYSTEM);
        var config = foundation.config();
        // library sources: their secrets sealed with the key kept outside the database, their logins at MangaDex's
        // auth server (another host than the API)
        this.sourceStore = new SourceStore(foundation.database(),
                SecretBox.load(config.storage().dataDir(), config.sources().secretKey()));
        AuthServer authServer = foundation.track(new AuthServer(config.sources().tokenUrl(),
                config.mangadex().requestTimeout(), foundation.json(), foundation.metrics(),
                foundation.mangaDexHttp()));
        this.sourceSync = sync.sources(sourceStore, mangaDex, authServer, config.sources().interval());
    }

    /** The store of library sources. */
    SourceStore sourceStore() {
        return sourceStore;
    }

    /** Library sources' sync (the routes sync one now; tests run it directly instead of waiting for its schedule). */
    SourceSync sourceSync() {
        return sourceSync;
    }

    MangaDexClient mangaDex() {
        return mangaDex;
    }

    SyncService sync() {
        return sync;
    }

    List<HealthCheck> healthChecks() {
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(new HealthCheck("mangadex", () -> mangaDex.reachable()
                ? HealthCheck.Result.up(Map.of("breaker", mangaDex.breakerState()))
                : HealthCheck.Result.down(Map.of("breaker", mangaDex.breakerState()))));
        checks.addAll(sync.healthChecks());
        return checks;
    }

    /**
     * The catalogue and sync routes; only the api role serves them. {@code readers} says who may spend the MangaDex
     * budget on a catalogue search, within which caps.
     */
    List<Routes> routes(SearchingReaders readers) {
        return sync.routes(foundation.adminToken(), readers);
    }

    /** Recurring work starts once HTTP is up, and stops before HTTP, the client and the database close. */
    void startRecurringWork() {
        foundation.track(sync);
        sync.start();
    }

    /**
     * Following a series nothing tracks yet starts its tracking through the sync side; notify only sees this
     * function, so it never depends on sync. A series MangaDex does not know is "not found", not an error.
     */
    boolean startTracking(UUID mangaDexId) {
        try {
            sync.tracking().start(mangaDexId);
            return true;
        } catch (MangaDexException.NotFound unknownSeries) {
            return false;
        }
    }

    /**
     * What a library import asks of MangaDex, through the sync side; a MangaDex that cannot answer now is
     * "unavailable" (the import is retried), never a 500.
     */
    SeriesSource seriesSource() {
        return new SeriesSource() {
            @Override
            public Optional<List<UUID>> publicList(UUID listId) {
                try {
                    return sync.lookup().publicList(listId).map(CustomList::mangaIds);
                } catch (MangaDexException e) {
                    throw new SeriesSource.Unavailable(e.getMessage(), e);
                }
            }

            @Override
            public Set<UUID> addToCatalogue(Collection<UUID> ids) {
                try {
                    return sync.lookup().addToCatalogue(ids);
                } catch (MangaDexException e) {
                    throw new SeriesSource.Unavailable(e.getMessage(), e);
                }
            }
        };
    }
}
