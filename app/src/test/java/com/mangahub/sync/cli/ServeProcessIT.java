package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, acceptance 1 and 4: the packaged service on its embedded PostgreSQL, run as a real process. */
class ServeProcessIT {
    /** Tests send nothing off this machine: a closed loopback port stands in for an unreachable MangaDex. */
    static final String UNREACHABLE_MANGADEX = "http://127.0.0.1:9";

    @TempDir
    Path dataDir;

    @Test
    void servesHealthStopsCleanlyOnSigtermAndKeepsItsDataForTheNextStart() throws Exception {
        int port = ServiceProcess.freePort();
        Map<String, String> env = env(port);
        Path pgdata = dataDir.resolve("pgdata");
        try (ServiceProcess first = ServiceProcess.start(env, "serve")) {
            String health = first.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));
            assertThat(health).contains("\"status\":\"UP\"").contains("\"database\":{\"status\":\"UP\"");
            execute(pgdata, "insert into users (name, token_hash) values ('survivor', '\\x01')");

            ServiceProcess.Result stop = first.terminate(Duration.ofSeconds(30));
            assertThat(stop.exitCode()).as(stop.output()).isZero();
            assertThat(stop.took()).isLessThan(Duration.ofSeconds(10));
            // workflows cut short by the stop (MangaDex is unreachable here, so they are backing off) say so in one
            // line each; no stack trace from bookkeeping on an interrupted thread
            assertThat(stop.output()).doesNotContain("\tat ").doesNotContain("Exception");
        }
        assertThat(ServiceProcess.processesMentioning(pgdata.toString())).isEmpty();

        try (ServiceProcess second = ServiceProcess.start(env, "serve")) {
            second.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));
            assertThat(queryOne(pgdata, "select name from users")).isEqualTo("survivor");
            assertThat(second.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    @Test
    void dbStatusReadsTheRunningServicesDatabaseWithoutDisturbingIt() throws Exception {
        int port = ServiceProcess.freePort();
        try (ServiceProcess service = ServiceProcess.start(env(port), "serve")) {
            service.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));
            ServiceProcess.Result status = ServiceProcess.run(Duration.ofSeconds(60), env(port), "db", "status");
            assertThat(status.exitCode()).as(status.output()).isZero();
            assertThat(status.output()).contains("embedded PostgreSQL of the running service")
                    .contains("schema version: 31.1").contains("pending migrations: none").contains("workflow chapter_check");
            assertThat(service.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(10)))
                    .contains("\"database\":{\"status\":\"UP\"");
            assertThat(service.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    /**
     * SIGTERM while the workflows are starting their first runs (state rows being written, MangaDex being tried),
     * at a different moment each time: every stop is exit 0 without a stack trace. This once caught a shutdown
     * interrupt closing a JDBC connection mid-statement.
     */
    @Test
    void aStopAtAnyMomentOfTheFirstRunsIsClean() throws Exception {
        int port = ServiceProcess.freePort();
        for (int attempt = 0; attempt < 5; attempt++) {
            try (ServiceProcess service = ServiceProcess.start(env(port), "serve")) {
                service.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));
                Thread.sleep(attempt * 70L);
                ServiceProcess.Result stop = service.terminate(Duration.ofSeconds(30));
                assertThat(stop.exitCode()).as(stop.output()).isZero();
                assertThat(stop.output()).as("stop %d", attempt).doesNotContain("\tat ").doesNotContain("Exception");
            }
        }
    }

    @Test
    void afterKillMinusNineTheNextStartStopsTheOrphanedPostgresAndServesTheSameData() throws Exception {
        int port = ServiceProcess.freePort();
        Path pgdata = dataDir.resolve("pgdata");
        long orphan;
        try (ServiceProcess killed = ServiceProcess.start(env(port), "serve")) {
            killed.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));
            execute(pgdata, "insert into users (name, token_hash) values ('before-kill', '\\x02')");
            orphan = Long.parseLong(Files.readAllLines(pgdata.resolve("postmaster.pid")).get(0).strip());
            killed.kill();
        }
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("kill -9 leaves postgres running").contains(true);

        try (ServiceProcess next = ServiceProcess.start(env(port), "serve")) {
            next.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(queryOne(pgdata, "select name from users")).isEqualTo("before-kill");
            assertThat(next.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
        }
        assertThat(ServiceProcess.processesMentioning(pgdata.toString())).isEmpty();
    }

    @Test
    void aSecondServeOnTheSameDataDirectoryExitsWithAClearMessageAndTheFirstKeepsWorking() throws Exception {
        int port = ServiceProcess.freePort();
        try (ServiceProcess first = ServiceProcess.start(env(port), "serve")) {
            first.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));

            ServiceProcess.Result second = ServiceProcess.run(Duration.ofSeconds(60), env(ServiceProcess.freePort()), "serve");
            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.output()).contains("is in use by another MangaHub process (pid " + first.pid() + ")")
                    .doesNotContain("Exception").doesNotContain("\tat ");

            String health = first.awaitHttp200("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(5));
            assertThat(health).contains("\"status\":\"UP\"");
            assertThat(first.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    private Map<String, String> env(int port) {
        return Map.of("MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT", Integer.toString(port),
                "MANGAHUB_COAP_PORT", "0", "MANGAHUB_MANGADEX_URL", UNREACHABLE_MANGADEX);
    }

    /** The embedded server's port is the 4th line of postmaster.pid. */
    private static String jdbcUrl(Path pgdata) throws Exception {
        List<String> lines = Files.readAllLines(pgdata.resolve("postmaster.pid"));
        return "jdbc:postgresql://127.0.0.1:" + lines.get(3).strip() + "/postgres?user=postgres";
    }

    private static void execute(Path pgdata, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl(pgdata))) {
            c.createStatement().execute(sql);
        }
    }

    private static String queryOne(Path pgdata, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl(pgdata)); ResultSet rs = c.createStatement().executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
