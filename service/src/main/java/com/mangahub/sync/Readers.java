package com.mangahub.sync;

import com.mangahub.sync.notify.NotificationJson;
import com.mangahub.sync.notify.NotificationLog;
import com.mangahub.sync.notify.NotifyMetrics;
import com.mangahub.sync.reader.AppTokens;
import com.mangahub.sync.reader.BrowserSessions;
import com.mangahub.sync.reader.ReaderLimits;
import com.mangahub.sync.reader.RequestAuth;
import com.mangahub.sync.reader.SessionCookie;
import com.mangahub.sync.reader.UserAccounts;
import com.mangahub.sync.store.AppTokenStore;
import com.mangahub.sync.store.LibraryStore;
import com.mangahub.sync.store.NotificationStore;
import com.mangahub.sync.store.OutboxStore;
import com.mangahub.sync.store.RecentWrites;
import com.mangahub.sync.store.ReplicaReads;
import com.mangahub.sync.store.SessionStore;
import com.mangahub.sync.store.UserStore;
import com.mangahub.sync.workflow.SearchingReaders;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What notify and api share: readers' accounts and how a request proves who it is (tokens, app tokens, sessions), their libraries, the outbox, the
 * notification log (with its read receipts) and the wire form of a notification.
 */
record Readers(NotifyMetrics notifyMetrics, UserAccounts accounts, RequestAuth auth, LibraryStore libraries,
               NotificationStore notifications, OutboxStore outbox, NotificationJson wire, NotificationLog log,
               RecentWrites writes, AppTokens appTokens, BrowserSessions sessions) {
    private static final Duration RECEIPT_INTERVAL = Duration.ofMillis(200);

    static Readers start(Foundation foundation) {
        var database = foundation.database();
        NotifyMetrics notifyMetrics = new NotifyMetrics(foundation.metrics());
        var signIn = foundation.config().signIn();
        AppTokens appTokens = new AppTokens(new AppTokenStore(database), foundation.clock());
        BrowserSessions sessions = new BrowserSessions(new SessionStore(database), foundation.clock(),
                signIn.sessionIdle(), signIn.sessionMaxAge());
        UserAccounts accounts = new UserAccounts(new UserStore(database), appTokens, sessions, foundation.clock(),
                foundation.config().server().tokenMaxAge());
        NotificationStore notifications = new NotificationStore(database);
        // readers' own pages may come from the read replica, unless they wrote just now
        RecentWrites writes = database.replica().map(r -> RecentWrites.after(r, foundation.clock()))
                .orElseGet(() -> RecentWrites.none(foundation.clock()));
        NotificationLog log = foundation.track(new NotificationLog(notifications,
                new ReplicaReads<>(database, NotificationStore::new, writes), foundation.clock(), RECEIPT_INTERVAL)
                .start());
        RequestAuth auth = new RequestAuth(accounts, foundation.adminToken(),
                new ReaderLimits(foundation.config().limits(), foundation.limitMeters()),
                new SessionCookie(foundation.config().channels().publicUrl(), foundation.config().server().pathPrefix()));
        return new Readers(notifyMetrics, accounts, auth,
                new LibraryStore(database), notifications, new OutboxStore(database),
                new NotificationJson(foundation.json()), log, writes, appTokens, sessions);
    }

    /**
     * Who may spend MangaDex's budget on a catalogue search: a reader by their token (the request counts against their
     * bucket), within their cap of MangaDex-bound work in flight.
     */
    SearchingReaders searching() {
        return new SearchingReaders() {
            @Override
            public Optional<Long> reader(Context ctx) {
                return auth.signedIn(ctx) ? Optional.of(auth.user(ctx).id()) : Optional.empty();
            }

            @Override
            public <T> T mangaDexWork(long readerId, Supplier<T> work) {
                return auth.limits().mangaDexWork(readerId, work);
            }
        };
    }
}
