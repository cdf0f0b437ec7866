package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.support.ServiceApi;
import com.mangahub.sync.support.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's offline tour, {@code mangahub demo}, from the packaged jar: it imports, prints a reader's token and the
 * commands to try, that reader's notifications start arriving from the live simulated world, and SIGTERM ends it
 * with exit code 0.
 */
class DemoCommandIT {
    private static final Pattern TOKEN = Pattern.compile("Authorization: Bearer (\\S+)'");

    @TempDir
    Path dataDir;

    @Test
    void theDemoImportsFollowsAndNotifiesOfflineUntilSigterm() throws Exception {
        int port = ServiceProcess.freePort();
        Map<String, String> env = Map.of("MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT",
                Integer.toString(port), "MANGAHUB_COAP_PORT", "0");
        try (ServiceProcess demo = ServiceProcess.start(env, "demo", "--series", "40", "--follow", "10")) {
            await().atMost(Duration.ofSeconds(120)).until(() -> demo.output().contains("Ctrl-C to stop."));
            String output = demo.output();
            assertThat(output).contains("imported 40").contains("a demo reader follows 10 series")
                    .contains("/api/me/notifications/stream").contains("./mangahub listen --token ");
            Matcher token = TOKEN.matcher(output);
            assertThat(token.find()).as("a reader token in %s", output).isTrue();

            ServiceApi api = new ServiceApi(port);
            assertThat(api.send("GET", "/api/me/library", token.group(1), null).get("library")).hasSize(10);
            // the simulated world keeps publishing: chapters of followed series and new series reach the reader
            JsonNode notifications = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> api.send("GET", "/api/me/notifications", token.group(1), null).get("notifications"),
                            n -> !n.isEmpty());
            assertThat(notifications.findValuesAsText("type")).isSubsetOf("NEW_CHAPTER", "NEW_MANGA", "MANGA_UPDATE");

            ServiceProcess.Result stopped = demo.terminate(Duration.ofSeconds(30));
            assertThat(stopped.exitCode()).as(stopped.output()).isZero();
        }
    }
}
