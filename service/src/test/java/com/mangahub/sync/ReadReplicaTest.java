package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.support.ServiceApi;
import com.mangahub.sync.support.StreamingReplica;
import com.mangahub.sync.workflow.ImportProgress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 30, acceptance 2: the service on a primary with a real streaming replica (two PostgreSQL servers, the standby
 * made with pg_basebackup). Catalogue and log pages are read on the replica, as each server's pg_stat_activity shows;
 * a reader's own mark-read is visible to them at once though the replica has not replayed it; a replica too far
 * behind, and one stopped, leave reads on the primary with no failed request.
 */
class ReadReplicaTest {
    private static final String ADMIN = "read-replica-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The replica's sessions in its pg_stat_activity (store.ReadReplica names them so). */
    private static final String REPLICA_SESSIONS = "mangahub-sync replica";
    /** The start of the catalogue's page query (store.CatalogueQueries); the join only the log page makes (store.NotificationStore). */
    private static final String CATALOGUE_PAGE = "select m.id, m.mangadex_id, m.slug";
    private static final String LOG_PAGE = "on b.id > u.broadcasts_after";

    @TempDir
    Path dataDir;

    @Test
    void pagesAreReadOnTheReplicaAReadersOwnWriteOnThePrimaryAndAStoppedReplicaFailsNothing() throws Exception {
        try (StreamingReplica servers = StreamingReplica.start();
             Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(30).withWorldSize(20, 40));
             App app = App.start(Config.from(Map.of("MANGAHUB_DATABASE_URL", servers.primaryUrl(),
                     "MANGAHUB_DATABASE_REPLICA_URL", servers.replicaUrl(),
                     "MANGAHUB_DATABASE_REPLICA_MAX_LAG", "2s", "MANGAHUB_DATA_DIR", dataDir.toString(),
                     "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0", "MANGAHUB_ADMIN_TOKEN", ADMIN,
                     "MANGAHUB_IMPORT_ON_START", "false", "MANGAHUB_MANGADEX_URL", sim.baseUri().toString())),
                     Clock.systemUTC());
             Connection primary = DriverManager.getConnection(servers.primaryUrl());
             Connection replica = DriverManager.getConnection(servers.replicaUrl())) {
            ServiceApi api = new ServiceApi(app.httpPort());
            app.sync().importCatalogue(20, false, ImportProgress.NONE);
            UUID series = sim.world().mangaIds().get(2);
            String reader = api.createReader(ADMIN, "reader");
            api.send("PUT", "/api/me/library/" + series, reader, "");
            api.send("POST", "/notify/new-chapter", ADMIN, JSON.createObjectNode().put("manga_id", series.toString())
                    .put("title", "t").put("chapter", "5").toString());
            awaitReadsFrom(api, "replica");

            // the catalogue's page: on the replica, never on the primary
            assertThat(api.send("GET", "/api/manga?remote=never&size=10", reader, null).path("total").asInt())
                    .isEqualTo(20);
            assertThat(ran(servers.replicaStatements(), CATALOGUE_PAGE)).as("the catalogue page, on the replica")
                    .isPositive();
            assertThat(ran(servers.primaryStatements(), CATALOGUE_PAGE)).as("never on the primary").isZero();
            assertThat(sessions(replica, REPLICA_SESSIONS)).as("the replica's pg_stat_activity").isPositive();
            assertThat(sessions(primary, REPLICA_SESSIONS)).as("the primary's pg_stat_activity").isZero();
            assertThat(sessions(primary, "mangahub-sync")).as("the primary's own sessions").isPositive();

            // the reader's log page, once the window after their follow has passed: on the replica too
            long id = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode page = api.send("GET", "/api/me/notifications", reader, null).path("notifications");
                return page.isEmpty() ? 0L : page.get(0).path("id").asLong();
            }, n -> n > 0);
            Thread.sleep(4_200); // the follow's window: max lag 2 s (room for a loaded machine) plus two looks
            long before = readsOn(api, "reads_on_replica");
            assertThat(api.send("GET", "/api/me/notifications", reader, null).path("notifications")).hasSize(1);
            assertThat(readsOn(api, "reads_on_replica")).isGreaterThan(before);
            assertThat(ran(servers.replicaStatements(), LOG_PAGE)).as("the log page, on the replica").isPositive();
            int onPrimary = ran(servers.primaryStatements(), LOG_PAGE);

            // the replica stops replaying: the reader's mark-read is not there, yet they see it at once
            try (var st = replica.createStatement()) {
                st.execute("select pg_wal_replay_pause()");
            }
            assertThat(health(api).path("reads_from").asText()).isEqualTo("replica");
            api.send("POST", "/api/me/notifications/" + id + "/read", reader, null);
            JsonNode seen = api.send("GET", "/api/me/notifications", reader, null).path("notifications").get(0);
            assertThat(seen.path("read_at").isNull()).as("their own mark-read, read on the primary").isFalse();
            assertThat(readAtOn(replica, id)).as("the replica has not replayed it").isNull();
            assertThat(ran(servers.primaryStatements(), LOG_PAGE)).as("read on the primary").isGreaterThan(onPrimary);
            // ... and more than the max lag behind, it is left for the primary until it catches up
            await().atMost(Duration.ofSeconds(15)).until(() -> health(api).path("reads_from").asText().equals("primary"));
            assertThat(health(api).path("reason").asText()).contains("behind");
            try (var st = replica.createStatement()) {
                st.execute("select pg_wal_replay_resume()");
            }
            awaitReadsFrom(api, "replica");
            assertThat(readAtOn(replica, id)).isNotNull();

            // the replica stops while readers browse: every request is answered, from the primary once it is gone
            AtomicBoolean browsing = new AtomicBoolean(true);
            List<Answer> answers = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread browser = Thread.ofVirtual().start(() -> browse(api, reader, browsing, answers));
            Thread.sleep(1_000);
            long stopping = System.nanoTime();
            servers.stopReplica();
            // the read that met the stop fell back at once; the next look finds the replica gone
            await().atMost(Duration.ofSeconds(15)).until(() -> health(api).path("reads_from").asText().equals("primary")
                    && health(api).path("reason").asText().contains("unreachable"));
            Thread.sleep(1_000);
            browsing.set(false);
            browser.join();
            List<Answer> replicaUp = answers.stream().filter(a -> a.startedAt() < stopping).toList();
            List<Answer> after = answers.stream().filter(a -> a.startedAt() >= stopping).toList();
            assertThat(after).as("requests kept coming after the stop").hasSizeGreaterThan(5);
            assertThat(answers.stream().map(Answer::status)).as("no request failed").containsOnly(200);
            System.out.printf("replica stopped under browsing: %d requests after the stop, 0 failed, the slowest %d ms;"
                    + " the slowest of %d with the replica up (same run) %d ms%n", after.size(), slowest(after),
                    replicaUp.size(), slowest(replicaUp));
        }
    }

    /** One browsing request: when it started (nanoTime), how long it took, its status (-1: no answer). */
    private record Answer(long startedAt, long millis, int status) {}

    private static long slowest(List<Answer> answers) {
        return answers.stream().mapToLong(Answer::millis).max().orElse(0);
    }

    private static void browse(ServiceApi api, String token, AtomicBoolean browsing, List<Answer> answers) {
        HttpClient http = HttpClient.newHttpClient();
        int i = 0;
        while (browsing.get()) {
            String path = i++ % 2 == 0 ? "/api/manga?remote=never" : "/api/me/notifications";
            long start = System.nanoTime();
            int status;
            try {
                status = http.send(HttpRequest.newBuilder(URI.create(api.base() + path))
                        .header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                status = -1;
            }
            answers.add(new Answer(start, (System.nanoTime() - start) / 1_000_000, status));
            try {
                Thread.sleep(100); // within the reader's 20 requests a second
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void awaitReadsFrom(ServiceApi api, String server) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> health(api).path("reads_from").asText().equals(server));
    }

    private static JsonNode health(ServiceApi api) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base()
                + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("components").path("database_replica");
    }

    private static long readsOn(ServiceApi api, String counter) throws Exception {
        return health(api).path(counter).asLong();
    }

    /** How many of these logged statements are the service's runs of {@code query} (sessions it named). */
    private static int ran(List<String> statements, String query) {
        return (int) statements.stream().filter(s -> s.startsWith("mangahub-sync") && s.contains(query)).count();
    }

    /** Sessions of this application_name in the server's pg_stat_activity. */
    private static int sessions(Connection server, String applicationName) throws Exception {
        try (var st = server.prepareStatement("select count(*) from pg_stat_activity where application_name = ?")) {
            st.setString(1, applicationName);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Object readAtOn(Connection server, long id) throws Exception {
        try (var st = server.prepareStatement("select read_at from notifications where id = ?")) {
            st.setLong(1, id);
            try (var rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getObject(1);
            }
        }
    }
}
