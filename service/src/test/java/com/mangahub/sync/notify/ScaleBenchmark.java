package com.mangahub.sync.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.App;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.NotificationStore;
import com.mangahub.sync.store.NotificationStore.FanOut;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
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
 * The design at 1,000,000 readers over a stored log of 15 million notifications and 1,000 broadcasts, the figures
 * docs/scaling.md is built on: how fast the stored log grows (bulk load, bytes per notification with its indexes),
 * what a NEW_MANGA broadcast costs to store (one row, whatever the readers) and whether the first page of random
 * readers' logs shows it, one chapter to 100,000 followers (the dispatcher's fan-out insert), the catch-up queries a
 * reconnecting client makes (its start cursor, then a page of 100) for random readers and for readers who were
 * delivered every broadcast, the outbox drained by the real dispatcher (1,000 chapters of 100 followers each), and a
 * broadcast owed to 10,000 channels. Sizes: {@code -Dmangahub.bench.readers}, {@code -Dmangahub.bench.stored}.
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class ScaleBenchmark {
    private static final int READERS = Integer.getInteger("mangahub.bench.readers", 1_000_000);
    private static final long STORED = Long.getLong("mangahub.bench.stored", 15_000_000L);
    private static final int POPULAR_FOLLOWERS = Math.min(100_000, READERS);
    private static final int STORED_BROADCASTS = 1_000;
    private static final int BROADCASTS = 5;
    private static final int FIRST_PAGES = 1_000;
    private static final int SMALL_SERIES = 1_000;
    private static final int FAN_OUT_ROUNDS = 3;
    private static final int CATCH_UPS = 2_000;
    private static final int DELIVERED_READERS = 100;
    private static final int CHANNELS = 10_000;
    private static final long LOAD_CHUNK = 1_000_000;
    private static final String PAYLOAD = "{\"manga_id\":\"" + UUID.randomUUID() + "\",\"title\":\"Frieren: Beyond "
            + "Journey's End\",\"chapter\":\"140\",\"old_chapter\":\"139\",\"language\":\"en\",\"chapter_id\":\""
            + UUID.randomUUID() + "\",\"external_url\":null}";

    @Test
    void aMillionReadersOverFifteenMillionStoredNotifications(Database db) {
        Series series = seedReadersAndSeries(db);

        // the stored log: every reader's rows spread over the whole id range, as fan-outs of many events leave them,
        // with the broadcasts of those days between them
        long loadStart = System.nanoTime();
        long chunks = (STORED + LOAD_CHUNK - 1) / LOAD_CHUNK;
        for (long from = 0, chunk = 0; from < STORED; from += LOAD_CHUNK, chunk++) {
            storeNotifications(db, from, Math.min(STORED, from + LOAD_CHUNK));
            storeBroadcasts(db, series, chunk * STORED_BROADCASTS / chunks, (chunk + 1) * STORED_BROADCASTS / chunks);
        }
        double loadSeconds = seconds(loadStart);
        db.inTransaction(h -> h.execute("analyze notifications; analyze broadcasts"));
        long bytes = PostgresExtension.count(db, "select sum(pg_total_relation_size(inhrelid)) from pg_inherits "
                + "where inhparent = 'notifications'::regclass");
        long heapBytes = PostgresExtension.count(db, "select sum(pg_relation_size(inhrelid)) from pg_inherits "
                + "where inhparent = 'notifications'::regclass");
        assertThat(PostgresExtension.count(db, "select count(*) from notifications")).isEqualTo(STORED);
        assertThat(PostgresExtension.count(db, "select count(*) from broadcasts")).isEqualTo(STORED_BROADCASTS);

        // a NEW_MANGA broadcast: one row, whatever the number of readers
        NotificationStore store = new NotificationStore(db);
        List<Double> broadcastMs = new ArrayList<>();
        long lastBroadcast = 0;
        for (int i = 0; i < BROADCASTS; i++) {
            long mangaId = series.fresh() + i;
            long logBefore = store.maxId();
            long start = System.nanoTime();
            int written = db.inTransaction(h -> store.fanOut(h, new FanOut(0, "NEW_MANGA", mangaId,
                    "{\"manga_id\":\"" + UUID.randomUUID() + "\",\"title\":\"New " + mangaId + "\"}",
                    "NEW_MANGA:bench:" + mangaId, false, null, null, Instant.now(), null, null)));
            broadcastMs.add(seconds(start) * 1000);
            assertThat(written).isEqualTo(1);
            assertThat(PostgresExtension.count(db, "select count(*) from notifications where id > " + logBefore))
                    .as("no row per reader").isZero();
            assertThat(PostgresExtension.count(db, "select count(*) from broadcasts where id > " + logBefore))
                    .as("one row").isEqualTo(1);
            lastBroadcast = store.maxId();
        }

        // the first page (newest 20) of random readers' logs shows it
        SplittableRandom random = new SplittableRandom(16);
        List<Double> firstPageMs = new ArrayList<>();
        int shown = 0;
        for (int i = 0; i < FIRST_PAGES; i++) {
            long user = 1 + random.nextInt(READERS);
            long start = System.nanoTime();
            List<NotificationRow> page = store.newest(user, 20);
            firstPageMs.add(seconds(start) * 1000);
            long newest = lastBroadcast;
            if (page.stream().anyMatch(r -> r.id() == newest && r.type().equals("NEW_MANGA"))) shown++;
        }
        assertThat(shown).isEqualTo(FIRST_PAGES);

        // one chapter followed by 100,000 readers, on top of the stored log
        List<Double> fanOuts = new ArrayList<>();
        for (int round = 0; round < FAN_OUT_ROUNDS; round++) {
            long outbox = PostgresExtension.count(db, "insert into outbox (type, manga_id, payload, status) values "
                    + "('NEW_CHAPTER', " + series.popular() + ", '{}', 'done') returning id");
            String key = "NEW_CHAPTER:bench:" + round;
            long start = System.nanoTime();
            int written = db.inTransaction(h -> store.fanOut(h, new FanOut(outbox, "NEW_CHAPTER", series.popular(),
                    PAYLOAD, key, true, "en", null, Instant.now(), null, null)));
            fanOuts.add(seconds(start));
            assertThat(written).isEqualTo(POPULAR_FOLLOWERS);
        }

        // the same-run ceiling: the same 100,000 rows inserted into a table without indexes, rules or lock
        db.inTransaction(h -> h.execute("create table fan_out_ceiling (like notifications)"));
        List<Double> ceilings = new ArrayList<>();
        for (int round = 0; round < FAN_OUT_ROUNDS; round++) {
            long start = System.nanoTime();
            db.inTransaction(h -> h.execute("insert into fan_out_ceiling (id, user_id, type, manga_id, payload, "
                    + "dedup_key, created_at) select nextval('notifications_id_seq'), l.user_id, 'NEW_CHAPTER', "
                    + "l.manga_id, cast(? as jsonb), 'ceiling', now() from user_library l where l.manga_id = ? "
                    + "order by l.user_id", PAYLOAD, series.popular()));
            ceilings.add(seconds(start));
        }
        db.inTransaction(h -> h.execute("drop table fan_out_ceiling"));

        // a client reconnecting without a cursor: where it starts, then its first page
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

        // the same for readers who were delivered every broadcast: their start cursor passes every receipt
        db.inTransaction(h -> h.execute("insert into broadcast_receipts (user_id, broadcast_id, delivered_at) "
                + "select u, b.id, now() from generate_series(1, ?) u, broadcasts b", DELIVERED_READERS));
        List<Double> deliveredCursorMs = new ArrayList<>();
        for (int user = 1; user <= DELIVERED_READERS; user++) {
            long start = System.nanoTime();
            store.undeliveredCursor(user);
            deliveredCursorMs.add(seconds(start) * 1000);
        }

        // the outbox drained by the real dispatcher: 1,000 chapters, each to its series' 100 followers
        OutboxStore outbox = new OutboxStore(db);
        ObjectMapper json = App.jsonMapper();
        for (int s = 1; s <= SMALL_SERIES; s++) {
            long mangaId = series.popular() + s;
            outbox.enqueue(OutboxWriter.Type.NEW_CHAPTER, mangaId, "{\"manga_id\":\"" + UUID.randomUUID()
                    + "\",\"title\":\"Series " + s + "\",\"chapter\":\"7\",\"language\":\"en\"}", "bench-drain-" + s,
                    Instant.now());
        }
        long before = store.maxId();
        OutboxDispatcher dispatcher = new OutboxDispatcher(db, outbox, store, new Config.Notify(10, Duration.ofHours(1)),
                Clock.systemUTC(), json, new NotifyMetrics(new SimpleMeterRegistry()), () -> { }, "bench",
                Duration.ofSeconds(60), Duration.ofSeconds(1));
        long drainStart = System.nanoTime();
        int events = 0;
        for (int claimed = dispatcher.runOnce(); claimed > 0; claimed = dispatcher.runOnce()) events += claimed;
        double drainSeconds = seconds(drainStart);
        long drained = PostgresExtension.count(db, "select count(*) from notifications where id > " + before);
        assertThat(events).isEqualTo(SMALL_SERIES);
        assertThat(drained).isEqualTo(100L * SMALL_SERIES);
        assertThat(PostgresExtension.count(db, "select count(*) from outbox where status <> 'done'")).isZero();

        // a broadcast to readers of whom 10,000 have a webhook: one row, and one delivery owed per channel
        db.inTransaction(h -> h.execute("insert into channels (user_id, kind, config, secret, host, created_at) "
                + "select id, 'webhook', '{\"url\": \"https://example.org/hook\"}', 'whsec_c2VjcmV0', 'example.org', "
                + "now() from users where id % ? = 0 limit ?", READERS / CHANNELS, CHANNELS));
        long channelManga = series.fresh() + BROADCASTS;
        long channelStart = System.nanoTime();
        db.inTransaction(h -> store.fanOut(h, new FanOut(0, "NEW_MANGA", channelManga, "{\"title\":\"Owed\"}",
                "NEW_MANGA:bench:channels", false, null, null, Instant.now(), null, null)));
        double channelMs = seconds(channelStart) * 1000;
        assertThat(PostgresExtension.count(db, "select count(*) from channel_deliveries where broadcast_id is not null"))
                .isEqualTo(CHANNELS);

        double fanOut = median(fanOuts);
        System.out.printf("scale, %,d readers, %,d stored notifications and %,d broadcasts:%n", READERS, STORED,
                STORED_BROADCASTS);
        System.out.printf("  stored log: loaded at %,.0f rows/s (%.0f s); %,.0f bytes per notification with its "
                        + "indexes (%,.0f in the table itself); %.2f GB in all, 16 partitions%n", STORED / loadSeconds,
                loadSeconds, (double) bytes / STORED, (double) heapBytes / STORED, bytes / 1e9);
        System.out.printf("  a NEW_MANGA broadcast: 1 row; stored in %.2f ms median, %.2f ms max of %d %s%n",
                median(broadcastMs), max(broadcastMs), BROADCASTS, fmt(broadcastMs));
        System.out.printf("  first page (newest 20) of %,d random readers: shows it %,d times; p50 %.2f ms p99 %.2f ms%n",
                FIRST_PAGES, shown, pct(firstPageMs, 50), pct(firstPageMs, 99));
        System.out.printf("  one chapter followed by %,d: %.2f s median of %d (%,.0f notification rows/s); "
                + "rounds %s%n", POPULAR_FOLLOWERS, fanOut, FAN_OUT_ROUNDS, POPULAR_FOLLOWERS / fanOut, fmt(fanOuts));
        System.out.printf("    ceiling, the same rows into a table without indexes: %.2f s median %s; ratio %.1f%n",
                median(ceilings), fmt(ceilings), fanOut / median(ceilings));
        System.out.printf("  catch-up of %,d random readers: start cursor p50 %.2f ms p95 %.2f ms p99 %.2f ms; "
                        + "page of 100 p50 %.2f ms p95 %.2f ms p99 %.2f ms (%.1f rows per page on average)%n",
                CATCH_UPS, pct(cursorMs, 50), pct(cursorMs, 95), pct(cursorMs, 99), pct(pageMs, 50), pct(pageMs, 95),
                pct(pageMs, 99), (double) pageRows / CATCH_UPS);
        System.out.printf("  start cursor of %d readers delivered all %,d broadcasts: p50 %.2f ms p99 %.2f ms%n",
                DELIVERED_READERS, STORED_BROADCASTS + BROADCASTS, pct(deliveredCursorMs, 50),
                pct(deliveredCursorMs, 99));
        System.out.printf("  outbox drain: %,d events (100 followers each) in %.2f s: %,.0f events/s, %,.0f rows/s%n",
                events, drainSeconds, events / drainSeconds, drained / drainSeconds);
        System.out.printf("  a broadcast owed to %,d channels: %.0f ms (the row and its %,d deliveries)%n", CHANNELS,
                channelMs, CHANNELS);
    }

    /** The seeded catalogue's ids: the series 100,000 readers follow (the small ones follow it) and fresh ones. */
    private record Series(long popular, long fresh) {}

    /**
     * Readers of English; one series every tenth reader follows, 1,000 series of 100 followers each (among the first
     * 100,000 readers), and series no one follows yet, for the broadcasts.
     */
    private static Series seedReadersAndSeries(Database db) {
        return db.inTransaction(h -> {
            h.execute("insert into users (name, token_hash, languages) select 'reader-' || g, "
                    + "sha256(convert_to('token-' || g, 'UTF8')), '{en}' from generate_series(1, ?) g", READERS);
            long popular = h.createQuery("insert into manga (mangadex_id, slug, title, tracked_since) "
                    + "values (gen_random_uuid(), 'popular', 'Popular', now()) returning id")
                    .mapTo(Long.class).one();
            h.execute("insert into manga (mangadex_id, slug, title, tracked_since) select gen_random_uuid(), "
                    + "'series-' || g, 'Series ' || g, now() from generate_series(1, ?) g",
                    SMALL_SERIES + STORED_BROADCASTS + BROADCASTS + 1);
            h.execute("insert into user_library (user_id, manga_id) select id, ? from users where id % ? = 0 limit ?",
                    popular, READERS / POPULAR_FOLLOWERS, POPULAR_FOLLOWERS);
            h.execute("insert into user_library (user_id, manga_id) select id, ? + 1 + (id % ?) from users "
                    + "where id <= ?", popular, SMALL_SERIES, 100 * SMALL_SERIES);
            h.execute("analyze users");
            h.execute("analyze user_library");
            return new Series(popular, popular + SMALL_SERIES + STORED_BROADCASTS + 1);
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

    /** Broadcasts [from, to) of the stored days, one per series of its own, as NEW_MANGA leaves them. */
    private static void storeBroadcasts(Database db, Series series, long from, long to) {
        db.inTransaction(h -> h.createUpdate("insert into broadcasts (type, manga_id, payload, dedup_key, created_at, "
                        + "original_language, demographic, tags) select 'NEW_MANGA', :first + g, "
                        + "jsonb_build_object('title', 'Stored ' || g), 'NEW_MANGA:stored:' || g, now(), 'ja', 'none', "
                        + "'{}' from generate_series(:from, :to - 1) g")
                .bind("first", series.popular() + SMALL_SERIES + 1).bind("from", from).bind("to", to).execute());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double max(List<Double> xs) {
        return Collections.max(xs);
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
