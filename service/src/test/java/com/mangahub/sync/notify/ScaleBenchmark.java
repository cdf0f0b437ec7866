package com.mangahub.sync.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.App;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.NotificationStore;
import com.mangahub.sync.store.NotificationStore.FanOut;
import com.mangahub.sync.store.OutboxStore;
import com.mangahub.sync.store.OutboxWriter;
import com.mangahub.sync.support.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The design at 100,000 readers with 10 million stored notifications, the figures docs/scaling.md is
 * built on: how fast the stored log grows (bulk load, bytes per notification with its indexes), notification rows
 * written per second for one chapter followed by all readers (the dispatcher's fan-out insert), the catch-up queries
 * a reconnecting client makes (its start cursor, then a page of 100), and the outbox drained by the real
 * dispatcher (1,000 chapters of 1,000 series with 100 followers each). Sizes: {@code -Dmangahub.bench.readers},
 * {@code -Dmangahub.bench.stored}.
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class ScaleBenchmark {
    private static final int READERS = Integer.getInteger("mangahub.bench.readers", 100_000);
    private static final long STORED = Long.getLong("mangahub.bench.stored", 10_000_000L);
    private static final int SMALL_SERIES = 1_000;
    private static final int FAN_OUT_ROUNDS = 3;
    private static final int CATCH_UPS = 2_000;
    private static final long LOAD_CHUNK = 1_000_000;
    private static final String PAYLOAD = "{\"manga_id\":\"" + UUID.randomUUID() + "\",\"title\":\"Frieren: Beyond "
            + "Journey's End\",\"chapter\":\"140\",\"old_chapter\":\"139\",\"language\":\"en\",\"chapter_id\":\""
            + UUID.randomUUID() + "\",\"external_url\":null}";

    @Test
    void aHundredThousandReadersOverTenMillionStoredNotifications(Database db) {
        long allFollow = seedReadersAndSeries(db);

        // the stored log: every reader's rows spread over the whole id range, as fan-outs of many events leave them
        long loadStart = System.nanoTime();
        for (long from = 0; from < STORED; from += LOAD_CHUNK) storeNotifications(db, from, Math.min(STORED, from + LOAD_CHUNK));
        double loadSeconds = seconds(loadStart);
        db.inTransaction(h -> h.execute("analyze notifications"));
        long bytes = PostgresExtension.count(db, "select pg_total_relation_size('notifications')");
        long heapBytes = PostgresExtension.count(db, "select pg_relation_size('notifications')");
        assertThat(PostgresExtension.count(db, "select count(*) from notifications")).isEqualTo(STORED);

        // one chapter followed by every reader, on top of the stored log
        NotificationStore store = new NotificationStore(db);
        List<Double> fanOuts = new ArrayList<>();
        for (int round = 0; round < FAN_OUT_ROUNDS; round++) {
            long outbox = PostgresExtension.count(db, "insert into outbox (type, manga_id, payload, status) values "
                    + "('NEW_CHAPTER', " + allFollow + ", '{}', 'done') returning id");
            String key = "NEW_CHAPTER:bench:" + round;
            long start = System.nanoTime();
            int written = db.inTransaction(h -> store.fanOut(h, new FanOut(outbox, "NEW_CHAPTER", allFollow, PAYLOAD,
                    key, true, "en", null, Instant.now(), null, null)));
            fanOuts.add(seconds(start));
            assertThat(written).isEqualTo(READERS);
        }

        // a client reconnecting without a cursor: where it starts, then its first page
        SplittableRandom random = new SplittableRandom(16);
        List<Double> cursorMs = new ArrayList<>();
        List<Double> pageMs = new ArrayList<>();
        long pageRows = 0;
        for (int i = 0; i < CATCH_UPS; i++) {
            long user = 1 + random.nextInt(READERS);
            long start = System.nanoTime();
            long cursor = store.undeliveredCursor(user);
            cursorMs.add(seconds(start) * 1000);
            start = System.nanoTime();
            pageRows += store.after(user, cursor, 100).size();
            pageMs.add(seconds(start) * 1000);
        }
        assertThat(pageRows).isPositive();

        // the outbox drained by the real dispatcher: 1,000 chapters, each to its series' 100 followers
        OutboxStore outbox = new OutboxStore(db);
        ObjectMapper json = App.jsonMapper();
        for (int s = 1; s <= SMALL_SERIES; s++) {
            long mangaId = allFollow + s;
            outbox.enqueue(OutboxWriter.Type.NEW_CHAPTER, mangaId, "{\"manga_id\":\"" + UUID.randomUUID()
                    + "\",\"title\":\"Series " + s + "\",\"chapter\":\"7\",\"language\":\"en\"}", "bench-drain-" + s,
                    Instant.now());
        }
        long before = PostgresExtension.count(db, "select count(*) from notifications");
        OutboxDispatcher dispatcher = new OutboxDispatcher(db, outbox, store, new Config.Notify(10, Duration.ofHours(1)),
                Clock.systemUTC(), json, new NotifyMetrics(new SimpleMeterRegistry()), () -> { }, "bench",
                Duration.ofSeconds(60), Duration.ofSeconds(1));
        long drainStart = System.nanoTime();
        int events = 0;
        for (int claimed = dispatcher.runOnce(); claimed > 0; claimed = dispatcher.runOnce()) events += claimed;
        double drainSeconds = seconds(drainStart);
        long drained = PostgresExtension.count(db, "select count(*) from notifications") - before;
        assertThat(events).isEqualTo(SMALL_SERIES);
        assertThat(drained).isEqualTo((long) READERS);
        assertThat(PostgresExtension.count(db, "select count(*) from outbox where status <> 'done'")).isZero();

        double fanOut = median(fanOuts);
        System.out.printf("scale, %,d readers, %,d stored notifications:%n", READERS, STORED);
        System.out.printf("  stored log: loaded at %,.0f rows/s (%.0f s); %,.0f bytes per notification with its "
                        + "indexes (%,.0f in the table itself); %.2f GB in all%n", STORED / loadSeconds, loadSeconds,
                (double) bytes / STORED, (double) heapBytes / STORED, bytes / 1e9);
        System.out.printf("  one chapter followed by all %,d: %.2f s median of %d (%,.0f notification rows/s); "
                + "rounds %s%n", READERS, fanOut, FAN_OUT_ROUNDS, READERS / fanOut, fmt(fanOuts));
        System.out.printf("  catch-up of %,d random readers: start cursor p50 %.2f ms p95 %.2f ms p99 %.2f ms; "
                        + "page of 100 p50 %.2f ms p95 %.2f ms p99 %.2f ms (%.1f rows per page on average)%n",
                CATCH_UPS, pct(cursorMs, 50), pct(cursorMs, 95), pct(cursorMs, 99), pct(pageMs, 50), pct(pageMs, 95),
                pct(pageMs, 99), (double) pageRows / CATCH_UPS);
        System.out.printf("  outbox drain: %,d events (%,d followers each) in %.2f s: %,.0f events/s, %,.0f rows/s%n",
                events, READERS / SMALL_SERIES, drainSeconds, events / drainSeconds, drained / drainSeconds);
    }

    /** Readers of English; one series all of them follow, and 1,000 series of 100 followers each. */
    private static long seedReadersAndSeries(Database db) {
        return db.inTransaction(h -> {
            h.execute("insert into users (name, token_hash, languages) select 'reader-' || g, "
                    + "sha256(convert_to('token-' || g, 'UTF8')), '{en}' from generate_series(1, ?) g", READERS);
            long all = h.createQuery("insert into manga (mangadex_id, slug, title, tracked_since) "
                    + "values (gen_random_uuid(), 'everyone-follows', 'Everyone', now()) returning id")
                    .mapTo(Long.class).one();
            h.execute("insert into manga (mangadex_id, slug, title, tracked_since) select gen_random_uuid(), "
                    + "'series-' || g, 'Series ' || g, now() from generate_series(1, ?) g", SMALL_SERIES);
            h.execute("insert into user_library (user_id, manga_id) select id, ? from users", all);
            h.execute("insert into user_library (user_id, manga_id) select id, ? + 1 + (id % ?) from users",
                    all, SMALL_SERIES);
            h.execute("analyze users");
            h.execute("analyze user_library");
            return all;
        });
    }

    /** Rows [from, to): reader g % READERS, 90 % delivered, half read, a day apart per 100,000 rows. */
    private static void storeNotifications(Database db, long from, long to) {
        db.inTransaction(h -> h.createUpdate("insert into notifications (user_id, type, manga_id, payload, dedup_key, "
                        + "created_at, delivered_at, read_at) select 1 + g % :readers, 'NEW_CHAPTER', 1, "
                        + "cast(:payload as jsonb), 'stored:' || g, ts, case when g % 10 <> 0 then ts end, "
                        + "case when g % 2 = 0 and g % 10 <> 0 then ts end from (select g, now() - make_interval("
                        + "days => ((:total - g) / 100000)::int) as ts from generate_series(:from, :to - 1) g) s")
                .bind("readers", READERS).bind("payload", PAYLOAD).bind("total", STORED).bind("from", from)
                .bind("to", to).execute());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double median(List<Double> xs) {
        return pct(xs, 50);
    }

    private static double pct(List<Double> xs, int p) {
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String fmt(List<Double> xs) {
        return xs.stream().map(x -> String.format("%.2f", x)).toList().toString();
    }
}
