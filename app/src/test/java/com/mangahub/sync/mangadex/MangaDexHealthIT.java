package com.mangahub.sync.mangadex;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged service wires one MangaDex client and reports its circuit breaker on /health. */
class MangaDexHealthIT {
    @TempDir
    Path dataDir;

    @Test
    void healthReportsMangaDexReachableWithAClosedBreaker() throws Exception {
        int port = ServiceProcess.freePort();
        // Nothing listens on port 9 of loopback: the client must not call MangaDex just to report its health.
        Map<String, String> env = Map.of("MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT",
                Integer.toString(port), "MANGAHUB_COAP_PORT", "0", "MANGAHUB_IMPORT_ON_START", "false",
                "MANGAHUB_MANGADEX_URL", "http://127.0.0.1:9");
        try (ServiceProcess service = ServiceProcess.start(env, "serve")) {
            String health = service.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));
            assertThat(health).contains("\"mangadex\":{\"status\":\"UP\",\"breaker\":\"CLOSED\"}");
            assertThat(service.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }
}
