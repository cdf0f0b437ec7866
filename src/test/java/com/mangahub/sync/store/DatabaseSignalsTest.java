package com.mangahub.sync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.support.PostgresExtension;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** LISTEN/NOTIFY wake-ups: a committed outbox event signals, a rolled-back one does not, and the channel is exact. */
@ExtendWith(PostgresExtension.class)
class DatabaseSignalsTest {
    private static long manga(Database db) {
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("insert into manga (mangadex_id, slug, title) values (?, ?, 'Signals') "
                    + "returning id")) {
                UUID id = UUID.randomUUID();
                ps.setObject(1, id);
                ps.setString(2, "signals-" + id.toString().substring(0, 8));
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Test
    void aCommittedEventSignalsTheOutboxChannelOnlyOnceItIsCommitted(Database db) {
        long manga = manga(db);
        AtomicInteger outbox = new AtomicInteger();
        AtomicInteger notifications = new AtomicInteger();
        OutboxStore store = new OutboxStore(db);
        try (DatabaseSignals signals = new DatabaseSignals(db).on(DatabaseSignals.OUTBOX, outbox::incrementAndGet)
                .on(DatabaseSignals.NOTIFICATIONS, notifications::incrementAndGet).start()) {
            await().atMost(Duration.ofSeconds(10)).until(signals::listening);

            assertThatThrownBy(() -> db.inTransaction(c -> {
                store.enqueue(c, "NEW_MANGA", manga, "{}", "rolled-back", Instant.now());
                throw new SQLException("abandon the transaction");
            })).isInstanceOf(StoreException.class);
            await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> outbox.get() == 0);

            store.enqueue("NEW_MANGA", manga, "{}", "committed", Instant.now());
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.get() == 1);
            assertThat(notifications).as("another channel").hasValue(0);
        }
    }

    @Test
    void onlyPlainChannelNamesAreAccepted(Database db) {
        assertThatThrownBy(() -> new DatabaseSignals(db).on("x; drop table manga", () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
