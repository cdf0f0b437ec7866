package com.mangahub.sync.web;

import static com.mangahub.sync.web.FloodClient.openStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceProcess;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 23, acceptance 4 (first half): with a 48 MB heap and every cap and admission off, one reader's flood of SSE
 * streams exhausts the heap; the process exits non-zero within seconds (the JVM's ExitOnOutOfMemoryError, which every
 * launch carries) instead of lingering half-alive, and a restart, as a supervisor would do it, delivers every
 * notification of events posted before and during the flood exactly once (the outbox and the log's dedup key).
 */
@ExtendWith(PostgresExtension.class)
class CrashOnlyIT {
    private static final String FLOODER = "crash-flooder-token-0123456789";
    private static final String CALM = "crash-calm-token-0123456789";
    /** Under the 20,000 open files this process may have; far more streams than 48 MB can hold. */
    private static final int MAX_STREAMS = 17_000;
    private static final int EVENTS = 20;

    @Test
    void aFloodThatExhaustsATinyHeapEndsTheProcessAndARestartDeliversEveryNotificationOnce(Database db) throws Exception {
        FloodClient.Scene scene = FloodClient.scene(db, FLOODER, CALM);
        long calm = scene.calm();
        UUID manga = scene.manga();
        Map<String, String> noLimits = Map.of("MANGAHUB_MAX_SSE_STREAMS_PER_READER", "0",
                "MANGAHUB_READER_REQUESTS_PER_SECOND", "0", "MANGAHUB_HEAP_RESERVE_PERCENT", "0",
                "MANGAHUB_MAX_PENDING_CONNECTIONS_PER_ADDRESS", "1000000");
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(23).withWorldSize(3, 10))) {
            int opened = 0;
            long exitedAfterMs;
            long sinceLastStreamMs;
            int exitCode;
            String lastLine;
            try (ServiceProcess tiny = OneReaderFloodIT.start(sim, List.of("-Xmx48m", "-XX:+UseSerialGC"), noLimits)) {
                int port = OneReaderFloodIT.port(tiny);
                for (int i = 1; i <= EVENTS / 2; i++) {
                    assertThat(OneReaderFloodIT.trigger(port, FloodClient.newChapter(manga, i)).status()).isEqualTo(202);
                }
                List<Socket> held = new ArrayList<>();
                long floodStarted = System.nanoTime();
                int posted = EVENTS / 2;
                long lastAdmitted = floodStarted;
                try {
                    while (opened < MAX_STREAMS && tiny.process().isAlive()) {
                        Socket s = new Socket("127.0.0.1", port);
                        held.add(s);
                        if (FloodClient.status(openStream(s, FLOODER)) == 200) {
                            opened++;
                            lastAdmitted = System.nanoTime();
                        }
                        // the other half of the events while the heap fills: some are being fanned out when it dies
                        if (opened % 200 == 0 && posted < EVENTS) {
                            OneReaderFloodIT.trigger(port, FloodClient.newChapter(manga, ++posted));
                        }
                    }
                } catch (IOException serviceGone) {
                    // the process died under the flood: what the test waits for
                } finally {
                    for (Socket s : held) s.close();
                }
                assertThat(tiny.process().waitFor(30, TimeUnit.SECONDS)).as("exited after the flood").isTrue();
                exitedAfterMs = (System.nanoTime() - floodStarted) / 1_000_000;
                sinceLastStreamMs = (System.nanoTime() - lastAdmitted) / 1_000_000;
                exitCode = tiny.process().exitValue();
                List<String> lines = tiny.output().lines().filter(l -> !l.isBlank()).toList();
                lastLine = lines.get(lines.size() - 1);
                for (int i = posted + 1; i <= EVENTS; i++) enqueueLater(db, manga, i);
            }
            System.out.printf("acceptance 4: -Xmx48m, no caps: %,d streams opened, then the process exited with code %d "
                    + "%,d ms after the flood began (%,d ms after the last stream was admitted); last line: %s%n", opened,
                    exitCode, exitedAfterMs, sinceLastStreamMs, lastLine);
            assertThat(exitCode).as("exit code").isNotZero();
            assertThat(lastLine).contains("OutOfMemoryError");
            assertThat(sinceLastStreamMs).as("ended within seconds of the heap filling, not lingering").isLessThan(30_000);

            expireLeases(db);
            try (ServiceProcess restarted = OneReaderFloodIT.start(sim, FloodClient.profile("default"), Map.of())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> count(db,
                        "select count(*) from outbox where status <> 'done'") == 0);
                long notifications = count(db, "select count(*) from notifications where user_id = " + calm);
                long distinct = count(db, "select count(distinct dedup_key) from notifications where user_id = " + calm);
                System.out.printf("acceptance 4: after the restart the second reader has %d notifications of %d events "
                        + "(%d distinct)%n", notifications, EVENTS, distinct);
                assertThat(notifications).isEqualTo(EVENTS);
                assertThat(distinct).isEqualTo(EVENTS);
                assertThat(restarted.terminate(Duration.ofSeconds(10)).exitCode()).isZero();
            }
        }
    }

    /** An event the crashed process never saw posted: written to the outbox as a trigger would. */
    private static void enqueueLater(Database db, UUID manga, int number) {
        long mangaId = db.inTransaction(h -> h.createQuery("select id from manga where mangadex_id = :id")
                .bind("id", manga).mapTo(Long.class).one());
        new com.mangahub.sync.store.OutboxStore(db).enqueue(com.mangahub.sync.store.OutboxWriter.Type.NEW_CHAPTER,
                mangaId, FloodClient.newChapter(manga, number).replace("}", ",\"language\":\"en\"}"), null,
                java.time.Instant.now());
    }

    /** Stands in for waiting out the lease the dead dispatcher held. */
    private static void expireLeases(Database db) {
        db.inTransaction(h -> h.execute("update outbox set lease_until = now() - interval '1 second' "
                + "where status = 'pending' and lease_until is not null"));
    }

    private static long count(Database db, String sql) {
        return db.inTransaction(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
