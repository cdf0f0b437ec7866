package com.mangahub.sync.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.PostgresExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance item 7: 10,000 readers, each with a webhook to one local receiver, follow one series that gets one
 * chapter; everything delivered, with the time and deliveries per second; then the same beside 500 more readers whose
 * webhooks go to a dead receiver (accepts connections, never answers) on another host, to show what it costs the
 * others. Run: {@code ./mvnw -B -o -Pbenchmark test -Dtest=ChannelFanOutBenchmark}.
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class ChannelFanOutBenchmark {
    private static final int READERS = 10_000;
    private static final int DEAD_READERS = 500;

    @Test
    void tenThousandWebhooksOfOneChapterAndWhatADeadReceiverCostsThem() throws Exception {
        Duration alone = run(0);
        Duration besideDead = run(DEAD_READERS);
        System.out.printf("ChannelFanOutBenchmark: %d webhooks of one chapter delivered in %.2f s (%.0f deliveries/s); "
                        + "beside %d webhooks to a dead receiver: %.2f s (%.0f/s), ratio %.2f%n", READERS,
                alone.toMillis() / 1000.0, READERS * 1000.0 / alone.toMillis(), DEAD_READERS, besideDead.toMillis() / 1000.0,
                READERS * 1000.0 / besideDead.toMillis(), (double) besideDead.toMillis() / alone.toMillis());
    }

    /** Time from the chapter's fan-out until all live receivers' deliveries are done. */
    private Duration run(int deadReaders) throws Exception {
        PostgresExtension.clean(PostgresExtension.database());
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ChannelRig rig = new ChannelRig(List.of("127.0.0.1", "127.0.0.2"), DeliveryPolicy.defaults(), Optional.empty());
             Receiver live = Receiver.accepting();
             ServerSocket dead = new ServerSocket(0, 500, InetAddress.getByName("127.0.0.2"))) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) held.add(dead.accept()); // accepted, never answered
                } catch (java.io.IOException closed) {
                    // the benchmark is over
                }
            });
            UUID series = UUID.randomUUID();
            long mangaId = rig.stack.insertManga(series, "Everyone");
            String deadUrl = "http://127.0.0.2:" + dead.getLocalPort() + "/hook";
            rig.stack.db.inTransaction(h -> {
                h.execute("insert into users (name, token_hash) select 'r' || g, sha256(convert_to('t' || g, 'UTF8')) "
                        + "from generate_series(1, " + (READERS + deadReaders) + ") g");
                h.execute("insert into user_library (user_id, manga_id) select id, " + mangaId + " from users");
                h.createUpdate("insert into channels (user_id, kind, config, secret, host, created_at) select id, 'webhook', "
                                + "jsonb_build_object('url', case when id <= " + READERS + " then cast(:live as text) "
                                + "else cast(:dead as text) end), :secret, case when id <= " + READERS
                                + " then '127.0.0.1' else '127.0.0.2' end, now() from users")
                        .bind("live", live.url("/hook"))
                        .bind("dead", deadUrl)
                        .bind("secret", WebhookSignature.newSecret())
                        .execute();
                return null;
            });
            long started = System.nanoTime();
            rig.newChapter(mangaId, series, "1");
            rig.worker.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> live.requests().size() >= READERS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            assertThat(live.requests()).hasSize(READERS);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    rig.stack.count("select count(*) from channel_deliveries where status = 'delivered'") == READERS);
            return elapsed;
        } finally {
            for (Socket s : held) s.close();
        }
    }
}
