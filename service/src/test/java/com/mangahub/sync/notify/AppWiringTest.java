package com.mangahub.sync.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.App;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.NotificationStore;
import com.mangahub.sync.store.OutboxStore;
import com.mangahub.sync.store.OutboxWriter;
import com.mangahub.sync.support.PostgresExtension;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** App wires the notification side: an outbox event written by anyone reaches a CoAP port and the log. */
@ExtendWith(PostgresExtension.class)
class AppWiringTest {
    @TempDir
    Path dataDir;

    @Test
    void theServiceFansOutOutboxEventsAndListensForCoapOnAnEphemeralPort(Database db) {
        HikariDataSource pool = (HikariDataSource) db.dataSource();
        Config config = Config.from(Map.of("MANGAHUB_DATABASE_URL", pool.getJdbcUrl() + "?user=" + pool.getUsername(),
                "MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_IMPORT_ON_START", "false", "MANGAHUB_MANGADEX_URL", "http://127.0.0.1:9"));
        UUID manga = UUID.randomUUID();
        long mangaId = db.inTransaction(h -> h.createQuery("insert into manga (mangadex_id, slug, title) "
                        + "values (:id, 'wired', 'Wired') returning id")
                .bind("id", manga).mapTo(Long.class).one());
        long user = db.inTransaction(h -> h.createQuery("insert into users (name, token_hash) values ('w', 'x') "
                + "returning id").mapTo(Long.class).one());
        try (App app = App.start(config, Clock.systemUTC())) {
            assertThat(app.coapPort()).isPositive();
            new OutboxStore(db).enqueue(OutboxWriter.Type.NEW_MANGA, mangaId, "{\"manga_id\":\"" + manga + "\",\"title\":\"Wired\"}", null,
                    Instant.now());
            // a new series is a broadcast: one row, in the reader's log
            await().atMost(Duration.ofSeconds(10)).until(() -> new NotificationStore(db).after(user, 0, 10).size() == 1);
            long broadcasts = db.inTransaction(h -> h.createQuery("select count(*) from broadcasts")
                    .mapTo(Long.class).one());
            assertThat(broadcasts).isEqualTo(1);
        }
    }
}
