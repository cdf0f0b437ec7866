package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.support.ServiceApi;
import com.mangahub.sync.support.ServiceProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of backup and restore, with the real jar and its embedded PostgreSQL: {@code db backup} while a
 * {@code serve} is importing 3,000 series, {@code db restore} into a fresh data directory, {@code serve} there. The
 * restored catalogue is the source's catalogue as the import's cursor says it stood (the count it recorded, every
 * row as the source has it); readers, their libraries, notification logs with delivery and read marks and so their
 * catch-up positions equal the source's; the import resumes from the restored cursor and completes without
 * starting over.
 */
class BackupRestoreIT {
    private static final String ADMIN = "backup-restore-admin-token";
    private static final int SERIES = 3_000;
    /**
     * Slow answers make the import (30 pages, one after another) take about 25 s while a follow's baseline (two
     * requests) and the backup still take seconds: the backup lands in the middle of the import.
     */
    private static final Duration LATENCY = Duration.ofMillis(800);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CATALOGUE = "select id || ' ' || mangadex_id || ' ' || slug || ' ' || title "
            + "|| ' ' || mangadex_created_at from manga order by id";

    @TempDir
    Path dir;

    @Test
    void aBackupDuringAnImportRestoresIntoAFreshDataDirectoryAndTheImportResumes() throws Exception {
        Path source = dir.resolve("source");
        Path copy = dir.resolve("copy");
        Path file = dir.resolve("mangahub.backup");
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(3).withWorldSize(SERIES, SERIES)
                .withRatePerSecond(5).withLatency(LATENCY, LATENCY))) {
            int port = ServiceProcess.freePort();
            String token;
            Map<String, List<String>> readerState;
            List<String> sourceCatalogue;
            long cursorCount;
            try (ServiceProcess serve = ServiceProcess.start(env(source, port, sim), "serve")) {
                ServiceApi api = new ServiceApi(port);
                serve.awaitHttp200(api.base() + "/health", Duration.ofSeconds(90));
                token = api.createReader(ADMIN, "reader");
                api.createReader(ADMIN, "other");
                UUID followed = sim.world().mangaIds().get(SERIES - 1);
                api.send("PUT", "/api/me/library/" + followed, token, "");
                for (int i = 1; i <= 3; i++) {
                    api.send("POST", "/notify/new-chapter", ADMIN, "{\"manga_id\":\"" + followed + "\",\"title\":\"T\","
                            + "\"chapter\":\"" + i + "\"}");
                }
                List<JsonNode> log = await().atMost(Duration.ofSeconds(30)).until(() -> notifications(api, token),
                        l -> l.size() == 3);
                // three delivered over SSE, the first also read, a fourth not delivered: a catch-up position after
                // the third
                readOverSse(port, token, 3);
                // the server learns that a client closed its stream only from a write that fails (a heartbeat, at the
                // latest): until then a fourth event could still be written to it and count as delivered
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> openStreams(port) == 0);
                api.send("POST", "/api/me/notifications/" + log.getFirst().path("id").asLong() + "/read", token, "");
                Path pgdata = source.resolve("pgdata");
                await().atMost(Duration.ofSeconds(10)).until(() -> Long.parseLong(queryOne(pgdata,
                        "select count(*) from notifications where delivered_at is not null")) == 3);
                api.send("POST", "/notify/new-chapter", ADMIN, "{\"manga_id\":\"" + followed + "\",\"title\":\"T\","
                        + "\"chapter\":\"4\"}");
                await().atMost(Duration.ofSeconds(30)).until(() -> notifications(api, token).size() == 4);
                readerState = readerState(pgdata);

                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> Long.parseLong(queryOne(pgdata, "select count(*) from manga")) >= 1_000);
                ServiceProcess.Result backup = ServiceProcess.run(Duration.ofSeconds(60), env(source, port, sim),
                        "db", "backup", file.toString());
                assertThat(backup.exitCode()).as(backup.output()).isZero();
                assertThat(backup.output()).contains("backup of schema 31.1");
                assertThat(Files.getPosixFilePermissions(file).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
                assertThat(serve.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
            }
            // the import keeps only adding series (the world is quiet): the source's rows at the end hold those of
            // the backup instant unchanged
            try (ServiceProcess stopped = ServiceProcess.start(env(source, port, sim), "serve", "--role", "api")) {
                stopped.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));
                sourceCatalogue = query(source.resolve("pgdata"), CATALOGUE);
                assertThat(stopped.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
            }

            ServiceProcess.Result restore = ServiceProcess.run(Duration.ofSeconds(90), env(copy, port, sim),
                    "db", "restore", file.toString());
            assertThat(restore.exitCode()).as(restore.output()).isZero();
            ServiceProcess.Result again = ServiceProcess.run(Duration.ofSeconds(90), env(copy, port, sim),
                    "db", "restore", file.toString());
            assertThat(again.exitCode()).as("never over data").isNotZero();
            assertThat(again.output()).contains("not empty");

            // an api-only process runs no workflow: the restored catalogue as the restore left it
            try (ServiceProcess api = ServiceProcess.start(env(copy, port, sim), "serve", "--role", "api")) {
                Path pgdata = copy.resolve("pgdata");
                api.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));
                List<String> restored = query(pgdata, CATALOGUE);
                cursorCount = Long.parseLong(queryOne(pgdata,
                        "select metadata->>'imported' from sync_state where workflow = 'initial_sync'"));
                System.out.printf("backup/restore: %d series restored, the import's cursor says %d, the source "
                        + "ended with %d%n", restored.size(), cursorCount, sourceCatalogue.size());
                assertThat(restored).hasSizeGreaterThanOrEqualTo(1_000).hasSizeLessThan(SERIES);
                assertThat(queryOne(pgdata, "select status from sync_state where workflow = 'initial_sync'"))
                        .as("the backup's snapshot was taken during the import").isEqualTo("running");

                assertThat(queryOne(pgdata, "select count(*) from manga where tracked_since is null"))
                        .isEqualTo(Long.toString(restored.size() - 1));
                // the import stores a page and moves its count in one transaction; the followed series came by its
                // baseline and is counted too once the import has passed it
                assertThat(cursorCount).as("the cursor's count").isBetween((long) restored.size() - 1,
                        (long) restored.size());
                assertThat(sourceCatalogue).containsAll(restored);
                assertThat(readerState(pgdata)).isEqualTo(readerState);
                assertThat(api.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
            }

            sim.resetStats();
            try (ServiceProcess serve = ServiceProcess.start(env(copy, port, sim), "serve")) {
                Path pgdata = copy.resolve("pgdata");
                serve.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> queryOne(pgdata,
                        "select status from sync_state where workflow = 'initial_sync'").equals("completed"));
                assertThat(Long.parseLong(queryOne(pgdata, "select count(*) from manga"))).isEqualTo(SERIES);
                long listRequests = sim.stats().count("GET /manga 200");
                System.out.printf("backup/restore: the resumed import sent %d list requests (from scratch: %d)%n",
                        listRequests, SERIES / 100);
                // the pages after the cursor, its edge page read again, and at most one new-manga poll
                long remainingPages = (SERIES - cursorCount + 99) / 100;
                assertThat(listRequests).as("resumed from the restored cursor, not started over")
                        .isBetween(remainingPages, remainingPages + 2).isLessThan(SERIES / 100);
                assertThat(readerState(pgdata)).isEqualTo(readerState);
                ServiceApi api = new ServiceApi(port);
                assertThat(notifications(api, token)).hasSize(4);
                assertThat(serve.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
            }
        }
    }

    private static Map<String, String> env(Path dataDir, int port, Simulator sim) {
        Map<String, String> env = new HashMap<>();
        env.put("MANGAHUB_DATA_DIR", dataDir.toString());
        env.put("MANGAHUB_HTTP_PORT", Integer.toString(port));
        env.put("MANGAHUB_COAP_PORT", "0");
        env.put("MANGAHUB_ADMIN_TOKEN", ADMIN);
        env.put("MANGAHUB_MANGADEX_URL", sim.baseUri().toString());
        env.put("MANGA_SYNC_INITIAL_COUNT", Integer.toString(SERIES));
        return env;
    }

    /** Readers, libraries, notification logs with their marks, and each reader's catch-up position, as text rows. */
    private static Map<String, List<String>> readerState(Path pgdata) throws Exception {
        Map<String, List<String>> state = new java.util.LinkedHashMap<>();
        state.put("users", query(pgdata, "select id || ' ' || name || ' ' || encode(token_hash, 'hex') from users order by id"));
        state.put("library", query(pgdata, "select user_id || ' ' || manga_id from user_library order by 1"));
        state.put("notifications", query(pgdata, "select id || ' ' || user_id || ' ' || dedup_key || ' ' "
                + "|| (delivered_at is not null) || ' ' || (read_at is not null) from notifications order by id"));
        state.put("catch-up", query(pgdata, "select u.id || ' ' || coalesce((select min(n.id) - 1 from notifications n "
                + "where n.user_id = u.id and n.delivered_at is null), -1) from users u order by u.id"));
        return state;
    }

    private static List<JsonNode> notifications(ServiceApi api, String token) throws Exception {
        List<JsonNode> list = new ArrayList<>();
        api.send("GET", "/api/me/notifications?limit=100", token, null).get("notifications").forEach(list::add);
        return list;
    }

    /** The SSE streams the service holds open now, from its /metrics. */
    private static long openStreams(int port) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "^mangahub_limit_in_use\\{limit=\"sse_streams_per_reader\"[^}]*} (\\S+)$",
                java.util.regex.Pattern.MULTILINE).matcher(metrics);
        if (!m.find()) throw new AssertionError("no sse_streams_per_reader gauge in /metrics");
        return (long) Double.parseDouble(m.group(1));
    }

    /** Opens the reader's SSE stream from the start and closes it once {@code events} events have arrived. */
    private static void readOverSse(int port, String token, int events) throws Exception {
        HttpResponse<java.io.InputStream> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/me/notifications/stream?after=0"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> ids = new CopyOnWriteArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; ids.size() < events && (line = in.readLine()) != null; ) {
                if (line.startsWith("id:")) ids.add(line);
            }
        }
        assertThat(ids).hasSize(events);
    }

    private static String jdbcUrl(Path pgdata) throws Exception {
        List<String> lines = Files.readAllLines(pgdata.resolve("postmaster.pid"));
        return "jdbc:postgresql://127.0.0.1:" + lines.get(3).strip() + "/postgres?user=postgres";
    }

    private static String queryOne(Path pgdata, String sql) throws Exception {
        return query(pgdata, sql).getFirst();
    }

    private static List<String> query(Path pgdata, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl(pgdata)); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) rows.add(rs.getString(1));
        }
        return rows;
    }
}
