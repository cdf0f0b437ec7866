package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.ServiceProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, acceptance 2: with MANGAHUB_DATABASE_URL the service uses that server and starts no embedded one. */
class ExternalDatabaseIT {
    @TempDir
    Path dataDir;

    @Test
    void aPostgresUrlInLibpqFormIsUsedAndNoEmbeddedServerStarts() throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
            int port = ServiceProcess.freePort();
            String url = "postgres://postgres:unused@127.0.0.1:" + external.getPort() + "/postgres";
            Map<String, String> env = Map.of("MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_DATABASE_URL", url,
                    "MANGAHUB_HTTP_PORT", Integer.toString(port), "MANGAHUB_COAP_PORT", "0",
                    "MANGAHUB_IMPORT_ON_START", "false", "MANGAHUB_MANGADEX_URL", ServeProcessIT.UNREACHABLE_MANGADEX);
            try (ServiceProcess service = ServiceProcess.start(env, "serve")) {
                String health = service.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(60));
                assertThat(health).contains("external PostgreSQL jdbc:postgresql://127.0.0.1:" + external.getPort());
                assertThat(Files.exists(dataDir.resolve("pgdata"))).isFalse();
                assertThat(ServiceProcess.processesMentioning(dataDir.toString())).isEmpty();
                try (Connection c = external.getPostgresDatabase().getConnection();
                     ResultSet rs = c.createStatement().executeQuery("select count(*) from sync_state")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("schema migrated into the external server").isGreaterThanOrEqualTo(3);
                }
                assertThat(service.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
            }
        }
    }
}
