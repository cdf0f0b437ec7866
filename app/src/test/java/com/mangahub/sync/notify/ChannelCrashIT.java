package com.mangahub.sync.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.OutboxStore;
import com.mangahub.sync.store.OutboxWriter;
import com.mangahub.sync.support.PostgresExtension;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 5 against the packaged service: 50 readers, each with a webhook to one receiver that fails 30% of
 * requests (a 500, or the connection closed without an answer), get 100 chapters = 5,000 notifications, while the
 * service is killed with SIGKILL ten times mid-delivery (the 10,000 of the issue without kills, to keep this run
 * short on a shared machine, is {@code FlakyReceiverBenchmark}). In the end every notification reached the receiver, each
 * under exactly one webhook-id. The leases and backoff waits a killed process leaves are expired by SQL instead of
 * waited for (the 60 s lease, and backoff up to 30 min for an unlucky delivery).
 */
@ExtendWith(PostgresExtension.class)
class ChannelCrashIT {
    /** 100 readers × 100 events: the 10,000 notifications ({@code -Dmangahub.crash.readers=N} for others). */
    private static final int READERS = Integer.getInteger("mangahub.crash.readers", 100);
    private static final int EVENTS_PER_ROUND = 10;
    private static final int KILLS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path dataDir;

    private volatile List<String> output = List.of();
    private final Map<String, Set<String>> idsByNotification = new ConcurrentHashMap<>();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failed = new AtomicInteger();

    @Test
    void tenKillsDuringDeliveryToAFlakyReceiverLoseNothingAndNeverChangeAWebhookId(Database db) throws Exception {
        HttpServer receiver = flakyReceiver();
        try {
            long mangaId = seed(db, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            Random random = new Random(11);
            int events = 0;
            int killedMidDelivery = 0;
            for (int round = 1; round <= KILLS; round++) {
                events += enqueue(db, mangaId, events, EVENTS_PER_ROUND);
                expireLeases(db);
                expireBackoff(db);
                long before = count(db, "select count(*) from channel_deliveries where status = 'delivered'");
                Process service = launch(db);
                try {
                    await().atMost(Duration.ofSeconds(60)).failFast("the service exited", () -> !service.isAlive())
                            .until(() -> count(db, "select count(*) from channel_deliveries where status = 'delivered'") > before);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("no delivery; service log:\n" + String.join("\n", output), e);
                }
                Thread.sleep(random.nextInt(300));
                service.destroyForcibly().waitFor();
                if (count(db, "select count(*) from channel_deliveries where status = 'pending'") > 0) killedMidDelivery++;
            }
            long total = (long) events * READERS;
            expireLeases(db);
            Process survivor = launch(db);
            try {
                // time for what the kills left: a few hundred deliveries a second at the least
                await().atMost(Duration.ofSeconds(60 + total / 50)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    expireBackoff(db);
                    return count(db, "select count(*) from channel_deliveries where status = 'delivered'") == total;
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("not all delivered: " + states(db) + "; service log:\n"
                        + String.join("\n", output), e);
            } finally {
                survivor.destroy();
                survivor.waitFor();
            }
            System.out.printf("channel crash test: %d kills (%d mid-delivery), %d notifications, %d accepted, %d failed "
                    + "requests%n", KILLS, killedMidDelivery, count(db, "select count(*) from notifications"), accepted.size(),
                    failed.get());
            assertThat(killedMidDelivery).as("kills that interrupted delivery").isGreaterThan(KILLS / 2);
            assertThat(count(db, "select count(*) from notifications")).isEqualTo(total);
            assertThat(count(db, "select count(*) from channel_deliveries")).isEqualTo(total);
            assertThat(accepted).as("every notification accepted by the receiver").hasSize((int) total);
            assertThat(idsByNotification).hasSize((int) total);
            assertThat(idsByNotification.values()).as("one webhook-id per notification").allMatch(ids -> ids.size() == 1);
            assertThat(failed.get()).as("the receiver did fail").isGreaterThan((int) total / 5);
        } finally {
            receiver.stop(0);
        }
    }

    /** Fails 30%: half with a 500, half by closing the connection without a status line. */
    private HttpServer flakyReceiver() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String notification = JSON.readTree(body).get("data").get("notification_id").asText();
            idsByNotification.computeIfAbsent(notification, k -> ConcurrentHashMap.newKeySet())
                    .add(ex.getRequestHeaders().getFirst("webhook-id"));
            int roll = ThreadLocalRandom.current().nextInt(100);
            if (roll < 15) {
                failed.incrementAndGet();
                ex.close();
                return;
            }
            if (roll < 30) {
                failed.incrementAndGet();
                ex.sendResponseHeaders(500, -1);
            } else {
                accepted.add(notification);
                ex.sendResponseHeaders(204, -1);
            }
            ex.close();
        });
        server.start();
        return server;
    }

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
        env.put("MANGAHUB_ALLOW_PRIVATE_TARGETS", "127.0.0.1");
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

    private static long seed(Database db, String url) {
        return db.inTransaction(h -> {
            long mangaId = h.createQuery("insert into manga (mangadex_id, slug, title) values (:id, 'crash', 'Crash') "
                    + "returning id").bind("id", UUID.randomUUID()).mapTo(Long.class).one();
            h.execute("insert into users (name, token_hash) select 'crash' || g, sha256(convert_to('t' || g, 'UTF8')) "
                    + "from generate_series(1, " + READERS + ") g");
            h.execute("insert into user_library (user_id, manga_id) select id, " + mangaId + " from users");
            h.createUpdate("insert into channels (user_id, kind, config, secret, host, created_at) select id, 'webhook', "
                            + "jsonb_build_object('url', cast(:url as text)), :secret, '127.0.0.1', now() from users")
                    .bind("url", url)
                    .bind("secret", SECRET)
                    .execute();
            return mangaId;
        });
    }

    private static int enqueue(Database db, long mangaId, int already, int n) {
        UUID manga = db.inTransaction(h -> h.createQuery("select mangadex_id from manga where id = :id")
                .bind("id", mangaId).mapTo(UUID.class).one());
        for (int i = already + 1; i <= already + n; i++) {
            String payload = "{\"manga_id\":\"" + manga + "\",\"title\":\"Crash\",\"chapter\":\"" + i
                    + "\",\"language\":\"en\",\"chapter_id\":\"" + UUID.randomUUID() + "\"}";
            new OutboxStore(db).enqueue(OutboxWriter.Type.NEW_CHAPTER, mangaId, payload, null, Instant.now());
        }
        return n;
    }

    /** Stands in for waiting out the leases a killed process held (only while no service runs). */
    private static void expireLeases(Database db) {
        db.inTransaction(h -> {
            h.execute("update outbox set lease_until = now() - interval '1 second' where status = 'pending' "
                    + "and lease_until is not null");
            return h.execute("update channel_deliveries set lease_until = now() - interval '1 second' "
                    + "where status = 'pending' and lease_until is not null");
        });
    }

    /** Stands in for waiting out the backoff of failed attempts (up to 30 minutes for an unlucky one). */
    private static void expireBackoff(Database db) {
        db.inTransaction(h -> h.execute("update channel_deliveries set available_at = now() where status = 'pending' "
                + "and available_at > now()"));
    }

    /** Where the deliveries stand, for a failure's message. */
    private static String states(Database db) {
        return db.inTransaction(h -> h.createQuery("select string_agg(s, ', ') from (select status || ' ' || count(*) "
                + "|| ' (leased ' || count(*) filter (where lease_until > now()) || ', later ' || count(*) filter "
                + "(where available_at > now()) || ')' as s from channel_deliveries group by status) x").mapTo(String.class)
                .one() + "; paused channels " + h.createQuery("select count(*) from channels where paused_reason is not null")
                .mapTo(Long.class).one() + "; notifications " + h.createQuery("select count(*) from notifications")
                .mapTo(Long.class).one());
    }

    private static long count(Database db, String sql) {
        return db.inTransaction(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
