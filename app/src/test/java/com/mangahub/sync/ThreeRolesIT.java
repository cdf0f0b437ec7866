package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.simulator.NewChapter;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.Libcoap;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceApi;
import com.mangahub.sync.support.ServiceProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of roles: three real processes on one PostgreSQL — {@code serve --role sync}, {@code --role notify},
 * {@code --role api}. A reader is created and follows a series through api; a chapter published on the simulator is
 * found by sync and pushed by notify over CoAP (libcoap's client) and SSE. Stopping notify leaves sync and api
 * healthy, /health of both warns that no process serves notify, and a chapter published meanwhile waits in the
 * outbox; a restarted notify delivers it to a CoAP observer and an SSE stream resuming from what they had seen.
 */
@ExtendWith(PostgresExtension.class)
class ThreeRolesIT {
    private static final String ADMIN = "three-roles-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void syncNotifyAndApiInThreeProcessesAndANotifyRestartDeliversWhatItMissed(Database db) throws Exception {
        int syncPort = ServiceProcess.freePort();
        int notifyPort = ServiceProcess.freePort();
        int apiPort = ServiceProcess.freePort();
        int coapPort = freeUdpPort();
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(16).withWorldSize(40, 400)
                .withRatePerSecond(5).withLatency(Duration.ofMillis(20), Duration.ofMillis(20)));
             ServiceProcess sync = ServiceProcess.start(env(sim, "sync", syncPort, 0), "serve", "--role", "sync");
             ServiceProcess api = ServiceProcess.start(env(sim, "api", apiPort, 0), "serve", "--role", "api")) {
            ServiceProcess notify = ServiceProcess.start(env(sim, "notify", notifyPort, coapPort), "serve", "--role",
                    "notify");
            try {
                sync.awaitHttp200(url(syncPort, "/health"), Duration.ofSeconds(90));
                notify.awaitHttp200(url(notifyPort, "/health"), Duration.ofSeconds(90));
                api.awaitHttp200(url(apiPort, "/health"), Duration.ofSeconds(90));
                awaitMissing(apiPort, List.of());
                JsonNode roles = health(notifyPort).path("components").path("roles");
                assertThat(roles.path("process").toString()).isEqualTo("[\"notify\"]");
                assertThat(health(syncPort).path("components").path("roles").path("process").toString())
                        .isEqualTo("[\"sync\"]");

                ServiceApi through = new ServiceApi(apiPort);
                String token = through.createReader(ADMIN, "reader");
                UUID series = sim.world().mangaIds().getFirst();
                assertThat(through.send("PUT", "/api/me/library/" + series, token, "").get("following").asBoolean())
                        .isTrue();

                Process coap = Libcoap.observe("coap://127.0.0.1:" + coapPort + "/notifications?token=" + token
                        + "&after=0", 100);
                List<String> coapLines = Libcoap.lines(coap.getInputStream());
                List<String> sse = stream(notifyPort, token, null);
                await().atMost(Duration.ofSeconds(10)).until(() -> !coapLines.isEmpty());

                sim.world().publish(NewChapter.of(series, "en").withChapter("1601"));
                long first = awaitNotification(through, token, "1601");
                await().atMost(Duration.ofSeconds(30)).until(() -> String.join("\n", coapLines).contains("\"1601\""));
                await().atMost(Duration.ofSeconds(30)).until(() -> sse.contains("id: " + first)
                        || sse.contains("id:" + first));
                coap.destroy();

                // notify stops: sync and api stay healthy and say that nobody serves notify
                assertThat(notify.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
                awaitMissing(apiPort, List.of("notify"));
                JsonNode syncHealth = health(syncPort);
                assertThat(syncHealth.path("status").asText()).isEqualTo("WARN");
                assertThat(syncHealth.path("components").path("roles").path("warning").asText()).contains("notify");
                assertThat(syncHealth.path("components").path("database").path("status").asText()).isEqualTo("UP");

                sim.world().publish(NewChapter.of(series, "en").withChapter("1602"));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                        PostgresExtension.count(db, "select count(*) from outbox where status = 'pending' "
                                + "and payload->>'chapter' = '1602'") == 1);
                assertThat(PostgresExtension.count(db, "select count(*) from notifications "
                        + "where payload->>'chapter' = '1602'")).as("nobody fans out while notify is down").isZero();

                // a restarted notify fans out what waited and pushes it to clients resuming where they were
                notify = ServiceProcess.start(env(sim, "notify", notifyPort, coapPort), "serve", "--role", "notify");
                notify.awaitHttp200(url(notifyPort, "/health"), Duration.ofSeconds(90));
                Process coapAgain = Libcoap.observe("coap://127.0.0.1:" + coapPort + "/notifications?token=" + token
                        + "&after=" + first, 60);
                List<String> coapAgainLines = Libcoap.lines(coapAgain.getInputStream());
                List<String> sseAgain = stream(notifyPort, token, first);
                long second = awaitNotification(through, token, "1602");
                await().atMost(Duration.ofSeconds(30)).until(() -> String.join("\n", coapAgainLines).contains("\"1602\""));
                await().atMost(Duration.ofSeconds(30)).until(() -> sseAgain.contains("id: " + second)
                        || sseAgain.contains("id:" + second));
                assertThat(String.join("\n", coapAgainLines)).as("resumed after the first")
                        .doesNotContain("\"id\":" + first + ",");
                assertThat(sseAgain).doesNotContain("id: " + first, "id:" + first);

                // a token rotated through api ends the stream and the observation that notify, another process,
                // holds: the users trigger signals every process through the database
                long rotating = System.nanoTime();
                String rotated = through.send("POST", "/api/me/token", token, null).get("token").asText();
                await().atMost(Duration.ofSeconds(5)).until(() -> sseAgain.contains("<end>"));
                await().atMost(Duration.ofSeconds(5)).until(() -> String.join("\n", coapAgainLines).contains("4.01"));
                System.out.printf("rotation through api: notify's SSE stream and CoAP observation ended within %d ms%n",
                        (System.nanoTime() - rotating) / 1_000_000);
                assertThat(through.send("GET", "/api/me", rotated, null).path("name").asText()).isEqualTo("reader");
                awaitMissing(apiPort, List.of());
                coapAgain.destroy();
                assertThat(PostgresExtension.count(db, "select count(*) from notifications")).isEqualTo(2);

                assertThat(notify.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
                assertThat(api.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
                assertThat(sync.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
            } finally {
                notify.close();
            }
        }
    }

    private Map<String, String> env(Simulator sim, String name, int httpPort, int coapPort) {
        Map<String, String> env = ServiceProcess.serveEnv(dataDir.resolve(name), httpPort, ADMIN, sim.baseUri());
        env.put("MANGAHUB_COAP_PORT", Integer.toString(coapPort));
        env.put("MANGAHUB_IMPORT_ON_START", "true");
        env.put("MANGA_SYNC_INITIAL_COUNT", "40");
        return env;
    }

    /** Waits until /health of {@code port} names exactly these roles as served by no live process. */
    private static void awaitMissing(int port, List<String> missing) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonNode roles = health(port).path("components").path("roles");
            return JSON.convertValue(roles.path("missing"), List.class).equals(missing);
        });
    }

    private static JsonNode health(int port) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url(port, "/health")))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET /health: %s", r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The id of the reader's notification of {@code chapter}, once it is in the log (read through api). */
    private static long awaitNotification(ServiceApi api, String token, String chapter) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode n : api.send("GET", "/api/me/notifications?limit=100", token, null).get("notifications")) {
                if (chapter.equals(n.path("payload").path("chapter").asText())) return n.path("id").asLong();
            }
            return 0L;
        }, id -> id > 0);
    }

    /** The lines of the reader's SSE stream from notify, read as they come; resuming after an id when given. */
    private static List<String> stream(int port, String token, Long lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(port, "/api/me/notifications/stream")))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
        if (lastEventId != null) request.header("Last-Event-ID", Long.toString(lastEventId));
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) lines.add(line);
                lines.add("<end>");
            } catch (IOException closedWhenTheServerStops) {
                lines.add("closed");
            }
        });
        return lines;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
