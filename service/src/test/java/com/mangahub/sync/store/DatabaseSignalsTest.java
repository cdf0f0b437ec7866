package com.mangahub.sync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.support.PostgresExtension;
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
        UUID id = UUID.randomUUID();
        return db.inTransaction(h -> h.createQuery("insert into manga (mangadex_id, slug, title) "
                        + "values (:id, :slug, 'Signals') returning id")
                .bind("id", id)
                .bind("slug", "signals-" + id.toString().substring(0, 8))
                .mapTo(Long.class)
                .one());
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

            assertThatThrownBy(() -> db.inTransaction(h -> {
                new OutboxWriter().write(h, OutboxWriter.Type.NEW_MANGA, manga, "{}", "rolled-back", Instant.now());
                // a failing statement abandons the transaction
                return h.execute("select 1 / 0");
            })).isInstanceOf(StoreException.class);
            await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> outbox.get() == 0);

            store.enqueue(OutboxWriter.Type.NEW_MANGA, manga, "{}", "committed", Instant.now());
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
