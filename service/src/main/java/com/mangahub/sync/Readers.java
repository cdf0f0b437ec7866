package com.mangahub.sync;

import com.mangahub.sync.notify.NotificationJson;
import com.mangahub.sync.notify.NotificationLog;
import com.mangahub.sync.notify.NotifyMetrics;
import com.mangahub.sync.reader.RequestAuth;
import com.mangahub.sync.reader.UserAccounts;
import com.mangahub.sync.store.LibraryStore;
import com.mangahub.sync.store.NotificationStore;
import com.mangahub.sync.store.OutboxStore;
import com.mangahub.sync.store.UserStore;
import java.time.Duration;

/**
 * What notify and api share: readers' accounts and how a request proves who it is, their libraries, the outbox, the
 * notification log (with its read receipts) and the wire form of a notification.
 */
record Readers(NotifyMetrics notifyMetrics, UserAccounts accounts, RequestAuth auth, LibraryStore libraries,
               NotificationStore notifications, OutboxStore outbox, NotificationJson wire, NotificationLog log) {
    private static final Duration RECEIPT_INTERVAL = Duration.ofMillis(200);

    static Readers start(Foundation foundation) {
        var database = foundation.database();
        NotifyMetrics notifyMetrics = new NotifyMetrics(foundation.metrics());
        UserAccounts accounts = new UserAccounts(new UserStore(database), foundation.clock(),
                foundation.config().server().tokenMaxAge());
        NotificationStore notifications = new NotificationStore(database);
        NotificationLog log = foundation.track(new NotificationLog(notifications, foundation.clock(), RECEIPT_INTERVAL)
                .start());
        return new Readers(notifyMetrics, accounts, new RequestAuth(accounts, foundation.adminToken()),
                new LibraryStore(database), notifications, new OutboxStore(database),
                new NotificationJson(foundation.json()), log);
    }
}
