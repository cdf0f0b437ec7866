package com.mangahub.sync.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 5: the packaged service is killed with SIGKILL in the middle of fanning out, ten times; in the end every
 * event reached every follower exactly once. Runs the real jar (system property {@code mangahub.jar}) against the
 * test PostgreSQL. The 30 s outbox lease of a killed process is expired by SQL instead of waited for.
 */
@ExtendWith(PostgresExtension.class)
class CrashDuringFanOutIT {
    private static final int FOLLOWERS = 2_000;
    private static final int EVENTS_PER_ROUND = 10;
    private static final int KILLS = 10;

    @TempDir
    Path dataDir;

    /** The running service's log, printed when it does not do what the test waits for. */
    private volatile List<String> output = List.of();

    @Test
    void tenKillsDuringFanOutLoseNoNotificationAndDuplicateNone(Database db) throws Exception {
        long mangaId = seed(db);
        Random random = new Random(7);
        int events = 0;
        int killedWithWorkPending = 0;
        for (int round = 1; round <= KILLS; round++) {
            events += enqueue(db, mangaId, events, EVENTS_PER_ROUND);
            expireLeases(db);
            long before = count(db, "select count(*) from notifications");
            Process service = launch(db);
            try {
                await().atMost(Duration.ofSeconds(60)).failFast("the service exited", () -> !service.isAlive())
                        .until(() -> count(db, "select count(*) from notifications") > before);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("no fan-out; service log:\n" + String.join("\n", output), e);
            }
            Thread.sleep(random.nextInt(250));
            service.destroyForcibly().waitFor();
            if (count(db, "select count(*) from outbox where status = 'pending'") > 0) killedWithWorkPending++;
        }
        expireLeases(db);
        Process survivor = launch(db);
        try {
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> count(db, "select count(*) from outbox where status <> 'done'") == 0);
        } finally {
            survivor.destroy();
            survivor.waitFor();
        }
        System.out.printf("crash test: %d kills (%d with events still pending), %d events, %d notifications%n",
                KILLS, killedWithWorkPending, events, count(db, "select count(*) from notifications"));
        assertThat(killedWithWorkPending).as("kills that interrupted a fan-out").isGreaterThan(KILLS / 2);
        assertThat(count(db, "select count(*) from notifications")).isEqualTo((long) events * FOLLOWERS);
        assertThat(count(db, "select count(*) from (select outbox_id from notifications group by outbox_id "
                + "having count(*) <> " + FOLLOWERS + ") wrong")).isZero();
        assertThat(count(db, "select count(*) from (select user_id, dedup_key from notifications "
                + "group by 1, 2 having count(*) > 1) twice")).isZero();
    }

    /** Starts the packaged service; its dispatcher starts working before it reports being up. */
    private Process launch(Database db) throws Exception {
        HikariDataSource pool = (HikariDataSource) db.dataSource();
        String jar = System.getProperty("mangahub.jar");
        assertThat(Path.of(jar)).as("packaged jar (run through mvn verify)").exists();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "serve").redirectErrorStream(true);
        var env = pb.environment();
        env.put("MANGAHUB_DATABASE_URL", pool.getJdbcUrl() + "?user=" + pool.getUsername());
        env.put("MANGAHUB_DATA_DIR", Files.createDirectories(dataDir).toString());
        env.put("MANGAHUB_HTTP_PORT", "0");
        env.put("MANGAHUB_COAP_PORT", "0");
        env.put("MANGAHUB_ADMIN_TOKEN", NotifyStack.ADMIN);
        env.put("MANGAHUB_IMPORT_ON_START", "false");
        env.put("MANGAHUB_MANGADEX_URL", "http://127.0.0.1:9");
        Process p = pb.start();
        output = new CopyOnWriteArrayList<>();
        List<String> output = this.output;
        Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = in.readLine()) != null; ) output.add(line);
            } catch (java.io.IOException e) {
                output.add("output closed: " + e.getMessage());
            }
        });
        return p;
    }

    private static long seed(Database db) {
        return db.inTransaction(h -> {
            long mangaId = h.createQuery("insert into manga (mangadex_id, slug, title) values (:id, 'crash', 'Crash') "
                    + "returning id").bind("id", UUID.randomUUID()).mapTo(Long.class).one();
            h.execute("insert into users (name, token_hash) select 'crash' || g, sha256(convert_to('t' || g, 'UTF8')) "
                    + "from generate_series(1, " + FOLLOWERS + ") g");
            h.execute("insert into user_library (user_id, manga_id) select id, " + mangaId + " from users");
            return mangaId;
        });
    }

    private static int enqueue(Database db, long mangaId, int already, int n) {
        UUID manga = db.inTransaction(h -> h.createQuery("select mangadex_id from manga where id = :id")
                .bind("id", mangaId).mapTo(UUID.class).one());
        for (int i = already + 1; i <= already + n; i++) {
            String payload = "{\"manga_id\":\"" + manga + "\",\"title\":\"Crash\",\"chapter\":\"" + i
                    + "\",\"old_chapter\":\"" + (i - 1) + "\",\"language\":\"en\"}";
            new com.mangahub.sync.store.OutboxStore(db).enqueue(
                    com.mangahub.sync.store.OutboxWriter.Type.NEW_CHAPTER, mangaId, payload, null, java.time.Instant.now());
        }
        return n;
    }

    /** Stands in for waiting out the lease a killed dispatcher held. */
    private static void expireLeases(Database db) {
        db.inTransaction(h -> h.execute(
                "update outbox set lease_until = now() - interval '1 second' where status = 'pending' and lease_until is not null"));
    }

    private static long count(Database db, String sql) {
        return db.inTransaction(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
