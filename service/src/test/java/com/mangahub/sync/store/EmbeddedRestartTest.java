package com.mangahub.sync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real embedded PostgreSQL of its own (not the tests' shared one), its postmaster killed with SIGKILL: the pool
 * fails fast and marks the database down, one supervisor round starts it again on the same data directory and port,
 * and what was committed before is still there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedRestartTest {
    /** One server for the class (starting one costs seconds): each test kills it, the last one shuts it down. */
    @TempDir
    static Path dataDir;

    private Database db;
    private DatabaseSupervisor supervisor;
    private boolean closed;

    @BeforeAll
    void open() {
        db = Database.open(new Config.Storage(dataDir, Optional.empty(), 4));
        supervisor = db.supervise(Clock.systemUTC());
    }

    @AfterAll
    void close() {
        if (!closed) db.close();
    }

    @Test
    @Order(1)
    void aKilledPostmasterIsNoticedFailsFastAndIsRestartedOnItsPortWithItsData() throws Exception {
        UUID kept = UUID.randomUUID();
        db.inTransaction(h -> h.execute("insert into manga (mangadex_id, slug, title) values (?, 'kept', 'Kept')", kept));
        int port = EmbeddedServer.runningPort(dataDir.resolve("pgdata")).orElseThrow();
        long before = postmasterPid();

        kill(before);

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> db.inTransaction(h -> h.execute("select 1")))
                .isInstanceOf(DatabaseUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the first failure").isLessThan(Duration.ofSeconds(1));
        assertThat(supervisor.availability().up()).as("marked down by the failed request").isFalse();
        t0 = System.nanoTime();
        assertThatThrownBy(() -> db.inTransaction(h -> h.execute("select 1")))
                .isInstanceOf(DatabaseUnavailableException.class);
        // from the flag, not a wait for a connection (the pool waits in 250 ms slices): a bound below one slice that
        // a scheduling hiccup on a loaded machine does not cross
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("later failures").isLessThan(Duration.ofMillis(200));
        assertThat(db.ping()).isFalse();

        supervisor.runOnce();

        assertThat(supervisor.availability().up()).isTrue();
        assertThat(supervisor.restarts()).isEqualTo(1);
        assertThat(supervisor.availability().state().outages()).isEqualTo(1);
        assertThat(postmasterPid()).isNotEqualTo(before);
        assertThat(EmbeddedServer.runningPort(dataDir.resolve("pgdata"))).contains(port);
        long stillThere = db.inTransaction(h -> h.createQuery("select count(*) from manga where mangadex_id = :id")
                .bind("id", kept).mapTo(Long.class).one());
        assertThat(stillThere).as("committed before the kill").isEqualTo(1);
        assertThat(db.ping()).isTrue();
    }

    @Test
    @Order(2)
    void aPostmasterPidNamingAnotherLiveProcessDoesNotStopTheRestart() throws Exception {
        long before = postmasterPid();
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            kill(before);
            // what PostgreSQL would read as "another postmaster is running" (a recycled pid)
            Path pidFile = dataDir.resolve("pgdata").resolve("postmaster.pid");
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(pidFile));
            lines.set(0, Long.toString(stranger.pid()));
            Files.write(pidFile, lines);

            supervisor.runOnce();

            assertThat(supervisor.availability().up()).isTrue();
            assertThat(stranger.isAlive()).as("an unrelated process is never touched").isTrue();
            int answer = db.inTransaction(h -> h.createQuery("select 1").mapTo(Integer.class).one());
            assertThat(answer).isEqualTo(1);
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    @Order(3)
    void aShutdownThatFindsThePostmasterDeadStartsItOnceAndStopsItCleanly() throws Exception {
        // the binary it runs: zonky unpacks once per JVM, so it need not lie under this data directory
        Path postgres = Path.of(ProcessHandle.of(postmasterPid()).orElseThrow().info().command().orElseThrow());
        kill(postmasterPid());
        // no supervisor round in between: the stop comes before anything noticed the death

        db.close();
        closed = true;

        Path pidFile = dataDir.resolve("pgdata").resolve("postmaster.pid");
        assertThat(pidFile).as("a clean stop removes it").doesNotExist();
        assertThat(new ClusterProcesses(postgres, dataDir.resolve("pgdata")).leftovers()).as("no process of the cluster left").isEmpty();
        String log = Files.readString(dataDir.resolve("pgdata").resolve("postmaster.opts"));
        assertThat(log).as("the last start used the supervisor's settings").contains("synchronous_commit=on");
    }

    /** SIGKILL, as {@code kill -9} sends it, then until the process is gone (a zombie counts as gone). */
    private static void kill(long pid) {
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
        p.destroyForcibly();
        await().atMost(Duration.ofSeconds(5)).until(() -> !ClusterProcesses.running(p));
    }

    private long postmasterPid() throws Exception {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("pgdata").resolve("postmaster.pid")).get(0).strip());
    }
}
